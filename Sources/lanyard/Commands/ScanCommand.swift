import ArgumentParser
import Foundation
import LanyardModel
import LanyardScan

/// `lanyard scan PATH…`: finds leaked secrets in files, notebooks, logs and git history, offline.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find leaked secrets (Lanyard's own and common providers') in files, notebooks, logs and git history. Offline.",
        discussion: """
            Scans files and directories (respecting .gitignore unless --no-gitignore), Jupyter notebooks cell by cell \
            (sources and outputs), and with --git every line ever committed to any ref of the repository. Binary files \
            and files over --max-file-size are skipped. A line carrying `lanyard:allow` is never reported; --baseline \
            accepts the findings a --write-baseline file lists. Secrets are never printed: each finding shows 4 \
            characters and a SHA-256 prefix. Exit status: 0 clean, 1 findings, 2 usage error. See docs/scan.md.
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json, sarif
    }

    @Argument(help: "Files or directories to scan (default: the current directory).") var paths: [String] = []
    @Flag(help: "Scan the git history of each path (a repository): every blob reachable from any ref.") var git = false
    @Flag(help: "Also scan what .gitignore ignores.") var noGitignore = false
    @Option(help: "Skip files larger than this many bytes (default 10485760).") var maxFileSize: Int = 10 * 1024 * 1024
    @Option(help: "human, json or sarif.") var output: Format = .human
    @Option(help: "Accept the findings listed in this baseline file.") var baseline: String?
    @Option(help: "Write every current finding to this baseline file (and exit 0).") var writeBaseline: String?
    @Option(help: "Files scanned at once (default: the number of cores).") var jobs: Int?

    func validate() throws {
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be a positive number of bytes.") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1 to 256.") }
    }

    func run() async throws {
        let scanner = SecretScanner(options: ScanOptions(respectGitignore: !noGitignore, maxFileSize: maxFileSize, concurrency: jobs))
        let result: ScanResult
        var findings: [LeakFinding]
        do {
            result = try await scanner.scan(paths: paths.isEmpty ? ["."] : paths, gitHistory: git)
            findings = result.findings
            if let writeBaseline {
                try Baseline(accepting: findings).encoded().write(to: URL(fileURLWithPath: writeBaseline))
                FileHandle.standardError.write(Data("Wrote \(findings.count) finding(s) to \(writeBaseline).\n".utf8))
                return
            }
            if let baseline { findings = try Baseline(contentsOf: baseline).filter(findings) }
        } catch let error as ScanError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        switch output {
        case .human: Self.printHuman(findings, result)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let report = JSONReport(findings: findings, filesScanned: result.filesScanned, bytesScanned: result.bytesScanned, filesSkipped: result.filesSkipped)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .sarif:
            print(String(decoding: try SARIFReport.encoded(findings, toolVersion: Lanyard.configuration.version), as: UTF8.self))
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }

    /// The `--output json` document.
    struct JSONReport: Encodable {
        var findings: [LeakFinding]
        var filesScanned: Int
        var bytesScanned: Int
        var filesSkipped: Int
    }

    static func printHuman(_ findings: [LeakFinding], _ result: ScanResult) {
        for finding in findings {
            var place = "\(finding.path):\(finding.line):\(finding.column)"
            if let cell = finding.cell { place += " (cell \(cell) \(finding.cellPart ?? "source"))" }
            if let commit = finding.commit { place += " (commit \(commit.prefix(12)))" }
            print("\(place)  \(finding.rule.id)/\(finding.kind)  \(finding.redacted)")
        }
        let summary = findings.isEmpty ? "No secrets found" : "\(findings.count) secret(s) found"
        FileHandle.standardError.write(
            Data("\(summary) in \(result.filesScanned) file(s), \(result.bytesScanned) bytes (\(result.filesSkipped) skipped).\n".utf8))
    }
}
