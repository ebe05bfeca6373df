public import Foundation

/// Lanyard's webhook signing secrets: valid Standard Webhooks secrets (`whsec_` + the base64 of a 32-byte key) whose
/// key bytes identify themselves, so a scanner can tell a Lanyard `whsec_` from anyone else's offline.
///
/// Key layout (32 bytes, the middle of the 24-to-64 the specification asks for):
/// `2D 8C 21` (a marker: the base64 text starts `LYwh`) ‖ 25 random bytes (200 bits) ‖ the CRC-32 of the first 28
/// bytes, big-endian. The text is therefore `whsec_LYwh` + 40 base64 characters ending in `=`. A random key passes
/// the check with a probability of 1 in 2^56. Keys made before this format are plain random bytes: they still sign
/// and verify (signing never looks at the layout); only a scanner cannot attribute them.
public enum WebhookSecretFormat {
    /// The Standard Webhooks secret prefix.
    public static let prefix = "whsec_"
    /// The first key bytes of every Lanyard webhook secret.
    public static let marker: [UInt8] = [0x2D, 0x8C, 0x21]
    /// Bytes in a key.
    public static let keyLength = 32
    /// Random bytes in a key.
    public static let randomLength = 25
    /// The catalogue entry (``SecretFormat/kinds``).
    public static let kind = SecretKind(
        prefix: prefix + "LYwh", name: "lanyard-webhook-secret",
        summary: "A Lanyard webhook signing secret (Standard Webhooks): forges events to one receiver.")

    /// A new key: the marker, 25 random bytes from `random`, and the checksum.
    public static func makeKey(using random: any RandomSource) -> [UInt8] {
        var key = marker + random.bytes(randomLength)
        let crc = CRC32.checksum(key)
        key += [
            UInt8(truncatingIfNeeded: crc >> 24), UInt8(truncatingIfNeeded: crc >> 16), UInt8(truncatingIfNeeded: crc >> 8), UInt8(truncatingIfNeeded: crc),
        ]
        return key
    }

    /// Whether `key` has the layout of a Lanyard webhook key (marker and checksum).
    public static func isLanyardKey(_ key: [UInt8]) -> Bool {
        guard key.count == keyLength, key.starts(with: marker) else { return false }
        let crc = CRC32.checksum(key.prefix(keyLength - 4))
        let stated = key.suffix(4).reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        return crc == stated
    }

    /// Whether `text` is `whsec_` and the base64 of a Lanyard webhook key.
    public static func isLanyardSecret(_ text: String) -> Bool {
        guard text.hasPrefix(kind.prefix), text.utf8.count == prefix.utf8.count + 44,
            let key = Data(base64Encoded: String(text.dropFirst(prefix.count)))
        else { return false }
        return isLanyardKey(Array(key))
    }

    /// The secret as the receiver configures it: `whsec_` and the base64 of the key.
    public static func text(of key: [UInt8]) -> String {
        prefix + Data(key).base64EncodedString()
    }
}
