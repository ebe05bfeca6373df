import Crypto
import Foundation
public import JWTKit
public import LanyardModel

/// A private signing key in memory, and what is derived from it: the public JWK, its RFC 7638 thumbprint.
public struct SigningKeyMaterial: Sendable {
    public let algorithm: SigningAlgorithm
    /// Raw private key bytes (Ed25519 seed or P-256 scalar), 32 bytes.
    let raw: [UInt8]
    /// The public JWK members (without `kid`, `use`, `alg`).
    public let publicMembers: [String: String]

    /// Generates a new key from the operating system's secure generator.
    public static func generate(_ algorithm: SigningAlgorithm) -> SigningKeyMaterial {
        generate(algorithm, using: SystemRandom())
    }

    /// Generates a new key from `random` (a fixed source in tests gives the same key every time).
    public static func generate(_ algorithm: SigningAlgorithm, using random: any RandomSource) -> SigningKeyMaterial {
        switch algorithm {
        case .eddsa:
            let key = Self.ed25519Key(using: random)
            return SigningKeyMaterial(algorithm: .eddsa, raw: Array(key.rawRepresentation), publicMembers: Self.okp(key.publicKey))
        case .es256:
            let key = Self.p256Key(using: random)
            return SigningKeyMaterial(algorithm: .es256, raw: Array(key.rawRepresentation), publicMembers: Self.ec(key.publicKey))
        }
    }

    /// An Ed25519 key whose 32-byte seed comes from `random` (every seed is a valid key).
    static func ed25519Key(using random: any RandomSource) -> Curve25519.Signing.PrivateKey {
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: random.bytes(32))) ?? Curve25519.Signing.PrivateKey()
    }

    /// A P-256 key whose scalar comes from `random`; the rare 32 bytes that are not a valid scalar (zero, or not
    /// below the group order) are drawn again.
    static func p256Key(using random: any RandomSource) -> P256.Signing.PrivateKey {
        for _ in 0..<8 {
            if let key = try? P256.Signing.PrivateKey(rawRepresentation: random.bytes(32)) { return key }
        }
        return P256.Signing.PrivateKey()
    }

    /// Rebuilds a key from its raw private bytes.
    public init(algorithm: SigningAlgorithm, raw: [UInt8]) throws {
        switch algorithm {
        case .eddsa:
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            self.init(algorithm: algorithm, raw: raw, publicMembers: Self.okp(key.publicKey))
        case .es256:
            let key = try P256.Signing.PrivateKey(rawRepresentation: raw)
            self.init(algorithm: algorithm, raw: raw, publicMembers: Self.ec(key.publicKey))
        }
    }

    private init(algorithm: SigningAlgorithm, raw: [UInt8], publicMembers: [String: String]) {
        self.algorithm = algorithm
        self.raw = raw
        self.publicMembers = publicMembers
    }

    /// RFC 7638 JWK thumbprint (SHA-256, base64url): the key id.
    public var thumbprint: String { JWKThumbprint.compute(publicMembers) }

    /// The public JWK as published: members plus `kid`, `use: sig` and `alg`.
    public var publicJWK: JSONValue {
        var object = JSONObject(publicMembers.mapValues(JSONValue.string))
        object["kid"] = .string(thumbprint)
        object["use"] = .string("sig")
        object["alg"] = .string(algorithm.rawValue)
        return .object(object)
    }

    /// Adds this key as a signer to `collection` under its thumbprint.
    func add(to collection: JWTKeyCollection) async throws {
        let kid = JWKIdentifier(string: thumbprint)
        switch algorithm {
        case .eddsa:
            await collection.add(eddsa: EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw)), kid: kid)
        case .es256:
            await collection.add(ecdsa: try ES256PrivateKey(backing: P256.Signing.PrivateKey(rawRepresentation: raw)), kid: kid)
        }
    }

    /// PKCS#8 PEM of the private key (RFC 5958 / RFC 8410), as `lanyard keygen` writes it.
    public var pkcs8PEM: String {
        switch algorithm {
        case .eddsa:
            let der: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20] + raw
            let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            return "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n"
        case .es256:
            return ((try? P256.Signing.PrivateKey(rawRepresentation: raw).pemRepresentation) ?? "") + "\n"
        }
    }

    /// Reads a PKCS#8 PEM private key (Ed25519 or P-256).
    public init(pkcs8PEM pem: String) throws {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            try self.init(algorithm: .es256, raw: Array(key.rawRepresentation))
            return
        }
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        guard let der = Data(base64Encoded: body).map(Array.init), der.count == 48, Array(der.prefix(16)) == prefix else {
            throw LanyardError(.invalidRequest, "The key file is not a PKCS#8 PEM Ed25519 or P-256 private key.")
        }
        try self.init(algorithm: .eddsa, raw: Array(der.suffix(32)))
    }

    /// Signs `payload` as a JWT with this key (header `alg`, `kid`, and `typ` when given).
    public func sign(_ payload: some JWTPayload, type: String? = nil) async throws -> String {
        let collection = JWTKeyCollection()
        try await add(to: collection)
        var header = JWTHeader()
        if let type { header.typ = type }
        return try await collection.sign(payload, kid: JWKIdentifier(string: thumbprint), header: header)
    }

    private static func okp(_ key: Curve25519.Signing.PublicKey) -> [String: String] {
        ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(key.rawRepresentation)]
    }

    private static func ec(_ key: P256.Signing.PublicKey) -> [String: String] {
        let point = Array(key.x963Representation)  // 0x04 ‖ X ‖ Y
        return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(point[1..<33]), "y": Base64URL.encode(point[33..<65])]
    }
}

/// RFC 7638 thumbprints.
public enum JWKThumbprint {
    /// The thumbprint of a JWK given by its members; only the required members of its `kty` count.
    public static func compute(_ members: [String: String]) -> String {
        let required: [String]
        switch members["kty"] {
        case "OKP": required = ["crv", "kty", "x"]
        case "EC": required = ["crv", "kty", "x", "y"]
        case "RSA": required = ["e", "kty", "n"]
        default: required = members.keys.sorted()
        }
        let canonical = "{" + required.map { "\"\($0)\":\"\(members[$0] ?? "")\"" }.joined(separator: ",") + "}"
        return Base64URL.encode(SHA256.hash(data: Array(canonical.utf8)))
    }
}
