import LanyardModel

/// Detectors anchored on a literal in the line (`whsec_`, `://`, `-----BEGIN`, `hooks.slack.com`) or on context
/// (an AWS secret access key needs `aws` on its line).
enum ContextDetector {
    static let webhookPrefix = Array(WebhookSecretFormat.prefix.utf8)
    static let schemeSeparator = Array("://".utf8)
    static let pemBegin = Array("-----BEGIN ".utf8)
    static let privateKeyEnd = Array("PRIVATE KEY".utf8)
    static let pgpPrivate = Array("PGP PRIVATE KEY BLOCK".utf8)
    static let slackHook = Array("hooks.slack.com/services/".utf8)
    static let aws = Array("aws".utf8)
    static let databaseSchemes: Set<String> = [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql", "sqlserver",
        "postgresql+psycopg2", "postgresql+asyncpg", "mysql+pymysql", "clickhouse", "cockroachdb",
    ]

    static func detect(_ line: ArraySlice<UInt8>, next: ArraySlice<UInt8>?, into matches: inout [Match]) {
        for index in ByteClass.occurrences(of: webhookPrefix, in: line) {
            let end = ByteClass.runEnd(line, from: index + webhookPrefix.count, ByteClass.base64)
            let text = String(decoding: line[index..<end], as: UTF8.self)
            if WebhookSecretFormat.isLanyardSecret(text) {
                matches.append(Match(rule: .lanyard, kind: WebhookSecretFormat.kind.name, range: index..<end))
            } else if end - index - webhookPrefix.count >= 32 {
                matches.append(Match(rule: .generic, kind: "standard-webhooks-secret", range: index..<end))
            }
        }
        for index in ByteClass.occurrences(of: schemeSeparator, in: line) { databaseURL(line, separator: index, into: &matches) }
        for index in ByteClass.occurrences(of: pemBegin, in: line) { privateKey(line, begin: index, next: next, into: &matches) }
        for index in ByteClass.occurrences(of: slackHook, in: line) {
            let end = ByteClass.runEnd(line, from: index + slackHook.count, ByteClass.base64)
            if end - index - slackHook.count >= 20 { matches.append(Match(rule: .slack, kind: "slack-webhook", range: index..<end)) }
        }
        if !ByteClass.occurrences(of: aws, in: line, caseInsensitive: true).isEmpty { awsSecret(line, into: &matches) }
    }

    /// `scheme://user:password@host` with a real-looking password; the match is the password.
    static func databaseURL(_ line: ArraySlice<UInt8>, separator: Int, into matches: inout [Match]) {
        var schemeStart = separator
        while schemeStart > line.startIndex, isSchemeByte(line[schemeStart - 1]) { schemeStart -= 1 }
        let scheme = String(decoding: line[schemeStart..<separator], as: UTF8.self).lowercased()
        guard databaseSchemes.contains(scheme) else { return }
        let authorityStart = separator + schemeSeparator.count
        var index = authorityStart
        var colon: Int?
        var at: Int?
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == 0x09 {
                break
            }
            if byte == UInt8(ascii: ":"), colon == nil { colon = index }
            if byte == UInt8(ascii: "@") { at = index }
            index += 1
        }
        guard let colon, let at, colon < at, colon > authorityStart, at + 1 < index else { return }
        let password = line[(colon + 1)..<at]
        guard !Placeholder.isPlaceholder(password) else { return }
        matches.append(Match(rule: .databaseURL, kind: "\(scheme)-url", range: (colon + 1)..<at))
    }

    static func isSchemeByte(_ byte: UInt8) -> Bool {
        ByteClass.table[Int(byte)] & ByteClass.alnum != 0 || byte == UInt8(ascii: "+")
    }

    /// `-----BEGIN … PRIVATE KEY-----` followed by key material (on the same line after an escaped newline, or on
    /// the next line).
    static func privateKey(_ line: ArraySlice<UInt8>, begin: Int, next: ArraySlice<UInt8>?, into matches: inout [Match]) {
        let labelStart = begin + pemBegin.count
        var labelEnd = labelStart
        while labelEnd < line.endIndex, labelEnd - labelStart < 40, line[labelEnd] != UInt8(ascii: "-") { labelEnd += 1 }
        let label = line[labelStart..<labelEnd]
        guard !ByteClass.occurrences(of: privateKeyEnd, in: label).isEmpty || !ByteClass.occurrences(of: pgpPrivate, in: label).isEmpty
        else { return }
        var headerEnd = labelEnd
        while headerEnd < line.endIndex, line[headerEnd] == UInt8(ascii: "-") { headerEnd += 1 }
        guard headerEnd - labelEnd == 5 else { return }
        if hasKeyMaterial(line[headerEnd...]) || next.map(hasKeyMaterial) == true {
            matches.append(Match(rule: .privateKey, kind: "pem-private-key", range: begin..<headerEnd))
        }
    }

    /// Whether `text` starts (after escaped newlines, quotes and spaces) with 40 or more base64 characters.
    static func hasKeyMaterial(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == UInt8(ascii: "\\"), index + 1 < text.endIndex, text[index + 1] == UInt8(ascii: "n") {
                index += 2
            } else if [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'"), 0x09].contains(text[index]) {
                index += 1
            } else {
                break
            }
        }
        return ByteClass.runEnd(text, from: index, ByteClass.base64) - index >= 40
    }

    /// A 40-character base64 run with mixed case and digits on a line that mentions AWS.
    static func awsSecret(_ line: ArraySlice<UInt8>, into matches: inout [Match]) {
        for var range in ByteClass.runs(in: line, of: ByteClass.base64, minimumLength: 40) {
            while range.upperBound > range.lowerBound, line[range.upperBound - 1] == UInt8(ascii: "=") { range = range.dropLast() }
            let run = line[range]
            if run.count == 40, TokenDetector.isRandom(run, minimum: 4.3), run.contains(where: { ByteClass.table[Int($0)] & ByteClass.digit != 0 }) {
                matches.append(Match(rule: .aws, kind: "aws-secret-access-key", range: range))
            }
        }
    }
}
