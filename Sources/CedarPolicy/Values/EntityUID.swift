/// A Cedar entity type name, fully qualified (for example `NS::User`).
public typealias EntityTypeName = CedarString

/// A unique entity identifier: an entity type and an id string.
///
/// Like ``CedarString``, a uid carries a hash computed once when it is made (from its type's and id's), so that
/// looking it up in the entity store, in an entity's ancestors or in the policy index hashes one word.
public struct EntityUID: Hashable, Sendable, CustomStringConvertible {
    /// Fully qualified entity type name.
    public let type: EntityTypeName
    /// Entity id (any string).
    public let id: CedarString
    /// The type's and id's hash codes mixed: equal uids have equal hash codes.
    let hashCode: Int

    /// Creates an entity uid.
    public init(type: EntityTypeName, id: CedarString) {
        self.type = type
        self.id = id
        // An odd multiplier is a bijection, so (type, id) pairs that differ in one part differ here.
        hashCode = (type.hashCode &* -7_046_029_254_386_353_131) ^ id.hashCode
    }

    @inline(__always)
    public static func == (lhs: EntityUID, rhs: EntityUID) -> Bool {
        lhs.hashCode == rhs.hashCode && lhs.id == rhs.id && lhs.type == rhs.type
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hashCode)
    }

    /// Convenience initialiser from Swift strings.
    public init(_ type: String, _ id: String) {
        self.init(type: CedarString(type), id: CedarString(id))
    }

    /// Cedar source form, `Type::"id"`.
    public var description: String { "\(type.value)::\"\(escapeCedarString(id.value))\"" }

    /// Whether this is an action entity (`Action` or `NS::Action`).
    public var isAction: Bool {
        type.value == "Action" || type.value.hasSuffix("::Action")
    }
}

/// Escapes a string for display in Cedar syntax.
func escapeCedarString(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\0": out += "\\0"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
