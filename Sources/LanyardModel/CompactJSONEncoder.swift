public import Foundation

/// Encodes `Encodable` values as compact JSON text with sorted member names: the bytes `LanyardJSON.encoder()`
/// writes (`.sortedKeys`, `.withoutEscapingSlashes`, ISO 8601 dates), for the answers and claims on hot paths.
///
/// It reads the same field list as `JSONEncoder` — the type's own `Codable` conformance — so a wire type is
/// described once. A type whose coding keys come in sorted order (declare `CodingKeys` alphabetically by wire name)
/// is streamed straight into the output (``StreamingEncoder``), skipping Foundation's intermediate representation;
/// any other value (members out of order, dictionaries) is handed to `LanyardJSON.encoder()` itself. The bytes are
/// the same either way. Strings are escaped by ``JSONString``. Floating-point values are refused
/// (``EncodingError``): no hot-path type has one, and their text form would have to match `JSONEncoder` digit for
/// digit.
public struct CompactJSONEncoder: Sendable {
    public init() {}

    /// `value` as compact JSON text.
    public func encode(_ value: some Encodable) throws -> String {
        String(decoding: try bytes(value), as: UTF8.self)
    }

    /// `value` as the UTF-8 bytes of compact JSON text.
    public func bytes(_ value: some Encodable) throws -> [UInt8] {
        let streaming = StreamingEncoder(codingPath: [])
        streaming.out.reserveCapacity(512)
        do {
            try value.encode(to: streaming)
            if !streaming.failed {
                streaming.close()
                return streaming.out
            }
        } catch is StreamingEncoder.OutOfOrder {
            // Not streamable: Foundation sorts the members below.
        }
        return Array(try LanyardJSON.encoder().encode(value))
    }

    /// `value` as compact JSON text, or `nil` when it cannot be encoded.
    public static func text(_ value: some Encodable) -> String? {
        try? CompactJSONEncoder().encode(value)
    }
}
