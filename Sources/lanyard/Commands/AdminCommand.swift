import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardNode
import LanyardClient

/// `lanyard whoami`: the caller as the server sees it.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the caller: token id, role, tenant and subject.")
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await reportingFailures(output: client.output) {
            let me = try await client.makeClient().whoami()
            if client.output == .json { return Render.json(me) }
            Render.fields([
                ("token", me.tokenId), ("role", me.role), ("tenant", me.tenant ?? "(platform: every tenant)"),
                ("subject", me.subject ?? "-"), ("expires", me.expiresAt.map(Render.time) ?? "never (bootstrap token)"),
            ])
        }
    }
}

/// `lanyard admin …`: Lanyard's own administration — administrator tokens and the admin policies.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administrator tokens and the admin policies that decide what each role may do.",
        subcommands: [TokenGroup.self, Policies.self, PolicyPush.self]
    )

    /// Options naming where tokens live: a tenant, or the platform.
    struct Scope: ParsableArguments {
        @Flag(help: "Platform administrator tokens (no tenant) instead of the tenant's.") var platform = false
    }

    struct TokenGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Administrator tokens: each has a role, a tenant, an optional subject and an expiry.",
            subcommands: [Create.self, List.self, Revoke.self])
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make an administrator token (shown once).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var scope: Scope
        @Option(help: "platform-admin, tenant-admin, security-reviewer, auditor, owner, builder or pep.") var role: String
        @Option(help: "The person an owner or builder token acts for (their user name).") var subject: String?
        @Option(help: "Lifetime such as 30d (default 90d, at most 365d; there is no 'never').") var ttl: String?
        @Option(help: "What the token is for.") var description: String?
        @Option(help: "Write the token to this file (mode 0600) instead of printing it.") var tokenFile: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var created = try await client.makeClient().createAdminToken(
                    CreateAdminTokenRequest(role: role, subject: subject, ttl: ttl, description: description),
                    tenant: scope.platform ? nil : client.resolvedTenant)
                if let tokenFile {
                    try SecretFile.write(created.token, to: tokenFile)
                    created.token = "(written to \(tokenFile))"
                }
                if client.output == .json { return Render.json(created) }
                Render.fields(AdminCommand.fields(created.info) + [("token", created.token)])
                if tokenFile == nil { print("\nThe token is shown only once: store it now.") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List administrator tokens (never the tokens themselves).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var scope: Scope
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let tenant = scope.platform ? nil : client.resolvedTenant
                let list = try await Paging.read(page) { cursor in try await api.adminTokens(tenant: tenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "ROLE", "SUBJECT", "EXPIRES", "STATE", "DESCRIPTION"],
                        list.tokens.map { token in
                            [
                                token.id, token.role, token.subject ?? "-", token.expiresAt.map(Render.time) ?? "never",
                                token.revokedAt == nil ? "active" : "revoked", token.description,
                            ]
                        })
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an administrator token at once.")
        @OptionGroup var client: ClientOptions
        @OptionGroup var scope: Scope
        @Argument(help: "The token id (tok_…).") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().revokeAdminToken(id, tenant: scope.platform ? nil : client.resolvedTenant)
                if client.output == .json { return Render.json(["revoked": id]) }
                print("Revoked \(id).")
            }
        }
    }

    struct Policies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policies", abstract: "Show the built-in roles as Cedar policies, and the tenant's own admin policies.")
        @OptionGroup var client: ClientOptions
        @Flag(help: "Also print the Lanyard::Admin schema.") var schema = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let view = try await client.makeClient().adminPolicies(tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(view) }
                if schema { print(view.schema) }
                print(view.builtin)
                if let own = view.tenant {
                    print("// Tenant '\(client.resolvedTenant)' admin policies, version \(own.version) (\(own.author): \(own.message))")
                    print(own.policies.isEmpty ? "// (none)" : own.policies)
                }
            }
        }
    }

    struct PolicyPush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy-push", abstract: "Replace the tenant's own admin policies with a Cedar file (validated first).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar policies over the Lanyard::Admin schema.") var file: String
        @Option(name: [.short, .long], help: "Why the admin policies change.") var message: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let pushed = try await client.makeClient().pushAdminPolicies(
                    PushAdminPoliciesRequest(policies: text, message: message), tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(pushed) }
                print("Admin policies of '\(client.resolvedTenant)' are now version \(pushed.version).")
            }
        }
    }

    static func fields(_ token: AdminTokenView) -> [(String, String)] {
        [
            ("id", token.id), ("role", token.role), ("tenant", token.tenant ?? "(platform)"), ("subject", token.subject ?? "-"),
            ("expires", token.expiresAt.map(Render.time) ?? "never"),
        ]
    }
}
