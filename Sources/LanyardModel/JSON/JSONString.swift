/// Minimal JSON string escaping, shared by the audit log's canonical JSON, ``CompactJSONEncoder`` and
/// ``JSONValue/compactText``: only `"` and `\` and the control characters U+0000–U+001F are escaped, as `\"`, `\\`,
/// `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx` (lower-case hex); everything else, `/` and non-ASCII included, is written
/// literally. Audit leaves depend on these bytes (their golden test is in `Tests/LanyardAuditTests`): never change
/// them.
public enum JSONString {
    /// Appends `text` as a JSON string to UTF-8 bytes.
    ///
    /// Byte by byte over the contiguous UTF-8: every escape is an ASCII byte, and UTF-8 never uses ASCII bytes inside
    /// a multi-byte sequence, so this equals escaping scalar by scalar. One pass counts the escapes, `out` grows once
    /// to the exact length, and a second pass writes through a pointer (a text without escapes is appended as it
    /// is): a decision batch's records are tens of kilobytes with an escape every few bytes, where appending piece by
    /// piece cost more than the rest of the work on them (docs/performance.md).
    /// - Parameter shortBackspaceAndFormFeed: U+0008 and U+000C as `\b` and `\f` (the default, as audit leaves
    ///   have them) or as `\u0008` and `\u000c` (as AuthZEN answers and the decision log have always had them).
    public static func write(_ text: String, into out: inout [UInt8], shortBackspaceAndFormFeed: Bool = true) {
        var text = text
        text.withUTF8 { bytes in
            var length = bytes.count &+ 2
            for byte in bytes where needsEscape(byte) { length &+= escapeLength(of: byte, short: shortBackspaceAndFormFeed) &- 1 }
            guard length > bytes.count &+ 2 else {
                out.append(0x22)
                out.append(contentsOf: bytes)
                out.append(0x22)
                return
            }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: length))
            out.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var at = base + start
                at.pointee = 0x22
                at += 1
                // Byte by byte: the runs between escapes are a few bytes long here, shorter than a copy call pays for.
                for byte in bytes {
                    if needsEscape(byte) {
                        at = writeEscape(of: byte, at: at, short: shortBackspaceAndFormFeed)
                    } else {
                        at.pointee = byte
                        at += 1
                    }
                }
                at.pointee = 0x22
            }
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
        write(text, into: &bytes, shortBackspaceAndFormFeed: shortBackspaceAndFormFeed)
        out += String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// The length of `byte`'s escape (`byte` needs one).
    @inline(__always)
    private static func escapeLength(of byte: UInt8, short: Bool) -> Int {
        switch byte {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09: 2
        case 0x08 where short, 0x0C where short: 2
        default: 6
        }
    }

    /// Writes `byte`'s escape at `at` (exactly ``escapeLength(of:short:)`` bytes); returns the position after it.
    private static func writeEscape(of byte: UInt8, at: UnsafeMutablePointer<UInt8>, short: Bool) -> UnsafeMutablePointer<UInt8> {
        at[0] = 0x5C
        switch byte {
        case 0x22, 0x5C: at[1] = byte
        case 0x08 where short: at[1] = UInt8(ascii: "b")
        case 0x0C where short: at[1] = UInt8(ascii: "f")
        case 0x0A: at[1] = UInt8(ascii: "n")
        case 0x0D: at[1] = UInt8(ascii: "r")
        case 0x09: at[1] = UInt8(ascii: "t")
        default:
            at[1] = UInt8(ascii: "u")
            at[2] = UInt8(ascii: "0")
            at[3] = UInt8(ascii: "0")
            at[4] = hexDigit(byte >> 4)
            at[5] = hexDigit(byte & 0x0F)
            return at + 6
        }
        return at + 2
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ (nibble &- 10)
    }
}
