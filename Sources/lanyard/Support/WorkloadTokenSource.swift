import Foundation
import LanyardClient
import LanyardCredentials
import LanyardModel

/// Gets access tokens for a workload as the workload itself: `client_credentials` with a fresh
/// `private_key_jwt` assertion per request, optionally bound to a task.
struct WorkloadTokenSource: Sendable {
    let api: LanyardClient
    let identity: String
    let key: SigningKeyMaterial
    let tokenEndpoint: String
    let revocationEndpoint: String
    let scope: String?
    let ttl: String?
    let audience: String?
    /// Whether to send a DPoP proof made with the identity's key, so the token is bound to it (RFC 9449).
    var dpop = false

    /// Reads the key and finds the token endpoint by discovery.
    static func make(
        api: LanyardClient, tenant: String, identity: String, keyFile: String, scope: String?, ttl: String?, audience: String?
    ) async throws -> WorkloadTokenSource {
        guard let data = FileManager.default.contents(atPath: keyFile), data.count <= 64 * 1024 else {
            throw LanyardError.invalid("key-file", "Cannot read \(keyFile).")
        }
        let key = try SigningKeyMaterial(pkcs8PEM: String(decoding: data, as: UTF8.self))
        let metadata = try await api.discovery(tenant: tenant)
        guard let endpoint = metadata["token_endpoint"]?.stringValue, let revocation = metadata["revocation_endpoint"]?.stringValue else {
            throw LanyardClientError.unexpectedResponse(200, "discovery has no token_endpoint or revocation_endpoint")
        }
        return WorkloadTokenSource(
            api: api, identity: identity, key: key, tokenEndpoint: endpoint, revocationEndpoint: revocation, scope: scope, ttl: ttl,
            audience: audience)
    }

    /// A new token, bound to `task` when given; `ttl` overrides the configured lifetime.
    func token(task: String?, ttl: String? = nil) async throws -> TokenResponse {
        var form = try await clientAuthentication()
        form.append(("grant_type", "client_credentials"))
        if let scope { form.append(("scope", scope)) }
        if let lifetime = ttl ?? self.ttl { form.append(("ttl", lifetime)) }
        if let audience { form.append(("audience", audience)) }
        if let task { form.append(("task", task)) }
        guard dpop else { return try await api.postForm(tokenEndpoint, form: form) }
        let proof = try await key.dpopProof(method: "POST", url: tokenEndpoint, now: Int64(Date().timeIntervalSince1970))
        return try await api.postForm(tokenEndpoint, form: form, headers: [("DPoP", proof)])
    }

    /// Writes `token` to `path` atomically (a 0600 temporary file renamed over it), so a reader never sees half a token.
    static func writeAtomically(_ token: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LanyardError(.invalidConfiguration, "Cannot write \(temporary).")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw LanyardError(.invalidConfiguration, "Cannot replace \(path).")
        }
    }
}

extension WorkloadTokenSource {
    /// Revokes `token` (RFC 7009), authenticating with a fresh assertion; errors are the caller's to ignore.
    func revoke(_ token: String) async throws {
        let _: EmptyResponse = try await api.postForm(revocationEndpoint, form: try await clientAuthentication() + [("token", token)])
    }

    /// `client_id` and a fresh one-minute `private_key_jwt` assertion (`aud` = the token endpoint, a new `jti`).
    private func clientAuthentication() async throws -> [(String, String)] {
        let now = Int64(Date().timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        let assertion = try await key.sign(
            ClientAssertionClaims(
                iss: identity, sub: identity, aud: [tokenEndpoint], exp: now + 60, iat: now,
                jti: IdentifierFormat.make(prefix: "jti", using: &generator)))
        return [
            ("client_id", identity), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion),
        ]
    }
}
