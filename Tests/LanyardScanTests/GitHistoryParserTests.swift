@testable import LanyardScan
import Testing

@Suite("git log -p parsing")
struct GitHistoryParserTests {
    static func added(_ log: String) -> [(String, String, Int, String)] {
        var parser = GitHistory.Parser()
        return log.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            parser.feed(Array(line.utf8)[...]).map { ($0.commit, $0.path, $0.number, String(decoding: $0.text, as: UTF8.self)) }
        }
    }

    @Test("added lines carry their commit, new path and line number; removed lines and headers do not count")
    func addedLines() {
        let log = """
            \u{1}c2
            diff --git a/app/settings.py b/app/settings.py
            index 1111111..2222222 100644
            --- a/app/settings.py
            +++ b/app/settings.py
            @@ -2 +1,0 @@
            -TOKEN = "old"
            @@ -10,0 +10,2 @@
            +A = 1
            ++++ not a header inside a hunk
            diff --git a/gone.txt b/gone.txt
            deleted file mode 100644
            --- a/gone.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye
            \u{1}c1
            diff --git a/new.env b/new.env
            new file mode 100644
            --- /dev/null
            +++ b/new.env
            @@ -0,0 +1 @@
            +KEY=value
            \\ No newline at end of file
            Binary files /dev/null and b/blob.bin differ
            """
        let lines = Self.added(log)
        #expect(lines.map(\.0) == ["c2", "c2", "c1"])
        #expect(lines.map(\.1) == ["app/settings.py", "app/settings.py", "new.env"])
        #expect(lines.map(\.2) == [10, 11, 1])
        #expect(lines.map(\.3) == ["A = 1", "+++ not a header inside a hunk", "KEY=value"])
    }
}
