import LanyardScan
import Testing

@Suite("Gitignore matching")
struct GitignoreTests {
    @Test("an unanchored pattern matches a name at any depth; an anchored one only from its directory")
    func anchoring() {
        let rules = Gitignore("*.log\n/build\ndocs/*.tmp\n")
        #expect(rules.isIgnored("app.log", isDirectory: false))
        #expect(rules.isIgnored("a/b/app.log", isDirectory: false))
        #expect(rules.isIgnored("build", isDirectory: true))
        #expect(!rules.isIgnored("src/build", isDirectory: true))
        #expect(rules.isIgnored("docs/x.tmp", isDirectory: false))
        #expect(!rules.isIgnored("src/docs/x.tmp", isDirectory: false))
    }

    @Test("negation re-includes, the last matching rule wins, and comments and blanks are skipped")
    func negation() {
        let rules = Gitignore("# comment\n\n*.env\n!example.env\n")
        #expect(rules.isIgnored("prod.env", isDirectory: false))
        #expect(!rules.isIgnored("example.env", isDirectory: false))
        #expect(!rules.isIgnored("# comment", isDirectory: false))
    }

    @Test("a trailing slash matches directories only")
    func directoryOnly() {
        let rules = Gitignore("cache/\n")
        #expect(rules.isIgnored("cache", isDirectory: true))
        #expect(rules.isIgnored("a/cache", isDirectory: true))
        #expect(!rules.isIgnored("cache", isDirectory: false))
    }

    @Test("** crosses directories; * and ? do not; [] sets work")
    func globs() {
        let rules = Gitignore("**/secrets/*.json\nlogs/**\nout/*/tmp\nfile?.[ch]\n")
        #expect(rules.isIgnored("secrets/a.json", isDirectory: false))
        #expect(rules.isIgnored("x/y/secrets/a.json", isDirectory: false))
        #expect(!rules.isIgnored("x/secrets/deep/a.json", isDirectory: false))
        #expect(rules.isIgnored("logs/a/b/c.txt", isDirectory: false))
        #expect(rules.isIgnored("out/x/tmp", isDirectory: true))
        #expect(!rules.isIgnored("out/x/y/tmp", isDirectory: true))
        #expect(rules.isIgnored("file1.c", isDirectory: false) && rules.isIgnored("fileA.h", isDirectory: false))
        #expect(!rules.isIgnored("file10.c", isDirectory: false) && !rules.isIgnored("file1.o", isDirectory: false))
    }

    @Test("a nested .gitignore applies below its own directory only")
    func nested() {
        var rules = Gitignore("*.tmp\n")
        rules.add("!keep.tmp\n/local\n", base: "sub")
        #expect(rules.isIgnored("a.tmp", isDirectory: false))
        #expect(!rules.isIgnored("sub/keep.tmp", isDirectory: false))
        #expect(rules.isIgnored("keep.tmp", isDirectory: false))
        #expect(rules.isIgnored("sub/local", isDirectory: true))
        #expect(!rules.isIgnored("local", isDirectory: true))
    }

    @Test("a pathological pattern from an untrusted tree ends quickly instead of backtracking for ever")
    func boundedBacktracking() {
        let rules = Gitignore(String(repeating: "*a", count: 40) + "b\n")
        #expect(!rules.isIgnored(String(repeating: "a", count: 200), isDirectory: false))
    }
}
