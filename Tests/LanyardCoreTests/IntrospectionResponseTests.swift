import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("Introspection answers from claims")
struct IntrospectionResponseTests {
    static let claims = AccessTokenClaims(
        iss: "http://127.0.0.1:8080/t/default", sub: "idn_1", aud: "crm", exp: 1_800_000_600, iat: 1_800_000_000, jti: "cred_1",
        scope: "read write", owner: "alice \"the\" owner/é\u{1}", env: "dev", stage: "managed", spiffeId: "spiffe://td/agent/a", task: "tsk_1",
        act: ActorClaim(sub: "idn_0", act: nil), parentJTI: "cred_0", cnf: ConfirmationClaim(jkt: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"))

    @Test("an active answer carries every claim of the token (but the internal parent link) and says DPoP when bound")
    func everyClaim() throws {
        let answer = try JSONDecoder().decode(JSONValue.self, from: Data(try CompactJSONEncoder().encode(IntrospectionResponse(claims: Self.claims)).utf8))
        let token = try JSONDecoder().decode(JSONValue.self, from: Data(try CompactJSONEncoder().encode(Self.claims).utf8))
        guard case .object(let answered) = answer, case .object(var claimed) = token else {
            Issue.record("not objects")
            return
        }
        claimed["parent_jti"] = nil
        claimed["active"] = .bool(true)
        claimed["token_type"] = .string("DPoP")
        #expect(answered == claimed)
        var bearer = Self.claims
        bearer.cnf = nil
        #expect(IntrospectionResponse(claims: bearer).tokenType == "Bearer")
    }
}
