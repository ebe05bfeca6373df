import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
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
            characters and a SHA-256 prefix. With --report, Lanyard's own credentials found are sent to the server \
            for revocation (the token needs leak.report). Exit status: 0 clean, 1 findings, 2 usage error or a \
            report that failed. See docs/scan.md.
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
    @Flag(help: "Send Lanyard's own credentials found to the server for revocation (the rest are only reported here).") var report = false
    @Option(help: "Server for --report (default: $LANYARD_ADDR, else http://127.0.0.1:8080).") var addr: String?
    @Option(help: "Token for --report, allowed leak.report (default: $LANYARD_TOKEN).") var token: String?
    @Option(help: "Tenant for --report (default: $LANYARD_TENANT, else 'default').") var tenant: String?

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
        if report { try await Self.report(findings.filter(\.isLanyardCredential), addr: addr, token: token, tenant: tenant) }
        if !findings.isEmpty { throw ExitCode(1) }
    }

    /// Sends `findings` (Lanyard's own credentials) through the plain leak door, 100 at a time, and says on standard
    /// error what became of them; a report that fails exits 2 (the scan did not end clean).
    static func report(_ findings: [LeakFinding], addr: String?, token: String?, tenant: String?) async throws {
        let environment = ProcessInfo.processInfo.environment
        let client = LanyardClient(
            baseURL: addr ?? environment["LANYARD_ADDR"] ?? "http://127.0.0.1:8080", token: token ?? environment["LANYARD_TOKEN"])
        let tenant = tenant ?? environment["LANYARD_TENANT"] ?? "default"
        var outcomes: [String: Int] = [:]
        do {
            var start = 0
            while start < findings.count {
                let batch = findings[start..<min(start + ReportLeaksRequest.maxTokens, findings.count)].map { finding in
                    let location = (finding.commit.map { "\($0):" } ?? "") + "\(finding.path):\(finding.line)"
                    return ReportedLeak(
                        token: finding.secret, location: String(String.UnicodeScalarView(location.unicodeScalars.prefix(500))), source: "lanyard-scan")
                }
                for result in try await client.reportLeaks(Array(batch), tenant: tenant).results { outcomes[result.outcome, default: 0] += 1 }
                start += ReportLeaksRequest.maxTokens
            }
        } catch {
            FileHandle.standardError.write(Data("error: reporting to the server failed: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let summary = outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("Reported \(findings.count) Lanyard credential(s)\(summary.isEmpty ? "" : ": " + summary).\n".utf8))
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
