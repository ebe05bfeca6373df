public import Foundation

/// The JSON coding conventions of Lanyard's API: RFC 3339 times, sorted keys.
public enum LanyardJSON {
    /// An encoder for API bodies and `--output json`.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder for API bodies.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Encodes a value into a ``JSONValue`` (for audit snapshots).
    public static func value<T: Encodable>(of value: T) -> JSONValue? {
        guard let data = try? encoder().encode(value) else { return nil }
        return try? decoder().decode(JSONValue.self, from: data)
    }
}
