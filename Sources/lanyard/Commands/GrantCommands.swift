import ArgumentParser
import LanyardAPI
import LanyardClient
import LanyardModel

/// `lanyard grant`: grants an entitlement — an identity (or a group of identities) may do these actions on this
/// resource, for this long.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Grant an entitlement: actions of a tier on a resource, for a bounded time.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "The identity (id or name), or a Cedar entity reference such as 'Team::\"ml\"'.") var principal: String
    @Option(help: "build, test, publish, deploy, data-read, data-write or tool:NAME.") var tier: String
    @Option(help: "A Cedar entity reference such as 'Lanyard::Dataset::\"sales\"', or 'Type::*'.") var resource: String
    @Option(help: "How long, such as 10m, 8h or 30d (at most 90d).") var duration: String
    @Option(help: "Why (recorded with the grant).") var reason: String
    @Option(name: .customLong("action"), help: "A Cedar action (repeatable; default: the tier's).") var actions: [String] = []
    @Option(name: .customLong("scope"), help: "An approval scope of the identity's template to unlock (repeatable).") var scopes: [String] = []
    @Option(help: "A task of the identity: the entitlement ends with it.") var task: String?
    @Flag(name: .customLong("single-use"), help: "Allow one decision only.") var singleUse = false

    func run() async throws {
        try await reportingFailures(output: client.output) {
            let request = GrantEntitlementRequest(
                principal: principal, tier: tier, actions: actions.isEmpty ? nil : actions, resource: resource, scopes: scopes.isEmpty ? nil : scopes,
                duration: duration, reason: reason, task: task, singleUse: singleUse ? true : nil)
            let granted = try await client.makeClient().grant(request, tenant: client.resolvedTenant)
            client.output == .json ? Render.json(granted) : Render.entitlement(granted)
        }
    }
}

/// `lanyard revoke`: ends an entitlement before its time.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an entitlement (ent_…) before its end.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "The entitlement id (ent_…).") var id: String
    @Option(help: "Why (recorded with the revocation).") var reason: String

    func run() async throws {
        try await reportingFailures(output: client.output) {
            let ended = try await client.makeClient().revokeEntitlement(id, reason: reason, tenant: client.resolvedTenant)
            client.output == .json ? Render.json(ended) : Render.entitlement(ended)
        }
    }
}

/// `lanyard grants [ID]`: the tenant's entitlements, newest first, or one in full.
struct GrantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grants", abstract: "List entitlements, newest first, or show one.")
    @OptionGroup var client: ClientOptions
    @Argument(help: "Show this entitlement (ent_…) instead of listing.") var id: String?
    @Option(help: "Only active, revoked, used, ended or expired ones.") var status: String?
    @Option(help: "Only those of this identity (id or name) or entity reference.") var principal: String?
    @Option(help: "Only those bound to this task.") var task: String?
    @Option(help: "Only the one granted by this access request.") var request: String?
    @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await reportingFailures(output: client.output) {
            let api = client.makeClient()
            if let id {
                let found = try await api.entitlement(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(found) : Render.entitlement(found)
                return
            }
            let list = try await Paging.read(page) { cursor in
                try await api.entitlements(
                    tenant: client.resolvedTenant, status: status, principal: principal, task: task, request: self.request, limit: limit, cursor: cursor)
            }
            Paging.render(list, output: client.output) { list in
                Render.table(
                    ["ID", "STATUS", "PRINCIPAL", "TIER", "ACTIONS", "RESOURCE", "EXPIRES"],
                    list.entitlements.map {
                        [
                            $0.id, $0.status.rawValue, $0.principal, $0.tier.description, $0.actions.joined(separator: " "), $0.resource,
                            Render.time($0.expiresAt),
                        ]
                    })
            }
        }
    }
}

extension Render {
    static func entitlement(_ entitlement: Entitlement) {
        var pairs: [(String, String)] = [
            ("id", entitlement.id), ("status", entitlement.status.rawValue), ("principal", entitlement.principal),
            ("tier", entitlement.tier.description), ("actions", entitlement.actions.joined(separator: " ")), ("resource", entitlement.resource),
            ("scopes", entitlement.scopes.isEmpty ? "none" : entitlement.scopes.joined(separator: " ")), ("granted by", entitlement.grantor),
            ("reason", entitlement.reason), ("granted at", time(entitlement.createdAt)), ("expires at", time(entitlement.expiresAt)),
            ("single use", entitlement.singleUse ? "yes" : "no"),
        ]
        if let task = entitlement.task { pairs.append(("task", task)) }
        if let request = entitlement.request { pairs.append(("request", request)) }
        if entitlement.breakGlass { pairs.append(("break-glass", "yes")) }
        if let endedAt = entitlement.endedAt { pairs.append(("ended at", time(endedAt))) }
        if let endedBy = entitlement.endedBy { pairs.append(("ended by", endedBy)) }
        if let endReason = entitlement.endReason { pairs.append(("end reason", endReason)) }
        pairs.append(("last used", entitlement.lastUsedAt.map(time) ?? "never"))
        fields(pairs)
    }
}
