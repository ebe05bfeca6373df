import Crypto
import Foundation
import LanyardCredentials
import LanyardModel
import Testing

@Suite("Signing keys, thumbprints and sealing at rest")
struct KeyMaterialTests {
    @Test("the RFC 8037 appendix A.3 Ed25519 thumbprint is reproduced")
    func rfc8037Thumbprint() {
        let members = ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"]
        #expect(JWKThumbprint.compute(members) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test("a key round-trips through PKCS#8 PEM and keeps its thumbprint", arguments: SigningAlgorithm.allCases)
    func pemRoundTrip(algorithm: SigningAlgorithm) throws {
        let key = SigningKeyMaterial.generate(algorithm)
        let again = try SigningKeyMaterial(pkcs8PEM: key.pkcs8PEM)
        #expect(again.thumbprint == key.thumbprint)
        #expect(again.algorithm == algorithm)
        #expect(key.publicJWK["kid"] == .string(key.thumbprint))
        #expect(key.publicJWK["d"] == nil)
    }

    @Test("garbage PEM is refused")
    func badPEM() {
        #expect(throws: LanyardError.self) { try SigningKeyMaterial(pkcs8PEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----") }
    }

    @Test("sealed keys open only with the same KEK and the same tenant/kid context")
    func sealing() throws {
        let (kek, encoded) = KeyEncryptionKey.generate()
        let secret: [UInt8] = Array(repeating: 7, count: 32)
        let sealed = try kek.seal(secret, context: "default/kid1")
        #expect(try kek.open(sealed, context: "default/kid1") == secret)
        #expect(try KeyEncryptionKey(encoded: encoded).open(sealed, context: "default/kid1") == secret)
        #expect(throws: LanyardError.self) { try kek.open(sealed, context: "acme/kid1") }
        #expect(throws: LanyardError.self) { try KeyEncryptionKey.generate().0.open(sealed, context: "default/kid1") }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 1
        #expect(throws: LanyardError.self) { try kek.open(tampered, context: "default/kid1") }
    }

    @Test("a KEK must be exactly 32 bytes of base64")
    func kekFormat() {
        for bad in ["", "c2hvcnQ=", "not base64 at all!", Data(repeating: 1, count: 31).base64EncodedString()] {
            #expect(throws: LanyardError.self) { try KeyEncryptionKey(encoded: bad) }
        }
    }

    @Test("the key ring signs at+jwt tokens it verifies, and no other tenant's or type's")
    func ringRoundTrip() async throws {
        let ring = KeyRing(kek: KeyEncryptionKey.generate().0)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for tenant in ["a", "b"] {
            let records = try [SigningKeyState.active, .next].flatMap { state in
                try SigningAlgorithm.allCases.map { try ring.seal(.generate($0), tenant: tenant, state: state, createdAt: now) }
            }
            try await ring.load(tenant: tenant, records: records, now: now)
        }
        let claims = AccessTokenClaims(
            iss: "i", sub: "s", aud: "a", exp: 2, iat: 1, jti: "j", scope: "read", owner: "o", env: "dev", stage: "managed", spiffeId: "spiffe://x/y/z")
        for algorithm in SigningAlgorithm.allCases {
            let token = try await ring.sign(claims, tenant: "a", algorithm: algorithm)
            #expect(try JOSEHeader(compact: token).typ == "at+jwt")
            #expect(await ring.verifySignature(token, tenant: "a") == claims)
            #expect(await ring.verifySignature(token, tenant: "b") == nil)
        }
        let other = try await SigningKeyMaterial.generate(.eddsa).sign(claims, type: "at+jwt")
        #expect(await ring.verifySignature(other, tenant: "a") == nil)
        if case .object(let jwks)? = ring.jwks(tenant: "a"), case .array(let keys)? = jwks["keys"] {
            #expect(keys.count == 4)
        } else {
            Issue.record("no JWKS")
        }
    }
}
