/// An attribute path as SCIM writes it (RFC 7644 §3.10): `[URN ":"] attribute ["." subAttribute]`, e.g.
/// `userName`, `name.givenName`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
public struct SCIMAttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN, when the path is qualified with one.
    public var schema: String?
    public var attribute: String
    public var subAttribute: String?

    public init(schema: String? = nil, attribute: String, subAttribute: String? = nil) {
        self.schema = schema
        self.attribute = attribute
        self.subAttribute = subAttribute
    }

    /// Reads a path; nil when it is not one (empty parts, characters outside `ATTRNAME`, more than one dot).
    public init?(_ text: String) {
        var rest = Substring(text)
        if text.lowercased().hasPrefix("urn:") {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            schema = String(text[..<colon])
            rest = text[text.index(after: colon)...]
        } else {
            schema = nil
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        for part in parts where !Self.isName(part) { return nil }
        attribute = String(parts[0])
        subAttribute = parts.count == 2 ? String(parts[1]) : nil
    }

    /// `ATTRNAME = ALPHA *(nameChar)`, `nameChar = "-" / "_" / DIGIT / ALPHA` (RFC 7643 §2.1), plus `$ref`.
    static func isName(_ text: Substring) -> Bool {
        if text == "$ref" { return true }
        guard let first = text.utf8.first, Self.isAlpha(first) else { return false }
        return text.utf8.allSatisfy { isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    private static func isAlpha(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }

    public var description: String {
        var text = schema.map { $0 + ":" } ?? ""
        text += attribute
        if let subAttribute { text += "." + subAttribute }
        return text
    }
}
