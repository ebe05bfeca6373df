import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard breakglass open|close|review|list|show`: emergency access, at once and reviewed afterwards.
struct BreakGlassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breakglass", abstract: "Emergency access without approval: open, close early, review, list, show.",
        subcommands: [Open.self, Close.self, Review.self, List.self, Show.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open break-glass for an identity: in force at once, every webhook endpoint told, a review due within 24 hours.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The identity (id or name).") var identity: String
        @Option(help: "build, test, publish, deploy, data-read, data-write or tool:NAME.") var tier: String
        @Option(help: "A Cedar entity reference such as 'Lanyard::Dataset::\"sales\"', or 'Type::*'.") var resource: String
        @Option(help: "How long, such as 15m (at most 60m).") var duration: String
        @Option(help: "Why (mandatory).") var reason: String
        @Option(help: "The incident it answers, such as a ticket id (mandatory).") var incident: String
        @Option(name: .customLong("action"), help: "A Cedar action (repeatable; default: the tier's).") var actions: [String] = []

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = OpenBreakGlassRequest(
                    identity: identity, tier: tier, actions: actions.isEmpty ? nil : actions, resource: resource, duration: duration, reason: reason,
                    incident: incident)
                let opened = try await client.makeClient().openBreakGlass(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(opened) : Render.breakGlass(opened)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close break-glass (brk_…) early: its access ends at once.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The break-glass id (brk_…).") var id: String
        @Option(help: "Why (optional).") var reason: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let closed = try await client.makeClient().closeBreakGlass(id, reason: reason, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(closed) : Render.breakGlass(closed)
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Review break-glass (brk_…); its opener cannot.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The break-glass id (brk_…).") var id: String
        @Option(help: "The reviewer's conclusion (mandatory).") var note: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let reviewed = try await client.makeClient().reviewBreakGlass(id, note: note, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(reviewed) : Render.breakGlass(reviewed)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List break-glass, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only open, closed or expired ones.") var status: String?
        @Option(help: "Only pending, reviewed or overdue reviews.") var review: String?
        @Option(help: "Only those of this identity (id or name).") var identity: String?
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.breakGlasses(
                        tenant: client.resolvedTenant, status: status, review: review, identity: identity, limit: limit, cursor: cursor)
                }
                let now = Date()
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "STATUS", "REVIEW", "IDENTITY", "INCIDENT", "OPENER", "EXPIRES", "REVIEW DUE"],
                        list.breakGlass.map {
                            [
                                $0.id, $0.status(at: now).rawValue, $0.reviewStatus(at: now).rawValue, $0.identity, $0.incident, $0.opener,
                                Render.time($0.expiresAt), Render.time($0.reviewDueAt),
                            ]
                        })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one break-glass in full.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The break-glass id (brk_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().breakGlass(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(found) : Render.breakGlass(found)
            }
        }
    }
}

extension Render {
    static func breakGlass(_ record: BreakGlass) {
        let now = Date()
        var pairs: [(String, String)] = [
            ("id", record.id), ("status", record.status(at: now).rawValue), ("identity", record.identity), ("entitlement", record.entitlement),
            ("opened by", record.opener), ("incident", record.incident), ("reason", record.reason), ("opened at", time(record.openedAt)),
            ("expires at", time(record.expiresAt)), ("review", record.reviewStatus(at: now).rawValue), ("review due", time(record.reviewDueAt)),
        ]
        if let closedAt = record.closedAt { pairs.append(("closed at", time(closedAt))) }
        if let closedBy = record.closedBy { pairs.append(("closed by", closedBy)) }
        if let reviewedBy = record.reviewedBy { pairs.append(("reviewed by", reviewedBy)) }
        if let reviewedAt = record.reviewedAt { pairs.append(("reviewed at", time(reviewedAt))) }
        if let note = record.reviewNote { pairs.append(("review note", note)) }
        fields(pairs)
    }
}

extension BreakGlassList: PagedList { static var items: WritableKeyPath<Self, [BreakGlass]> { \.breakGlass } }
