import Crypto
public import Foundation
public import LanyardModel
import SwiftASN1
public import X509

/// One certificate authority of a tenant's X.509-SVID hierarchy, unsealed in memory: its certificate and its
/// P-256 private key.
///
/// The hierarchy is a self-signed root (long-lived, its private key only ever used to sign intermediates, so it
/// can be kept offline) and an intermediate signed by the root that signs the leaf SVIDs. Both carry the trust
/// domain's SPIFFE ID (`spiffe://<trust domain>`) as their URI SAN, as the X.509-SVID specification (§4.1)
/// recommends for signing certificates. Every date comes from the caller (the injected clock).
public struct SPIFFECertificateAuthority: Sendable {
    public let certificate: Certificate
    let privateKey: P256.Signing.PrivateKey

    /// Lifetime of a root CA (seconds): ten years.
    public static let rootLifetime: TimeInterval = 10 * 365 * 86_400
    /// Lifetime of an intermediate CA (seconds): one year.
    public static let intermediateLifetime: TimeInterval = 365 * 86_400
    /// How far before `now` certificates start to be valid, for clock skew between machines (seconds).
    public static let backdate: TimeInterval = 60

    init(certificate: Certificate, privateKey: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// Rebuilds an authority from its DER certificate and raw P-256 private key (as stored, once unsealed).
    ///
    /// - Throws: `internal` when the certificate does not parse or the key does not match it.
    public init(certificateDER: [UInt8], rawPrivateKey: [UInt8]) throws {
        let certificate: Certificate
        let key: P256.Signing.PrivateKey
        do {
            certificate = try Certificate(derEncoded: certificateDER)
            key = try P256.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
        } catch {
            throw LanyardError(.internal, "A stored SPIFFE certificate authority does not parse.")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw LanyardError(.internal, "A stored SPIFFE certificate authority's key does not match its certificate.")
        }
        self.init(certificate: certificate, privateKey: key)
    }

    /// The raw P-256 private key bytes, to be sealed for storage.
    public var rawPrivateKey: [UInt8] { Array(privateKey.rawRepresentation) }

    /// The certificate, DER-encoded.
    public var certificateDER: [UInt8] { Self.der(certificate) }

    /// The certificate as PEM.
    public var certificatePEM: String { Self.pem(certificate) }

    // MARK: Creating the hierarchy

    /// Creates a new self-signed root CA for `trustDomain`.
    public static func makeRoot(
        trustDomain: String, tenant: String, now: Date, random: any RandomSource = SystemRandom()
    ) throws -> SPIFFECertificateAuthority {
        let key = SigningKeyMaterial.p256Key(using: random)
        let publicKey = Certificate.PublicKey(key.publicKey)
        let name = try distinguishedName(tenant: tenant, role: "Root CA")
        let ski = SubjectKeyIdentifier(hash: publicKey)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            ski
            SubjectAlternativeNames([.uniformResourceIdentifier("spiffe://\(trustDomain)")])
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Self.serialNumber(using: random), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-backdate), notValidAfter: now.addingTimeInterval(rootLifetime),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(key))
        return SPIFFECertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// Creates a new intermediate CA signed by this (root) authority, valid at most as long as this one.
    public func makeIntermediate(
        trustDomain: String, tenant: String, now: Date, random: any RandomSource = SystemRandom()
    ) throws -> SPIFFECertificateAuthority {
        let key = SigningKeyMaterial.p256Key(using: random)
        let publicKey = Certificate.PublicKey(key.publicKey)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: publicKey)
            authorityKeyIdentifier
            SubjectAlternativeNames([.uniformResourceIdentifier("spiffe://\(trustDomain)")])
        }
        let notAfter = min(now.addingTimeInterval(Self.intermediateLifetime), certificate.notValidAfter)
        let signed = try Certificate(
            version: .v3, serialNumber: Self.serialNumber(using: random), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-Self.backdate), notValidAfter: notAfter,
            issuer: self.certificate.subject, subject: try Self.distinguishedName(tenant: tenant, role: "Intermediate CA"),
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(privateKey))
        return SPIFFECertificateAuthority(certificate: signed, privateKey: key)
    }

    // MARK: Leaf SVIDs

    /// Signs an X.509-SVID for `publicKey` (X.509-SVID specification §4–§5): exactly one URI SAN (the SPIFFE ID),
    /// `CA:false` (critical), key usage `digitalSignature` only (critical), extended key usage serverAuth and
    /// clientAuth, a random serial, SKI and AKI. Valid from `now` (backdated for skew) for `lifetime` seconds,
    /// never past this authority's own expiry.
    public func issueLeaf(
        publicKey: Certificate.PublicKey, spiffeID: String, commonName: String, now: Date, lifetime: TimeInterval,
        random: any RandomSource = SystemRandom()
    ) throws -> Certificate {
        let notAfter = min(now.addingTimeInterval(lifetime), certificate.notValidAfter)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectKeyIdentifier(hash: publicKey)
            authorityKeyIdentifier
            SubjectAlternativeNames([.uniformResourceIdentifier(spiffeID)])
        }
        let subject = try DistinguishedName {
            OrganizationName("Lanyard")
            CommonName(commonName)
        }
        return try Certificate(
            version: .v3, serialNumber: Self.serialNumber(using: random), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-Self.backdate), notValidAfter: notAfter,
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(privateKey))
    }

    /// A positive 159-bit serial number from `random` (RFC 5280 §4.1.2.2: at most 20 octets; CA/Browser Forum:
    /// at least 64 random bits).
    static func serialNumber(using random: any RandomSource) -> Certificate.SerialNumber {
        var bytes = random.bytes(20)
        bytes[0] = (bytes[0] & 0x7F) | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }

    /// The AKI naming this authority's key (its SKI).
    var authorityKeyIdentifier: AuthorityKeyIdentifier {
        let ski = (try? certificate.extensions.subjectKeyIdentifier)?.keyIdentifier
        return AuthorityKeyIdentifier(keyIdentifier: ski ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier)
    }

    // MARK: Encoding

    static func distinguishedName(tenant: String, role: String) throws -> DistinguishedName {
        try DistinguishedName {
            OrganizationName("Lanyard")
            OrganizationalUnitName("tenant \(tenant)")
            CommonName("Lanyard SPIFFE \(role)")
        }
    }

    /// DER of a certificate (empty only if serialisation fails, which a parsed or built certificate never does).
    public static func der(_ certificate: Certificate) -> [UInt8] {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(certificate)) != nil else { return [] }
        return serializer.serializedBytes
    }

    /// PEM of a certificate, newline-terminated.
    public static func pem(_ certificate: Certificate) -> String {
        ((try? certificate.serializeAsPEM().pemString) ?? "") + "\n"
    }
}
