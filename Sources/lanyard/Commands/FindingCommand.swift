import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard findings list|show|ack|suppress|resolve|remediate|evaluate`: what Lanyard noticed is wrong in a tenant,
/// and the workflow of each finding.
struct FindingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Findings: what Lanyard noticed is wrong (orphaned, unused, drifting, reused, leaked…), mapped to OWASP NHI, OWASP Agentic and NIST CSF.",
        subcommands: [List.self, Show.self, Acknowledge.self, Suppress.self, Resolve.self, Remediate.self, Evaluate.self],
        aliases: ["finding"])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List findings, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only open, acknowledged, suppressed or resolved ones.") var status: String?
        @Option(help: "Only this kind (drift, unused-identity, orphaned-identity, …).") var kind: String?
        @Option(help: "Only those at least this severe (low, medium, high, critical).") var severity: String?
        @Option(help: "Only those about this subject, such as identity:idn_….") var subject: String?
        @Option(help: "Only those about identities of this owner.") var owner: String?
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.findings(
                        tenant: client.resolvedTenant, status: status, kind: kind, severity: severity, subject: subject, owner: owner, limit: limit,
                        cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "KIND", "SEVERITY", "STATUS", "SUBJECT", "OWNER", "CREATED", "SUMMARY"],
                        list.findings.map {
                            [
                                $0.id, $0.kind.rawValue, $0.severity.rawValue, $0.status.rawValue, $0.subject, $0.owner ?? "-", Render.time($0.createdAt),
                                $0.summary,
                            ]
                        })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a finding: its facts, framework mappings and audit evidence.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The finding id (fnd_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let finding = try await client.makeClient().finding(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(finding) : Render.finding(finding)
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open finding: someone is on it.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The finding id (fnd_…).") var id: String
        @Option(help: "What is being done (optional).") var note: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let finding = try await client.makeClient().acknowledgeFinding(id, note: note, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(finding) : Render.finding(finding)
            }
        }
    }

    struct Suppress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suppress a finding with a reason until a date (1h to 90d); it opens again then, unless its cause went away.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The finding id (fnd_…).") var id: String
        @Option(help: "Why (mandatory).") var reason: String
        @Option(name: .customLong("for"), help: "How long, such as 14d.") var duration: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let finding = try await client.makeClient().suppressFinding(id, reason: reason, duration: duration, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(finding) : Render.finding(finding)
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve a finding by hand (if its cause is still there, the next detection pass raises a new one).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The finding id (fnd_…).") var id: String
        @Option(help: "What was done (mandatory).") var reason: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let finding = try await client.makeClient().resolveFinding(id, reason: reason, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(finding) : Render.finding(finding)
            }
        }
    }

    struct Remediate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a remediation: suspend, revoke-credentials, shorten-expiry, revoke-grant or start-review (audited).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The finding id (fnd_…).") var id: String
        @Argument(help: "suspend, revoke-credentials, shorten-expiry, revoke-grant or start-review.") var action: String
        @Option(help: "Why (mandatory).") var reason: String
        @Option(help: "For shorten-expiry: the new life from now (default 1d); for start-review: the reviewers' time (default 7d).")
        var duration: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                guard let remedy = FindingRemedy(rawValue: action) else {
                    let known = FindingRemedy.allCases.map(\.rawValue).joined(separator: ", ")
                    throw LanyardError.invalid("action", "'\(action.prefix(32))' is not a remediation; use one of: \(known).")
                }
                let done = try await client.makeClient().remediateFinding(
                    id, RemediateFindingRequest(action: remedy, reason: reason, duration: duration), tenant: client.resolvedTenant)
                if client.output == .json {
                    Render.json(done)
                } else {
                    print(done.outcome)
                    Render.finding(done.finding)
                }
            }
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the detection rules of the tenant now (the leader runs them every few seconds anyway).")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let outcome = try await client.makeClient().evaluateFindings(tenant: client.resolvedTenant)
                client.output == .json
                    ? Render.json(outcome)
                    : Render.fields([("raised", String(outcome.raised)), ("resolved", String(outcome.resolved)), ("unresolved", String(outcome.unresolved))])
            }
        }
    }
}

extension Render {
    static func finding(_ finding: Finding) {
        var pairs: [(String, String)] = [
            ("id", finding.id), ("title", finding.title), ("kind", finding.kind.rawValue), ("severity", finding.severity.rawValue),
            ("status", finding.status.rawValue), ("subject", finding.subject),
        ]
        if let identity = finding.identity { pairs.append(("identity", identity)) }
        if let owner = finding.owner { pairs.append(("owner", owner)) }
        pairs.append(("summary", finding.summary))
        pairs.append(("created", time(finding.createdAt)))
        if let at = finding.acknowledgedAt { pairs.append(("acknowledged", "\(time(at)) by \(finding.acknowledgedBy ?? "?")")) }
        if let until = finding.suppressedUntil { pairs.append(("suppressed until", "\(time(until)): \(finding.suppressReason ?? "")")) }
        if let at = finding.resolvedAt { pairs.append(("resolved", "\(time(at)): \(finding.resolution ?? "")")) }
        for (name, value) in finding.details.sorted(by: { $0.key < $1.key }) { pairs.append((name, value)) }
        pairs.append(("frameworks", finding.frameworks.map { "\($0.id) \($0.title)" }.joined(separator: "; ")))
        for evidence in finding.evidence {
            pairs.append(("evidence", "#\(evidence.seq) \(evidence.action) \(time(evidence.at))\(evidence.note.map { ": \($0)" } ?? "")"))
        }
        fields(pairs)
    }
}
