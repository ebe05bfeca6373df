// The introspection answer written N times by CompactJSONEncoder, and by a hand-written member-by-member writer
// (the shape of the `JSONObjectWriter` issue 13 removed: the peer it is measured against); and the decision log's
// text of a batch of 100 evaluation records, written as bytes (`DecisionRecord.text(of:)`) and by appending to a
// `String` (the writer it replaced in issue 14, kept here as the peer). Prints ns per answer or batch; run under
// callgrind by scripts/bench-encoder for instruction counts.
import Foundation
import LanyardAPI
import LanyardModel

let response = IntrospectionResponse(
    active: true, scope: "inventory:read", clientID: "idn_01JX4K6Q9ZB7M3T2W8N5R1C0DE", sub: "idn_01JX4K6Q9ZB7M3T2W8N5R1C0DE",
    aud: "https://api.example.internal", iss: "http://127.0.0.1:8080/t/default", exp: 1_796_000_000, iat: 1_795_999_100,
    nbf: 1_795_999_100, jti: "crd_01JX4K6Q9ZB7M3T2W8N5R1C0DF", tokenType: "Bearer", owner: "alice@example.com", env: "prod",
    stage: "production", spiffeID: "spiffe://lanyard.local/t/default/idn_01JX4K6Q9ZB7M3T2W8N5R1C0DE")

/// The peer: every member written by hand, in sorted order, nils left out.
func handWritten(_ answer: IntrospectionResponse) -> String {
    var out = "{"
    out.reserveCapacity(512)
    var first = true
    func name(_ name: String) {
        out += first ? "\"" : ",\""
        first = false
        out += name
        out += "\":"
    }
    func string(_ member: String, _ value: String?) {
        guard let value else { return }
        name(member)
        JSONString.write(value, into: &out)
    }
    func integer(_ member: String, _ value: Int64?) {
        guard let value else { return }
        name(member)
        out += String(value)
    }
    name("active")
    out += answer.active ? "true" : "false"
    string("aud", answer.aud)
    string("client_id", answer.clientID)
    string("env", answer.env)
    integer("exp", answer.exp)
    integer("iat", answer.iat)
    string("iss", answer.iss)
    string("jti", answer.jti)
    integer("nbf", answer.nbf)
    string("owner", answer.owner)
    string("scope", answer.scope)
    string("spiffe_id", answer.spiffeID)
    string("stage", answer.stage)
    string("sub", answer.sub)
    string("task", answer.task)
    string("token_type", answer.tokenType)
    return out + "}"
}

/// A batch of 100 evaluation records shaped like the small Cedar workload's (context with an IP and a time).
let records: [DecisionRecord] = (0..<100).map { index in
    let context = JSONObject([("ip", .string("10.0.\(index % 256).7")), ("now", .string("2026-12-03T10:00:00Z")), ("mfa", .bool(index % 2 == 0))])
    let request = AccessEvaluationRequest(
        subject: AuthZENEntity(type: "User", id: "user-\(index)"), action: AuthZENAction(name: "read"),
        resource: AuthZENEntity(type: "Document", id: "doc-\(index * 7)"), context: context)
    return .evaluation(
        DecisionRecord.Evaluation(request: request, principal: "User::\"user-\(index)\"", decision: index % 3 != 0, policies: ["policy\(index % 13)"]))
}

/// The peer: the String-appending writer `JSONValue` had before issue 14.
func stringWritten(_ value: JSONValue, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .number(let number): out += number.text
    case .string(let text): JSONString.write(text, into: &out, shortBackspaceAndFormFeed: false)
    case .array(let items):
        out += "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            stringWritten(item, into: &out)
        }
        out += "]"
    case .object(let object):
        out += "{"
        for (index, member) in object.members.enumerated() {
            if index > 0 { out += "," }
            JSONString.write(member.key, into: &out, shortBackspaceAndFormFeed: false)
            out += ":"
            stringWritten(member.value, into: &out)
        }
        out += "}"
    }
}

func recordsByString(_ records: [DecisionRecord]) -> String {
    var out = ""
    stringWritten(JSONValue.array(records.map(\.json)), into: &out)
    return out
}

let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.first.flatMap { Int($0) } ?? 200_000
let which = arguments.dropFirst().first ?? "both"
guard try CompactJSONEncoder().encode(response) == handWritten(response), DecisionRecord.text(of: records) == recordsByString(records) else {
    print("the two writers disagree")
    exit(1)
}
/// Writes `count` answers with `body`; prints the time per answer and returns the bytes written (kept, so the work
/// is not optimised away).
func measure(_ label: String, _ body: () throws -> Int) rethrows -> Int {
    var written = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<count { written &+= try body() }
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    print("\(label): \(count == 0 ? 0 : Int(elapsed) / count) ns per answer")
    return written
}
var written = 0
if which == "both" || which == "compact" { written &+= try measure("CompactJSONEncoder.bytes") { try CompactJSONEncoder().bytes(response).count } }
if which == "both" || which == "hand" { written &+= measure("hand-written writer") { handWritten(response).utf8.count } }
if which == "both" || which == "records" { written &+= measure("DecisionRecord.text, 100 records (bytes)") { DecisionRecord.text(of: records).utf8.count } }
if which == "both" || which == "records-string" {
    written &+= measure("100 records by String appends (before)") { recordsByString(records).utf8.count }
}
if which == "both" || which == "leaf-escape" {
    // What the audit leaf does with them: the records' text is one `details` string, escaped again (a `"` every few
    // bytes).
    let text = DecisionRecord.text(of: records)
    written &+= measure("the 100 records' text escaped into a leaf") {
        var leaf = ""
        JSONString.write(text, into: &leaf)
        return leaf.utf8.count
    }
}
print("bytes written: \(written)")
