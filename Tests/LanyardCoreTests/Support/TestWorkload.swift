import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardTesting

@testable import LanyardCore

/// A registered identity of the `default` tenant with its client key, asking the token endpoint for tokens as a real
/// workload does (`client_credentials` with a `private_key_jwt` assertion).
struct TestWorkload {
    var identity: Identity
    var key: SigningKeyMaterial

    /// Registers `name` (owned by `owner`, from `template`) with a new Ed25519 key.
    static func register(_ env: TestEnvironment, _ name: String, owner: String = "alice", template: String? = nil) async throws -> TestWorkload {
        let key = SigningKeyMaterial.generate(.eddsa)
        let identity = try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: owner, purpose: "testing", template: template, publicKeys: [key.publicJWK]),
            tenant: "default", by: env.platformAdmin)
        return TestWorkload(identity: identity, key: key)
    }

    /// A `client_credentials` request for `scope`, with a fresh assertion for `urls`' token endpoint and `proofs` as
    /// its DPoP headers.
    func tokenRequest(_ env: TestEnvironment, urls: IssuerURLs, scope: String = "read", proofs: [String] = []) async throws -> TokenRequest {
        var generator = SystemRandomNumberGenerator()
        let id = identity.id
        let now = Int64(env.clock.now().timeIntervalSince1970)
        let assertion = try await key.sign(
            ClientAssertionClaims(
                iss: id, sub: id, aud: [urls.tokenEndpoint], exp: now + 60, iat: now, jti: IdentifierFormat.make(prefix: "jti", using: &generator)))
        let form = [
            "grant_type": "client_credentials", "client_id": id, "client_assertion_type": TokenRequest.jwtBearer, "client_assertion": assertion,
            "scope": scope,
        ]
        return TokenRequest(form: form, dpopProofs: proofs)
    }
}
