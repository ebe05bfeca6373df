import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardNode
import LanyardClient

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Tenants: isolated inventories with their own issuer and trust domain (platform administrators).",
        subcommands: [Create.self, List.self, Settings.self, TenantSSOCommand.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and its first admin token (shown once).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Tenant name (a-z, 0-9, '-').") var name: String
        @Option(help: "Write the new tenant's admin token to this file (mode 0600) instead of printing it.") var tokenFile: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var created = try await client.makeClient().createTenant(name)
                if let tokenFile {
                    try SecretFile.write(created.adminToken, to: tokenFile)
                    created.adminToken = "(written to \(tokenFile))"
                }
                if client.output == .json { return Render.json(created) }
                Render.fields([
                    ("tenant", created.tenant.name), ("trust domain", created.tenant.trustDomain),
                    ("issuer", created.tenant.issuer), ("admin token", created.adminToken),
                ])
                if tokenFile == nil { print("\nThe admin token is shown only once: store it now.") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.tenants(limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["NAME", "TRUST DOMAIN", "ISSUER", "CREATED"], list.tenants.map { [$0.name, $0.trustDomain, $0.issuer, Render.time($0.createdAt)] })
                }
            }
        }
    }

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a tenant's settings (tenant and platform administrators; audited).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Tenant name.") var name: String
        @Option(help: "required: identities' owners must be active people of the SCIM directory (by userName); optional: any name.")
        var ownerDirectory: String?

        func validate() throws {
            if ownerDirectory == nil { throw ValidationError("Give a setting to change, such as --owner-directory required.") }
        }

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let tenant = try await client.makeClient().updateTenantSettings(TenantSettingsRequest(ownerDirectory: ownerDirectory), tenant: name)
                if client.output == .json { return Render.json(tenant) }
                Render.fields([("tenant", tenant.name), ("owner directory", tenant.ownerDirectory)])
            }
        }
    }
}
