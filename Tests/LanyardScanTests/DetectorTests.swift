import Foundation
import LanyardModel
import LanyardScan
import Testing

/// Fake credentials only: every value here is generated or made up, in the providers' shapes.
@Suite("Detectors: true positives and near misses")
struct DetectorTests {
    static func kinds(_ text: String) -> [String] {
        LineScanner.scan(text, path: "x").map(\.kind)
    }

    static func githubToken(_ prefix: String, body: String) -> String {
        var value = UInt64(CRC32.checksum(Array(body.utf8)))
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var checksum = ""
        for _ in 0..<6 {
            checksum = String(alphabet[Int(value % 62)]) + checksum
            value /= 62
        }
        return prefix + body + checksum
    }

    @Test("a Lanyard admin token is found with its kind, column and raw secret; a wrong checksum is not")
    func lanyardToken() {
        var generator = SystemRandomNumberGenerator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        let findings = LineScanner.scan("export LANYARD_TOKEN=\(token)\n", path: "env.sh")
        #expect(findings.map(\.kind) == ["lanyard-admin-token"])
        #expect(findings.first?.secret == token && findings.first?.column == 22 && findings.first?.isLanyardCredential == true)
        let broken = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
        #expect(Self.kinds("x \(broken)").isEmpty)
    }

    @Test("every Lanyard kind, the webhook secret included, is told apart")
    func lanyardKinds() {
        var generator = SystemRandomNumberGenerator()
        for prefix in [SecretFormat.pepPrefix, SecretFormat.provisioningPrefix, SecretFormat.revocationPrefix] {
            let token = SecretFormat.make(prefix: prefix, using: &generator)
            #expect(Self.kinds("token: \(token)") == [SecretFormat.kind(of: token)?.name ?? "?"])
        }
        let webhook = WebhookSecretFormat.text(of: WebhookSecretFormat.makeKey(using: SystemRandom()))
        #expect(webhook.hasPrefix("whsec_LYwh") && Data(base64Encoded: String(webhook.dropFirst(6)))?.count == 32)
        #expect(Self.kinds("secret = \"\(webhook)\"") == ["lanyard-webhook-secret"])
        let foreign = "whsec_" + Data(SystemRandom().bytes(32)).base64EncodedString()
        #expect(Self.kinds("secret = \"\(foreign)\"") == ["standard-webhooks-secret"])
    }

    @Test("GitHub classic tokens need their CRC-32; fine-grained PATs their shape")
    func github() {
        let token = Self.githubToken("ghp_", body: "Qx7RjOEQAmx6oKoFdl10NFpo6oKdX6")
        #expect(Self.kinds("GH=\(token)") == ["github-ghp"])
        #expect(Self.kinds("GH=ghp_Qx7RjOEQAmx6oKoFdl10NFpo6oKdX6AAAAAA").isEmpty)
        let pat = "github_pat_" + String(repeating: "aB3dE5", count: 4).prefix(22) + "_" + String(repeating: "Zy9Xw8Vu7", count: 7).prefix(59)
        #expect(Self.kinds("t = \(pat)") == ["github-pat-fine-grained"])
    }

    @Test("provider keys in their shapes are found")
    func providers() {
        #expect(Self.kinds("id = AKIAQ3EGRIF7N2ZL5XWA") == ["aws-access-key-id"])
        #expect(Self.kinds("aws_secret_access_key = wJalrXUtnFEMI7K7MDENGbPxRfiCY3EXAMPLEKE9") == ["aws-secret-access-key"])
        #expect(Self.kinds("GITLAB=glpat-x9Fq2LmN7pR4sT8vW1yZ") == ["gitlab-glpat"])
        #expect(Self.kinds("slack: xoxb-2837461928-4829103847561-Qk3LmN8pR2sT7vW9yZ1aBcDe") == ["slack-token"])
        #expect(Self.kinds("url = https://hooks.slack.com/services/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") == ["slack-webhook"])
        #expect(Self.kinds("stripe.api_key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc9Q'") == ["stripe-sk_live"])
        #expect(Self.kinds("GOOGLE=AIzaSyD3x9Fq2LmN7pR4sT8vW1yZ0aBcDeFgHiJ") == ["google-api-key"])
        #expect(Self.kinds("OPENAI_API_KEY=sk-proj-Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7nP9rS1tU3") == ["openai-api-key"])
        #expect(Self.kinds("key: sk-ant-api03-Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7nP9rS1tU3wX5") == ["anthropic-api-key"])
        #expect(Self.kinds("HF_TOKEN=hf_AbcdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh") == ["huggingface-token"])
        #expect(Self.kinds("DATABASE_URL=postgres://app:Tr0ub4dor9x@db:5432/app") == ["postgres-url"])
        #expect(Self.kinds("mongo = 'mongodb+srv://svc:Xk29fjQ0pl@cluster0.example.net/db'") == ["mongodb+srv-url"])
    }

    @Test("near misses are not findings")
    func nearMisses() {
        #expect(Self.kinds("AKIA_IS_A_PREFIX_NOT_A_KEY").isEmpty)
        #expect(Self.kinds("see https://docs.github.com/ghp_ for tokens").isEmpty)
        #expect(Self.kinds("DATABASE_URL=postgres://user:password@localhost/db").isEmpty)
        #expect(Self.kinds("DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app").isEmpty)
        #expect(Self.kinds("password = os.environ[\"DB_PASSWORD\"]").isEmpty)
        #expect(Self.kinds("token = get_token(session)").isEmpty)
        #expect(Self.kinds("api_key = \"<your-api-key>\"").isEmpty)
        #expect(Self.kinds("secret: xxxxxxxxxxxxxxxxxxxxxxxx").isEmpty)
        #expect(Self.kinds("sha = 582734261d6be171a37b1bc95257ff5c1eb6d5e893f7b5e38c0bfbb20562e561").isEmpty)
        #expect(Self.kinds("id: 123e4567-e89b-12d3-a456-426614174000").isEmpty)
        #expect(Self.kinds("if token == expected_token_value_here:").isEmpty)
        #expect(Self.kinds("-----BEGIN PRIVATE KEY-----").isEmpty)
    }

    @Test("the generic detector needs an assignment to a secret-sounding name and entropy")
    func generic() {
        #expect(Self.kinds("client_secret = \"q8Vn3Lx0Pz7Rt5Ks2Jd9\"") == ["secret"])
        #expect(Self.kinds("\"apiKey\": \"7f3c9a1e5b2d8f4a6c0e9b3d7a1f5c2e\"") == ["secret"])
        #expect(Self.kinds("DB_PASSWORD=Zq7!mK2#xP9v") == ["password"])
        #expect(Self.kinds("value = \"q8Vn3Lx0Pz7Rt5Ks2Jd9\"").isEmpty)
        #expect(Self.kinds("token_type = \"authorization_code\"").isEmpty)
        #expect(Self.kinds("*out_shared_secret_len = SHA256_DIGEST_LENGTH;").isEmpty)
        #expect(Self.kinds("pGlobal->api.xFindTokenizer = fts5FindTokenizer;").isEmpty)
        #expect(Self.kinds("/*private_key_len=*/P256_PRIVATE_KEY_LEN,").isEmpty)
        #expect(Self.kinds("return cred->type == SSLCredentialType::kSPAKE2PlusV1Client;").isEmpty)
        #expect(Self.kinds("pGlobal->api.xCreateTokenizer_v2 = fts5CreateTokenizer_v2;").isEmpty)
        #expect(Self.kinds("SECRET_KEY=Xk29fjQ0plMv83LqZt7W") == ["secret"])
    }

    @Test("random values assigned to secret names are found at least 95 % of the time despite the names-in-code rule")
    func genericRecall() {
        var generator = SplitMix(seed: 18)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var found = 0
        for index in 0..<2000 {
            let value = String((0..<(20 + index % 21)).map { _ in alphabet[Int(generator.next() % 62)] })
            if Self.kinds("client_secret = \"\(value)\"") == ["secret"] { found += 1 }
        }
        #expect(found >= 1900)
    }

    @Test("a PEM private key is found when key material follows; a public key is not")
    func privateKey() {
        let material = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
        #expect(Self.kinds("-----BEGIN RSA PRIVATE KEY-----\n\(material)\n-----END RSA PRIVATE KEY-----\n") == ["pem-private-key"])
        #expect(Self.kinds("\"key\": \"-----BEGIN PRIVATE KEY-----\\n\(material)\\n\"") == ["pem-private-key"])
        #expect(Self.kinds("-----BEGIN PUBLIC KEY-----\n\(material)\n").isEmpty)
    }

    @Test("JWTs: any with a JSON header and alg; Lanyard's by header and claims")
    func jwts() {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
        }
        let signature = part(String(repeating: "s", count: 64))
        let other = part(#"{"alg":"HS256","typ":"JWT"}"#) + "." + part(#"{"sub":"1234567890","name":"x"}"#) + "." + signature
        #expect(Self.kinds("Authorization: Bearer \(other)") == ["jwt"])
        let access =
            part(#"{"alg":"EdDSA","kid":"k1","typ":"at+jwt"}"#) + "."
            + part(#"{"iss":"https://lanyard.example/t/acme","sub":"idn_1","stage":"managed","owner":"ann"}"#) + "." + signature
        #expect(Self.kinds("token=\(access)") == ["lanyard-access-token"])
        let svid =
            part(#"{"alg":"ES256","kid":"k2","typ":"JWT"}"#) + "." + part(#"{"iss":"https://l.example/t/acme","sub":"spiffe://acme.l/w"}"#) + "." + signature
        #expect(Self.kinds(svid) == ["lanyard-jwt-svid"])
        #expect(Self.kinds("eyJub3QiOiJqc29u.eyJ4Ijox.c2lnbmF0dXJlc2lnbmF0dXJl").isEmpty)
    }

    @Test("a lanyard:allow comment suppresses the line; findings never encode the raw secret")
    func allowAndRedaction() throws {
        var generator = SystemRandomNumberGenerator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        #expect(Self.kinds("t = \"\(token)\"  # lanyard:allow").isEmpty)
        let finding = try #require(LineScanner.scan("t = \"\(token)\"", path: "a").first)
        let json = String(decoding: try JSONEncoder().encode(finding), as: UTF8.self)
        #expect(!json.contains(token) && json.contains(finding.redacted) && finding.redacted.hasPrefix("lyad…sha256:"))
        #expect(finding.secretHash.count == 64)
    }
}
