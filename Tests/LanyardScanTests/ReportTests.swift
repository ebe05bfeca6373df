import Foundation
import LanyardModel
import LanyardScan
import Testing

@Suite("Notebooks, SARIF and baselines")
struct ReportTests {
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "lanyard-scan-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a notebook is scanned by cell: a secret in a cell's output names the cell, the part and the line")
    func notebook() async throws {
        let directory = try Self.temporaryDirectory()
        let token = Self.token()
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "metadata": [:],
            "cells": [
                ["cell_type": "markdown", "source": ["# Setup\n"], "metadata": [:]],
                [
                    "cell_type": "code", "source": ["import os\n", "print(os.environ['T'])"], "metadata": [:], "execution_count": 1,
                    "outputs": [["output_type": "stream", "name": "stdout", "text": ["connecting\n", "\(token)\n"]]],
                ],
            ],
        ]
        try JSONSerialization.data(withJSONObject: notebook).write(to: URL(fileURLWithPath: directory + "/nb.ipynb"))
        let result = try await SecretScanner(options: ScanOptions(respectGitignore: false)).scan(paths: [directory])
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.cell == 1 && finding.cellPart == "output" && finding.line == 2 && finding.kind == "lanyard-admin-token")
    }

    @Test("binary files and files over the size cap are skipped")
    func skipping() async throws {
        let directory = try Self.temporaryDirectory()
        try Data([0x00, 0x01] + Array("key \(Self.token())".utf8)).write(to: URL(fileURLWithPath: directory + "/blob.bin"))
        try Data("t = \(Self.token())\n\(String(repeating: "x", count: 4096))".utf8).write(to: URL(fileURLWithPath: directory + "/big.txt"))
        let result = try await SecretScanner(options: ScanOptions(respectGitignore: false, maxFileSize: 1024)).scan(paths: [directory])
        #expect(result.findings.isEmpty && result.filesSkipped == 2)
    }

    @Test("outside a git work tree .gitignore is still respected, and --no-gitignore reads everything")
    func gitignoreWalk() async throws {
        let directory = try Self.temporaryDirectory()
        try Data("secrets/\n".utf8).write(to: URL(fileURLWithPath: directory + "/.gitignore"))
        try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try Data("t = \(Self.token())\n".utf8).write(to: URL(fileURLWithPath: directory + "/secrets/t.env"))
        #expect(try await SecretScanner().scan(paths: [directory]).findings.isEmpty)
        #expect(try await SecretScanner(options: ScanOptions(respectGitignore: false)).scan(paths: [directory]).findings.count == 1)
    }

    @Test("SARIF 2.1.0: rules in the driver, results with ruleId, level, location, fingerprint; no raw secret")
    func sarif() throws {
        let token = Self.token()
        var finding = try #require(LineScanner.scan("\n  t = \(token)", path: "src/a.env").first)
        finding.commit = "0123456789abcdef0123456789abcdef01234567"
        let data = try SARIFReport.encoded([finding], toolVersion: "0.1.0")
        #expect(!String(decoding: data, as: UTF8.self).contains(token))
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ScanRule.all.map(\.id))
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["ruleId"] as? String == "lanyard-secret" && result["level"] as? String == "error")
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "src/a.env")
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 2 && region["startColumn"] as? Int == 7)
        #expect((result["partialFingerprints"] as? [String: String])?["commitSha"] == finding.commit)
        #expect((result["properties"] as? [String: Any])?["commit"] as? String == finding.commit)
    }

    @Test("a baseline accepts exactly the findings it lists, wherever their line moves")
    func baseline() throws {
        let known = Self.token()
        let old = LineScanner.scan("a = \(known)\n", path: "f")
        let baseline = try JSONDecoder().decode(Baseline.self, from: try Baseline(accepting: old).encoded())
        let new = Self.token()
        let now = LineScanner.scan("# moved\na = \(known)\nb = \(new)\n", path: "f")
        #expect(baseline.filter(now).map(\.secret) == [new])
        #expect(!String(decoding: try Baseline(accepting: old).encoded(), as: UTF8.self).contains(known))
    }
}
