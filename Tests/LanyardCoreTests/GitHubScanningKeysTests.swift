import Crypto
import Foundation
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("GitHub's secret-scanning keys: the published document, and signatures over the raw body")
struct GitHubScanningKeysTests {
    static let keyID = "f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d"

    static func document(_ keys: [(String, P256.Signing.PrivateKey)]) -> [UInt8] {
        let entries = keys.map { id, key in
            ["key_identifier": id, "key": key.publicKey.pemRepresentation, "is_current": true] as [String: Any]
        }
        return Array((try? JSONSerialization.data(withJSONObject: ["public_keys": entries])) ?? Data())
    }

    static func sign(_ body: [UInt8], with key: P256.Signing.PrivateKey) throws -> String {
        try key.signature(for: body).derRepresentation.base64EncodedString()
    }

    @Test("a signature by the named key over the exact body verifies; anything else is refused with its reason")
    func verification() throws {
        let github = P256.Signing.PrivateKey()
        let impostor = P256.Signing.PrivateKey()
        let keys = try GitHubScanningKeys(json: Self.document([(Self.keyID, github), ("old", P256.Signing.PrivateKey())]))
        #expect(keys.identifiers == ["f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d", "old"])
        let body = Array(#"[{"token":"abc","type":"lanyard_access_token","url":"https://github.com/o/r","source":"commit"}]"#.utf8)
        let signature = try Self.sign(body, with: github)
        #expect(keys.refusal(body: body, keyIdentifier: Self.keyID, signature: signature) == nil)
        #expect(keys.refusal(body: body + [0x20], keyIdentifier: Self.keyID, signature: signature) == .badSignature, "one byte more")
        #expect(keys.refusal(body: body, keyIdentifier: Self.keyID, signature: try Self.sign(body, with: impostor)) == .badSignature)
        #expect(keys.refusal(body: body, keyIdentifier: "old", signature: signature) == .badSignature, "another configured key")
        #expect(keys.refusal(body: body, keyIdentifier: "nope", signature: signature) == .unknownKey)
        #expect(keys.refusal(body: body, keyIdentifier: nil, signature: signature) == .malformed)
        #expect(keys.refusal(body: body, keyIdentifier: Self.keyID, signature: nil) == .malformed)
        #expect(keys.refusal(body: body, keyIdentifier: Self.keyID, signature: "!!not base64") == .malformed)
        #expect(keys.refusal(body: body, keyIdentifier: Self.keyID, signature: Data("short".utf8).base64EncodedString()) == .badSignature)
    }

    @Test("a document that is not GitHub's shape, or a key that is not P-256 PEM, stops the server at start-up")
    func badDocuments() {
        for text in [#"{"keys":[]}"#, #"{"public_keys":[]}"#, #"{"public_keys":[{"key_identifier":"a","key":"not pem"}]}"#, "[", ""] {
            #expect(throws: LanyardError(.invalidConfiguration, "")) { try GitHubScanningKeys(json: Array(text.utf8)) }
        }
    }
}
