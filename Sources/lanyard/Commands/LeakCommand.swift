import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard leak report|list`: tell the server about exposed tokens (revoked at once), and read the report history.
struct LeakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leak", abstract: "Report leaked tokens for revocation, and list leak reports.", subcommands: [Report.self, List.self, DoorToken.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report exposed tokens: each live Lanyard credential is revoked with everything derived from it, and its identity marked compromised.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Tokens found exposed (or use --file).") var tokens: [String] = []
        @Option(help: "A file with one token per line ('-': standard input).") var file: String?
        @Option(help: "Where they were found (a path and line, a URL).") var location: String?
        @Option(help: "What found them (default: lanyard-cli).") var source: String = "lanyard-cli"

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var all = tokens
                if let file {
                    let text: String
                    if file == "-" {
                        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    } else {
                        guard let data = FileManager.default.contents(atPath: file) else {
                            throw LanyardError(.invalidRequest, "Cannot read \(file).")
                        }
                        text = String(decoding: data, as: UTF8.self)
                    }
                    all += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                guard !all.isEmpty else { throw LanyardError(.invalidRequest, "Give at least one token, or --file.") }
                let api = client.makeClient()
                var results: [LeakResult] = []
                var start = 0
                while start < all.count {
                    let end = min(start + ReportLeaksRequest.maxTokens, all.count)
                    let batch = all[start..<end].map { ReportedLeak(token: $0, location: location, source: source) }
                    results += try await api.reportLeaks(batch, tenant: client.resolvedTenant).results
                    start = end
                }
                if client.output == .json {
                    Render.json(ReportLeaksResponse(results: results))
                } else {
                    Render.table(
                        ["TOKEN SHA-256", "OUTCOME", "REPORT", "REPEATED"],
                        results.map { [String($0.tokenHash.prefix(16)) + "…", $0.outcome, $0.report ?? "-", $0.repeated ? "yes" : "no"] })
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List leak reports, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.leakReports(tenant: client.resolvedTenant, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "RECEIVED", "DOOR", "KIND", "OUTCOME", "IDENTITY", "MS TO REVOKE", "LOCATION"],
                        list.reports.map {
                            [
                                $0.id, Render.time($0.receivedAt), $0.door.rawValue, $0.kind.rawValue, $0.outcome.rawValue, $0.identity ?? "-",
                                $0.revokeMilliseconds.map { String($0) } ?? "-", $0.location ?? "-",
                            ]
                        })
                }
            }
        }
    }
}

extension LeakCommand {
    /// `lanyard leak door-token create|list|revoke`: bearers of the tenant's GitLab-shaped leak door.
    struct DoorToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "door-token", abstract: "Bearers (lyrvk_…) of the tenant's GitLab-shaped leak door: create, list, revoke.",
            subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a bearer for a GitLab instance (shown once).")
            @OptionGroup var client: ClientOptions
            @Option(help: "What it is for, such as gitlab.example.com.") var description: String?

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    let made = try await client.makeClient().createLeakDoorToken(description: description, tenant: client.resolvedTenant)
                    if client.output == .json {
                        Render.json(made)
                    } else {
                        Render.fields([("id", made.info.id), ("description", made.info.description), ("token (shown once)", made.token)])
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the door bearers, newest first, revoked ones too.")
            @OptionGroup var client: ClientOptions

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    let list = try await client.makeClient().leakDoorTokens(tenant: client.resolvedTenant)
                    if client.output == .json {
                        Render.json(list)
                    } else {
                        Render.table(
                            ["ID", "DESCRIPTION", "CREATED", "BY", "REVOKED"],
                            list.tokens.map { [$0.id, $0.description, Render.time($0.createdAt), $0.createdBy, $0.revokedAt.map(Render.time) ?? "-"] })
                    }
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a door bearer (rvt_…) at once.")
            @OptionGroup var client: ClientOptions
            @Argument(help: "The bearer's id (rvt_…).") var id: String

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    try await client.makeClient().revokeLeakDoorToken(id, tenant: client.resolvedTenant)
                    if client.output == .json { Render.json(["revoked": id]) } else { print("Revoked \(id).") }
                }
            }
        }
    }
}

extension LeakReportList: PagedList { static var items: WritableKeyPath<Self, [LeakReport]> { \.reports } }
