import Foundation
import LanyardCredentials
import LanyardModel
import Testing

@Suite("private_key_jwt client assertions")
struct ClientAssertionVerifierTests {
    let now: Int64 = 1_800_000_000
    let audience = "https://lanyard.example/t/default"

    func claims(iss: String = "idn_1", aud: [String]? = nil, exp: Int64? = nil, nbf: Int64? = nil, jti: String = "j1") -> ClientAssertionClaims {
        ClientAssertionClaims(iss: iss, sub: iss, aud: aud ?? [audience], exp: exp ?? now + 60, iat: now, nbf: nbf, jti: jti)
    }

    func verify(_ token: String, key: SigningKeyMaterial) async throws -> ClientAssertionClaims {
        try await ClientAssertionVerifier().verify(token, clientID: "idn_1", keys: [key.publicJWK], audiences: [audience], now: now)
    }

    @Test("a well-formed assertion verifies", arguments: SigningAlgorithm.allCases)
    func accepts(algorithm: SigningAlgorithm) async throws {
        let key = SigningKeyMaterial.generate(algorithm)
        let token = try await key.sign(claims())
        #expect(try await verify(token, key: key).jti == "j1")
    }

    @Test(
        "assertions that break a rule are refused as invalid_client",
        arguments: [
            "iss", "aud", "expired", "too long", "not yet", "other key",
        ])
    func refuses(rule: String) async throws {
        let key = SigningKeyMaterial.generate(.eddsa)
        var signer = key
        let bad: ClientAssertionClaims
        switch rule {
        case "iss": bad = claims(iss: "idn_2")
        case "aud": bad = claims(aud: ["https://elsewhere.example"])
        case "expired": bad = claims(exp: now - 120)
        case "too long": bad = claims(exp: now + 86_400)
        case "not yet": bad = claims(nbf: now + 600)
        default:
            bad = claims()
            signer = SigningKeyMaterial.generate(.eddsa)
        }
        let token = try await signer.sign(bad)
        await #expect(throws: OAuthError(.invalidClient, "")) { try await verify(token, key: key) }
    }

    @Test("alg none and HMAC are refused before any key is used")
    func refusesNoneAndHMAC() async throws {
        let key = SigningKeyMaterial.generate(.eddsa)
        let payload = Base64URL.encode(Array(#"{"iss":"idn_1","sub":"idn_1","aud":"\#(audience)","exp":\#(now + 60),"jti":"x"}"#.utf8))
        for header in [#"{"alg":"none"}"#, #"{"alg":"HS256"}"#, #"{"alg":"ES256K"}"#, #"{"typ":"JWT"}"#] {
            let token = Base64URL.encode(Array(header.utf8)) + "." + payload + "." + Base64URL.encode([1, 2, 3])
            await #expect(throws: OAuthError(.invalidClient, "")) { try await verify(token, key: key) }
        }
    }

    @Test("a key of another type is never used for an alg")
    func keyTypeMustMatch() async throws {
        let edKey = SigningKeyMaterial.generate(.eddsa)
        let ecKey = SigningKeyMaterial.generate(.es256)
        let token = try await ecKey.sign(claims())
        await #expect(throws: OAuthError(.invalidClient, "")) { try await verify(token, key: edKey) }
    }
}
