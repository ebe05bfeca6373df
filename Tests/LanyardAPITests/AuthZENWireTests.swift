import Foundation
import LanyardAPI
import LanyardModel
import Testing

/// The AuthZEN wire types: what they read (with the API's errors and bounds) and what they write (members in wire
/// order, numbers exact), and `JSONValue`, the one JSON value type they carry arbitrary members in.
@Suite("AuthZEN wire types and JSONValue")
struct AuthZENWireTests {
    static func body(_ text: String) throws -> JSONValue { try JSONBody.object(text) }

    @Test("JSONValue keeps member order, repeated names and number text, and writes back the text it read")
    func jsonValueKeepsText() throws {
        let text = #"{"b":1,"a":[true,null,-0,1.50,1e2,"\u0008\"\\\n"],"b":9007199254740993,"c":{}}"#
        let value = try JSONValue.parse(text)
        #expect(value.compactText == text)
        #expect(value["b"] == .int(9_007_199_254_740_993))
        guard case .object(let object) = value else { throw LanyardError(.internal, "not an object") }
        #expect(object.keys == ["a", "b", "c"] && object.members.count == 4)
        guard case .array(let items)? = value["a"], case .number(let fraction) = items[3], case .number(let big)? = value["b"] else {
            throw LanyardError(.internal, "unexpected shape")
        }
        #expect(fraction.int64 == nil && fraction.text == "1.50" && fraction.double == 1.5)
        #expect(big.int64 == 9_007_199_254_740_993 && big.text == "9007199254740993")
    }

    @Test("JSONValue's Codable form keeps integers exact and equals the parsed value")
    func jsonValueCodable() throws {
        let text = #"{"n":9007199254740993,"f":1.5,"s":"x","l":[1,2],"o":{"k":false}}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == (try JSONValue.parse(text)))
        let encoded = String(decoding: try LanyardJSON.encoder().encode(decoded), as: UTF8.self)
        #expect(encoded == #"{"f":1.5,"l":[1,2],"n":9007199254740993,"o":{"k":false},"s":"x"}"#)
    }

    @Test("JSONValue.parse refuses malformed text and nesting beyond the bound, with a position")
    func jsonValueBounds() throws {
        for bad in ["", "{", #"{"a" 1}"#, "[1,]", "01x", #""\x""#, "\"\u{01}\"", #""\ud800""#, "tru", "{} {}"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        let deep = String(repeating: "[", count: JSONValue.defaultMaxDepth + 1) + String(repeating: "]", count: JSONValue.defaultMaxDepth + 1)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        #expect(error?.message == "JSON nesting too deep")
        let shallow = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(shallow, maxDepth: 5) }
        let located = #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{\n  \"a\": x}") }
        #expect(located?.line == 2 && located?.column == 8)
    }

    @Test("an evaluation request round-trips, properties and context in the order given")
    func evaluationRoundTrip() throws {
        let text =
            #"{"subject":{"type":"user","id":"alice","properties":{"z":1,"a":2}},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"n":9007199254740993,"m":"x"}}"#
        let request = try AccessEvaluationRequest(json: Self.body(text))
        #expect(request.subject == AuthZENEntity(type: "user", id: "alice", properties: ["z": .int(1), "a": .int(2)]))
        #expect(request.context?.keys == ["n", "m"] && request.context?["n"] == .int(9_007_199_254_740_993))
        #expect(request.json.compactText == text)
        let viaCodable = try JSONDecoder().decode(AccessEvaluationRequest.self, from: try JSONEncoder().encode(request))
        #expect(viaCodable == request)
    }

    @Test("malformed requests are invalid_request naming the member, with the API's sentences and bounds")
    func evaluationErrors() throws {
        let cases: [(String, String, String?)] = [
            ("[]", "The request body must be a JSON object.", nil),
            (#"{"subject":1}"#, "'subject' must be an object.", "subject"),
            (#"{"subject":{"id":"a"}}"#, "'subject.type' is required and must be a string.", "subject.type"),
            (#"{"subject":{"type":"1x","id":"a"}}"#, "'subject.type' must be a Cedar entity type name such as 'user' or 'Acme::Document'.", "subject.type"),
            (#"{"subject":{"type":"user"}}"#, "'subject.id' is required.", "subject.id"),
            (#"{"subject":{"type":"user","id":""}}"#, "'subject.id' must be 1 to 1024 bytes.", "subject.id"),
            (#"{"subject":{"type":"user","id":"\#(String(repeating: "a", count: 1025))"}}"#, "'subject.id' must be 1 to 1024 bytes.", "subject.id"),
            (#"{"subject":{"type":"user","id":7}}"#, "'subject.id' must be a string.", "subject.id"),
            (#"{"subject":{"type":"user","id":"a","properties":[]}}"#, "'subject.properties' must be an object.", "subject.properties"),
            (#"{"action":{}}"#, "'action.name' is required and must be a string.", "action.name"),
            (#"{"context":[]}"#, "'context' must be an object.", "context"),
        ]
        for (text, message, field) in cases {
            let error = #expect(throws: LanyardError.self, "\(text.prefix(40))") { try AccessEvaluationRequest(json: JSONValue.parse(text)) }
            #expect(error?.code == .invalidRequest && error?.message == message && error?.field == field, "\(text.prefix(40))")
        }
        let missing = #expect(throws: LanyardError.self) { try AccessEvaluationRequest(json: Self.body(#"{"action":{"name":"r"}}"#)).complete() }
        #expect(missing?.message == "The request needs 'subject'." && missing?.field == "subject")
        for (text, message) in [("", "The request needs a JSON object body."), ("1", "The request body must be a JSON object.")] {
            let error = #expect(throws: LanyardError.self) { try Self.body(text) }
            #expect(error?.message == message)
        }
        let syntax = #expect(throws: LanyardError.self) { try Self.body("{") }
        #expect(syntax?.message.hasPrefix("The request body is not valid JSON: ") == true)
    }

    @Test("a batch keeps a malformed item in place, merges items over the defaults and bounds the batch")
    func batches() throws {
        let text =
            #"{"subject":{"type":"user","id":"alice"},"options":{"evaluations_semantic":"deny_on_first_deny"},"evaluations":[{"action":{"name":"read"},"resource":{"type":"doc","id":"d"}},{"subject":3},{"action":{"name":"x"}}]}"#
        let batch = try AccessEvaluationsRequest(json: Self.body(text))
        #expect(batch.semantic == .denyOnFirstDeny && batch.evaluations?.count == 3)
        #expect(try batch.evaluation(at: 0).subject?.id == "alice")
        let malformed = #expect(throws: LanyardError.self) { try batch.evaluation(at: 1) }
        #expect(malformed?.message == "'evaluations[1].subject' must be an object.")
        let incomplete = #expect(throws: LanyardError.self) { try batch.evaluation(at: 2) }
        #expect(incomplete?.message == "evaluations[2] has no 'resource' and there is no default." && incomplete?.field == "evaluations[2].resource")
        #expect(try AccessEvaluationsRequest(json: batch.json) == batch)
        let semantic = #expect(throws: LanyardError.self) { try AccessEvaluationsRequest(json: Self.body(#"{"options":{"evaluations_semantic":"all"}}"#)) }
        #expect(semantic?.field == "options.evaluations_semantic")
        let items = Array(repeating: "{}", count: AccessEvaluationsRequest.maxEvaluations + 1).joined(separator: ",")
        let tooMany = #expect(throws: LanyardError.self) { try AccessEvaluationsRequest(json: Self.body(#"{"evaluations":[\#(items)]}"#)) }
        #expect(tooMany?.message == "At most 1000 evaluations are accepted in one request.")
    }

    @Test("a search names only the type of what it looks for; page is read with its bounds")
    func searches() throws {
        let text = #"{"subject":{"type":"user"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"page":{"limit":2,"token":""}}"#
        let search = try AccessSearchRequest(json: Self.body(text), kind: .subject)
        #expect(search.subject == AuthZENEntity(type: "user") && search.page == AccessSearchPage(limit: 2, token: ""))
        #expect(search.json.compactText == text)
        let needs = #expect(throws: LanyardError.self) { try AccessSearchRequest(json: Self.body(#"{"subject":{"type":"user"}}"#), kind: .subject) }
        #expect(needs?.message == "The search request needs 'action'.")
        let resourceID = #expect(throws: LanyardError.self) {
            try AccessSearchRequest(json: Self.body(#"{"subject":{"type":"user"},"action":{"name":"r"},"resource":{"type":"doc"}}"#), kind: .subject)
        }
        #expect(resourceID?.message == "'resource.id' is required.")
        for (page, field) in [("[]", "page"), (#"{"limit":1001}"#, "page.limit"), (#"{"limit":1.0}"#, "page.limit"), (#"{"token":1}"#, "page.token")] {
            let error = #expect(throws: LanyardError.self) { try AccessSearchPage(json: JSONValue.parse(page)) }
            #expect(error?.field == field, "\(page)")
        }
    }

    @Test("answers are written in wire order and read back")
    func answers() throws {
        let answer = AccessEvaluationResponse(
            decision: true,
            context: AccessDecisionContext(
                policies: ["p"], policyVersion: 1, annotations: [.init(policy: "p", annotations: ["id": "p", "description": "d"])],
                reasonAdmin: "Allowed by p (d)."))
        let text =
            #"{"decision":true,"context":{"policies":["p"],"policy_version":1,"annotations":{"p":{"description":"d","id":"p"}},"reason_admin":{"en":"Allowed by p (d)."}}}"#
        #expect(answer.json.compactText == text)
        #expect(try AccessEvaluationResponse(json: JSONValue.parse(text)) == answer)
        let item = AccessEvaluationResponse(decision: false, context: AccessDecisionContext(error: .init(status: 400, message: "bad")))
        #expect(item.json.compactText == #"{"decision":false,"context":{"error":{"status":400,"message":"bad"}}}"#)
        let batch = AccessEvaluationsResponse.batch([answer, item])
        #expect(try AccessEvaluationsResponse(json: batch.json) == batch)
        let search = AccessSearchResponse(results: [.entity(type: "user", id: "a"), .action(name: "read")], nextToken: "")
        #expect(search.json.compactText == #"{"results":[{"type":"user","id":"a"},{"name":"read"}],"page":{"next_token":""}}"#)
        #expect(try AccessSearchResponse(json: search.json) == search)
    }

    @Test("the metadata document carries the endpoints under the issuer")
    func metadata() throws {
        let metadata = AuthZENMetadata(issuer: "https://l.example/t/a")
        let text = String(decoding: try LanyardJSON.encoder().encode(metadata), as: UTF8.self)
        #expect(text.hasPrefix(#"{"access_evaluation_endpoint":"https://l.example/t/a/access/v1/evaluation""#))
        #expect(try JSONDecoder().decode(AuthZENMetadata.self, from: Data(text.utf8)) == metadata)
    }
}
