import Foundation
public import LanyardModel

/// The canonical bytes of an audit event: the Merkle leaf data `d` whose leaf hash is `SHA-256(0x00 ‖ d)`.
///
/// A JSON object in ``CanonicalJSON`` form with these members (sorted, as always):
///
/// | member | value |
/// |---|---|
/// | `action` | string |
/// | `actor` | string |
/// | `after` | any JSON; absent when the event has no after-state |
/// | `at` | RFC 3339 UTC time in whole seconds, e.g. `"2026-11-22T16:54:28Z"` |
/// | `before` | any JSON; absent when the event has no before-state |
/// | `details` | object of strings (secrets already replaced by `hmac-sha256:…`) |
/// | `seq` | the event's ``AuditEvent/sequence`` (1-based; leaf index + 1) |
/// | `target` | string |
/// | `tenant` | string |
/// | `v` | `1`, the version of this encoding |
///
/// Because `seq` is inside the hashed bytes, an event moved to another position no longer matches.
extension AuditEvent {
    /// The version written in the `v` member.
    public static let canonicalVersion = 1

    /// The canonical leaf text of this event at its ``sequence``.
    public func canonicalLeaf() -> String {
        var (leaf, tail) = canonicalLeafParts()
        leaf.append(contentsOf: String(sequence).utf8)
        leaf.append(contentsOf: tail)
        return String(decoding: leaf, as: UTF8.self)
    }

    /// The canonical leaf's UTF-8 around the sequence number: everything up to and including `"seq":`, and everything
    /// after the number. Members are sorted, so `seq` comes after `details` (the large part) and before `target`.
    func canonicalLeafParts() -> (head: [UInt8], tail: [UInt8]) {
        var head: [UInt8] = []
        // Room for `details` escaped (a decision batch's records are tens of kilobytes with a `"` every few bytes), so
        // the head grows once rather than doubling its way there.
        var detailBytes = 0
        for (key, value) in details { detailBytes &+= key.utf8.count &+ value.utf8.count }
        head.reserveCapacity(256 &+ detailBytes &+ detailBytes / 4)
        head.append(contentsOf: #"{"action":"#.utf8)
        CanonicalJSON.write(string: action, into: &head)
        head.append(contentsOf: #","actor":"#.utf8)
        CanonicalJSON.write(string: actor, into: &head)
        if let after {
            head.append(contentsOf: #","after":"#.utf8)
            CanonicalJSON.write(after, into: &head)
        }
        head.append(contentsOf: #","at":""#.utf8)
        head.append(contentsOf: RFC3339Seconds.format(atSeconds).utf8)
        head.append(UInt8(ascii: "\""))
        if let before {
            head.append(contentsOf: #","before":"#.utf8)
            CanonicalJSON.write(before, into: &head)
        }
        head.append(contentsOf: #","details":"#.utf8)
        CanonicalJSON.write(strings: details, into: &head)
        head.append(contentsOf: #","seq":"#.utf8)
        var tail = Array(#","target":"#.utf8)
        CanonicalJSON.write(string: target, into: &tail)
        tail.append(contentsOf: #","tenant":"#.utf8)
        CanonicalJSON.write(string: tenant, into: &tail)
        tail.append(contentsOf: #","v":1}"#.utf8)
        return (head, tail)
    }

    /// Reads an event back from its canonical leaf text.
    ///
    /// - Throws: `invalid_field` (field `leaf`) when the text is not a version-1 leaf or is not in canonical form
    ///   (re-encoding the parsed event must give the same text).
    public init(canonicalLeaf text: String) throws {
        try self.init(leaf: try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        guard canonicalLeaf() == text else { throw LanyardError.invalid("leaf", "The audit leaf is not in canonical form.") }
    }

    /// Reads an event back from a leaf the store wrote, without encoding it again to check its form: for readers that
    /// only look at events (the finding detectors), not for verification — whether a stored leaf is the one that was
    /// hashed is the running leaf check's and the verifier's business.
    ///
    /// - Throws: `invalid_field` (field `leaf`) when the text is not a version-1 leaf.
    public init(storedLeaf text: String) throws {
        try self.init(leaf: try? JSONValue.parse(text))
    }

    /// The event of a parsed leaf (nil when the text was not JSON).
    private init(leaf value: JSONValue?) throws {
        func invalid(_ why: String) -> LanyardError { LanyardError.invalid("leaf", "The audit leaf \(why).") }
        guard case .object(let members)? = value else {
            throw invalid("is not a JSON object")
        }
        guard case .number(let version)? = members["v"], version.double == Double(Self.canonicalVersion) else {
            throw invalid("has an unknown version")
        }
        guard let action = members["action"]?.stringValue, let actor = members["actor"]?.stringValue,
            let target = members["target"]?.stringValue, let tenant = members["tenant"]?.stringValue,
            let atText = members["at"]?.stringValue, let at = RFC3339Seconds.parse(atText),
            case .number(let number)? = members["seq"], case let seq = number.double, seq >= 1, seq < 9_007_199_254_740_992, seq == seq.rounded(.towardZero),
            case .object(let detailValues)? = members["details"]
        else { throw invalid("lacks a required member or has one of the wrong type") }
        var details: [String: String] = [:]
        for (key, value) in detailValues {
            guard let text = value.stringValue else { throw invalid("has a detail that is not a string") }
            details[key] = text
        }
        let known: Set<String> = ["action", "actor", "after", "at", "before", "details", "seq", "target", "tenant", "v"]
        guard members.keys.allSatisfy(known.contains) else { throw invalid("has an unknown member") }
        self.init(
            sequence: Int64(seq), tenant: tenant, at: Date(timeIntervalSince1970: TimeInterval(at)), actor: actor, action: action,
            target: target, before: members["before"], after: members["after"], details: details
        )
    }
}
