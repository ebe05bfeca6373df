import LanyardAPI
import Testing

/// One percent-encoder for paths, queries and forms: RFC 3986's unreserved set, ASCII only.
@Suite("Percent-encoding of URI components")
struct PercentEncodingTests {
    @Test("only ASCII letters, digits and - . _ ~ stay as they are")
    func unreservedStay() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a/b?c&d=e+f%g h#i:j@k") == "a%2Fb%3Fc%26d%3De%2Bf%25g%20h%23i%3Aj%40k")
        #expect(PercentEncoding.encode("") == "")
    }

    @Test("a non-ASCII letter is sent as its UTF-8 bytes, which Foundation's alphanumerics would have let through raw")
    func nonASCIILettersAreEncoded() {
        #expect(PercentEncoding.encode("zoë") == "zo%C3%AB")
        #expect(PercentEncoding.encode("Жанна") == "%D0%96%D0%B0%D0%BD%D0%BD%D0%B0")
        #expect(PercentEncoding.encode("١٢") == "%D9%A1%D9%A2")  // Arabic-Indic digits: "alphanumeric", not ASCII
        #expect(PercentEncoding.encode("🪪") == "%F0%9F%AA%AA")
    }

    @Test("decoding gives back what was encoded")
    func roundTrip() {
        for value in ["zoë@exämple.com", "Acme::Ж", "a b+c", "%", "🪪/..", "plain"] {
            #expect(PercentEncoding.decode(PercentEncoding.encode(value)) == value)
        }
        #expect(PercentEncoding.decode("zo%c3%ab") == "zoë")
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode(bytes: Array("a+b%20c%2B".utf8), plusAsSpace: true) == "a b c+")
    }

    @Test("a broken escape or bytes that are not UTF-8 do not decode")
    func malformedIsRefused() {
        for text in ["%", "%4", "%G0", "abc%", "%C3", "%FF%FE", "%C3%28"] {
            #expect(PercentEncoding.decode(text) == nil, "\(text)")
        }
    }

    @Test("a slice in the middle of a body decodes only its own bytes, and raw bytes are validated too")
    func slices() {
        let body = Array("x=a%20b&token=c+d%2B&z=%E2%9C%93".utf8)
        #expect(PercentEncoding.decode(bytes: body[2..<7], plusAsSpace: true) == "a b")
        #expect(PercentEncoding.decode(bytes: body[14..<20], plusAsSpace: true) == "c d+")
        #expect(PercentEncoding.decode(bytes: body[23...], plusAsSpace: true) == "✓")
        #expect(PercentEncoding.decode(bytes: body[14..<16], plusAsSpace: false) == "c+")
        #expect(PercentEncoding.decode(bytes: [0x61, 0xFF][...]) == nil)  // not UTF-8, no escape in sight
        #expect(PercentEncoding.decode(bytes: Array("ab%2".utf8)[...]) == nil)
    }

    @Test("query and form pairs are encoded the same way")
    func queries() {
        #expect(PercentEncoding.query([("owner", "zoë"), ("a b", "1&2")]) == "owner=zo%C3%AB&a%20b=1%262")
        #expect(PercentEncoding.query([]) == "")
    }
}
