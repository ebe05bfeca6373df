import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardClient

/// `lanyard identity trust add|list|remove`: the external OIDC issuers an identity trusts (federation).
struct IdentityTrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Manage the external OIDC issuers (CI, Kubernetes, clouds) whose tokens an identity may exchange.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trust an external issuer for an identity, with claim rules.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "The issuer's exact iss: an https URL (http only on 127.0.0.1, localhost or ::1).") var issuer: String
        @Option(help: "What the external token's aud must contain.") var audience: String
        @Option(name: .customLong("claim"), help: "NAME=VALUE: the claim must equal VALUE exactly (repeatable, at most 16; dotted names reach nested claims).")
        var claims: [String] = []

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let conditions = try claims.map(Self.parse)
                let request = AddTrustRequest(issuer: issuer, audience: audience, conditions: conditions)
                let trust = try await client.makeClient().addTrust(request, identity: id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(trust) : IdentityTrustCommand.render([trust])
            }
        }

        /// `NAME=VALUE`, split at the first `=`.
        static func parse(_ text: String) throws -> ClaimCondition {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw LanyardError.invalid("claim", "--claim takes NAME=VALUE, such as repository_id=123456; got '\(text.prefix(64))'.")
            }
            return ClaimCondition(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the issuers an identity trusts.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let trusts = try await client.makeClient().trusts(identity: id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(TrustList(trusts: trusts)) : IdentityTrustCommand.render(trusts)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop trusting an issuer (tokens already issued stay valid until they expire).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Argument(help: "Trust id (trs_…).") var trust: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().removeTrust(trust, identity: id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(["removed": trust]) : print("Removed trust \(trust).")
            }
        }
    }

    static func render(_ trusts: [FederationTrust]) {
        Render.table(
            ["ID", "ISSUER", "AUDIENCE", "CONDITIONS", "CREATED"],
            trusts.map { trust in
                [
                    trust.id, trust.issuer, trust.audience, trust.conditions.map { "\($0.name)=\($0.value)" }.joined(separator: " "),
                    Render.time(trust.createdAt),
                ]
            }
        )
    }
}
