import Crypto
import Foundation
import LanyardCredentials
import LanyardModel
import Testing

/// Builds DPoP proofs by hand (header, claims and signature under the test's control), so each rule of RFC 9449
/// §4.3 can be broken on its own.
struct ProofMaker {
    enum Key {
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    var key: Key

    static func p256() -> ProofMaker { ProofMaker(key: .p256(P256.Signing.PrivateKey())) }
    static func ed25519() -> ProofMaker { ProofMaker(key: .ed25519(Curve25519.Signing.PrivateKey())) }

    var alg: String {
        switch key {
        case .p256: "ES256"
        case .ed25519: "EdDSA"
        }
    }

    /// The public JWK members.
    var jwk: [String: String] {
        switch key {
        case .p256(let key):
            let point = Array(key.publicKey.x963Representation)
            return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(point[1..<33]), "y": Base64URL.encode(point[33..<65])]
        case .ed25519(let key):
            return ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(key.publicKey.rawRepresentation)]
        }
    }

    func sign(_ input: [UInt8]) throws -> [UInt8] {
        switch key {
        case .p256(let key): Array(try key.signature(for: Data(input)).rawRepresentation)
        case .ed25519(let key): Array(try key.signature(for: Data(input)))
        }
    }

    func compact(header: [String: Any], claims: [String: Any], signature: (([UInt8]) throws -> [UInt8])? = nil) throws -> String {
        let headerText = Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: .sortedKeys))
        let claimsText = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let input = Array("\(headerText).\(claimsText)".utf8)
        return "\(headerText).\(claimsText).\(Base64URL.encode(try (signature ?? sign)(input)))"
    }

    func header(_ changes: [String: Any?] = [:]) -> [String: Any] {
        var header: [String: Any] = ["typ": "dpop+jwt", "alg": alg, "jwk": jwk]
        for (name, value) in changes { header[name] = value }
        return header
    }

    func claims(now: Int64, _ changes: [String: Any?] = [:]) -> [String: Any] {
        var claims: [String: Any] = ["jti": UUID().uuidString, "htm": "POST", "htu": DPoPProofTests.url, "iat": now]
        for (name, value) in changes { claims[name] = value }
        return claims
    }
}

@Suite("DPoP proofs (RFC 9449 §4.3) and JWK thumbprints (RFC 7638)")
struct DPoPProofTests {
    static let url = "https://lanyard.example/t/default/oauth2/token"
    let now: Int64 = 1_800_000_000

    func verify(_ proof: String, method: String = "POST", url: String = Self.url, token: String? = nil) async throws -> VerifiedDPoPProof {
        try await DPoPProofVerifier().verify(proof, method: method, url: url, accessToken: token, now: now)
    }

    func expectRefused(_ proof: String, method: String = "POST", url: String = Self.url, token: String? = nil) async {
        await #expect(throws: OAuthError(.invalidDPoPProof, "")) { try await verify(proof, method: method, url: url, token: token) }
    }

    @Test("RFC 7638 §3.1's example RSA key has the published thumbprint")
    func rfc7638Example() throws {
        let n =
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        let expected = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        #expect(JWKThumbprint.compute(["kty": "RSA", "n": n, "e": "AQAB"]) == expected)
        let jwk: JSONValue = .object(["kty": .string("RSA"), "n": .string(n), "e": .string("AQAB"), "alg": .string("RS256"), "kid": .string("2011-04-29")])
        #expect(try DPoPPublicKey(jwk: jwk, algorithm: "RS256").thumbprint == expected)
    }

    @Test("a well-formed proof verifies and names its key's thumbprint", arguments: ["ES256", "EdDSA"])
    func accepts(alg: String) async throws {
        let maker = alg == "ES256" ? ProofMaker.p256() : ProofMaker.ed25519()
        let proof = try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["jti": "proof-1"]))
        let verified = try await verify(proof)
        #expect(verified.jkt == JWKThumbprint.compute(maker.jwk))
        #expect(verified.jti == "proof-1")
        #expect(verified.iat == now)
    }

    @Test("a proof from SigningKeyMaterial.dpopProof verifies, with ath for a token")
    func libraryProof() async throws {
        let key = SigningKeyMaterial.generate(.es256)
        let proof = try await key.dpopProof(method: "GET", url: Self.url, accessToken: "token-1", now: now)
        #expect(try await verify(proof, method: "GET", token: "token-1").jkt == key.thumbprint)
        await expectRefused(proof, method: "GET", token: "token-2")
    }

    @Test("htu is compared without query and fragment, scheme and host without case")
    func htuNormalisation() async throws {
        let maker = ProofMaker.ed25519()
        let withQuery = try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["htu": Self.url + "?a=b#frag"]))
        _ = try await verify(withQuery)
        let upper = try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["htu": "HTTPS://LANYARD.example/t/default/oauth2/token"]))
        _ = try await verify(upper)
        let otherPath = try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["htu": "https://lanyard.example/t/default/oauth2/TOKEN"]))
        await expectRefused(otherPath)
    }

    @Test(
        "proofs that break a rule are refused as invalid_dpop_proof",
        arguments: [
            "no typ", "typ JWT", "alg none", "alg HS256", "alg RS512", "no jwk", "private jwk", "jwk of another type", "jwk on another curve",
            "short x", "jwk declares another alg", "other key signed", "no jti", "long jti", "no htm", "wrong htm", "no htu", "wrong htu",
            "no iat", "string iat", "stale iat", "future iat", "no ath", "wrong ath", "not a jwt", "too long",
        ])
    func refuses(rule: String) async throws {
        let maker = ProofMaker.p256()
        let other = ProofMaker.p256()
        var header = maker.header()
        var claims = maker.claims(now: now)
        var token: String?
        var signature: (([UInt8]) throws -> [UInt8])?
        switch rule {
        case "no typ": header["typ"] = nil
        case "typ JWT": header["typ"] = "JWT"
        case "alg none":
            header["alg"] = "none"
            signature = { _ in [] }
        case "alg HS256":
            header["alg"] = "HS256"
            signature = { input in Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Array("secret".utf8)))) }
        case "alg RS512": header["alg"] = "RS512"
        case "no jwk": header["jwk"] = nil
        case "private jwk":
            guard case .p256(let key) = maker.key else { return }
            var jwk = maker.jwk
            jwk["d"] = Base64URL.encode(key.rawRepresentation)
            header["jwk"] = jwk
        case "jwk of another type": header["jwk"] = ProofMaker.ed25519().jwk
        case "jwk on another curve":
            var jwk = maker.jwk
            jwk["crv"] = "P-384"
            header["jwk"] = jwk
        case "short x":
            var jwk = maker.jwk
            jwk["x"] = "AAAA"
            header["jwk"] = jwk
        case "jwk declares another alg":
            var jwk = maker.jwk
            jwk["alg"] = "ES384"
            header["jwk"] = jwk
        case "other key signed": signature = other.sign
        case "no jti": claims["jti"] = nil
        case "long jti": claims["jti"] = String(repeating: "j", count: 257)
        case "no htm": claims["htm"] = nil
        case "wrong htm": claims["htm"] = "GET"
        case "no htu": claims["htu"] = nil
        case "wrong htu": claims["htu"] = "https://lanyard.example/t/other/oauth2/token"
        case "no iat": claims["iat"] = nil
        case "string iat": claims["iat"] = String(now)
        case "stale iat": claims["iat"] = now - 61
        case "future iat": claims["iat"] = now + 61
        case "no ath": token = "access-token"
        case "wrong ath":
            token = "access-token"
            claims["ath"] = Base64URL.encode(SHA256.hash(data: Array("another-token".utf8)))
        case "not a jwt":
            await expectRefused("not.a-jwt")
            return
        default:
            await expectRefused(String(repeating: "a", count: 9000))
            return
        }
        let proof = try maker.compact(header: header, claims: claims, signature: signature)
        await expectRefused(proof, token: token)
    }

    @Test("iat at the edges of the window is accepted")
    func windowEdges() async throws {
        let maker = ProofMaker.ed25519()
        for iat in [now - 60, now + 60] {
            _ = try await verify(try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["iat": iat])))
        }
    }

    @Test("a matching ath is accepted")
    func athAccepted() async throws {
        let maker = ProofMaker.ed25519()
        let ath = Base64URL.encode(SHA256.hash(data: Array("access-token".utf8)))
        _ = try await verify(try maker.compact(header: maker.header(), claims: maker.claims(now: now, ["ath": ath])), token: "access-token")
    }
}

@Suite("DPoP replay cache")
struct DPoPReplayCacheTests {
    @Test("a proof jti is accepted once per key and tenant until it is stale")
    func replay() {
        let cache = DPoPReplayCache()
        #expect(cache.insert(tenant: "a", jkt: "k1", jti: "j1", expiresAt: 160, now: 100))
        #expect(!cache.insert(tenant: "a", jkt: "k1", jti: "j1", expiresAt: 160, now: 150))
        #expect(cache.insert(tenant: "b", jkt: "k1", jti: "j1", expiresAt: 160, now: 150))
        #expect(cache.insert(tenant: "a", jkt: "k2", jti: "j1", expiresAt: 160, now: 150))
        #expect(cache.insert(tenant: "a", jkt: "k1", jti: "j1", expiresAt: 230, now: 170))
    }

    @Test("a tenant's full share refuses new proofs until entries go stale, and spares other tenants")
    func bounded() {
        let cache = DPoPReplayCache(capacityPerTenant: 2)
        #expect(cache.insert(tenant: "a", jkt: "k", jti: "1", expiresAt: 160, now: 100))
        #expect(cache.insert(tenant: "a", jkt: "k", jti: "2", expiresAt: 160, now: 100))
        #expect(!cache.insert(tenant: "a", jkt: "k", jti: "3", expiresAt: 160, now: 100))
        #expect(cache.insert(tenant: "b", jkt: "k", jti: "3", expiresAt: 160, now: 100))
        #expect(cache.insert(tenant: "a", jkt: "k", jti: "3", expiresAt: 230, now: 170))
    }
}
