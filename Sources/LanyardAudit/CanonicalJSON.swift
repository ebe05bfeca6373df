public import LanyardModel

/// The canonical JSON text of Lanyard's audit leaves: one byte sequence per value, so a verifier can recompute a
/// leaf hash from stored bytes and Lanyard can check that stored columns and bytes agree.
///
/// Rules (documented in `docs/architecture.md`, "Audit log"):
/// - objects: members sorted by the UTF-8 bytes of their names, no duplicate names;
/// - no whitespace outside strings;
/// - strings: UTF-8; only `"` and `\` and the control characters U+0000–U+001F are escaped, as `\"`, `\\`, `\b`,
///   `\f`, `\n`, `\r`, `\t` or `\u00xx` (lower-case hex); everything else, `/` and non-ASCII included, is literal;
/// - numbers: integral values of magnitude below 2^53 as integers (`-0` as `0`); others in Swift's shortest
///   round-trip form (`1.5`, `1e-07`); non-finite numbers (which JSON cannot carry) as `null`.
public enum CanonicalJSON {
    /// Appends the canonical text of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): write(number: number.double, into: &out)
        case .string(let text): write(string: text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let sorted = members.unique.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out += "," }
                write(string: member.key, into: &out)
                out += ":"
                write(member.value, into: &out)
            }
            out += "}"
        }
    }

    /// Appends a JSON object of strings, members sorted.
    public static func write(strings members: [String: String], into out: inout String) {
        out += "{"
        for (index, key) in sortedKeys(members.keys).enumerated() {
            if index > 0 { out += "," }
            write(string: key, into: &out)
            out += ":"
            write(string: members[key] ?? "", into: &out)
        }
        out += "}"
    }

    /// Keys in the order of their UTF-8 bytes (not Swift's `String` order, which is by Unicode scalars after
    /// normalisation).
    public static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Appends `text` as a canonical JSON string: ``JSONString`` escaping (only `"`, `\` and U+0000–U+001F).
    public static func write(string text: String, into out: inout String) {
        JSONString.write(text, into: &out)
    }

    /// Appends a canonical JSON number.
    public static func write(number: Double, into out: inout String) {
        guard number.isFinite else {
            out += "null"
            return
        }
        if number == number.rounded(.towardZero), abs(number) < 9_007_199_254_740_992 {
            out += String(Int64(number))
        } else {
            out += number.description
        }
    }
}
