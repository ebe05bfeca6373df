import Foundation

/// Git history as added lines: `git log --all -p -U0` parsed as a stream, so every line of every blob reachable
/// from any ref is seen once, in the commit that added it, with its path and line number in that commit.
struct GitHistory {
    /// Added lines of one batch, all in one commit and path run, ready to scan.
    struct Line: Sendable {
        var commit: String
        var path: String
        var number: Int
        var text: [UInt8]
    }

    /// Parser state across chunks of `git log` output.
    struct Parser {
        var commit = ""
        var path: String?
        var newLine = 0
        var inHunk = false
        var pending: [UInt8] = []

        /// Feeds one line of `git log` output (without its newline); returns the added line it carries, if any.
        mutating func feed(_ line: ArraySlice<UInt8>) -> Line? {
            guard let first = line.first else {
                return nil
            }
            if first == 0x01 {
                commit = String(decoding: line.dropFirst(), as: UTF8.self)
                path = nil
                inHunk = false
                return nil
            }
            if inHunk {
                switch first {
                case UInt8(ascii: "+"):
                    defer { newLine += 1 }
                    guard let path else { return nil }
                    return Line(commit: commit, path: path, number: newLine, text: Array(line.dropFirst()))
                case UInt8(ascii: "-"), UInt8(ascii: "\\"):
                    return nil
                case UInt8(ascii: " "):
                    newLine += 1
                    return nil
                case UInt8(ascii: "@"):
                    hunk(line)
                    return nil
                default:
                    inHunk = false
                }
            }
            if line.starts(with: "diff --git ".utf8) {
                path = nil
                inHunk = false
            } else if line.starts(with: "+++ ".utf8) {
                var name = String(decoding: line.dropFirst(4), as: UTF8.self)
                if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 { name = String(name.dropFirst().dropLast()) }
                path = name == "/dev/null" ? nil : (name.hasPrefix("b/") ? String(name.dropFirst(2)) : name)
            } else if line.starts(with: "@@".utf8) {
                hunk(line)
            }
            return nil
        }

        /// `@@ -a,b +c,d @@`: the next added line is number `c`.
        mutating func hunk(_ line: ArraySlice<UInt8>) {
            inHunk = true
            guard let plus = line.firstIndex(of: UInt8(ascii: "+")) else { return }
            var value = 0
            var index = plus + 1
            while index < line.endIndex, line[index] >= 0x30, line[index] <= 0x39, value < 100_000_000 {
                value = value * 10 + Int(line[index] - 0x30)
                index += 1
            }
            newLine = value
        }
    }

    /// Scans the history of the repository at `repository`, `concurrency` batches at a time.
    static func scan(repository: String, concurrency: Int) async throws -> ScanResult {
        guard GitCommand.lines(["-C", repository, "rev-parse", "--git-dir"]) != nil else {
            throw ScanError("\(repository) is not a git repository (--git needs one).")
        }
        let (process, handle) = try GitCommand.start([
            "-C", repository, "log", "--all", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--format=format:%x01%H",
        ])
        var result = ScanResult()
        try await withThrowingTaskGroup(of: ScanResult.self) { group in
            var parser = Parser()
            var batch: [Line] = []
            var batchBytes = 0
            var running = 0
            var carry: [UInt8] = []
            func flush() async throws {
                guard !batch.isEmpty else { return }
                let lines = batch
                batch = []
                batchBytes = 0
                if running >= concurrency, let done = try await group.next() {
                    result.merge(done)
                    running -= 1
                }
                group.addTask { scan(lines) }
                running += 1
            }
            while true {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { break }
                carry.append(contentsOf: chunk)
                var start = 0
                while let newline = carry[start...].firstIndex(of: 0x0A) {
                    if let line = parser.feed(carry[start..<newline]) {
                        batchBytes += line.text.count
                        batch.append(line)
                    }
                    start = newline + 1
                }
                carry.removeFirst(start)
                if batchBytes >= 1 << 20 || batch.count >= 20_000 { try await flush() }
            }
            if !carry.isEmpty, let line = parser.feed(carry[...]) { batch.append(line) }
            try await flush()
            for try await done in group { result.merge(done) }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScanError("git log failed in \(repository).") }
        return result
    }

    /// The findings in a batch of added lines: consecutive lines of one commit and path are scanned as one text, so
    /// multi-line detectors (PEM blocks) see what follows.
    static func scan(_ lines: [Line]) -> ScanResult {
        var result = ScanResult()
        var index = 0
        while index < lines.count {
            let first = lines[index]
            var text = first.text
            var end = index + 1
            while end < lines.count, lines[end].commit == first.commit, lines[end].path == first.path,
                lines[end].number == lines[end - 1].number + 1
            {
                text.append(0x0A)
                text.append(contentsOf: lines[end].text)
                end += 1
            }
            result.bytesScanned += text.count + 1
            result.filesScanned += 1
            result.findings += LineScanner.scan(text, path: first.path, firstLine: first.number, commit: first.commit)
            index = end
        }
        return result
    }
}
