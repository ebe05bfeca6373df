import ArgumentParser
import LanyardModel

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit trail.",
        subcommands: [Tail.self]
    )

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit events, oldest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only events after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many (1–1000).") var limit: Int = 100

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let events = try await client.makeClient().auditEvents(tenant: client.resolvedTenant, after: after, limit: limit)
                if client.output == .json { return Render.json(AuditEventList(events: events)) }
                Render.table(
                    ["SEQ", "AT", "ACTOR", "ACTION", "TARGET"], events.map { [String($0.sequence), Render.time($0.at), $0.actor, $0.action, $0.target] })
            }
        }
    }
}
