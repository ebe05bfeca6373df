public import Foundation

/// The console's requests to a tenant's OpenID Provider beyond fetching documents: the token request of the
/// authorization code flow.
///
/// Implementations MUST give up after `timeout`, refuse bodies larger than `maxBytes` and not follow redirects.
/// LanyardServer implements it with AsyncHTTPClient.
public protocol IdentityProviderTransport: Sendable {
    /// `POST url` with `form` as `application/x-www-form-urlencoded` and the extra `headers`; the status and body.
    func postForm(_ url: String, form: [(String, String)], headers: [(String, String)], maxBytes: Int, timeout: Duration) async throws
        -> (status: Int, body: Data)
}

/// `application/x-www-form-urlencoded` encoding (the WHATWG URL standard's): unreserved bytes as they are, space as
/// `+`, everything else percent-encoded.
public enum FormEncoding {
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { component($0.0) + "=" + component($0.1) }.joined(separator: "&")
    }

    public static func component(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default:
                out.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "%")))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }
}
