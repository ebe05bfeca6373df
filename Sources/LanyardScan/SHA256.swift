import Crypto

/// SHA-256 as lower-case hex, for fingerprints and redacted previews of findings (swift-crypto's digest).
enum SHA256Hex {
    /// The hex digest of `message`.
    static func hex(_ message: [UInt8]) -> String {
        Crypto.SHA256.hash(data: message).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
