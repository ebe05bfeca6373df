import LanyardModel

/// ``DecisionRecord/text(of:)`` written straight to bytes: the members of ``DecisionRecord/json`` in the same order,
/// escaped the same way, without building the tree first. Building a `JSONValue` per record and per part of its
/// request cost more than writing it; the bytes are the same (`DecisionRecordTests` pins them, and holds this writer
/// to the tree's text for varied records).
extension DecisionRecord {
    /// The text of `details.records`: a compact JSON array of the records.
    public static func text(of records: [DecisionRecord]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64 &+ records.count &* 320)
        out.append(UInt8(ascii: "["))
        for (index, record) in records.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            record.write(compact: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact text of ``json`` to `out`.
    public func write(compact out: inout [UInt8]) {
        guard case .evaluation(let record) = self else {
            // Searches are one record per request, not per item: the tree is cheap enough there.
            json.write(compact: &out)
            return
        }
        out.append(contentsOf: #"{"request":"#.utf8)
        Self.writeLogged(record.request, into: &out)
        out.append(contentsOf: #","principal":"#.utf8)
        Self.write(string: record.principal, into: &out)
        out.append(contentsOf: record.decision ? #","decision":true"#.utf8 : #","decision":false"#.utf8)
        out.append(contentsOf: #","policies":["#.utf8)
        for (index, policy) in record.policies.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.write(string: policy, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        if !record.errors.isEmpty {
            out.append(contentsOf: #","errors":"#.utf8)
            JSONValue.array(record.errors.map(\.json)).write(compact: &out)
        }
        if let refusal = record.refusal {
            out.append(contentsOf: #","refusal":"#.utf8)
            Self.write(string: refusal, into: &out)
        }
        if let error = record.error {
            out.append(contentsOf: #","error":"#.utf8)
            Self.write(string: error, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// ``logged(_:)``'s text: subject and resource always (`null` when absent), action and context when present.
    private static func writeLogged(_ request: AccessEvaluationRequest, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"subject":"#.utf8)
        write(entity: request.subject, into: &out)
        if let action = request.action {
            out.append(contentsOf: #","action":{"name":"#.utf8)
            write(string: action.name, into: &out)
            if let properties = action.properties {
                out.append(contentsOf: #","properties":"#.utf8)
                JSONValue.object(properties).write(compact: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","resource":"#.utf8)
        write(entity: request.resource, into: &out)
        if let context = request.context {
            out.append(contentsOf: #","context":"#.utf8)
            JSONValue.object(context).write(compact: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// ``AuthZENEntity/json``'s text, or `null`.
    private static func write(entity: AuthZENEntity?, into out: inout [UInt8]) {
        guard let entity else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(contentsOf: #"{"type":"#.utf8)
        write(string: entity.type, into: &out)
        if let id = entity.id {
            out.append(contentsOf: #","id":"#.utf8)
            write(string: id, into: &out)
        }
        if let properties = entity.properties {
            out.append(contentsOf: #","properties":"#.utf8)
            JSONValue.object(properties).write(compact: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A string as ``JSONValue/compactText`` writes it (U+0008 and U+000C as `\u0008` and `\u000c`).
    private static func write(string: String, into out: inout [UInt8]) {
        JSONString.write(string, into: &out, shortBackspaceAndFormFeed: false)
    }
}
