import CedarPolicyTool
import Foundation
import Testing

@Suite("Conformance corpus")
struct CorpusTests {
    static let root = SharedData.path("conformance/cedar")

    @Test("every handwritten test in the corpus tests/ directory passes")
    func handwritten() {
        let files = IntegrationTestRunner.collectTestFiles([CorpusTests.root + "/tests"])
        #expect(files.count == 22)
        let results = IntegrationTestRunner(root: CorpusTests.root).run(files: files)
        for r in results where !r.passed {
            Issue.record("\(r.path): \(r.failures.joined(separator: "; "))")
        }
        let failed = results.filter { !$0.passed }.count
        #expect(failed == 0)
    }

    static let bench = SharedData.path("bench/cedar/workload")

    @Test("the small benchmark workload passes with its policies given in the JSON policy format")
    func estWorkload() throws {
        guard let data = FileManager.default.contents(atPath: CorpusTests.bench + "/small/requests.json") else {
            Issue.record("cannot read requests.json")
            return
        }
        var text = String(decoding: data, as: UTF8.self)
        text = text.replacingOccurrences(
            of: "\"small/policies.cedar\"",
            with: "\"small/policies.json\", \"policyFormat\": \"json\"")
        let path = NSTemporaryDirectory() + "cedar-est-\(UUID().uuidString).json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = IntegrationTestRunner(root: CorpusTests.bench).runFile(path)
        #expect(result.passed, "\(result.failures.prefix(3))")
        #expect(result.requestCount == 10_000)
    }

    @Test("unknown fields in a test file are rejected like the reference harness does")
    func unknownFields() throws {
        let path = NSTemporaryDirectory() + "cedar-bad-\(UUID().uuidString).json"
        let text = #"{"policies": "p", "entities": "e", "schema": "s", "shouldValidate": true, "requests": [], "extra": 1}"#
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(!IntegrationTestRunner(root: "/").runFile(path).passed)
    }
}
