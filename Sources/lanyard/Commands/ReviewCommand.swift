import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient
import LanyardModel

extension ReviewCampaignList: PagedList { static var items: WritableKeyPath<Self, [ReviewCampaign]> { \.campaigns } }
extension ReviewItemList: PagedList { static var items: WritableKeyPath<Self, [ReviewItem]> { \.reviewItems } }

/// `lanyard review`: recertification campaigns — start one, list them, show one with its items, decide items, and
/// print a campaign's report.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Recertification campaigns: owners certify, revoke or transfer access; undecided items are revoked at the deadline.",
        subcommands: [Start.self, List.self, Show.self, Decide.self, Report.self, Schedule.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a campaign now over a scope of the tenant (all of it by default).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var campaign: CampaignOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let started = try await client.makeClient().startReview(campaign.request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(started) : Render.review(started)
            }
        }
    }

    /// What a campaign covers and how it runs, as `review start` and `review schedule add` take it.
    struct CampaignOptions: ParsableArguments {
        @Argument(help: "The campaign's name.") var name: String
        @Option(help: "How long reviewers have, such as 14d or 30s (at most 365d).") var duration: String
        @Option(name: .customLong("kind"), help: "Only identities of this kind (repeatable).") var kinds: [String] = []
        @Option(name: .customLong("environment"), help: "Only identities in this environment (repeatable).") var environments: [String] = []
        @Option(name: .customLong("owner"), help: "Only identities of this owner (repeatable).") var owners: [String] = []
        @Option(name: .customLong("tier"), help: "Only entitlements of this tier (repeatable; no identity items then).") var tiers: [String] = []
        @Option(name: .customLong("on-undecided"), help: "revoke (default) or suspend what nobody decided by the deadline.") var onUndecided: String?
        @Option(name: .customLong("reviewer-group"), help: "A directory group that reviews every item instead of the owners.") var reviewerGroup: String?

        var request: StartReviewRequest {
            StartReviewRequest(
                name: name, duration: duration, kinds: kinds.isEmpty ? nil : kinds, environments: environments.isEmpty ? nil : environments,
                owners: owners.isEmpty ? nil : owners, tiers: tiers.isEmpty ? nil : tiers, onUndecided: onUndecided, reviewerGroup: reviewerGroup)
        }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Campaigns that start by themselves on a cron schedule (UTC).", subcommands: [AddSchedule.self, ListSchedules.self, RemoveSchedule.self])
    }

    struct AddSchedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Start a campaign at each time a cron expression names.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Five-field cron in UTC ('0 9 1 * *': 09:00 on the 1st) or @monthly, @weekly…; at most hourly.") var cron: String
        @OptionGroup var campaign: CampaignOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let added = try await client.makeClient().createReviewSchedule(
                    CreateReviewScheduleRequest(cron: cron, campaign: campaign.request), tenant: client.resolvedTenant)
                client.output == .json ? Render.json(added) : Render.table(ListSchedules.header, [ListSchedules.row(added)])
            }
        }
    }

    struct ListSchedules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the review schedules.")
        @OptionGroup var client: ClientOptions

        static let header = ["ID", "NAME", "CRON", "NEXT RUN", "LAST CAMPAIGN"]
        static func row(_ schedule: ReviewSchedule) -> [String] {
            [schedule.id, schedule.name, schedule.cron, Render.time(schedule.nextRunAt), schedule.lastCampaign ?? "-"]
        }

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let list = try await client.makeClient().reviewSchedules(tenant: client.resolvedTenant)
                client.output == .json ? Render.json(list) : Render.table(Self.header, list.schedules.map(Self.row))
            }
        }
    }

    struct RemoveSchedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a review schedule (its campaigns run on).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The schedule (rsc_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().deleteReviewSchedule(id, tenant: client.resolvedTenant)
                if client.output != .json { print("Removed review schedule \(id).") } else { Render.json(["removed": id]) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.reviews(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "STATUS", "NAME", "DEADLINE", "ON UNDECIDED"],
                        list.campaigns.map { [$0.id, $0.status.rawValue, $0.name, Render.time($0.deadline), $0.onUndecided.rawValue] })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a campaign's items (all, or only decided or open ones).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The campaign (rev_…).") var id: String
        @Option(help: "true: only decided items; false: only open ones.") var decided: Bool?
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.reviewItems(id, tenant: client.resolvedTenant, decided: decided, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(["ITEM", "SUBJECT", "REVIEWER", "LAST USED", "UNUSED 90D", "DECISION"], list.reviewItems.map(Render.reviewRow))
                }
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decide an item: certify, revoke or transfer:NEW_OWNER.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The campaign (rev_…).") var campaign: String
        @Argument(help: "The item (rvi_…).") var item: String
        @Argument(help: "certify, revoke or transfer:NEW_OWNER.") var decision: String
        @Option(help: "Why (required to revoke or transfer).") var reason: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let decided = try await client.makeClient().decideReviewItem(
                    item, campaign: campaign, DecideReviewItemRequest(decision: decision, reason: reason), tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(decided) }
                Render.fields([("item", decided.id), ("decision", decided.decision?.description ?? "none"), ("decided by", decided.decidedBy ?? "")])
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a campaign's report: completion, revocations, time to decide.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The campaign (rev_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().review(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(found) : Render.review(found)
            }
        }
    }
}

extension Render {
    static func reviewRow(_ item: ReviewItem) -> [String] {
        let subject: String = "\(item.subject.kind.rawValue):\(item.subject.id)"
        let lastUsed: String = item.lastUsedAt.map(Render.time) ?? "never"
        var outcome = "open"
        if let decision = item.decision {
            outcome = decision.description
        } else if let action = item.undecidedAction {
            outcome = "undecided: \(action.rawValue)"
        }
        return [item.id, subject, item.reviewer.description, lastUsed, item.unusedScopes90d.joined(separator: " "), outcome]
    }

    static func review(_ view: ReviewCampaignView) {
        let c = view.campaign
        let r = view.report
        func seconds(_ value: TimeInterval?) -> String { value.map { "\(Int($0.rounded()))s" } ?? "none" }
        fields([
            ("id", c.id), ("name", c.name), ("status", c.status.rawValue), ("deadline", time(c.deadline)), ("on undecided", c.onUndecided.rawValue),
            ("started by", c.createdBy), ("items", String(r.total)), ("certified", String(r.certified)), ("revoked", String(r.revoked)),
            ("transferred", String(r.transferred)), ("undecided, revoked", String(r.undecidedRevoked)),
            ("undecided, suspended", String(r.undecidedSuspended)), ("open", String(r.open)),
            ("completion", "\(Int((r.completion * 100).rounded()))%"), ("median time to decide", seconds(r.medianTimeToDecide)),
            ("p95 time to decide", seconds(r.p95TimeToDecide)),
        ])
    }
}
