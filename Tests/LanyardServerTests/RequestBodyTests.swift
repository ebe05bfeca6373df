import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardModel
import LanyardTesting
import Testing

/// What the admin API says about a body it cannot read, before any field is decoded: the sentences and the nesting
/// bound (16 levels) of `RequestBody`, read with `JSONValue`.
@Suite("Admin API request bodies")
struct RequestBodyTests {
    @Test("malformed, scalar, deep, unknown and null bodies are 400 with the API's sentences")
    func refusals() async throws {
        let harness = try await RouteHarness.make()
        let deep = #"{"name":"# + String(repeating: "[", count: 16) + String(repeating: "]", count: 16) + "}"
        let cases: [(String, String)] = [
            ("{", "The request body is not valid JSON."),
            (#""text""#, "The request body is not valid JSON."),
            ("[1]", "The request body must be a JSON object."),
            (deep, "The request body is nested more than 16 levels deep."),
            (#"{"name":"a","nmae":"b"}"#, "Unknown field 'nmae'; this request accepts: "),
            (#"{"name":"a","purpose":null}"#, "Field 'purpose' is null; leave it out instead."),
        ]
        try await harness.app.test(.router) { client in
            for (body, sentence) in cases {
                let answer = try await client.execute(
                    uri: "/t/default/v1/identities", method: .post, headers: AdminAPITests.headers(harness.env.platformToken),
                    body: ByteBuffer(string: body))
                #expect(answer.status == .badRequest, "\(body.prefix(30))")
                let error = try RouteHarness.object(answer.body)
                #expect(error["error"] == .string("invalid_request"), "\(body.prefix(30))")
                #expect(error["message"]?.stringValue?.hasPrefix(sentence) == true, "\(body.prefix(30)): \(error["message"] ?? .null)")
            }
        }
    }
}
