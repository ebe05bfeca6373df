import ArgumentParser
import Foundation
import LanyardClient
import LanyardAPI
import LanyardCredentials
import LanyardModel

/// `lanyard svid`: SPIFFE verifiable identity documents for a workload, authenticated with `private_key_jwt`.
struct SVIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svid",
        abstract: "Obtain SPIFFE SVIDs as a workload does (authenticated with the identity's private key).",
        subcommands: [JWTSVID.self, X509SVID.self]
    )

    struct JWTSVID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jwt",
            abstract: "Get a JWT-SVID (sub = the identity's SPIFFE ID) for one or more audiences.",
            discussion: "Needs no admin token. Prints the bare JWT-SVID (or the server's JSON answer with --output json)."
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The identity id (idn_…).") var identity: String
        @Option(help: "The identity's private key (PKCS#8 PEM from `lanyard keygen`).") var keyFile: String
        @Option(help: "An audience of the JWT-SVID (repeat for several).") var audience: [String]

        func run() async throws {
            try await reportingFailures(output: client.output) {
                guard !audience.isEmpty else { throw LanyardError.invalid("audience", "Give at least one --audience.") }
                let key = try WorkloadKey.read(keyFile)
                let api = client.makeClient()
                let endpoint = api.url(APIRoute.jwtSVID.target(client.resolvedTenant))
                let assertion = try await WorkloadKey.assertion(key, identity: identity, audience: endpoint)
                let form = [
                    ("client_id", identity), ("client_assertion_type", TokenRequest.jwtBearer), ("client_assertion", assertion),
                    ("audience", audience.joined(separator: " ")),
                ]
                let response: JWTSVIDResponse = try await api.postForm(endpoint, form: form)
                client.output == .json ? Render.json(response) : print(response.svid)
            }
        }
    }
}

extension SVIDCommand {
    struct X509SVID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "x509",
            abstract: "Get an X.509-SVID: generates a P-256 key pair here, sends only a CSR, writes the SVID files.",
            discussion: """
                Writes DIR/svid.pem (the leaf, then the intermediate CA), DIR/svid-key.pem (the private key, mode 0600) \
                and DIR/bundle.pem (the tenant's root CA). Needs no admin token.
                """
        )
        @OptionGroup var client: ClientOptions
        @Option(help: "The identity id (idn_…).") var identity: String
        @Option(help: "The identity's private key (PKCS#8 PEM from `lanyard keygen`), to authenticate.") var keyFile: String
        @Option(help: "Directory to write svid.pem, svid-key.pem and bundle.pem into (created if missing).") var out: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let key = try WorkloadKey.read(keyFile)
                let api = client.makeClient()
                let endpoint = api.url(APIRoute.x509SVID.target(client.resolvedTenant))
                let assertion = try await WorkloadKey.assertion(key, identity: identity, audience: endpoint)
                let request = try WorkloadCSR(commonName: identity)
                let form = [
                    ("client_id", identity), ("client_assertion_type", TokenRequest.jwtBearer), ("client_assertion", assertion),
                    ("csr", request.csrPEM),
                ]
                let response: X509SVIDResponse = try await api.postForm(endpoint, form: form)
                let manager = FileManager.default
                try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
                let directory = URL(fileURLWithPath: out)
                let keyPath = directory.appendingPathComponent("svid-key.pem").path
                guard manager.createFile(atPath: keyPath, contents: Data(request.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw LanyardError.invalid("out", "Cannot write \(keyPath).")
                }
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
                try Data(response.svidChainPEM.utf8).write(to: directory.appendingPathComponent("svid.pem"))
                try Data(response.bundlePEM.utf8).write(to: directory.appendingPathComponent("bundle.pem"))
                if client.output == .json { return Render.json(response) }
                let expiry = Render.time(Date(timeIntervalSince1970: TimeInterval(response.expiresAt)))
                print("Wrote \(out)/svid.pem, \(out)/svid-key.pem and \(out)/bundle.pem for \(response.spiffeID) (expires \(expiry)).")
            }
        }
    }
}

/// What the `svid` commands share: reading the workload's key and signing its client assertion.
enum WorkloadKey {
    /// Reads a PKCS#8 PEM private key file.
    static func read(_ path: String) throws -> SigningKeyMaterial {
        guard let pem = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw LanyardError.invalid("key-file", "Cannot read \(path).")
        }
        return try SigningKeyMaterial(pkcs8PEM: pem)
    }

    /// A one-minute `private_key_jwt` client assertion for `audience`: the URL of the endpoint it is sent to (the
    /// server's base address and the catalogue's path), which the server accepts when that address is its public URL.
    static func assertion(_ key: SigningKeyMaterial, identity: String, audience: String) async throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        var generator = SystemRandomNumberGenerator()
        return try await key.sign(
            ClientAssertionClaims(
                iss: identity, sub: identity, aud: [audience], exp: now + 60, iat: now,
                jti: IdentifierFormat.make(prefix: "jti", using: &generator)))
    }
}
