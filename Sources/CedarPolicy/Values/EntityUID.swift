/// A Cedar entity type name, fully qualified (for example `NS::User`).
public typealias EntityTypeName = CedarString

/// A unique entity identifier: an entity type and an id string.
public struct EntityUID: Hashable, Sendable, CustomStringConvertible {
    /// Fully qualified entity type name.
    public let type: EntityTypeName
    /// Entity id (any string).
    public let id: CedarString

    /// Creates an entity uid.
    public init(type: EntityTypeName, id: CedarString) {
        self.type = type
        self.id = id
    }

    /// Convenience initialiser from Swift strings.
    public init(_ type: String, _ id: String) {
        self.type = CedarString(type)
        self.id = CedarString(id)
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
