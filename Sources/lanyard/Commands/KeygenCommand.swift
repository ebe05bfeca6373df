import ArgumentParser
import Foundation
import LanyardCredentials
import LanyardModel
import LanyardNode

struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a workload key pair for private_key_jwt (no server needed).",
        discussion: "Writes the private key as PKCS#8 PEM (mode 0600) and the public key as a JWK to register with `identity register --public-key-file`."
    )

    @Option(help: "Where to write the private key (PKCS#8 PEM).") var out: String
    @Option(help: "Where to write the public JWK.") var publicOut: String
    @Option(help: "EdDSA (Ed25519) or ES256 (P-256).") var alg: String = "EdDSA"
    @Option(help: "Output format: table (for people) or json (for scripts).") var output: OutputFormat = .table

    func run() async throws {
        try await reportingFailures(output: output) {
            let algorithm = try SigningAlgorithm.parse(alg, field: "alg")
            let material = SigningKeyMaterial.generate(algorithm)
            try SecretFile.write(material.pkcs8PEM.trimmingCharacters(in: .newlines), to: out)
            let jwk = try LanyardJSON.encoder(pretty: true).encode(material.publicJWK)
            guard FileManager.default.createFile(atPath: publicOut, contents: jwk + Data("\n".utf8)) else {
                throw LanyardError(.invalidConfiguration, "Cannot write \(publicOut).")
            }
            if output == .json {
                return Render.json(["privateKeyFile": out, "publicKeyFile": publicOut, "kid": material.thumbprint, "alg": algorithm.rawValue])
            }
            print("Wrote \(out) (private, mode 0600) and \(publicOut) (public JWK, kid \(material.thumbprint)).")
        }
    }
}
