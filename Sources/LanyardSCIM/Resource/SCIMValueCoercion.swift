public import LanyardModel

/// Checks one value against its attribute definition and returns it in canonical form: sub-attribute names as the
/// schema spells them, `"True"`/`"false"` strings turned into booleans (Entra ID's default job sends them), and
/// everything else exactly as sent.
public enum SCIMValueCoercion {
    /// The longest string value accepted.
    public static let maxStringLength = 16_384
    /// The most values a multi-valued attribute may hold.
    public static let maxValues = 10_000

    /// Whether a read-only sub-attribute (or any value of a read-only attribute) is dropped rather than refused:
    /// POST and PUT ignore them (RFC 7644 §3.5.1), PATCH refuses them.
    public enum ReadOnlyPolicy: Sendable {
        case drop, refuse
    }

    /// The canonical form of `value` for `attribute`, or nil when the value is `null` (unassigned).
    /// - Throws: ``SCIMError`` 400 `invalidValue` (wrong type, too long), `invalidSyntax` (unknown sub-attribute) or
    ///   `mutability` (a read-only sub-attribute under ``ReadOnlyPolicy/refuse``).
    public static func coerce(
        _ value: JSONValue, as attribute: SCIMAttribute, readOnly: ReadOnlyPolicy = .drop
    ) throws(SCIMError) -> JSONValue? {
        if case .null = value { return nil }
        if attribute.multiValued {
            let items: [JSONValue]
            if case .array(let array) = value { items = array } else { items = [value] }
            guard items.count <= maxValues else {
                throw .badRequest(.invalidValue, "\(attribute.name) has more than \(maxValues) values.")
            }
            var out: [JSONValue] = []
            for item in items {
                if let single = try coerceSingle(item, as: attribute, readOnly: readOnly) { out.append(single) }
            }
            return .array(out)
        }
        return try coerceSingle(value, as: attribute, readOnly: readOnly)
    }

    /// One value (an element, for a multi-valued attribute).
    public static func coerceSingle(
        _ value: JSONValue, as attribute: SCIMAttribute, readOnly: ReadOnlyPolicy = .drop
    ) throws(SCIMError) -> JSONValue? {
        switch (attribute.type, value) {
        case (_, .null):
            return nil
        case (.string, .string(let text)), (.reference, .string(let text)), (.binary, .string(let text)):
            guard text.utf8.count <= maxStringLength else {
                throw .badRequest(.invalidValue, "\(attribute.name) is longer than \(maxStringLength) bytes.")
            }
            return .string(text)
        case (.dateTime, .string(let text)):
            guard SCIMDateTime(text) != nil else {
                throw .badRequest(.invalidValue, "\(attribute.name) must be a date-time such as 2026-01-31T12:00:00Z.")
            }
            return .string(text)
        case (.boolean, .bool):
            return value
        case (.boolean, .string(let text)):
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw .badRequest(.invalidValue, "\(attribute.name) must be true or false.")
            }
        case (.integer, .number(let number)):
            guard number.int64 != nil else { throw .badRequest(.invalidValue, "\(attribute.name) must be an integer.") }
            return value
        case (.decimal, .number):
            return value
        case (.complex, .object(let object)):
            var out = JSONObject()
            for (key, member) in object {
                guard let sub = attribute.subAttribute(named: key) else {
                    throw .badRequest(.invalidSyntax, "\(attribute.name) has no sub-attribute named \(key).")
                }
                if sub.mutability == .readOnly {
                    if readOnly == .refuse { throw .badRequest(.mutability, "\(attribute.name).\(sub.name) is read-only.") }
                    continue
                }
                if let coerced = try coerceSingle(member, as: sub, readOnly: readOnly) { out[sub.name] = coerced }
            }
            return .object(out)
        case (.complex, .string) where attribute.subAttribute(named: "value") != nil && !attribute.multiValued:
            // Entra ID sends the enterprise `manager` as the manager's id alone.
            return try coerceSingle(.object(["value": value]), as: attribute, readOnly: readOnly)
        default:
            throw .badRequest(.invalidValue, "\(attribute.name) must be \(article(attribute.type)).")
        }
    }

    private static func article(_ type: SCIMAttribute.DataType) -> String {
        switch type {
        case .string: "a string"
        case .boolean: "a boolean"
        case .decimal: "a number"
        case .integer: "an integer"
        case .dateTime: "a date-time string"
        case .reference: "a URI string"
        case .binary: "a base64 string"
        case .complex: "an object"
        }
    }
}
