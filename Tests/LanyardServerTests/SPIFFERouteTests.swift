import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import LanyardAPI
import LanyardCredentials
import LanyardModel
import SwiftASN1
import Testing
import X509

/// The SPIFFE surface in process: JWT-SVIDs and X.509-SVIDs for a workload's access token, and the bundle.
///
/// Both SVIDs are signed with ECDSA P-256, whose signatures are randomized by design; the golden files therefore pin
/// everything that is signed — the JWS signing input and the certificate's TBSCertificate DER — and the tests check
/// the signature against the published key.
@Suite("SPIFFE routes in process")
struct SPIFFERouteTests {
    /// A workload's access token (audience: Lanyard itself), issued over the router.
    static func accessToken(_ harness: RouteHarness, client: some TestClientProtocol, body: String) async throws -> String {
        let answer = try await client.execute(
            uri: "/t/default/oauth2/token", method: .post, headers: RouteHarness.formHeaders, body: ByteBuffer(string: body))
        #expect(answer.status == .ok)
        return try JSONDecoder().decode(TokenResponse.self, from: Data(answer.body.readableBytesView)).accessToken
    }

    @Test("a JWT-SVID: the golden signing input, a signature jwt-kit accepts, and the SPIFFE ID of the identity")
    func jwtSVID() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let body = try await harness.clientCredentials(agent, jti: "assertion-1")
        try await harness.test { client in
            let token = try await Self.accessToken(harness, client: client, body: body)
            let answer = try await client.execute(
                uri: "/t/default/spiffe/jwt-svid", method: .post, headers: RouteHarness.headers(bearer: token),
                body: ByteBuffer(string: #"{"audience":["crm","mail"]}"#))
            #expect(answer.status == .ok)
            let svid = try JSONDecoder().decode(JWTSVIDResponse.self, from: Data(answer.body.readableBytesView))
            #expect(svid.spiffeID == "spiffe://example.test/agent/golden-agent" && svid.audience == ["crm", "mail"])
            let parts = svid.svid.split(separator: ".")
            try #require(parts.count == 3)
            try Golden.check("\(parts[0]).\(parts[1])", "jwt-svid.signing-input")
            let jwks = try await client.execute(uri: "/t/default/.well-known/jwks.json", method: .get)
            let keys = JWTKeyCollection()
            try await keys.add(jwksJSON: RouteHarness.text(jwks.body))
            let claims = try await keys.verify(svid.svid, as: JWTSVIDClaims.self)
            #expect(claims.sub == svid.spiffeID && claims.aud == ["crm", "mail"])
            // Without a token: 401, no SVID.
            let anonymous = try await client.execute(
                uri: "/t/default/spiffe/jwt-svid", method: .post, headers: RouteHarness.headers(),
                body: ByteBuffer(string: #"{"audience":"crm"}"#))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("an X.509-SVID: the golden TBSCertificate DER, signed by the intermediate the bundle chains to")
    func x509SVID() async throws {
        let harness = try await RouteHarness.make()
        let agent = try await harness.workload("golden-agent")
        let body = try await harness.clientCredentials(agent, jti: "assertion-1")
        let workloadKey = try P256.Signing.PrivateKey(rawRepresentation: harness.random.bytes(32))
        let csr = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName("golden-agent") }, privateKey: Certificate.PrivateKey(workloadKey),
            attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
        let csrPEM = try csr.serializeAsPEM().pemString
        try await harness.test { client in
            let token = try await Self.accessToken(harness, client: client, body: body)
            let request = try JSONEncoder().encode(["csr": csrPEM])
            let answer = try await client.execute(
                uri: "/t/default/spiffe/x509-svid", method: .post, headers: RouteHarness.headers(bearer: token),
                body: ByteBuffer(bytes: request))
            #expect(answer.status == .ok)
            let svid = try JSONDecoder().decode(X509SVIDResponse.self, from: Data(answer.body.readableBytesView))
            let blocks = try PEMDocument.parseMultiple(pemString: svid.svidChainPEM)
            try #require(blocks.count == 2)
            let leaf = try Certificate(derEncoded: blocks[0].derBytes)
            let intermediate = try Certificate(derEncoded: blocks[1].derBytes)
            try Golden.check(Array(leaf.tbsCertificateBytes), "x509-svid.tbs.der")
            #expect(intermediate.publicKey.isValidSignature(leaf.signature, for: leaf))
            #expect(leaf.publicKey == Certificate.PublicKey(workloadKey.publicKey))
            #expect(try leaf.extensions.subjectAlternativeNames?.first == .uniformResourceIdentifier(svid.spiffeID))
            let root = try Certificate(pemEncoded: svid.bundlePEM)
            #expect(root.publicKey.isValidSignature(intermediate.signature, for: intermediate))
            // The bundle publishes the root as an X.509 authority.
            let bundle = try await client.execute(uri: "/t/default/spiffe/bundle", method: .get)
            #expect(bundle.status == .ok)
            guard case .array(let keys)? = try RouteHarness.object(bundle.body)["keys"] else {
                Issue.record("the bundle has no keys")
                return
            }
            #expect(keys.contains { $0.objectValue?["use"] == .string("x509-svid") })
        }
    }
}

extension JSONValue {
    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object.dictionary }
        return nil
    }
}
