import Foundation
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("Hot-path answers written without JSONEncoder")
struct DirectJSONAnswerTests {
    static func same(_ direct: String, _ value: some Encodable) throws {
        #expect(direct == String(decoding: try LanyardJSON.encoder().encode(value), as: UTF8.self))
    }

    @Test("token and JWT-SVID responses are byte for byte what JSONEncoder writes")
    func sameBytes() throws {
        let plain = TokenResponse(access_token: "eyJ.eyJ.sig", token_type: "Bearer", expires_in: 600, scope: "read write")
        try Self.same(plain.json, plain)
        let exchanged = TokenResponse(
            access_token: "a.b.c", token_type: "Bearer", expires_in: 60, scope: "read", issued_token_type: TokenRequest.accessTokenType)
        try Self.same(exchanged.json, exchanged)
        let svid = JWTSVIDResponse(svid: "x.y.z", spiffe_id: "spiffe://td/agent/a", audience: ["crm", "mail"], expires_at: 1_800_000_300)
        try Self.same(svid.json, svid)
        let none = JWTSVIDResponse(svid: "x.y.z", spiffe_id: "spiffe://td/agent/a", audience: [], expires_at: 1)
        try Self.same(none.json, none)
    }

    @Test("every stored field is written")
    func everyField() {
        let token = TokenResponse(access_token: "t", token_type: "Bearer", expires_in: 1, scope: "s", issued_token_type: "x")
        for child in Mirror(reflecting: token).children {
            #expect(token.json.contains("\"\(child.label ?? "?")\":"))
        }
        let svid = JWTSVIDResponse(svid: "x", spiffe_id: "s", audience: ["a"], expires_at: 1)
        for child in Mirror(reflecting: svid).children {
            #expect(svid.json.contains("\"\(child.label ?? "?")\":"))
        }
    }
}
