/// Percent-encoding of one URI component (RFC 3986 §2.1, §2.3), the one encoder of path segments, query names and
/// values, and form fields, on both sides of the API.
///
/// Only the unreserved characters stay as they are: the ASCII letters and digits, `-`, `.`, `_` and `~`. Every other
/// byte of the value's UTF-8 encoding becomes `%XX` (upper-case hex), so a `/`, `?`, `&`, `=`, `+`, `%` or a space
/// can never change how the URI is split, and a non-ASCII letter (`ë`, `Ж`) is sent as its UTF-8 bytes
/// (`%C3%AB`, `%D0%96`) rather than as raw bytes.
public enum PercentEncoding {
    /// `value` as one URI component: unreserved ASCII characters as they are, every other UTF-8 byte as `%XX`.
    public static func encode(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hexDigit(byte >> 4))
                out.unicodeScalars.append(hexDigit(byte & 0x0F))
            }
        }
        return out
    }

    /// `name=value` pairs joined by `&`, each name and value encoded by ``encode(_:)``: a URI's query or an
    /// `application/x-www-form-urlencoded` body.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// The text `component` encodes: each `%XX` replaced by its byte, the bytes read as UTF-8. Nothing else is
    /// changed (a `+` stays a `+`).
    ///
    /// - Returns: `nil` when a `%` is not followed by two hex digits, or when the bytes are not valid UTF-8.
    public static func decode(_ component: some StringProtocol) -> String? {
        guard component.utf8.contains(UInt8(ascii: "%")) else { return String(component) }
        return decode(bytes: component.utf8)
    }

    /// The text the bytes `part` encode, as ``decode(_:)`` reads them; with `plusAsSpace` a `+` is a space, as in an
    /// `application/x-www-form-urlencoded` body (WHATWG URL, "application/x-www-form-urlencoded parsing").
    ///
    /// - Returns: `nil` for a malformed escape or bytes that are not valid UTF-8.
    public static func decode(bytes part: some Collection<UInt8>, plusAsSpace: Bool = false) -> String? {
        decode(bytes: ArraySlice(part), plusAsSpace: plusAsSpace)
    }

    /// ``decode(bytes:plusAsSpace:)`` on contiguous bytes: one concrete loop (the generic one is not specialised
    /// across modules and walked every form body through witness tables — 16 % of an introspection request's CPU).
    public static func decode(bytes part: ArraySlice<UInt8>, plusAsSpace: Bool = false) -> String? {
        part.withUnsafeBufferPointer { input in
            // Most components (tokens, assertions, grant types) need no decoding at all.
            if !input.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
                return String(validating: input, as: UTF8.self)
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(input.count)
            var index = 0
            while index < input.count {
                let byte = input[index]
                index += 1
                switch byte {
                case UInt8(ascii: "+") where plusAsSpace: bytes.append(UInt8(ascii: " "))
                case UInt8(ascii: "%"):
                    guard index + 1 < input.count, let high = hexValue(input[index]), let low = hexValue(input[index + 1]) else { return nil }
                    bytes.append(high << 4 | low)
                    index += 2
                default: bytes.append(byte)
                }
            }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// RFC 3986 §2.3: `ALPHA / DIGIT / "-" / "." / "_" / "~"`, ASCII only.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
