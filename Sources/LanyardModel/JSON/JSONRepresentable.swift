/// A type whose JSON form is written and read through ``JSONValue`` in one place: `json` is the single list of its
/// members, in the order they go on the wire, and `init(json:)` reads them back with the checks and errors of the
/// API. `Codable` follows from the two.
///
/// Used where member order is part of the bytes (AuthZEN answers, the decision log) or where errors must name the
/// exact member at fault, which Foundation's `JSONEncoder` and `JSONDecoder` do not promise.
public protocol JSONRepresentable: Codable {
    /// Reads the value.
    /// - Throws: `LanyardError` (`invalid_request`, naming the member) when `json` does not have the type's shape.
    init(json: JSONValue) throws
    /// The value as JSON, members in wire order.
    var json: JSONValue { get }
}

extension JSONRepresentable {
    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
