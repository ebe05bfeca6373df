import Crypto
import Foundation
import LanyardCredentials
import LanyardModel
import SwiftASN1
import Testing
import X509

@Suite("SPIFFE X.509 CA hierarchy and leaf SVIDs")
struct SPIFFECertificateAuthorityTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let spiffeID = "spiffe://acme.lanyard.local/agent/bot"

    func hierarchy() throws -> (SPIFFECertificateAuthority, SPIFFECertificateAuthority) {
        let root = try SPIFFECertificateAuthority.makeRoot(trustDomain: "acme.lanyard.local", tenant: "acme", now: now)
        return (root, try root.makeIntermediate(trustDomain: "acme.lanyard.local", tenant: "acme", now: now))
    }

    @Test("the root is a self-signed, long-lived CA; the intermediate is a CA signed by it with path length 0")
    func authorities() throws {
        let (root, intermediate) = try hierarchy()
        #expect(root.certificate.subject == root.certificate.issuer)
        #expect(root.certificate.publicKey.isValidSignature(root.certificate.signature, for: root.certificate))
        #expect(try root.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 1))
        #expect(root.certificate.notValidAfter.timeIntervalSince(now) == SPIFFECertificateAuthority.rootLifetime)
        #expect(intermediate.certificate.issuer == root.certificate.subject)
        #expect(root.certificate.publicKey.isValidSignature(intermediate.certificate.signature, for: intermediate.certificate))
        #expect(try intermediate.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let usage = try #require(try intermediate.certificate.extensions.keyUsage)
        #expect(usage.keyCertSign && usage.cRLSign && !usage.digitalSignature)
        #expect(intermediate.certificate.notValidAfter <= root.certificate.notValidAfter)
        let aki = try #require(try intermediate.certificate.extensions.authorityKeyIdentifier)
        #expect(aki.keyIdentifier == (try root.certificate.extensions.subjectKeyIdentifier)?.keyIdentifier)
    }

    @Test("a leaf has exactly one URI SAN, CA:false and digitalSignature (critical), server+client auth, short life")
    func leaf() throws {
        let (_, intermediate) = try hierarchy()
        let workload = P256.Signing.PrivateKey()
        let leaf = try intermediate.issueLeaf(
            publicKey: Certificate.PublicKey(workload.publicKey), spiffeID: spiffeID, commonName: "idn_1", now: now, lifetime: 3600)
        #expect(intermediate.certificate.publicKey.isValidSignature(leaf.signature, for: leaf))
        #expect(leaf.issuer == intermediate.certificate.subject)
        #expect(Array(try #require(try leaf.extensions.subjectAlternativeNames)) == [.uniformResourceIdentifier(spiffeID)])
        let constraints = try #require(leaf.extensions[oid: .X509ExtensionID.basicConstraints])
        #expect(constraints.critical)
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        let usageExtension = try #require(leaf.extensions[oid: .X509ExtensionID.keyUsage])
        #expect(usageExtension.critical)
        #expect(try leaf.extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(try leaf.extensions.extendedKeyUsage == ExtendedKeyUsage([.serverAuth, .clientAuth]))
        #expect(try leaf.extensions.subjectKeyIdentifier == SubjectKeyIdentifier(hash: Certificate.PublicKey(workload.publicKey)))
        #expect(leaf.notValidAfter == now.addingTimeInterval(3600))
        #expect(leaf.notValidBefore == now.addingTimeInterval(-SPIFFECertificateAuthority.backdate))
        #expect(leaf.publicKey == Certificate.PublicKey(workload.publicKey))
    }

    @Test("two leaves get different random serial numbers; a leaf never outlives its intermediate")
    func serialsAndCap() throws {
        let (_, intermediate) = try hierarchy()
        let key = Certificate.PublicKey(P256.Signing.PrivateKey().publicKey)
        let first = try intermediate.issueLeaf(publicKey: key, spiffeID: spiffeID, commonName: "a", now: now, lifetime: 3600)
        let second = try intermediate.issueLeaf(publicKey: key, spiffeID: spiffeID, commonName: "a", now: now, lifetime: 3600)
        #expect(first.serialNumber != second.serialNumber)
        let late = try intermediate.issueLeaf(
            publicKey: key, spiffeID: spiffeID, commonName: "a", now: intermediate.certificate.notValidAfter.addingTimeInterval(-10),
            lifetime: 3600)
        #expect(late.notValidAfter == intermediate.certificate.notValidAfter)
    }

    @Test("an authority round-trips through its DER certificate and raw key; a mismatched key is refused")
    func roundTrip() throws {
        let (root, intermediate) = try hierarchy()
        let again = try SPIFFECertificateAuthority(certificateDER: intermediate.certificateDER, rawPrivateKey: intermediate.rawPrivateKey)
        #expect(again.certificate == intermediate.certificate)
        #expect(throws: LanyardError.self) {
            try SPIFFECertificateAuthority(certificateDER: intermediate.certificateDER, rawPrivateKey: root.rawPrivateKey)
        }
    }

    @Test("a CSR's key is accepted only when the CSR's signature verifies")
    func csr() throws {
        let request = try WorkloadCSR(commonName: "idn_1")
        let key = try CertificateSigningRequestReader.publicKey(of: Array(request.csrPEM.utf8))
        let parsed = try CertificateSigningRequest(pemEncoded: request.csrPEM)
        #expect(key == parsed.publicKey)
        var serializer = DER.Serializer()
        try serializer.serialize(parsed)
        var der = serializer.serializedBytes
        #expect(try CertificateSigningRequestReader.publicKey(of: der) == key)
        der[der.count - 3] ^= 0x01
        #expect(throws: LanyardError.self) { try CertificateSigningRequestReader.publicKey(of: der) }
        #expect(throws: LanyardError.self) { try CertificateSigningRequestReader.publicKey(of: Array("junk".utf8)) }
        #expect(throws: LanyardError.self) {
            try CertificateSigningRequestReader.publicKey(of: [UInt8](repeating: 0x30, count: CertificateSigningRequestReader.maxBytes + 1))
        }
    }
}
