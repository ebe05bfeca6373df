/// Minimal JSON string escaping, shared by the audit log's canonical JSON, ``CompactJSONEncoder`` and
/// ``JSONValue/compactText``: only `"` and `\` and the control characters U+0000–U+001F are escaped, as `\"`, `\\`,
/// `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx` (lower-case hex); everything else, `/` and non-ASCII included, is written
/// literally. Audit leaves depend on these bytes (their golden test is in `Tests/LanyardAuditTests`): never change
/// them.
public enum JSONString {
    /// Appends `text` as a JSON string to UTF-8 bytes.
    ///
    /// Byte by byte over the contiguous UTF-8: every escape is an ASCII byte, and UTF-8 never uses ASCII bytes inside
    /// a multi-byte sequence, so this equals escaping scalar by scalar. Runs without escapes are copied whole.
    /// - Parameter shortBackspaceAndFormFeed: U+0008 and U+000C as `\b` and `\f` (the default, as audit leaves
    ///   have them) or as `\u0008` and `\u000c` (as AuthZEN answers and the decision log have always had them).
    public static func write(_ text: String, into out: inout [UInt8], shortBackspaceAndFormFeed: Bool = true) {
        var text = text
        text.withUTF8 { bytes in
            out.append(0x22)
            var start = 0
            for index in 0..<bytes.count where needsEscape(bytes[index]) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(of: bytes[index], to: &out, short: shortBackspaceAndFormFeed)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            out.append(0x22)
        }
    }

    /// Appends `text` as a JSON string.
    /// - Parameter shortBackspaceAndFormFeed: as for the bytes variant.
    public static func write(_ text: String, into out: inout String, shortBackspaceAndFormFeed: Bool = true) {
        var text = text
        let plain = text.withUTF8 { bytes in !bytes.contains(where: needsEscape) }
        if plain {
            out += "\""
            out += text
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        write(text, into: &bytes, shortBackspaceAndFormFeed: shortBackspaceAndFormFeed)
        out += String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    private static func appendEscape(of byte: UInt8, to out: inout [UInt8], short: Bool) {
        switch byte {
        case 0x22, 0x5C: out.append(0x5C); out.append(byte)
        case 0x08 where short: out.append(0x5C); out.append(UInt8(ascii: "b"))
        case 0x0C where short: out.append(0x5C); out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
        default:
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
