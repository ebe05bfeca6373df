public import Foundation

/// Encodes `Encodable` values as compact JSON text with sorted member names: the bytes `LanyardJSON.encoder()`
/// writes (`.sortedKeys`, `.withoutEscapingSlashes`, ISO 8601 dates), for the answers and claims on hot paths.
///
/// It reads the same field list as `JSONEncoder` — the type's own `Codable` conformance — so a wire type is
/// described once; it only skips Foundation's intermediate representation. A type whose coding keys come in sorted
/// order (declare `CodingKeys` alphabetically by wire name) is streamed straight into the output; any other is
/// collected and sorted first. The bytes are the same either way. Strings are escaped by
/// ``JSONString``. Floating-point values are refused (``EncodingError``): no hot-path type has one, and
/// their text form would have to match `JSONEncoder` digit for digit.
public struct CompactJSONEncoder: Sendable {
    public init() {}

    /// `value` as compact JSON text.
    public func encode(_ value: some Encodable) throws -> String {
        // Fast path: members already in sorted order are streamed (see StreamingEncoder).
        let streaming = StreamingEncoder(codingPath: [])
        streaming.out.reserveCapacity(512)
        do {
            try value.encode(to: streaming)
            if !streaming.failed {
                streaming.close()
                return streaming.out
            }
        } catch is StreamingEncoder.OutOfOrder {
            // Encoded again below, members sorted.
        }
        let encoder = CompactEncoder(codingPath: [])
        try value.encode(to: encoder)
        var out = ""
        out.reserveCapacity(256)
        (encoder.value ?? .object(ObjectNode())).write(into: &out)
        return out
    }

    /// `value` as compact JSON text, or `nil` when it cannot be encoded.
    public static func text(_ value: some Encodable) -> String? {
        try? CompactJSONEncoder().encode(value)
    }
}

// MARK: - Nodes

/// One encoded value: JSON text already written, or a container still being filled.
private enum Node {
    case text(String)
    case object(ObjectNode)
    case array(ArrayNode)

    func write(into out: inout String) {
        switch self {
        case .text(let text): out += text
        case .object(let object):
            out += "{"
            // Sorted by name; of a name set twice (which synthesized conformances never do), the last is kept.
            let members = object.members.sorted { $0.name < $1.name }
            var first = true
            for (index, member) in members.enumerated() {
                if index + 1 < members.count && members[index + 1].name == member.name { continue }
                if !first { out += "," }
                first = false
                JSONString.write(member.name, into: &out)
                out += ":"
                member.node.write(into: &out)
            }
            out += "}"
        case .array(let array):
            out += "["
            for (index, item) in array.items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        }
    }
}

private final class ObjectNode {
    var members: [(name: String, node: Node)] = []
}

private final class ArrayNode {
    var items: [Node] = []
}

private func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 2)
    JSONString.write(text, into: &out)
    return out
}

private func refuseFloat(_ codingPath: [any CodingKey], _ value: Any) -> EncodingError {
    EncodingError.invalidValue(
        value, .init(codingPath: codingPath, debugDescription: "CompactJSONEncoder does not write floating-point numbers."))
}

/// The text of a value that encodes as a scalar of its own (dates), or `nil` to ask the value to encode itself.
private func scalarText(_ value: some Encodable) -> String? {
    if let date = value as? Date {
        return escaped(date.formatted(.iso8601))
    }
    return nil
}

// MARK: - Encoder

private final class CompactEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// For the encoder of a `superEncoder()`: hands the value to the parent container once it is set (a container
    /// is a reference, so what is written into it later still lands).
    private let deliver: ((Node) -> Void)?
    var value: Node? {
        didSet {
            if oldValue == nil, let value { deliver?(value) }
        }
    }

    init(codingPath: [any CodingKey], deliver: ((Node) -> Void)? = nil) {
        self.codingPath = codingPath
        self.deliver = deliver
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectNode
        if case .object(let existing) = value {
            object = existing
        } else {
            object = ObjectNode()
            value = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = value {
            array = existing
        } else {
            array = ArrayNode()
            value = .array(array)
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    /// Encodes a nested value: a scalar directly, anything else through a child encoder.
    static func node(of value: some Encodable, at codingPath: [any CodingKey]) throws -> Node {
        if let text = scalarText(value) { return .text(text) }
        let child = CompactEncoder(codingPath: codingPath)
        try value.encode(to: child)
        return child.value ?? .object(ObjectNode())
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectNode
    let codingPath: [any CodingKey]

    private func add(_ key: Key, _ node: Node) { object.members.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { add(key, .text("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .text(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(key, .text(escaped(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw refuseFloat(codingPath + [key], value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw refuseFloat(codingPath + [key], value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, .text(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, .text(String(value))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(key, try CompactEncoder.node(of: value, at: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        add(key, .object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        add(key, .array(nested))
        return UnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(name: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(name: key.stringValue) }

    private func superEncoder(name: String) -> any Encoder {
        CompactEncoder(codingPath: codingPath) { [object] node in object.members.append((name, node)) }
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    private func add(_ node: Node) { array.items.append(node) }

    mutating func encodeNil() throws { add(.text("null")) }
    mutating func encode(_ value: Bool) throws { add(.text(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { add(.text(escaped(value))) }
    mutating func encode(_ value: Double) throws { throw refuseFloat(codingPath, value) }
    mutating func encode(_ value: Float) throws { throw refuseFloat(codingPath, value) }
    mutating func encode(_ value: Int) throws { add(.text(String(value))) }
    mutating func encode(_ value: Int8) throws { add(.text(String(value))) }
    mutating func encode(_ value: Int16) throws { add(.text(String(value))) }
    mutating func encode(_ value: Int32) throws { add(.text(String(value))) }
    mutating func encode(_ value: Int64) throws { add(.text(String(value))) }
    mutating func encode(_ value: UInt) throws { add(.text(String(value))) }
    mutating func encode(_ value: UInt8) throws { add(.text(String(value))) }
    mutating func encode(_ value: UInt16) throws { add(.text(String(value))) }
    mutating func encode(_ value: UInt32) throws { add(.text(String(value))) }
    mutating func encode(_ value: UInt64) throws { add(.text(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        add(try CompactEncoder.node(of: value, at: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        add(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        add(.array(nested))
        return UnkeyedContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        CompactEncoder(codingPath: codingPath) { [array] node in array.items.append(node) }
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ node: Node) { encoder.value = node }

    mutating func encodeNil() throws { set(.text("null")) }
    mutating func encode(_ value: Bool) throws { set(.text(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(.text(escaped(value))) }
    mutating func encode(_ value: Double) throws { throw refuseFloat(codingPath, value) }
    mutating func encode(_ value: Float) throws { throw refuseFloat(codingPath, value) }
    mutating func encode(_ value: Int) throws { set(.text(String(value))) }
    mutating func encode(_ value: Int8) throws { set(.text(String(value))) }
    mutating func encode(_ value: Int16) throws { set(.text(String(value))) }
    mutating func encode(_ value: Int32) throws { set(.text(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.text(String(value))) }
    mutating func encode(_ value: UInt) throws { set(.text(String(value))) }
    mutating func encode(_ value: UInt8) throws { set(.text(String(value))) }
    mutating func encode(_ value: UInt16) throws { set(.text(String(value))) }
    mutating func encode(_ value: UInt32) throws { set(.text(String(value))) }
    mutating func encode(_ value: UInt64) throws { set(.text(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try CompactEncoder.node(of: value, at: codingPath))
    }
}
