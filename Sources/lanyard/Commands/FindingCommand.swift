import ArgumentParser
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard finding list`: what Lanyard noticed is wrong in a tenant, newest first.
struct FindingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding", abstract: "Findings: what Lanyard noticed is wrong (such as identities whose owner left).",
        subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List findings, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only open or only resolved ones.") var status: String?
        @Option(help: "Only this kind (orphaned-identity).") var kind: String?
        @Option(help: "Only those about this subject, such as identity:idn_….") var subject: String?
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.findings(
                        tenant: client.resolvedTenant, status: status, kind: kind, subject: subject, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "KIND", "SEVERITY", "STATUS", "SUBJECT", "CREATED", "SUMMARY"],
                        list.findings.map {
                            [$0.id, $0.kind.rawValue, $0.severity.rawValue, $0.status.rawValue, $0.subject, Render.time($0.createdAt), $0.summary]
                        })
                }
            }
        }
    }
}
