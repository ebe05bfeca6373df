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
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical UTF-8 of `value` to `out`. The leaves are written as bytes, once: appending to a `String`
    /// piece by piece costs several times more (docs/performance.md).
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let number): write(number: number.double, into: &out)
        case .string(let text): write(string: text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.unique.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(string: member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a JSON object of strings, members sorted.
    public static func write(strings members: [String: String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, key) in sortedKeys(members.keys).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(string: key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(string: members[key] ?? "", into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Keys in the order of their UTF-8 bytes (not Swift's `String` order, which is by Unicode scalars after
    /// normalisation).
    public static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Appends `text` as a canonical JSON string: ``JSONString`` escaping (only `"`, `\` and U+0000–U+001F).
    public static func write(string text: String, into out: inout [UInt8]) {
        JSONString.write(text, into: &out)
    }

    /// Appends a canonical JSON number.
    public static func write(number: Double, into out: inout [UInt8]) {
        guard number.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        if number == number.rounded(.towardZero), abs(number) < 9_007_199_254_740_992 {
            out.append(contentsOf: String(Int64(number)).utf8)
        } else {
            out.append(contentsOf: number.description.utf8)
        }
    }
}
