import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard posture report`: the controls present or missing, mapped to the frameworks, with headline numbers — as a
/// summary, JSON, a self-contained HTML page or SARIF; `--diff` against an earlier JSON report.
struct PostureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Posture report: identity, authorization, observability and recovery controls, pass or fail, mapped to OWASP NHI, NIST and CSA.",
        subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The posture report of the tenant, an owner or an identity.",
            discussion: """
                Without --format it prints a summary (or, with --output json, the JSON report). --format json|html|sarif writes \
                the document as the server renders it, to standard output or --out FILE. --diff FILE compares the current report \
                with an earlier JSON one and prints what changed (as JSON with --format json or --output json).
                """)
        @OptionGroup var client: ClientOptions
        @Option(help: "json, html (self-contained page) or sarif (SARIF 2.1.0).") var format: String?
        @Option(help: "Only the identities of this owner.") var owner: String?
        @Option(help: "Only this identity (idn_… or its name).") var identity: String?
        @Option(help: "An earlier JSON report to compare the current one with.") var diff: String?
        @Option(help: "Write the document to this file instead of standard output.") var out: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let tenant = client.resolvedTenant
                if let diff {
                    let earlier = try Self.readReport(diff)
                    let current = try await api.posture(tenant: tenant, owner: owner, identity: identity)
                    let change = PostureDiff(from: earlier, to: current)
                    let text =
                        format == "json" || client.output == .json
                        ? String(decoding: try LanyardJSON.encoder(pretty: true).encode(change), as: UTF8.self)
                        : change.lines.joined(separator: "\n")
                    try emit(Data((text + "\n").utf8))
                    return
                }
                if let format {
                    try emit(try await api.postureReport(tenant: tenant, format: format, owner: owner, identity: identity))
                    return
                }
                let report = try await api.posture(tenant: tenant, owner: owner, identity: identity)
                if client.output == .json {
                    try emit(try LanyardJSON.encoder(pretty: true).encode(report) + Data("\n".utf8))
                } else {
                    Render.posture(report)
                }
            }
        }

        private func emit(_ data: Data) throws {
            guard let out else {
                FileHandle.standardOutput.write(data)
                return
            }
            do {
                try data.write(to: URL(fileURLWithPath: out))
            } catch {
                throw LanyardError.invalid("out", "Cannot write \(out): \(error.localizedDescription)")
            }
        }

        /// An earlier JSON report (at most 256 MiB).
        static func readReport(_ path: String) throws -> PostureReport {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw LanyardError.invalid("diff", "Cannot read \(path): \(error.localizedDescription)")
            }
            guard data.count <= 256 * 1024 * 1024 else { throw LanyardError.invalid("diff", "\(path) is larger than 256 MiB.") }
            do {
                return try LanyardJSON.decoder().decode(PostureReport.self, from: data)
            } catch {
                throw LanyardError.invalid("diff", "\(path) is not a JSON posture report (lanyard posture report --format json).")
            }
        }
    }
}

extension Render {
    static func posture(_ report: PostureReport) {
        print("Posture of tenant \(report.tenant), \(report.scope.description), at \(time(report.generatedAt))")
        table(
            ["HEADLINE", "VALUE", "OF"],
            report.headline.map { [$0.title, $0.formatted, $0.denominator.map { "\($0)" } ?? ""] })
        print("")
        table(["CONTROL", "STATUS", "TITLE", "WHY"], report.controls.map { [$0.id, $0.status.rawValue, $0.title, $0.reason] })
        print("")
        print(
            "Unresolved findings: \(report.findings.unresolved) ("
                + FindingSeverity.allCases.reversed().map { "\($0.rawValue) \(report.findings.bySeverity[$0.rawValue] ?? 0)" }.joined(separator: ", ") + ")")
    }
}
