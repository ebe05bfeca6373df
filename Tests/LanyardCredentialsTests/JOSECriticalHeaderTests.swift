import Crypto
import Foundation
@testable import LanyardCredentials
import LanyardModel
import Testing

/// RFC 7515 §4.1.11: a recipient must refuse a JWS whose `crit` lists an extension it does not understand, and `crit`
/// may be neither empty nor list registered header names. Lanyard understands no extension, so every JWS it is handed
/// with a `crit` header is refused: client assertions, DPoP proofs, its own access tokens, external (federated) tokens.
@Suite("JOSE crit headers are refused")
struct JOSECriticalHeaderTests {
    let now: Int64 = 1_800_000_000
    let audience = "https://lanyard.example/t/default"

    /// A compact JWS of `header` and `payload` (JSON texts), signed with the Ed25519 `key`.
    func signed(header: String, payload: String, key: SigningKeyMaterial) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try Curve25519.Signing.PrivateKey(rawRepresentation: key.raw).signature(for: Array(input.utf8))
        return input + "." + Base64URL.encode(Array(signature))
    }

    @Test("the JOSE header reader refuses crit, whatever it lists", arguments: [#"["exp"]"#, #"["urn:example:x"]"#, "[]", #""exp""#, "null"])
    func headerRefusesCrit(crit: String) throws {
        let token = Base64URL.encode(Array(#"{"alg":"EdDSA","crit":\#(crit)}"#.utf8)) + ".e30.AA"
        let error = #expect(throws: LanyardError.self) { try JOSEHeader(compact: token) }
        #expect(error?.field == "crit")
        #expect(error?.message.contains("crit") == true)
        let plain = Base64URL.encode(Array(#"{"alg":"EdDSA"}"#.utf8)) + ".e30.AA"
        #expect(try JOSEHeader(compact: plain).alg == "EdDSA")
    }

    @Test("a correctly signed client assertion with crit is refused as invalid_client naming crit")
    func assertionRefusesCrit() async throws {
        let key = SigningKeyMaterial.generate(.eddsa)
        let payload = #"{"iss":"idn_1","sub":"idn_1","aud":"\#(audience)","exp":\#(now + 60),"jti":"j1"}"#
        let verifier = ClientAssertionVerifier()
        let plain = try signed(header: #"{"alg":"EdDSA"}"#, payload: payload, key: key)
        #expect(try await verifier.verify(plain, clientID: "idn_1", keys: [key.publicJWK], audiences: [audience], now: now).jti == "j1")
        let critical = try signed(header: #"{"alg":"EdDSA","crit":["exp"]}"#, payload: payload, key: key)
        let error = await #expect(throws: OAuthError.self) {
            try await verifier.verify(critical, clientID: "idn_1", keys: [key.publicJWK], audiences: [audience], now: now)
        }
        #expect(error?.code == .invalidClient)
        #expect(error?.description.contains("crit") == true)
    }

    @Test("an access token signed with the tenant's key but carrying crit does not verify")
    func ringRefusesCrit() async throws {
        let ring = KeyRing(kek: KeyEncryptionKey.generate().0)
        let material = SigningKeyMaterial.generate(.eddsa)
        let date = Date(timeIntervalSince1970: TimeInterval(now))
        try await ring.load(tenant: "t", records: [try ring.seal(material, tenant: "t", state: .active, createdAt: date)], now: date)
        let claims = AccessTokenClaims(
            iss: audience, sub: "idn_1", aud: audience, exp: now + 60, iat: now, jti: "cred_1", scope: "read", owner: "alice", env: "sandbox",
            stage: "prototype", spiffeId: "spiffe://lanyard.local/agent/x")
        let kid = material.thumbprint
        let plain = try signed(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"at+jwt"}"#, payload: claims.payloadJSON, key: material)
        #expect(await ring.verifySignature(plain, tenant: "t") == claims)
        let critical = try signed(
            header: #"{"alg":"EdDSA","crit":["urn:example:x"],"kid":"\#(kid)","typ":"at+jwt","urn:example:x":true}"#, payload: claims.payloadJSON,
            key: material)
        #expect(await ring.verifySignature(critical, tenant: "t") == nil)
    }

    @Test("a DPoP proof with crit is refused as invalid_dpop_proof naming crit")
    func dpopRefusesCrit() async throws {
        let maker = ProofMaker.ed25519()
        let verifier = DPoPProofVerifier()
        let plain = try maker.compact(header: maker.header(), claims: maker.claims(now: now))
        _ = try await verifier.verify(plain, method: "POST", url: DPoPProofTests.url, accessToken: nil, now: now)
        let critical = try maker.compact(header: maker.header(["crit": ["urn:example:x"], "urn:example:x": 1]), claims: maker.claims(now: now))
        let error = await #expect(throws: OAuthError.self) {
            try await verifier.verify(critical, method: "POST", url: DPoPProofTests.url, accessToken: nil, now: now)
        }
        #expect(error?.code == .invalidDPoPProof)
        #expect(error?.description.contains("crit") == true)
    }
}
