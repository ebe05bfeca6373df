/// Minimal JSON string escaping, shared by the audit log's canonical JSON and ``CompactJSONEncoder``: only `"` and
/// `\` and the control characters U+0000–U+001F are escaped, as `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx`
/// (lower-case hex); everything else, `/` and non-ASCII included, is written literally. Audit leaves depend on
/// these bytes (their golden test is in `Tests/LanyardAuditTests`): never change them.
public enum JSONString {
    /// Appends `text` as a JSON string.
    /// - Parameter shortBackspaceAndFormFeed: U+0008 and U+000C as `\b` and `\f` (the default, as audit leaves
    ///   have them) or as `\u0008` and `\u000c` (as AuthZEN answers and the decision log have always had them).
    public static func write(_ text: String, into out: inout String, shortBackspaceAndFormFeed: Bool = true) {
        // Most strings need no escape: append them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        // Byte by byte: every escape is an ASCII byte, and UTF-8 never uses ASCII bytes inside a multi-byte
        // sequence, so this equals escaping scalar by scalar — and is linear (audit details can be large).
        let hex = hexDigits
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        bytes.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22, 0x5C: bytes.append(0x5C); bytes.append(byte)
            case 0x08 where shortBackspaceAndFormFeed: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x0C where shortBackspaceAndFormFeed: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
        out += String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
