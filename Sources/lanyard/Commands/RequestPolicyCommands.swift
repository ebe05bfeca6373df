import ArgumentParser
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard request policy show|set` and `lanyard request report`: the tenant's rules for access requests, and how
/// they went.
extension RequestCommand {
    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The tenant's access policy: approvals and longest access per tier, auto-approval policies.",
            subcommands: [ShowPolicy.self, SetPolicy.self])
    }

    struct ShowPolicy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the access policy (and its Cedar schema with --schema).")
        @OptionGroup var client: ClientOptions
        @Flag(help: "Print the Lanyard::Access schema auto-approval policies are written against.") var schema = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let policy = try await client.makeClient().accessPolicy(tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(policy) }
                if schema { return print(policy.schema, terminator: "") }
                Render.policy(policy)
            }
        }
    }

    struct SetPolicy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Replace the access policy as a whole (what is left out goes back to the built-in rules).")
        @OptionGroup var client: ClientOptions
        @Option(name: .customLong("approvals"), help: "TIER=N: approvals a request of the tier needs (repeatable; never below the built-in floor).")
        var approvals: [String] = []
        @Option(name: .customLong("max-duration"), help: "TIER=SPAN: the longest access a request of the tier may ask for (repeatable).")
        var maxDurations: [String] = []
        @Option(name: .customLong("break-glass-max"), help: "The longest break-glass (default 60m).") var breakGlassMax: String?
        @Option(name: .customLong("auto-approve"), help: "A file of Cedar policies over Lanyard::Access whose permits approve requests at once.")
        var autoApprove: String?
        @Option(help: "Why the policy changes (for the audit log).") var message: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var counts: [String: Int] = [:]
                for pair in try Self.pairs(approvals, option: "--approvals") {
                    guard let count = Int(pair.value) else { throw LanyardError(.invalidRequest, "--approvals \(pair.key)=\(pair.value): N must be a number.") }
                    counts[pair.key] = count
                }
                let spans = Dictionary(try Self.pairs(maxDurations, option: "--max-duration"), uniquingKeysWith: { $1 })
                let request = PutAccessPolicyRequest(
                    approvals: counts, maxDurations: spans, breakGlassMax: breakGlassMax,
                    autoApprove: try autoApprove.map(PolicyCommand.read), message: message)
                let policy = try await client.makeClient().putAccessPolicy(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(policy) : Render.policy(policy)
            }
        }

        static func pairs(_ values: [String], option: String) throws -> [(key: String, value: String)] {
            try values.map { text in
                guard let split = text.lastIndex(of: "="), split != text.startIndex else {
                    throw LanyardError(.invalidRequest, "\(option) takes TIER=VALUE, not '\(text)'.")
                }
                return (String(text[..<split]), String(text[text.index(after: split)...]))
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How requests and grants went: approval latency, share auto-approved, share of grants that expired unused.")
        @OptionGroup var client: ClientOptions
        @Option(help: "From this instant (RFC 3339; default 30 days before --until).") var since: String?
        @Option(help: "Up to this instant (RFC 3339; default now).") var until: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let report = try await client.makeClient().accessReport(tenant: client.resolvedTenant, since: since, until: until)
                if client.output == .json { return Render.json(report) }
                func seconds(_ value: Double?) -> String { value.map { "\(Int($0.rounded()))s" } ?? "-" }
                func share(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
                Render.fields([
                    ("window", "\(Render.time(report.since)) – \(Render.time(report.until))"),
                    ("requests", report.requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
                    ("approved", String(report.approved)), ("auto-approved", "\(report.autoApproved) (\(share(report.autoApprovedShare)))"),
                    ("approval latency p50", seconds(report.approvalLatencyP50)), ("approval latency p95", seconds(report.approvalLatencyP95)),
                    ("grants ended", String(report.grantsEnded)),
                    ("expired unused", "\(report.grantsExpiredUnused) (\(share(report.expiredUnusedShare)))"),
                ])
            }
        }
    }
}

extension Render {
    static func policy(_ policy: AccessPolicyView) {
        fields([
            ("version", String(policy.version)),
            ("approvals", policy.approvals.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            ("max durations", policy.maxDurations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            ("break-glass max", policy.breakGlassMax),
            ("auto-approve", policy.autoApprove.isEmpty ? "none" : "\(policy.autoApprove.split(separator: "\n").count) lines"),
            ("updated", policy.updatedAt.map { "\(Render.time($0)) by \(policy.updatedBy ?? "?")" } ?? "never"),
        ])
    }
}
