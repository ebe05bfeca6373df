/// Media types as `Content-Type` carries them (RFC 9110 §8.3.1).
public enum MediaType {
    /// The type and subtype of a `Content-Type` value without its parameters, lower-cased, without the spaces and
    /// tabs around it: `Application/JSON ; charset=utf-8` → `application/json`. Read byte by byte: it runs on every
    /// call through the MCP gateway, where Foundation's trimming showed in profiles.
    public static func essence(_ value: String) -> String {
        let bytes = value.utf8
        var start = bytes.startIndex
        var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start = bytes.index(after: start) }
        while start < end {
            let before = bytes.index(before: end)
            guard bytes[before] == UInt8(ascii: " ") || bytes[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        return String(value[start..<end]).lowercased()
    }
}
