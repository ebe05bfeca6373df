import Crypto
public import Foundation
public import LanyardModel

/// GitHub's secret-scanning public keys, configured at start-up (Lanyard fetches nothing): the JSON GitHub publishes at
/// `https://api.github.com/meta/public_keys/secret_scanning`, `{"public_keys": [{"key_identifier", "key" (PEM),
/// "is_current"}]}`. A report is accepted only when its `Github-Public-Key-Signature` (base64 DER ECDSA P-256 over
/// SHA-256 of the raw body) verifies with the key its `Github-Public-Key-Identifier` names.
public struct GitHubScanningKeys: Sendable {
    private let keys: [String: P256.Signing.PublicKey]

    /// The identifiers of the configured keys.
    public var identifiers: [String] { keys.keys.sorted() }

    /// Reads GitHub's key document.
    /// - Throws: `invalid_configuration` when it is not that shape, a key is not a P-256 public key in PEM, or it has
    ///   no key at all.
    public init(json: [UInt8]) throws {
        struct Document: Decodable {
            struct Key: Decodable {
                let key_identifier: String
                let key: String
                let is_current: Bool?
            }
            let public_keys: [Key]
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch {
            throw LanyardError(.invalidConfiguration, "The GitHub secret-scanning keys are not GitHub's {\"public_keys\": [...]} document.")
        }
        var keys: [String: P256.Signing.PublicKey] = [:]
        for entry in document.public_keys {
            guard !entry.key_identifier.isEmpty, entry.key_identifier.utf8.count <= 256 else {
                throw LanyardError(.invalidConfiguration, "A GitHub secret-scanning key has an empty or overlong key_identifier.")
            }
            do {
                keys[entry.key_identifier] = try P256.Signing.PublicKey(pemRepresentation: entry.key)
            } catch {
                throw LanyardError(.invalidConfiguration, "GitHub secret-scanning key '\(entry.key_identifier.prefix(64))' is not a P-256 public key in PEM.")
            }
        }
        guard !keys.isEmpty else { throw LanyardError(.invalidConfiguration, "The GitHub secret-scanning key document has no keys.") }
        self.keys = keys
    }

    /// Why a report's signature was refused.
    public enum Refusal: String, Sendable, Hashable {
        /// A header is missing, or the signature is not base64 DER.
        case malformed
        /// No configured key has that identifier.
        case unknownKey
        /// The signature does not verify over the body with that key.
        case badSignature
    }

    /// Checks the signature of a report: nil when it verifies, otherwise why not.
    public func refusal(body: [UInt8], keyIdentifier: String?, signature: String?) -> Refusal? {
        guard let keyIdentifier, !keyIdentifier.isEmpty, let signature, !signature.isEmpty, signature.utf8.count <= 1024,
            let der = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces))
        else { return .malformed }
        guard let key = keys[keyIdentifier.trimmingCharacters(in: .whitespaces)] else { return .unknownKey }
        guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der), key.isValidSignature(parsed, for: body) else {
            return .badSignature
        }
        return nil
    }
}
