import Foundation
import JWTKit
public import LanyardModel
import Synchronization

/// Verifies RFC 7523 client assertions (`private_key_jwt`) against an identity's registered public keys.
///
/// Checked, in order: the JOSE header (no `crit`, an accepted asymmetric `alg`, never `none` or HMAC), the signature with a
/// registered key of the matching type (and `kid`, when the header names one), then the claims: `iss` and `sub`
/// are the client id, `aud` names one of `audiences` (the caller passes the issuer and the URL of the endpoint the
/// assertion is presented to, never every endpoint: an assertion is for one endpoint), `exp` is in the future but not more than ``maxLifetime`` away,
/// `nbf`/`iat` are not in the future (``leeway`` allowed), and a `jti` is present. Replay is checked by the caller.
public struct ClientAssertionVerifier: Sendable {
    /// Longest assertion lifetime accepted, from now (seconds).
    public var maxLifetime: Int64 = 3600
    /// Clock skew tolerated (seconds).
    public var leeway: Int64 = 30
    /// Verification key collections for registered keys: parsing a JWK costs more than verifying a signature.
    let collections: KeyCollectionCache

    /// - Parameter keys: where parsed keys are kept (the node's, from its state; a new one by default).
    public init(keys: KeyCollectionCache = KeyCollectionCache()) {
        collections = keys
    }

    /// - Parameters:
    ///   - assertion: the compact JWS from `client_assertion`.
    ///   - clientID: the identity the assertion must be for.
    ///   - keys: the identity's registered public JWKs.
    ///   - audiences: acceptable `aud` values: the issuer and the URL of the endpoint the assertion is presented to.
    ///   - now: the current time, Unix seconds.
    /// - Throws: ``OAuthError`` `invalid_client` with a sentence saying what failed.
    public func verify(
        _ assertion: String, clientID: String, keys: [JSONValue], audiences: Set<String>, now: Int64
    ) async throws -> ClientAssertionClaims {
        let header: JOSEHeader
        do {
            header = try JOSEHeader(compact: assertion)
        } catch let error as LanyardError where error.field == JOSEHeader.critical {
            throw OAuthError(.invalidClient, "client_assertion: \(error.message)")
        } catch {
            throw OAuthError(.invalidClient, "client_assertion is not a compact JWS with an alg header.")
        }
        guard JOSEHeader.acceptedAlgorithms.contains(header.alg) else {
            throw OAuthError(.invalidClient, "client_assertion alg '\(header.alg.prefix(16))' is not accepted; use EdDSA, ES256, ES384, RS256 or PS256.")
        }
        var candidates: [JWTKeyCollection] = []
        for key in keys {
            if let collection = try? await collections.collection(for: key, alg: header.alg, kid: header.kid) { candidates.append(collection) }
        }
        guard !candidates.isEmpty else {
            throw OAuthError(
                .invalidClient,
                "No registered key of this client matches the assertion's alg \(header.alg)\(header.kid.map { " and kid \($0.prefix(64))" } ?? "").")
        }
        var verified: ClientAssertionClaims?
        for candidate in candidates {
            do {
                verified = try await candidate.verify(assertion, as: ClientAssertionClaims.self)
                break
            } catch {
                continue
            }
        }
        guard let claims = verified else {
            throw OAuthError(.invalidClient, "The client_assertion signature does not verify with the client's registered keys, or its claims are malformed.")
        }
        guard claims.iss == clientID, claims.sub == clientID else {
            throw OAuthError(.invalidClient, "client_assertion iss and sub must both be the client id.")
        }
        guard claims.aud.contains(where: audiences.contains) else {
            throw OAuthError(
                .invalidClient,
                "client_assertion aud must be this server's issuer or the URL of the endpoint it is sent to; an assertion for another endpoint is refused."
            )
        }
        guard claims.exp > now - leeway else { throw OAuthError(.invalidClient, "client_assertion has expired.") }
        guard claims.exp <= now + maxLifetime else {
            throw OAuthError(.invalidClient, "client_assertion exp is more than \(maxLifetime / 60) minutes away; use short-lived assertions.")
        }
        if let nbf = claims.nbf, nbf > now + leeway { throw OAuthError(.invalidClient, "client_assertion is not valid yet (nbf).") }
        if let iat = claims.iat, iat > now + leeway { throw OAuthError(.invalidClient, "client_assertion iat is in the future.") }
        guard !claims.jti.isEmpty, claims.jti.utf8.count <= 256 else {
            throw OAuthError(.invalidClient, "client_assertion needs a jti of at most 256 bytes.")
        }
        return claims
    }

    /// The registered key as a JWK jwt-kit can verify `alg` with, or `nil` when it cannot be used for `alg`.
    static func verificationJWK(_ key: JSONValue, alg: String, kid: String?) -> String? {
        guard case .object(var members) = key, let kty = members["kty"]?.stringValue else { return nil }
        let crv = members["crv"]?.stringValue
        let fits: Bool
        switch alg {
        case "EdDSA": fits = kty == "OKP" && crv == "Ed25519"
        case "ES256": fits = kty == "EC" && crv == "P-256"
        case "ES384": fits = kty == "EC" && crv == "P-384"
        case "RS256", "PS256": fits = kty == "RSA"
        default: fits = false
        }
        guard fits else { return nil }
        if let declared = members["alg"]?.stringValue, declared != alg { return nil }
        var strings: [String: String] = [:]
        for (name, value) in members { if let text = value.stringValue { strings[name] = text } }
        let keyID = members["kid"]?.stringValue ?? JWKThumbprint.compute(strings)
        if let kid, kid != keyID, kid != JWKThumbprint.compute(strings) { return nil }
        members["kid"] = .string(keyID)
        members["alg"] = .string(alg)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(JSONValue.object(members)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// jwt-kit key collections for registered public keys, by the key as registered and the header's `alg` and `kid`
/// (`nil` when the key cannot verify that `alg`/`kid`): turning a JWK into a verifier costs more than verifying a
/// signature. Bounded: emptied when full. Keyed by the key material itself, so an entry can never be stale: a changed
/// or removed key is simply a key nobody asks for any more.
public final class KeyCollectionCache: Sendable {
    private struct Key: Hashable {
        var jwk: JSONValue
        var alg: String
        var kid: String?
    }

    private let entries = Mutex([Key: JWTKeyCollection?]())
    private let byText = Mutex([String: JWTKeyCollection]())
    private let capacity = 10_000

    public init() {}

    /// The collection for a JWK already in the form jwt-kit reads (with `kid` and `alg`).
    func collection(for jwk: String) async throws -> JWTKeyCollection {
        if let cached = byText.withLock({ $0[jwk] }) { return cached }
        let collection = JWTKeyCollection()
        try await collection.add(jwk: JWK(json: jwk))
        byText.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[jwk] = collection
        }
        return collection
    }

    func collection(for jwk: JSONValue, alg: String, kid: String?) async throws -> JWTKeyCollection? {
        let key = Key(jwk: jwk, alg: alg, kid: kid)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        var collection: JWTKeyCollection?
        if let text = ClientAssertionVerifier.verificationJWK(jwk, alg: alg, kid: kid) {
            let keys = JWTKeyCollection()
            try await keys.add(jwk: JWK(json: text))
            collection = keys
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = .some(collection)
        }
        return collection
    }
}
