import LanyardModel

/// The detectors for secrets with a recognisable prefix and a fixed alphabet: every maximal run of `[A-Za-z0-9_-]`
/// in a line is checked against each prefix, then its length, alphabet and (where the format has one) checksum.
enum TokenDetector {
    static let lanyardKinds = SecretFormat.kinds.filter { $0.prefix != WebhookSecretFormat.kind.prefix }
    static let lanyardPrefixes = lanyardKinds.map { Array($0.prefix.utf8) }
    static let githubPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].map { Array($0.utf8) }
    static let awsKeyPrefixes = ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"].map { Array($0.utf8) }
    static let gitlabPrefixes = ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-"].map { Array($0.utf8) }
    static let stripePrefixes = ["sk_live_", "rk_live_", "sk_test_", "rk_test_"].map { Array($0.utf8) }
    static let openAIPrefixes = ["sk-proj-", "sk-svcacct-", "sk-admin-"].map { Array($0.utf8) }
    static let githubPAT = Array("github_pat_".utf8)
    static let anthropic = Array("sk-ant-".utf8)
    static let openAILegacy = Array("sk-".utf8)
    static let openAIMarker = Array("T3BlbkFJ".utf8)
    static let google = Array("AIza".utf8)
    static let huggingFace = Array("hf_".utf8)
    static let slack = Array("xox".utf8)

    /// Every prefixed token in `line`.
    static func detect(_ line: ArraySlice<UInt8>, into matches: inout [Match]) {
        for range in ByteClass.runs(in: line, of: ByteClass.word, minimumLength: 20) {
            if let match = classify(line[range]) { matches.append(match) }
        }
    }

    /// The match for one run of token characters, if it is a token.
    static func classify(_ run: ArraySlice<UInt8>) -> Match? {
        let start = run.startIndex
        let range = start..<run.endIndex
        func has(_ prefix: [UInt8]) -> Bool { ByteClass.hasPrefix(run, at: start, prefix) }
        func body(after prefix: [UInt8]) -> ArraySlice<UInt8> { run[(start + prefix.count)...] }
        switch run[start] {
        case UInt8(ascii: "l"):
            // Only the prefix the run starts with is checksummed (prefixes do not overlap).
            if let index = lanyardPrefixes.firstIndex(where: has),
                SecretFormat.isWellFormedBody(body(after: lanyardPrefixes[index]))
            {
                return Match(rule: .lanyard, kind: lanyardKinds[index].name, range: range)
            }
        case UInt8(ascii: "g"):
            if let prefix = githubPrefixes.first(where: has), SecretFormat.hasBase62Checksum(body(after: prefix), bodyLength: 30) {
                return Match(rule: .github, kind: "github-" + String(decoding: prefix.dropLast(), as: UTF8.self), range: range)
            }
            if has(githubPAT), run.count == githubPAT.count + 82, run[start + githubPAT.count + 22] == UInt8(ascii: "_"),
                ByteClass.all(body(after: githubPAT).filter { $0 != UInt8(ascii: "_") }[...], ByteClass.alnum)
            {
                return Match(rule: .github, kind: "github-pat-fine-grained", range: range)
            }
            if let prefix = gitlabPrefixes.first(where: has), run.count - prefix.count >= 20, isRandom(body(after: prefix), minimum: 3.5) {
                return Match(rule: .gitlab, kind: "gitlab-" + String(decoding: prefix.dropLast(), as: UTF8.self), range: range)
            }
        case UInt8(ascii: "x"):
            if has(slack), run.count >= 24, let letter = run.dropFirst(3).first, "abprs".utf8.contains(letter),
                run[start + 4] == UInt8(ascii: "-"), body(after: slack).contains(where: { ByteClass.table[Int($0)] & ByteClass.digit != 0 })
            {
                return Match(rule: .slack, kind: "slack-token", range: range)
            }
        case UInt8(ascii: "s"), UInt8(ascii: "r"):
            if let prefix = stripePrefixes.first(where: has), run.count - prefix.count >= 24, ByteClass.all(body(after: prefix), ByteClass.alnum) {
                return Match(rule: .stripe, kind: "stripe-" + String(decoding: prefix.dropLast(), as: UTF8.self), range: range)
            }
            if has(anthropic), run.count >= 48, isRandom(body(after: anthropic), minimum: 4.0) {
                return Match(rule: .anthropic, kind: "anthropic-api-key", range: range)
            }
            if let prefix = openAIPrefixes.first(where: has), run.count - prefix.count >= 40, isRandom(body(after: prefix), minimum: 4.0) {
                return Match(rule: .openAI, kind: "openai-api-key", range: range)
            }
            if has(openAILegacy), run.count == 51, ByteClass.all(body(after: openAILegacy), ByteClass.alnum),
                !ByteClass.occurrences(of: openAIMarker, in: run).isEmpty
            {
                return Match(rule: .openAI, kind: "openai-api-key", range: range)
            }
        case UInt8(ascii: "A"):
            if has(google), run.count == 39, isRandom(body(after: google), minimum: 3.5) {
                return Match(rule: .google, kind: "google-api-key", range: range)
            }
            if run.count == 20, awsKeyPrefixes.contains(where: has),
                run.dropFirst(4).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x32 && $0 <= 0x37) })
            {
                return Match(rule: .aws, kind: "aws-access-key-id", range: range)
            }
        case UInt8(ascii: "h"):
            if has(huggingFace), run.count == 37, body(after: huggingFace).allSatisfy({ ByteClass.table[Int($0)] & (ByteClass.upper | ByteClass.lower) != 0 }),
                isRandom(body(after: huggingFace), minimum: 4.0)
            {
                return Match(rule: .huggingFace, kind: "huggingface-token", range: range)
            }
        default:
            break
        }
        return nil
    }

    /// Whether `body` looks random: mixed classes and at least `minimum` bits of entropy per character.
    static func isRandom(_ body: ArraySlice<UInt8>, minimum: Double) -> Bool {
        var classes = 0
        for flag in [ByteClass.upper, ByteClass.lower, ByteClass.digit] where body.contains(where: { ByteClass.table[Int($0)] & flag != 0 }) {
            classes += 1
        }
        return classes >= 2 && ByteClass.entropy(body) >= minimum
    }
}
