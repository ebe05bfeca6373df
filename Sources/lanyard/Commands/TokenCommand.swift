import ArgumentParser
import Foundation
import LanyardClient
import LanyardCredentials
import LanyardAPI
import LanyardModel

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Obtain, inspect, list and revoke short-lived access tokens.",
        subcommands: [Issue.self, Inspect.self, Revoke.self, List.self]
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Get an access token as a workload does: client_credentials with a private_key_jwt assertion.",
            discussion:
                "Needs no admin token: the workload proves itself with its private key. Prints the bare token (or the RFC 6749 response with --output json)."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The identity id (idn_…).") var identity: String
        @Option(help: "The identity's private key (PKCS#8 PEM from `lanyard keygen`).") var keyFile: String
        @Option(help: "Space-separated scopes, e.g. \"read\".") var scope: String
        @Option(help: "Requested lifetime, e.g. 10m (capped by the template and the identity's expiry).") var ttl: String?
        @Option(help: "The resource server the token is for (must be an allowed destination).") var audience: String?
        @Option(help: "Bind the token to this open task of the identity (tsk_…); it dies when the task ends.") var task: String?
        @Flag(help: "Bind the token to the identity's key with a DPoP proof (RFC 9449); use it as Authorization: DPoP.") var dpop = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var source = try await WorkloadTokenSource.make(
                    api: client.makeClient(), tenant: client.resolvedTenant, identity: identity, keyFile: keyFile, scope: scope, ttl: ttl,
                    audience: audience)
                source.dpop = dpop
                let response = try await source.token(task: task)
                client.output == .json ? Render.json(response) : print(response.accessToken)
            }
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode a token and, with an admin token, ask the server whether it is active (RFC 7662)."
        )
        @OptionGroup var client: ClientOptions
        @Argument(help: "The access token.") var token: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let parts = token.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 3, let header = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
                    let headerJSON = try? LanyardJSON.decoder().decode(JSONValue.self, from: Data(header)),
                    let claims = try? LanyardJSON.decoder().decode(JSONValue.self, from: Data(payload))
                else { throw LanyardError.invalid("token", "This is not a JWT (header.payload.signature).") }
                var result: [String: JSONValue] = ["header": headerJSON, "claims": claims]
                let api = client.makeClient()
                if api.token != nil {
                    let answer: [String: JSONValue] = try await api.postForm(
                        APIRoute.introspect.path(client.resolvedTenant), form: [("token", token)], bearer: api.token
                    )
                    result["introspection"] = .object(JSONObject(answer))
                }
                Render.json(result)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token, or every live credential of an identity or an owner.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The access token to revoke.") var token: String?
        @Option(help: "Revoke every live credential of this identity (id or name).") var identity: String?
        @Option(help: "Revoke every live credential of every identity of this owner.") var owner: String?
        @Option(help: "Revoke the credential with this id (jti).") var jti: String?
        @Option(help: "Why.") var reason: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = RevokeCredentialsRequest(token: token, jti: jti, identity: identity, owner: owner, reason: reason)
                let result = try await client.makeClient().revokeCredentials(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(result) : print("Revoked \(result.revoked) credential(s).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List issued credentials (records, never the tokens).")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only this identity's (id).") var identity: String?
        @Option(help: "At most this many per page (1–1000).") var limit: Int = 100
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.credentials(tenant: client.resolvedTenant, identity: identity, limit: limit, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["JTI", "IDENTITY", "SCOPES", "AUDIENCE", "EXPIRES", "REVOKED"],
                        list.credentials.map {
                            [
                                $0.jti, $0.identityId, $0.scopes.joined(separator: " "), $0.audience, Render.time($0.expiresAt),
                                $0.revokedAt.map(Render.time) ?? "-",
                            ]
                        }
                    )
                }
            }
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The tenant's token-signing keys.",
        subcommands: [List.self, Rotate.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List signing keys (public information only).")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions
        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.signingKeys(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { KeysCommand.table($0.keys) }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rotate: the published next key starts signing; the old key stays published until its tokens expire."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "EdDSA or ES256 (default: both).") var alg: String?
        func run() async throws {
            try await reportingFailures(output: client.output) {
                let keys = try await client.makeClient().rotateKeys(tenant: client.resolvedTenant, algorithm: alg)
                render(keys, output: client.output)
            }
        }
    }

    static func render(_ keys: [SigningKeyView], output: OutputFormat) {
        if output == .json { return Render.json(SigningKeyList(keys: keys)) }
        table(keys)
    }

    static func table(_ keys: [SigningKeyView]) {
        Render.table(
            ["KID", "ALG", "STATE", "CREATED", "PUBLISHED UNTIL"],
            keys.map {
                [$0.kid, $0.algorithm, $0.state, Render.time($0.createdAt), $0.publishUntil.map(Render.time) ?? "-"]
            })
    }
}

private func render(_ keys: [SigningKeyView], output: OutputFormat) { KeysCommand.render(keys, output: output) }
