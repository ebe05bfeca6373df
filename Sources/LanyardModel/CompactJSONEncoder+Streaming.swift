import Foundation

/// ``CompactJSONEncoder``'s writer: when a value's coding keys arrive in sorted order (the wire types on hot paths
/// declare their `CodingKeys` alphabetically for this), members are written straight into one output string — no
/// intermediate tree, no sorting. The first member out of order, and the rare container kinds it does not stream
/// (`superEncoder`, nested containers by key), end the attempt, and the caller hands the value to `JSONEncoder`,
/// so the bytes are the same either way.
final class StreamingEncoder: Encoder {
    /// Written so far (UTF-8).
    ///
    /// The encoder's state is touched by one thread, through its own containers only, and never while another access
    /// to it is open; the runtime's exclusivity check (a thread-local access set, a third of the encoder's
    /// instructions) is off for these properties.
    @exclusivity(unchecked) var out: [UInt8]
    /// Set when the value cannot be streamed; the output is then discarded.
    @exclusivity(unchecked) var failed = false
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// What this encoder has opened: nothing yet, an object (`{` written), an array (`[` written) or a scalar.
    enum Opened { case none, object, array, scalar }
    @exclusivity(unchecked) var opened = Opened.none
    /// Within an object or array: whether the next member or item is the first.
    @exclusivity(unchecked) var first = true
    /// Within an object: the last member name written, to check the order.
    @exclusivity(unchecked) var lastKey: String?

    init(codingPath: [any CodingKey], out: [UInt8] = []) {
        self.codingPath = codingPath
        self.out = out
    }

    /// Writes what closes this encoder's value (`}` or `]`, or `{}` for a value that wrote nothing).
    func close() {
        switch opened {
        case .none: out.append(contentsOf: [0x7B, 0x7D])
        case .object: out.append(0x7D)
        case .array: out.append(0x5D)
        case .scalar: break
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch opened {
        case .none:
            opened = .object
            out.append(0x7B)
        case .object: break
        case .array, .scalar: failed = true
        }
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch opened {
        case .none:
            opened = .array
            out.append(0x5B)
        case .array: break
        case .object, .scalar: failed = true
        }
        return StreamingUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if opened != .none { failed = true }
        return StreamingSingleValueContainer(encoder: self)
    }

    /// Writes `value` (a member's or an item's value) through a child encoder on the same output.
    func write(_ value: some Encodable, at path: [any CodingKey]) throws {
        if let date = value as? Date {
            JSONString.write(date.formatted(.iso8601), into: &out)
            return
        }
        let child = StreamingEncoder(codingPath: path)
        swap(&child.out, &out)
        defer { swap(&child.out, &out) }
        try value.encode(to: child)
        if child.failed { failed = true }
        child.close()
    }

    /// Starts a member: checks the order and writes `,"name":`.
    func member(_ key: some CodingKey) throws {
        let name = key.stringValue
        if let lastKey, !(lastKey < name) { throw StreamingEncoder.OutOfOrder() }
        lastKey = name
        if !first { out.append(0x2C) }
        first = false
        JSONString.write(name, into: &out)
        out.append(0x3A)
    }

    func item() {
        if !first { out.append(0x2C) }
        first = false
    }

    func scalar() {
        if opened != .none { failed = true }
        opened = .scalar
    }

    struct OutOfOrder: Error {}
}

private func refuse(_ path: [any CodingKey], _ value: Any) -> EncodingError {
    EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "CompactJSONEncoder does not write floating-point numbers."))
}

private struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func raw(_ key: Key, _ text: String) throws {
        try encoder.member(key)
        encoder.out.append(contentsOf: text.utf8)
    }

    mutating func encodeNil(forKey key: Key) throws { try raw(key, "null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try raw(key, value ? "true" : "false") }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try encoder.member(key)
        JSONString.write(value, into: &encoder.out)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw refuse(codingPath + [key], value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw refuse(codingPath + [key], value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try raw(key, String(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try raw(key, String(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.member(key)
        try encoder.write(value, at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath + [key])
    }
}

private struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private(set) var count = 0

    init(encoder: StreamingEncoder) { self.encoder = encoder }

    private mutating func raw(_ text: String) {
        encoder.item()
        encoder.out.append(contentsOf: text.utf8)
        count += 1
    }

    mutating func encodeNil() throws { raw("null") }
    mutating func encode(_ value: Bool) throws { raw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws {
        encoder.item()
        JSONString.write(value, into: &encoder.out)
        count += 1
    }
    mutating func encode(_ value: Double) throws { throw refuse(codingPath, value) }
    mutating func encode(_ value: Float) throws { throw refuse(codingPath, value) }
    mutating func encode(_ value: Int) throws { raw(String(value)) }
    mutating func encode(_ value: Int8) throws { raw(String(value)) }
    mutating func encode(_ value: Int16) throws { raw(String(value)) }
    mutating func encode(_ value: Int32) throws { raw(String(value)) }
    mutating func encode(_ value: Int64) throws { raw(String(value)) }
    mutating func encode(_ value: UInt) throws { raw(String(value)) }
    mutating func encode(_ value: UInt8) throws { raw(String(value)) }
    mutating func encode(_ value: UInt16) throws { raw(String(value)) }
    mutating func encode(_ value: UInt32) throws { raw(String(value)) }
    mutating func encode(_ value: UInt64) throws { raw(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.item()
        try encoder.write(value, at: codingPath)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.failed = true
        return StreamingEncoder(codingPath: codingPath)
    }
}

private struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func raw(_ text: String) {
        encoder.scalar()
        encoder.out.append(contentsOf: text.utf8)
    }

    mutating func encodeNil() throws { raw("null") }
    mutating func encode(_ value: Bool) throws { raw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws {
        encoder.scalar()
        JSONString.write(value, into: &encoder.out)
    }
    mutating func encode(_ value: Double) throws { throw refuse(codingPath, value) }
    mutating func encode(_ value: Float) throws { throw refuse(codingPath, value) }
    mutating func encode(_ value: Int) throws { raw(String(value)) }
    mutating func encode(_ value: Int8) throws { raw(String(value)) }
    mutating func encode(_ value: Int16) throws { raw(String(value)) }
    mutating func encode(_ value: Int32) throws { raw(String(value)) }
    mutating func encode(_ value: Int64) throws { raw(String(value)) }
    mutating func encode(_ value: UInt) throws { raw(String(value)) }
    mutating func encode(_ value: UInt8) throws { raw(String(value)) }
    mutating func encode(_ value: UInt16) throws { raw(String(value)) }
    mutating func encode(_ value: UInt32) throws { raw(String(value)) }
    mutating func encode(_ value: UInt64) throws { raw(String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.scalar()
        try encoder.write(value, at: codingPath)
    }
}
