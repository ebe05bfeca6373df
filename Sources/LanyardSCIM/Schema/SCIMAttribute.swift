public import LanyardModel

/// One attribute definition of a SCIM schema with its characteristics (RFC 7643 §2.2, §7).
///
/// The same values serve `/Schemas` and decide how input is validated and coerced, how filters compare and what
/// a response carries, so what the server advertises is what it does.
public struct SCIMAttribute: Sendable, Hashable {
    /// The attribute's data type (RFC 7643 §2.3).
    public enum DataType: String, Sendable, Hashable {
        case string, boolean, decimal, integer, dateTime, reference, binary, complex
    }

    /// When the attribute may change (RFC 7643 §7).
    public enum Mutability: String, Sendable, Hashable {
        case readOnly, readWrite, immutable, writeOnly
    }

    /// When the attribute is returned (RFC 7643 §7).
    public enum Returned: String, Sendable, Hashable {
        case always, never, `default`, request
    }

    /// How its values must be unique (RFC 7643 §7).
    public enum Uniqueness: String, Sendable, Hashable {
        case none, server, global
    }

    public var name: String
    public var type: DataType
    public var multiValued: Bool
    public var description: String
    public var required: Bool
    public var caseExact: Bool
    public var mutability: Mutability
    public var returned: Returned
    public var uniqueness: Uniqueness
    public var canonicalValues: [String]
    public var referenceTypes: [String]
    public var subAttributes: [SCIMAttribute]

    public init(
        _ name: String, _ type: DataType, multiValued: Bool = false, description: String, required: Bool = false,
        caseExact: Bool = false, mutability: Mutability = .readWrite, returned: Returned = .default,
        uniqueness: Uniqueness = .none, canonicalValues: [String] = [], referenceTypes: [String] = [],
        subAttributes: [SCIMAttribute] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    /// The sub-attribute of that name, compared without regard to case.
    public func subAttribute(named name: String) -> SCIMAttribute? {
        subAttributes.first { SCIMSchemaURN.same($0.name, name) }
    }

    /// Whether values of this attribute are compared with their case (strings of `caseExact` attributes only).
    var comparesCase: Bool { caseExact }

    /// The definition as `/Schemas` shows it (RFC 7643 §7).
    public var json: JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "type": .string(type.rawValue),
            "multiValued": .bool(multiValued),
            "description": .string(description),
            "required": .bool(required),
        ]
        if type == .complex {
            var subs: [JSONValue] = []
            for sub in subAttributes { subs.append(sub.json) }
            object["subAttributes"] = .array(subs)
        } else {
            object["caseExact"] = .bool(caseExact)
        }
        if !canonicalValues.isEmpty { object["canonicalValues"] = .array(canonicalValues.map(JSONValue.string)) }
        if type == .reference { object["referenceTypes"] = .array(referenceTypes.map(JSONValue.string)) }
        object["mutability"] = .string(mutability.rawValue)
        object["returned"] = .string(returned.rawValue)
        object["uniqueness"] = .string(uniqueness.rawValue)
        return .object(object)
    }
}
