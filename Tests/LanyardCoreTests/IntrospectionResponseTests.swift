import Foundation
import LanyardCredentials
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("Introspection response JSON")
struct IntrospectionResponseTests {
    static func full(_ text: String = "read write") -> IntrospectionResponse {
        let claims = AccessTokenClaims(
            iss: "http://127.0.0.1:8080/t/default", sub: "idn_1", aud: "crm", exp: 1_800_000_600, iat: 1_800_000_000, jti: "cred_1",
            scope: text, owner: "alice \"the\" owner/é\u{1}", env: "dev", stage: "managed", spiffeId: "spiffe://td/agent/a", task: "tsk_1",
            cnf: ConfirmationClaim(jkt: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"))
        return IntrospectionResponse(claims: claims)
    }

    static func viaEncoder(_ response: IntrospectionResponse) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: LanyardJSON.encoder().encode(response))
    }

    @Test("written directly, it is the document JSONEncoder makes")
    func sameAsEncoder() throws {
        for response in [IntrospectionResponse.inactive, Self.full(), Self.full("a\\b\n\t")] {
            let direct = try JSONDecoder().decode(JSONValue.self, from: Data(response.json.utf8))
            #expect(direct == (try Self.viaEncoder(response)))
        }
        #expect(IntrospectionResponse.inactive.json == #"{"active":false}"#)
        // Plain values come out byte for byte as JSONEncoder (sorted keys, slashes unescaped) writes them.
        let plain = IntrospectionResponse(
            claims: AccessTokenClaims(
                iss: "https://lanyard.example/t/a", sub: "idn_2", aud: "svc", exp: 20, iat: 10, jti: "cred_2", scope: "read",
                owner: "bob", env: "prod", stage: "managed", spiffeId: "spiffe://a/agent/b", task: nil))
        #expect(plain.json == String(decoding: try LanyardJSON.encoder().encode(plain), as: UTF8.self))
    }

    @Test("every stored field is written (a new field must be added to the writer)")
    func everyField() {
        let json = Self.full().json
        for child in Mirror(reflecting: Self.full()).children {
            guard let label = child.label else { continue }
            #expect(json.contains("\"\(label)\":"), "\(label) is missing from IntrospectionResponse.json")
        }
    }
}
