import LanyardAPI
import LanyardModel
import Testing

/// The decision log's typed record: its text is part of signed audit leaves, so it is pinned here byte for byte.
@Suite("Decision records")
struct DecisionRecordTests {
    @Test("an evaluation record is written as the decision log has always written it, and reads back")
    func evaluationRecord() throws {
        let request = try AccessEvaluationRequest(
            json: JSONValue.parse(
                #"{"subject":{"type":"Lanyard::Token","id":"details.token1"},"action":{"name":"read","properties":{"b":1,"a":"\u0008"}},"resource":{"type":"doc","id":"d"},"context":{"n":9007199254740993}}"#
            ))
        let records: [DecisionRecord] = [
            .evaluation(
                .init(
                    request: request, principal: #"Lanyard::Identity::"idn_1""#, decision: false, policies: ["g"],
                    errors: [PolicyFailure(policy: "p", message: "m")], refusal: "no")),
            .evaluation(.init(request: AccessEvaluationRequest(), principal: "", decision: false, error: "'evaluations[1]' must be an object.")),
        ]
        let text = DecisionRecord.text(of: records)
        #expect(
            text
                == #"[{"request":{"subject":{"type":"Lanyard::Token","id":"details.token1"},"action":{"name":"read","properties":{"b":1,"a":"\u0008"}},"resource":{"type":"doc","id":"d"},"context":{"n":9007199254740993}},"principal":"Lanyard::Identity::\"idn_1\"","decision":false,"policies":["g"],"errors":[{"policy":"p","message":"m"}],"refusal":"no"},{"request":{"subject":null,"resource":null},"principal":"","decision":false,"policies":[],"error":"'evaluations[1]' must be an object."}]"#
        )
        #expect(try DecisionRecord.records(in: text) == records)
    }

    @Test("the direct writer writes the tree's text, for records with and without every optional part")
    func directWriterMatchesTheTree() throws {
        let texts = ["", "plain", "q\"uote", "back\\slash", "\u{8}\u{c}\n\t\u{1f}", "é 🎉 /"]
        var records: [DecisionRecord] = []
        for (index, text) in texts.enumerated() {
            let properties: JSONObject = [text: .string(text), "n": .int(Int64(index)), "nested": .array([.null, .bool(true), .object(["k": .string(text)])])]
            let request = AccessEvaluationRequest(
                subject: index % 3 == 0 ? nil : AuthZENEntity(type: "T\(text)", id: index % 2 == 0 ? nil : text, properties: index % 2 == 0 ? properties : nil),
                action: index % 4 == 1 ? nil : AuthZENAction(name: text, properties: index % 3 == 1 ? properties : nil),
                resource: index % 5 == 2 ? nil : AuthZENEntity(type: "R", id: "r\(index)"), context: index % 2 == 1 ? properties : nil)
            records.append(
                .evaluation(
                    .init(
                        request: request, principal: text, decision: index % 2 == 0, policies: index % 3 == 2 ? [] : [text, "p\(index)"],
                        errors: index % 2 == 0 ? [PolicyFailure(policy: text, message: "m\(text)")] : [], refusal: index % 3 == 0 ? text : nil,
                        error: index % 4 == 3 ? text : nil)))
        }
        records.append(.search(.init(kind: .resource, request: AccessEvaluationRequest(subject: AuthZENEntity(type: "u", id: "a")), evaluated: 2, results: [])))
        let tree = JSONValue.array(records.map(\.json)).compactText
        #expect(DecisionRecord.text(of: records) == tree)
        for record in records { #expect(DecisionRecord.text(of: [record]) == JSONValue.array([record.json]).compactText) }
        #expect(DecisionRecord.text(of: []) == "[]")
    }

    @Test("a search record round-trips")
    func searchRecord() throws {
        let record = DecisionRecord.search(
            .init(
                kind: .subject, request: AccessEvaluationRequest(subject: AuthZENEntity(type: "user"), action: AuthZENAction(name: "read")),
                evaluated: 3, results: [.entity(type: "user", id: "a")]))
        let text = DecisionRecord.text(of: [record])
        #expect(
            text
                == #"[{"search":"subject","request":{"subject":{"type":"user"},"action":{"name":"read"},"resource":null},"evaluated":3,"results":[{"type":"user","id":"a"}]}]"#
        )
        #expect(try DecisionRecord.records(in: text) == [record])
        #expect(throws: LanyardError.self) { try DecisionRecord.records(in: "{}") }
    }
}
