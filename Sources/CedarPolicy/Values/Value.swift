/// A Cedar runtime value.
public enum Value: Hashable, Sendable {
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer.
    case long(Int64)
    /// A string (sequence of Unicode scalars).
    case string(CedarString)
    /// An entity reference.
    case entity(EntityUID)
    /// A set (order and duplicates irrelevant).
    case set(Set<Value>)
    /// A record of named values.
    case record([CedarString: Value])
    /// An extension value (decimal, ipaddr, datetime, duration).
    case ext(ExtensionValue)

    /// Name of the value's type, used in error messages.
    public var typeName: String {
        switch self {
        case .bool: return "bool"
        case .long: return "long"
        case .string: return "string"
        case .entity: return "entity"
        case .set: return "set"
        case .record: return "record"
        case .ext(let e): return e.typeName
        }
    }
}

/// Values of Cedar extension types.
public enum ExtensionValue: Hashable, Sendable {
    /// Fixed-point decimal scaled by 10^4.
    case decimal(CedarDecimal)
    /// IPv4/IPv6 address or range.
    case ipaddr(IPAddr)
    /// Milliseconds since the Unix epoch.
    case datetime(Int64)
    /// Milliseconds.
    case duration(Int64)

    /// Cedar type name of this extension value.
    public var typeName: String {
        switch self {
        case .decimal: return "decimal"
        case .ipaddr: return "ipaddr"
        case .datetime: return "datetime"
        case .duration: return "duration"
        }
    }
}

extension ExtensionValue {
    /// The payload when this is a decimal.
    var decimal: CedarDecimal? { if case .decimal(let d) = self { d } else { nil } }
    /// The payload when this is an IP address or range.
    var ipaddr: IPAddr? { if case .ipaddr(let a) = self { a } else { nil } }
    /// The payload when this is a datetime.
    var datetime: Int64? { if case .datetime(let ms) = self { ms } else { nil } }
    /// The payload when this is a duration.
    var duration: Int64? { if case .duration(let ms) = self { ms } else { nil } }
}

extension Value: CustomStringConvertible {
    /// Cedar-like textual rendering of the value.
    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .long(let l): return String(l)
        case .string(let s): return "\"\(escapeCedarString(s.value))\""
        case .entity(let e): return e.description
        case .set(let s): return "[" + s.map { $0.description }.sorted().joined(separator: ", ") + "]"
        case .record(let r):
            let items = r.sorted { $0.key < $1.key }.map { "\"\(escapeCedarString($0.key.value))\": \($0.value)" }
            return "{" + items.joined(separator: ", ") + "}"
        case .ext(let e):
            switch e {
            case .decimal(let d): return "decimal(\"\(d)\")"
            case .ipaddr(let ip): return "ip(\"\(ip)\")"
            case .datetime(let ms): return "datetime(\"\(CedarDateTime.formatDatetime(ms))\")"
            case .duration(let ms): return "duration(\"\(CedarDateTime.formatDuration(ms))\")"
            }
        }
    }
}
