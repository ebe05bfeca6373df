import Foundation
import LanyardClient
import LanyardCredentials
import LanyardAPI
import LanyardModel

/// Gets access tokens for a workload as the workload itself, optionally bound to a task: `client_credentials` with a
/// fresh `private_key_jwt` assertion per request, or (federation) RFC 8693 exchange of an external OIDC token read
/// afresh from a file on every request (a Kubernetes projected token or a CI token file is rewritten by its issuer).
struct WorkloadTokenSource: Sendable {
    /// How the workload proves itself.
    enum Proof: Sendable {
        case key(SigningKeyMaterial)
        /// A file holding an external issuer's JWT that one of the identity's trusts accepts.
        case federatedTokenFile(String)
    }

    let api: LanyardClient
    let identity: String
    let proof: Proof
    let tokenEndpoint: String
    let revocationEndpoint: String
    /// The tenant's issuer URL, Lanyard's own audience: its task and SVID endpoints take only tokens for it.
    let issuer: String
    let scope: String?
    let ttl: String?
    let audience: String?
    /// Whether to send a DPoP proof made with the identity's key, so the token is bound to it (RFC 9449).
    var dpop = false

    /// Reads the key (or checks the federated token file) and finds the token endpoint by discovery.
    static func make(
        api: LanyardClient, tenant: String, identity: String, keyFile: String?, federatedTokenFile: String? = nil, scope: String?, ttl: String?,
        audience: String?
    ) async throws -> WorkloadTokenSource {
        let proof: Proof
        if let federatedTokenFile {
            _ = try readFederatedToken(federatedTokenFile)
            proof = .federatedTokenFile(federatedTokenFile)
        } else if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile), data.count <= 64 * 1024 else {
                throw LanyardError.invalid("key-file", "Cannot read \(keyFile).")
            }
            proof = .key(try SigningKeyMaterial(pkcs8PEM: String(decoding: data, as: UTF8.self)))
        } else {
            throw LanyardError.invalid("key-file", "Give --key-file or --federated-token-file.")
        }
        let metadata = try await api.discovery(tenant: tenant)
        guard let endpoint = metadata["token_endpoint"]?.stringValue, let revocation = metadata["revocation_endpoint"]?.stringValue,
            let issuer = metadata["issuer"]?.stringValue
        else {
            throw LanyardClientError.unexpectedResponse(200, "discovery has no issuer, token_endpoint or revocation_endpoint")
        }
        return WorkloadTokenSource(
            api: api, identity: identity, proof: proof, tokenEndpoint: endpoint, revocationEndpoint: revocation, issuer: issuer, scope: scope,
            ttl: ttl, audience: audience)
    }

    /// A new token, bound to `task` when given; `ttl` overrides the configured lifetime and `audience` the configured one.
    func token(task: String?, ttl: String? = nil, audience: String? = nil) async throws -> TokenResponse {
        var form: [(String, String)]
        switch proof {
        case .key:
            form = try await clientAuthentication(for: tokenEndpoint)
            form.append(("grant_type", "client_credentials"))
        case .federatedTokenFile(let path):
            form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"),
                ("subject_token", try Self.readFederatedToken(path)), ("client_id", identity),
            ]
        }
        if let scope { form.append(("scope", scope)) }
        if let lifetime = ttl ?? self.ttl { form.append(("ttl", lifetime)) }
        if let audience = audience ?? self.audience { form.append(("audience", audience)) }
        if let task { form.append(("task", task)) }
        guard dpop else { return try await api.postForm(tokenEndpoint, form: form) }
        guard case .key(let key) = self.proof else {
            throw LanyardError.invalid("dpop", "DPoP needs the identity's key file; a federated workload has none.")
        }
        let proof = try await key.dpopProof(method: "POST", url: tokenEndpoint, now: Int64(Date().timeIntervalSince1970))
        return try await api.postForm(tokenEndpoint, form: form, headers: [("DPoP", proof)])
    }

    /// A token Lanyard's own endpoints accept for `task` (its `aud` is the issuer): `current` when it is one, else a new
    /// one-minute token asked for with that audience.
    func lanyardToken(task: String?, current: String) async throws -> String {
        if Self.audience(of: current) == issuer { return current }
        return try await token(task: task, ttl: "60", audience: issuer).accessToken
    }

    /// The `aud` of one of our own tokens, read without verifying it (only to choose which token to send).
    static func audience(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            let claims = try? JSONDecoder().decode([String: JSONValue].self, from: Data(payload))
        else { return nil }
        return claims["aud"]?.stringValue
    }

    /// The external JWT in `path` (whitespace around it dropped), read on every request because its issuer rewrites it.
    static func readFederatedToken(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 16 * 1024 else {
            throw LanyardError.invalid("federated-token-file", "Cannot read \(path) (at most 16 KiB).")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw LanyardError.invalid("federated-token-file", "\(path) is empty.") }
        return token
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
    /// Revokes `token` (RFC 7009), authenticating with a fresh assertion; errors are the caller's to ignore. A
    /// federated workload has no key to authenticate with, so this throws for it (its one-minute bootstrap token
    /// is left to expire).
    func revoke(_ token: String) async throws {
        let _: EmptyResponse = try await api.postForm(revocationEndpoint, form: try await clientAuthentication(for: revocationEndpoint) + [("token", token)])
    }

    /// `client_id` and a fresh one-minute `private_key_jwt` assertion for `endpoint` (its `aud`; Lanyard accepts an
    /// assertion only at the endpoint it names, or the issuer), with a new `jti`.
    private func clientAuthentication(for endpoint: String) async throws -> [(String, String)] {
        guard case .key(let key) = proof else {
            throw LanyardError.invalid("key-file", "A federated workload has no key to authenticate with.")
        }
        let now = Int64(Date().timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        let assertion = try await key.sign(
            ClientAssertionClaims(
                iss: identity, sub: identity, aud: [endpoint], exp: now + 60, iat: now,
                jti: IdentifierFormat.make(prefix: "jti", using: &generator)))
        return [
            ("client_id", identity), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", assertion),
        ]
    }
}
