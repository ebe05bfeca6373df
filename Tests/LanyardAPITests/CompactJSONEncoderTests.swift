import Foundation
import LanyardAPI
import LanyardModel
import Testing

@Suite("CompactJSONEncoder writes what JSONEncoder writes, from the same Codable field list")
struct CompactJSONEncoderTests {
    static func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try LanyardJSON.encoder().encode(value), as: UTF8.self)
    }

    static func same(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try CompactJSONEncoder().encode(value) == Self.foundation(value), sourceLocation: sourceLocation)
        #expect(try CompactJSONEncoder().bytes(value) == Array(try Self.foundation(value).utf8), sourceLocation: sourceLocation)
    }

    @Test("JSONString escapes every ASCII byte as JSONEncoder does, into bytes and into a string alike")
    func stringEscapes() throws {
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for text in [everyASCII, "", "plain", "é 🎉 \u{7f}", "\"\\\"", "end\u{1f}", "\u{0}start"] {
            for short in [true, false] {
                var bytes: [UInt8] = []
                JSONString.write(text, into: &bytes, shortBackspaceAndFormFeed: short)
                var string = ""
                JSONString.write(text, into: &string, shortBackspaceAndFormFeed: short)
                #expect(bytes == Array(string.utf8))
                if short { #expect(string == (try Self.foundation(text))) }
            }
        }
    }

    /// The escaping rules written out scalar by scalar, as the reference for the byte-level writer.
    static func reference(_ text: String, short: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}" where short: out += "\\b"
            case "\u{c}" where short: out += "\\f"
            case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test("JSONString writes what the scalar-by-scalar rules say, appended after bytes already there, for random texts")
    func stringEscapesRandomTexts() {
        var random = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "a", "Z", "/", "é", "🎉", "\u{7f}", " "]
        for round in 0..<500 {
            let text = String((0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "a" })
            let short = round % 2 == 0
            var bytes = Array("prefix:".utf8)
            JSONString.write(text, into: &bytes, shortBackspaceAndFormFeed: short)
            #expect(bytes == Array(("prefix:" + Self.reference(text, short: short)).utf8), "\(text.debugDescription)")
            var string = "prefix:"
            JSONString.write(text, into: &string, shortBackspaceAndFormFeed: short)
            #expect(string == "prefix:" + Self.reference(text, short: short))
        }
    }

    @Test("the hot-path answers are byte for byte JSONEncoder's (sorted members, slashes unescaped, nils left out)")
    func hotPathAnswers() throws {
        try Self.same(TokenResponse(accessToken: "eyJ.eyJ.sig", tokenType: "Bearer", expiresIn: 600, scope: "read write"))
        try Self.same(
            TokenResponse(
                accessToken: "a.b.c", tokenType: "DPoP", expiresIn: 60, scope: "read",
                issuedTokenType: "urn:ietf:params:oauth:token-type:access_token"))
        try Self.same(JWTSVIDResponse(svid: "x.y.z", spiffeID: "spiffe://td/agent/a", audience: ["crm", "mail"], expiresAt: 1_800_000_300))
        try Self.same(JWTSVIDResponse(svid: "x.y.z", spiffeID: "spiffe://td/agent/a", audience: [], expiresAt: 1))
        try Self.same(IntrospectionResponse.inactive)
        #expect(try CompactJSONEncoder().encode(IntrospectionResponse.inactive) == #"{"active":false}"#)
        try Self.same(
            IntrospectionResponse(
                active: true, scope: "read write", clientID: "idn_1", sub: "idn_1", aud: "crm", iss: "https://lanyard.example/t/a",
                exp: 1_800_000_600, iat: 1_800_000_000, nbf: 1_800_000_000, jti: "cred_1", tokenType: "DPoP", owner: "alice \"the\" owner/é",
                env: "dev", stage: "managed", spiffeID: "spiffe://td/agent/a", task: "tsk_1", cnf: ConfirmationClaim(jkt: "NzbLsXh8uDCcd-6M"),
                act: ActorClaim(sub: "idn_2", act: ActorClaim(sub: "idn_3", act: nil))))
    }

    @Test("snake_case on the wire, camelCase in Swift: the coding keys are the wire names")
    func wireNames() throws {
        let text = try CompactJSONEncoder().encode(
            X509SVIDResponse(spiffeID: "spiffe://td/a", svidChainPEM: "-----BEGIN", bundlePEM: "B", serial: "01", expiresAt: 5))
        #expect(text == #"{"bundle_pem":"B","expires_at":5,"serial":"01","spiffe_id":"spiffe://td/a","svid_chain_pem":"-----BEGIN"}"#)
        let decoded = try JSONDecoder().decode(X509SVIDResponse.self, from: Data(text.utf8))
        #expect(decoded.spiffeID == "spiffe://td/a" && decoded.expiresAt == 5)
    }

    struct Nested: Codable {
        var name: String
        var when: Date
        var tags: [String]
        var children: [Nested]
        var flag: Bool?
        var count: UInt8
    }

    @Test("nested objects, arrays, dates and escapes match; control characters are escaped")
    func nested() throws {
        let value = Nested(
            name: "tab\there \"q\" \\ \u{1} é 🎉", when: Date(timeIntervalSince1970: 1_800_000_000), tags: ["a", "b/c"],
            children: [Nested(name: "k", when: Date(timeIntervalSince1970: 0), tags: [], children: [], flag: false, count: 255)], flag: nil,
            count: 0)
        try Self.same(value)
        try Self.same([value, value])
        try Self.same(["z": 1, "a": 2, "m": 3])
    }

    @Test("floating-point numbers are refused rather than written differently")
    func floats() {
        struct Measured: Encodable { var ratio: Double }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(Measured(ratio: 0.5)) }
        #expect(CompactJSONEncoder.text(Measured(ratio: 0.5)) == nil)
    }
}

@Suite("CompactJSONEncoder's two paths")
struct CompactJSONEncoderPathTests {
    struct Unsorted: Encodable {
        var zeta = "z"
        var alpha = 1
        var middle: [String: Int] = ["b": 2, "a": 1]
    }

    @Test("members out of order (and dictionaries) are handed to JSONEncoder: the same bytes")
    func unsortedFallsBack() throws {
        #expect(try CompactJSONEncoder().encode(Unsorted()) == String(decoding: try LanyardJSON.encoder().encode(Unsorted()), as: UTF8.self))
        #expect(try CompactJSONEncoder().encode(Unsorted()) == #"{"alpha":1,"middle":{"a":1,"b":2},"zeta":"z"}"#)
    }

    @Test("an empty object, arrays of objects and nested nils stream like JSONEncoder writes them")
    func shapes() throws {
        struct Empty: Encodable {}
        struct Item: Encodable {
            var a: Int?
            var b: [Empty]
        }
        for value in [[Item(a: nil, b: []), Item(a: 3, b: [Empty(), Empty()])]] {
            #expect(try CompactJSONEncoder().encode(value) == String(decoding: try LanyardJSON.encoder().encode(value), as: UTF8.self))
        }
        #expect(try CompactJSONEncoder().encode(Empty()) == "{}")
    }
}
