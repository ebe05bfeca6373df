/// One detector's rule, as SARIF's `tool.driver.rules` and the JSON output name it.
public struct ScanRule: Sendable, Hashable, Codable {
    /// Stable identifier (`lanyard-secret`, `github-token`…).
    public let id: String
    /// A short title.
    public let title: String
    /// What the rule finds and how it avoids false positives.
    public let summary: String
    /// `error` for credentials confirmed by a checksum or a provider-specific shape, `warning` for heuristics.
    public let level: String

    /// Lanyard's own secrets, confirmed by their checksum; the finding's kind names which one.
    public static let lanyard = ScanRule(
        id: "lanyard-secret", title: "Lanyard secret",
        summary: "A Lanyard token or webhook secret whose checksum verifies (docs/secrets.md).", level: "error")
    /// Lanyard access tokens and JWT-SVIDs, recognised by their header and claims (not their signature).
    public static let lanyardJWT = ScanRule(
        id: "lanyard-jwt", title: "Lanyard signed token",
        summary: "A JWT with Lanyard's header and claims (at+jwt with Lanyard's governance claims, or a JWT-SVID from a /t/ issuer).",
        level: "error")
    /// AWS access key IDs and secret access keys.
    public static let aws = ScanRule(
        id: "aws-access-key", title: "AWS access key",
        summary: "An AWS access key ID (AKIA/ASIA…), or a 40-character secret access key next to AWS context.", level: "error")
    /// GitHub tokens.
    public static let github = ScanRule(
        id: "github-token", title: "GitHub token",
        summary: "A GitHub token (ghp_/gho_/ghu_/ghs_/ghr_ with its CRC-32 checksum, or github_pat_).", level: "error")
    /// GitLab tokens.
    public static let gitlab = ScanRule(
        id: "gitlab-token", title: "GitLab token", summary: "A GitLab personal, deploy, runner or trigger token (glpat-…).", level: "error")
    /// Slack tokens and incoming webhooks.
    public static let slack = ScanRule(
        id: "slack-token", title: "Slack token", summary: "A Slack token (xox[abprs]-…) or incoming webhook URL.", level: "error")
    /// Stripe secret and restricted keys.
    public static let stripe = ScanRule(
        id: "stripe-key", title: "Stripe key", summary: "A Stripe secret or restricted key (sk_live_, rk_live_, and test keys).", level: "error")
    /// Google API keys.
    public static let google = ScanRule(
        id: "google-api-key", title: "Google API key", summary: "A Google API key (AIza + 35 characters).", level: "error")
    /// OpenAI API keys.
    public static let openAI = ScanRule(
        id: "openai-api-key", title: "OpenAI API key",
        summary: "An OpenAI API key (sk-proj-…, sk-svcacct-…, sk-admin-…, or a legacy sk-… with the T3BlbkFJ marker).",
        level: "error")
    /// Anthropic API keys.
    public static let anthropic = ScanRule(
        id: "anthropic-api-key", title: "Anthropic API key", summary: "An Anthropic API key (sk-ant-api03-…, sk-ant-admin01-…).", level: "error")
    /// Hugging Face tokens.
    public static let huggingFace = ScanRule(
        id: "huggingface-token", title: "Hugging Face token", summary: "A Hugging Face access token (hf_ + 34 letters).", level: "error")
    /// Private keys in PEM.
    public static let privateKey = ScanRule(
        id: "private-key", title: "Private key", summary: "A PEM private key block (BEGIN … PRIVATE KEY followed by key material).",
        level: "error")
    /// Database URLs with a password.
    public static let databaseURL = ScanRule(
        id: "database-url", title: "Database URL with password",
        summary: "A postgres/mysql/mongodb/redis/amqp URL carrying user:password@host (placeholders ignored).", level: "error")
    /// Any other JWT.
    public static let jwt = ScanRule(
        id: "jwt", title: "JSON Web Token", summary: "Three base64url parts whose header decodes to JSON with an alg.", level: "warning")
    /// High-entropy values in an assignment to a secret-sounding name.
    public static let generic = ScanRule(
        id: "generic-secret", title: "Secret assignment",
        summary: "A high-entropy value assigned to a key/secret/token/password/api_key… name (placeholders ignored).", level: "warning")

    /// Every rule, most specific first.
    public static let all: [ScanRule] = [
        lanyard, lanyardJWT, aws, github, gitlab, slack, stripe, google, openAI, anthropic, huggingFace, privateKey, databaseURL, jwt, generic,
    ]
}
