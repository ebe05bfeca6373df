import Foundation

/// The format of Lanyard's own opaque secrets: a type prefix, a random body and a checksum, so a leaked secret can
/// be recognised by a scanner offline — and told from a look-alike — and rejected without a database look-up when
/// mistyped (GitHub's 2021 scheme).
///
/// `<prefix><40 base62 characters><6 base62 characters of the CRC-32 of the 40>`, e.g. `lyadm_…`. The body carries
/// 40 × log2(62) ≈ 238 random bits; the checksum makes a random string with a valid prefix pass with a probability
/// of 1 in 2^32. ``kinds`` is the catalogue of every kind Lanyard hands out.
public enum SecretFormat {
    /// Prefix of administrator bearer tokens.
    public static let adminPrefix = "lyadm_"
    /// Prefix of policy-enforcement-point tokens (may only ask for decisions in one tenant).
    public static let pepPrefix = "lypep_"
    /// Prefix of SCIM provisioning tokens (one tenant's identity provider).
    public static let provisioningPrefix = "lsc_"
    /// Prefix of leak-revocation bearers (a scanner or GitLab instance reporting leaked secrets to one tenant).
    public static let revocationPrefix = "lyrvk_"

    /// Every kind of secret Lanyard hands out, webhook signing secrets (``WebhookSecretFormat``) last.
    public static let kinds: [SecretKind] = [
        SecretKind(
            prefix: adminPrefix, name: "lanyard-admin-token",
            summary: "A Lanyard administrator bearer token (platform, tenant or scoped administrator)."),
        SecretKind(
            prefix: pepPrefix, name: "lanyard-pep-token",
            summary: "A Lanyard policy-enforcement-point token: asks one tenant for authorization decisions."),
        SecretKind(
            prefix: provisioningPrefix, name: "lanyard-scim-token",
            summary: "A Lanyard SCIM provisioning token: an identity provider's write access to one tenant's directory."),
        SecretKind(
            prefix: revocationPrefix, name: "lanyard-revocation-bearer",
            summary: "A Lanyard leak-revocation bearer: reports leaked credentials to one tenant for revocation."),
        WebhookSecretFormat.kind,
    ]

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// Base62 digit value of each byte, or 0xFF.
    static let digitValue: [UInt8] = (0..<256).map { byte in
        alphabet.firstIndex(of: UInt8(byte)).map { UInt8($0) } ?? 0xFF
    }
    /// Characters in the random body.
    public static let bodyLength = 40
    /// Characters in the checksum.
    public static let checksumLength = 6

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
        return isWellFormedBody(Array(token.utf8.dropFirst(prefix.utf8.count))[...])
    }

    /// Whether `rest` — what follows the prefix — is 40 base62 characters and their 6-character base62 CRC-32.
    public static func isWellFormedBody(_ rest: ArraySlice<UInt8>) -> Bool {
        hasBase62Checksum(rest, bodyLength: bodyLength)
    }

    /// Whether `rest` is `bodyLength` base62 characters followed by the 6-character base62 (`0-9A-Za-z`, most
    /// significant digit first, `0`-padded) CRC-32 of them — Lanyard's scheme, and GitHub's for 30-character bodies.
    public static func hasBase62Checksum(_ rest: ArraySlice<UInt8>, bodyLength: Int) -> Bool {
        guard rest.count == bodyLength + checksumLength else { return false }
        let digits = digitValue
        let table = CRC32.table
        var crc: UInt32 = 0xFFFF_FFFF
        var stated: UInt64 = 0
        let split = rest.startIndex + bodyLength
        for index in rest.startIndex..<split {
            let byte = rest[index]
            guard digits[Int(byte)] != 0xFF else { return false }
            crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
        }
        for index in split..<rest.endIndex {
            let digit = digits[Int(rest[index])]
            guard digit != 0xFF else { return false }
            stated = stated &* 62 &+ UInt64(digit)
        }
        return stated == UInt64(~crc)
    }

    /// The kind of `token` when it is a well-formed Lanyard secret (checksum included), else `nil`.
    public static func kind(of token: String) -> SecretKind? {
        if WebhookSecretFormat.isLanyardSecret(token) { return WebhookSecretFormat.kind }
        return kinds.first { $0.prefix != WebhookSecretFormat.prefix && isWellFormed(token, prefix: $0.prefix) }
    }

    /// Whether `token` is presented as an administrator-table bearer (`lyadm_…` or `lypep_…`): such a bearer that
    /// fails to authenticate is refused rather than passed on to other authenticators.
    public static func isAdministratorBearer(_ token: String) -> Bool {
        token.hasPrefix(adminPrefix) || token.hasPrefix(pepPrefix)
    }

    static func checksum(of body: [UInt8]) -> [UInt8] {
        var value = UInt64(CRC32.checksum(body))
        var out = [UInt8](repeating: alphabet[0], count: checksumLength)
        for index in stride(from: checksumLength - 1, through: 0, by: -1) {
            out[index] = alphabet[Int(value % UInt64(alphabet.count))]
            value /= UInt64(alphabet.count)
        }
        return out
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
