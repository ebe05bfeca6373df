import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient

/// `lanyard tenant sso set|show|remove`: how the tenant's administrators sign in to the console.
struct TenantSSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso",
        abstract: "The console's sign-in through the tenant's OpenID Provider (tenant administrators; audited).",
        subcommands: [Set.self, Show.self, Remove.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the OpenID Provider, the client and the groups that give console roles.",
            discussion: """
                Register the printed redirect URI at the provider, and with private_key_jwt (the default) the printed JWKS URI: \
                Lanyard signs its client assertion with the tenant's ES256 key. Example:
                  lanyard tenant sso set --tenant acme --issuer https://login.acme.example --client-id lanyard \\
                    --role lanyard-admins=tenant-admin --role security=security-reviewer --role engineers=builder
                """)
        @OptionGroup var client: ClientOptions
        @Option(help: "The provider's issuer URL (https; http only on a loopback host).") var issuer: String
        @Option(help: "Lanyard's client id at the provider.") var clientId: String
        @Option(help: "private_key_jwt (default), client_secret_basic or client_secret_post.") var clientAuthentication: String?
        @Option(help: "A file holding the client secret (the client_secret_* methods); kept encrypted, never shown.") var clientSecretFile: String?
        @Option(name: .customLong("role"), help: "GROUP=ROLE (tenant-admin, security-reviewer, auditor, owner, builder); repeat.")
        var roles: [String] = []
        @Option(help: "The ID token claim with the groups (default groups).") var groupsClaim: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var mapping: [String: String] = [:]
                for pair in roles {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { throw ValidationError("--role takes GROUP=ROLE, such as engineers=builder.") }
                    mapping[String(parts[0])] = String(parts[1])
                }
                var secret: String?
                if let clientSecretFile {
                    guard let data = FileManager.default.contents(atPath: clientSecretFile), data.count <= 1024 else {
                        throw ValidationError("Cannot read the client secret from \(clientSecretFile) (at most 1 KiB).")
                    }
                    secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let request = SetSSORequest(
                    issuer: issuer, clientId: clientId, clientAuthentication: clientAuthentication, clientSecret: secret, roles: mapping,
                    groupsClaim: groupsClaim)
                TenantSSOCommand.render(try await client.makeClient().setSSO(request, tenant: client.resolvedTenant), output: client.output)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tenant's console sign-in configuration.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                TenantSSOCommand.render(try await client.makeClient().ssoConfiguration(tenant: client.resolvedTenant), output: client.output)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the console's SSO sign-in (administrator tokens still sign in).")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().removeSSO(tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(["removed": true]) }
                print("SSO sign-in removed from tenant \(client.resolvedTenant).")
            }
        }
    }

    static func render(_ view: SSOConfigurationView, output: OutputFormat) {
        if output == .json { return Render.json(view) }
        Render.fields([
            ("issuer", view.issuer), ("client id", view.clientId), ("client authentication", view.clientAuthentication),
            ("client secret", view.hasClientSecret ? "kept (encrypted)" : "none"),
            ("roles", view.roles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
            ("groups claim", view.groupsClaim), ("redirect URI", view.redirectUri), ("JWKS URI", view.jwksUri ?? "-"),
            ("updated", Render.time(view.updatedAt) + " by " + view.updatedBy),
        ])
    }
}
