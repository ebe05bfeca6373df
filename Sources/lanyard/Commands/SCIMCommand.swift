import ArgumentParser
import LanyardAPI
import LanyardClient

/// `lanyard scim token create|list|revoke`: the bearer tokens a tenant's identity provider provisions with.
struct SCIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim", abstract: "SCIM 2.0 provisioning from your identity provider (Okta, Entra ID) at {issuer}/scim/v2.",
        subcommands: [Token.self])

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Provisioning tokens (lsc_…): shown once, stored hashed.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a provisioning token; paste it into the identity provider.")
            @OptionGroup var client: ClientOptions
            @Option(help: "What it is for, such as okta or entra-id.") var description: String?

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    let created = try await client.makeClient().createSCIMToken(
                        CreateSCIMTokenRequest(description: description), tenant: client.resolvedTenant)
                    if client.output == .json { return Render.json(created) }
                    Render.fields([
                        ("id", created.info.id), ("description", created.info.description), ("token", created.token),
                        ("note", "Shown only now. SCIM base URL: {issuer}/scim/v2 of this tenant."),
                    ])
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the tenant's provisioning tokens (never the tokens themselves).")
            @OptionGroup var client: ClientOptions

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    let list = try await client.makeClient().scimTokens(tenant: client.resolvedTenant)
                    if client.output == .json { return Render.json(list) }
                    Render.table(
                        ["ID", "DESCRIPTION", "CREATED", "REVOKED"],
                        list.tokens.map { [$0.id, $0.description, Render.time($0.createdAt), $0.revokedAt.map(Render.time) ?? ""] })
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a provisioning token; it stops working at once.")
            @OptionGroup var client: ClientOptions
            @Argument(help: "Token id (sct_…).") var id: String

            func run() async throws {
                try await reportingFailures(output: client.output) {
                    try await client.makeClient().revokeSCIMToken(id, tenant: client.resolvedTenant)
                    if client.output == .json { return Render.json(["revoked": id]) }
                    print("Revoked \(id).")
                }
            }
        }
    }
}
