import ArgumentParser
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard request …`: access asked for, approved by someone else, and ended on time.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Access requests: ask for access for a bounded time; someone else approves or denies.",
        subcommands: [Create.self, List.self, Show.self, Approve.self, Deny.self, Cancel.self, Policy.self, Report.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for access for an identity (with a workload's own access token as --token, for itself).")
        @OptionGroup var client: ClientOptions
        @Option(help: "The identity (id or name); a workload asking for itself may leave it out.") var identity: String?
        @Option(help: "build, test, publish, deploy, data-read, data-write or tool:NAME.") var tier: String
        @Option(help: "A Cedar entity reference such as 'Lanyard::Dataset::\"sales\"', or 'Type::*'.") var resource: String
        @Option(help: "How long once granted, such as 10m (at most 8h unless the access policy says otherwise).") var duration: String
        @Option(help: "Why, and for what task.") var justification: String
        @Option(name: .customLong("action"), help: "A Cedar action (repeatable; default: the tier's).") var actions: [String] = []
        @Option(name: .customLong("scope"), help: "An approval scope of the identity's template (repeatable).") var scopes: [String] = []
        @Option(help: "An open task of the identity: the grant ends with it.") var task: String?
        @Flag(name: .customLong("single-use"), help: "The grant allows one decision only.") var singleUse = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = CreateAccessRequestRequest(
                    identity: identity, tier: tier, actions: actions.isEmpty ? nil : actions, resource: resource,
                    scopes: scopes.isEmpty ? nil : scopes, duration: duration, justification: justification, task: task,
                    singleUse: singleUse ? true : nil)
                let created = try await client.makeClient().createAccessRequest(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(created) : Render.accessRequest(created)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List access requests, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only requested, approved, denied, expired, cancelled, active or ended ones.") var status: String?
        @Option(help: "Only those for this identity (id or name).") var identity: String?
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.accessRequests(tenant: client.resolvedTenant, status: status, identity: identity, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "STATUS", "IDENTITY", "TIER", "RESOURCE", "REQUESTER", "APPROVALS", "CREATED"],
                        list.requests.map {
                            [
                                $0.id, $0.status.rawValue, $0.identity, $0.tier.description, $0.resource, $0.requester,
                                "\($0.approvals.count)/\($0.requiredApprovals)", Render.time($0.createdAt),
                            ]
                        })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one access request.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The request id (req_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().accessRequest(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(found) : Render.accessRequest(found)
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request (never your own, nor as the identity).")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.send(.accessRequestApprove) }
    }

    struct Deny: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deny a request.")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.send(.accessRequestDeny) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel your request; an active one's access ends at once.")
        @OptionGroup var decision: Decision
        func run() async throws { try await decision.send(.accessRequestCancel) }
    }

    /// The arguments every decision takes.
    struct Decision: ParsableArguments {
        @OptionGroup var client: ClientOptions
        @Argument(help: "The request id (req_…).") var id: String
        @Option(help: "Why (recorded with the decision).") var reason: String

        func send(_ route: APIRoute) async throws {
            try await reportingFailures(output: client.output) {
                let decided = try await client.makeClient().decideAccessRequest(id, route: route, reason: reason, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(decided) : Render.accessRequest(decided)
            }
        }
    }
}

extension Render {
    static func accessRequest(_ request: AccessRequest) {
        var pairs: [(String, String)] = [
            ("id", request.id), ("status", request.status.rawValue), ("identity", request.identity), ("owner", request.identityOwner),
            ("requester", request.requester), ("tier", request.tier.description), ("actions", request.actions.joined(separator: " ")),
            ("resource", request.resource), ("duration", TimeSpan(seconds: request.duration)?.description ?? "\(request.duration)s"),
            ("justification", request.justification), ("approvals", "\(request.approvals.count) of \(request.requiredApprovals)"),
            ("created at", time(request.createdAt)), ("expires at", time(request.expiresAt)),
        ]
        for approval in request.approvals { pairs.append(("approved by", "\(approval.by) at \(time(approval.at)): \(approval.reason)")) }
        if let denial = request.denial { pairs.append(("denied by", "\(denial.by) at \(time(denial.at)): \(denial.reason)")) }
        if let entitlement = request.entitlement { pairs.append(("entitlement", entitlement)) }
        if let task = request.task { pairs.append(("task", task)) }
        if let endedAt = request.endedAt { pairs.append(("ended at", time(endedAt))) }
        if let reason = request.endReason { pairs.append(("end reason", reason)) }
        fields(pairs)
    }
}
