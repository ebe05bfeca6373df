import ArgumentParser
import LanyardAPI
import LanyardClient

extension DirectoryUserList: PagedList { static var items: WritableKeyPath<Self, [DirectoryUserSummary]> { \.users } }
extension DirectoryGroupList: PagedList { static var items: WritableKeyPath<Self, [DirectoryGroupSummary]> { \.groups } }

/// `lanyard user list|show`: the people the tenant's identity provider provisions over SCIM (read-only here).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "People of the tenant's directory (provisioned over SCIM) and the identities they own.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people by userName.")
        @OptionGroup var client: ClientOptions
        @Flag(help: "Only active people.") var active = false
        @Flag(help: "Only inactive (deactivated) people.") var inactive = false
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func validate() throws {
            if active && inactive { throw ValidationError("Give at most one of --active and --inactive.") }
        }

        func run() async throws {
            let filter: Bool? = active ? true : (inactive ? false : nil)
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.users(tenant: client.resolvedTenant, active: filter, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["USERNAME", "ID", "DISPLAY NAME", "ACTIVE", "UPDATED"],
                        list.users.map { [$0.userName, $0.id, $0.displayName ?? "", $0.active ? "yes" : "no", Render.time($0.updatedAt)] })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person: groups and the identities they own.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "userName (any letter case) or id (usr_…).") var user: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().user(user, tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(found) }
                let listed = found.identities.map { "\($0.name) (\($0.status))" }.joined(separator: ", ")
                let more = found.identityCount > found.identities.count ? " … \(found.identityCount - found.identities.count) more" : ""
                Render.fields([
                    ("userName", found.userName), ("id", found.id), ("displayName", found.displayName ?? ""), ("externalId", found.externalId ?? ""),
                    ("emails", found.emails.joined(separator: ", ")), ("active", found.active ? "yes" : "no"),
                    ("groups", found.groups.joined(separator: ", ")), ("identities", "\(found.identityCount)"),
                    ("owns", listed + more), ("created", Render.time(found.createdAt)), ("updated", Render.time(found.updatedAt)),
                ])
            }
        }
    }
}

/// `lanyard group list|show`: the groups the tenant's identity provider provisions over SCIM (read-only here).
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Groups of the tenant's directory (provisioned over SCIM) and their members.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups by displayName.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.groups(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(["DISPLAY NAME", "ID", "UPDATED"], list.groups.map { [$0.displayName, $0.id, Render.time($0.updatedAt)] })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one group and its members' userNames.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "displayName (any letter case) or id (grp_…).") var group: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().group(group, tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(found) }
                let more = found.memberCount > found.members.count ? " … \(found.memberCount - found.members.count) more" : ""
                Render.fields([
                    ("displayName", found.displayName), ("id", found.id), ("externalId", found.externalId ?? ""),
                    ("members", "\(found.memberCount)"), ("userNames", found.members.joined(separator: ", ") + more),
                    ("created", Render.time(found.createdAt)), ("updated", Render.time(found.updatedAt)),
                ])
            }
        }
    }
}
