import Foundation
import JWTKit
import LanyardModel
import Testing

@testable import LanyardCredentials

@Suite("Direct JWT signing (no Codable round trip)")
struct CompactJWSSignerTests {
    static let full = AccessTokenClaims(
        iss: "https://lanyard.example/t/a", sub: "idn_1", aud: "crm", exp: 1_800_000_600, iat: 1_800_000_000, jti: "cred_1",
        scope: "read write", owner: "alice \"a\" \\ é\u{7}", env: "prod", stage: "managed", spiffeId: "spiffe://a/agent/x", task: "tsk_1",
        act: ActorClaim(sub: "idn_1", act: ActorClaim(sub: "idn_0", act: nil)), parentJTI: "cred_0", cnf: ConfirmationClaim(jkt: "abc-_"))

    @Test("payloads decode to the same claims and say what JSONEncoder says")
    func payloads() throws {
        let minimal = AccessTokenClaims(
            iss: "i", sub: "s", aud: "a", exp: 2, iat: 1, jti: "j", scope: "read", owner: "o", env: "dev", stage: "managed", spiffeId: "spiffe://x/y/z")
        for claims in [Self.full, minimal] {
            let direct = Data(try claims.payloadJSON.utf8)
            #expect(try JSONDecoder().decode(AccessTokenClaims.self, from: direct) == claims)
            let viaEncoder = try LanyardJSON.encoder().encode(claims)
            #expect(try JSONDecoder().decode(JSONValue.self, from: direct) == JSONDecoder().decode(JSONValue.self, from: viaEncoder))
        }
        let svid = JWTSVIDClaims(sub: "spiffe://a/agent/x", aud: ["crm", "mail"], exp: 20, iat: 10, jti: "svid_1")
        #expect(try JSONDecoder().decode(JWTSVIDClaims.self, from: Data(try svid.payloadJSON.utf8)) == svid)
        // Byte for byte what JSONEncoder writes (sorted members), from the one Codable field list.
        #expect(try Self.full.payloadJSON == String(decoding: try LanyardJSON.encoder().encode(Self.full), as: UTF8.self))
        #expect(try svid.payloadJSON == String(decoding: try LanyardJSON.encoder().encode(svid), as: UTF8.self))
    }

    @Test("jwt-kit verifies what the ring signs, with both algorithms, and reads the header it expects")
    func verifiedByJWTKit() async throws {
        for algorithm in SigningAlgorithm.allCases {
            let material = SigningKeyMaterial.generate(algorithm)
            let signer = try CompactJWSSigner(material)
            let token = try signer.sign(payload: try Self.full.payloadJSON, type: AccessTokenClaims.type)
            let header = try JOSEHeader(compact: token)
            #expect(header.alg == algorithm.rawValue && header.kid == material.thumbprint && header.typ == "at+jwt")
            let keys = JWTKeyCollection()
            try await material.add(to: keys)
            #expect(try await keys.verify(token, as: AccessTokenClaims.self) == Self.full)
            // A changed payload no longer verifies.
            let parts = token.split(separator: ".")
            let forged = [String(parts[0]), Base64URL.encode(Array(#"{"sub":"idn_2"}"#.utf8)), String(parts[2])].joined(separator: ".")
            await #expect(throws: (any Error).self) { try await keys.verify(forged, as: AccessTokenClaims.self) }
        }
        let svid = JWTSVIDClaims(sub: "spiffe://a/agent/x", aud: ["crm"], exp: 20, iat: 10, jti: "svid_1")
        let material = SigningKeyMaterial.generate(.es256)
        let keys = JWTKeyCollection()
        try await material.add(to: keys)
        let token = try CompactJWSSigner(material).sign(payload: svid.payloadJSON, type: JWTSVIDClaims.type)
        #expect(try await keys.verify(token, as: JWTSVIDClaims.self) == svid)
    }
}
