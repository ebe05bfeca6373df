import Foundation

/// The format of Lanyard's own secrets: a type prefix, random body and a checksum, so a leaked token
/// can be recognised by a scanner and rejected without a database look-up when mistyped.
///
/// `lyadm_<40 base62 characters><6 base62 checksum characters>`
public enum SecretFormat {
    /// Prefix of administrator bearer tokens.
    public static let adminPrefix = "lyadm_"
    /// Prefix of SCIM provisioning tokens (one tenant's identity provider).
    public static let provisioningPrefix = "lsc_"
    /// Prefix of leak-revocation bearers (a scanner or GitLab instance reporting leaked secrets to one tenant).
    public static let revocationPrefix = "lyrvk_"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let bodyLength = 40
    static let checksumLength = 6

    /// Makes a new secret with `prefix`, drawing randomness from `generator`.
    public static func make(prefix: String, using generator: inout some RandomNumberGenerator) -> String {
        var body = [UInt8]()
        body.reserveCapacity(bodyLength)
        for _ in 0..<bodyLength {
            body.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))])
        }
        return prefix + String(decoding: body + checksum(of: body), as: UTF8.self)
    }

    /// Whether `token` has the shape and checksum of a secret with `prefix` (says nothing about validity).
    public static func isWellFormed(_ token: String, prefix: String) -> Bool {
        guard token.hasPrefix(prefix) else { return false }
        let rest = Array(token.utf8.dropFirst(prefix.utf8.count))
        guard rest.count == bodyLength + checksumLength, rest.allSatisfy({ alphabet.contains($0) }) else { return false }
        return Array(rest.suffix(checksumLength)) == checksum(of: Array(rest.prefix(bodyLength)))
    }

    static func checksum(of body: [UInt8]) -> [UInt8] {
        var value = UInt64(crc32(body))
        var out = [UInt8](repeating: alphabet[0], count: checksumLength)
        for index in stride(from: checksumLength - 1, through: 0, by: -1) {
            out[index] = alphabet[Int(value % UInt64(alphabet.count))]
            value /= UInt64(alphabet.count)
        }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

/// Opaque identifiers: a type prefix and 26 random base32 characters.
public enum IdentifierFormat {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new identifier such as `idn_01h…`.
    public static func make(prefix: String, using generator: inout some RandomNumberGenerator) -> String {
        // 32 symbols: five random bits each, taken from 64-bit draws (three draws instead of 26: the system
        // generator makes a system call per draw).
        var out = [UInt8]()
        out.reserveCapacity(26)
        var bits: UInt64 = 0
        var available = 0
        while out.count < 26 {
            if available < 5 {
                bits = generator.next()
                available = 64
            }
            out.append(alphabet[Int(bits & 31)])
            bits >>= 5
            available -= 5
        }
        return prefix + "_" + String(decoding: out, as: UTF8.self)
    }
}
