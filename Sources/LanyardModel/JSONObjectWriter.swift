/// Writes one compact JSON object member by member, for answers on hot paths where `JSONEncoder` costs more than
/// the rest of the request. Strings are escaped by ``JSONString`` (as the audit log's canonical JSON escapes them). Callers add members in the order they
/// want them written (alphabetical, to match `JSONEncoder` with `.sortedKeys`); `nil` values are left out, as
/// `JSONEncoder` leaves out `nil` optionals.
public struct JSONObjectWriter {
    private var out = "{"
    private var first = true

    public init(capacity: Int = 256) {
        out.reserveCapacity(capacity)
    }

    private mutating func name(_ name: String) {
        out += first ? "\"" : ",\""
        first = false
        out += name
        out += "\":"
    }

    /// `name` must need no escaping (it is written as is).
    public mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        self.name(name)
        JSONString.write(value, into: &out)
    }

    public mutating func strings(_ name: String, _ values: [String]?) {
        guard let values else { return }
        self.name(name)
        out += "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            JSONString.write(value, into: &out)
        }
        out += "]"
    }

    public mutating func integer(_ name: String, _ value: Int64?) {
        guard let value else { return }
        self.name(name)
        out += String(value)
    }

    public mutating func bool(_ name: String, _ value: Bool?) {
        guard let value else { return }
        self.name(name)
        out += value ? "true" : "false"
    }

    /// A member whose value is JSON text already written (a nested object).
    public mutating func json(_ name: String, _ text: String?) {
        guard let text else { return }
        self.name(name)
        out += text
    }

    /// The object's text.
    public func finish() -> String {
        out + "}"
    }
}
