/// A high-entropy value assigned to a secret-sounding name: `api_key = "…"`, `"clientSecret": "…"`,
/// `PASSWORD=…`, `token: …`. Fires only in that assignment context, never on a value alone, and ignores
/// placeholders, code (calls, lookups, references) and low-entropy words.
enum GenericDetector {
    static let keywords = [
        "secret", "token", "password", "passwd", "pwd", "api_key", "apikey", "api-key", "access_key", "accesskey", "private_key", "auth_key",
        "credential", "client_secret", "bearer",
    ].map { Array($0.utf8) }

    static func detect(_ line: ArraySlice<UInt8>, into matches: inout [Match]) {
        var seen = Set<Int>()
        for keyword in keywords {
            for index in ByteClass.occurrences(of: keyword, in: line, caseInsensitive: true) {
                guard let match = assignment(line, keywordEnd: index + keyword.count, isPassword: keyword.first == UInt8(ascii: "p") && keyword.count <= 8),
                    seen.insert(match.range.lowerBound).inserted
                else { continue }
                matches.append(match)
            }
        }
    }

    /// The value assigned after the name that contains a keyword ending at `keywordEnd`.
    static func assignment(_ line: ArraySlice<UInt8>, keywordEnd: Int, isPassword: Bool) -> Match? {
        var index = ByteClass.runEnd(line, from: keywordEnd, ByteClass.word)
        func skip(_ bytes: [UInt8]) { while index < line.endIndex, bytes.contains(line[index]) { index += 1 } }
        skip([UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"), UInt8(ascii: " "), 0x09])
        guard index < line.endIndex else { return nil }
        // The operator: `=`, `:`, `:=`, `=>`, `<-`; not `==`, `!=`, `<=`, `>=`.
        let op = line[index]
        guard op == UInt8(ascii: "=") || op == UInt8(ascii: ":") else { return nil }
        index += 1
        // `::` is a scope (`Type::member`), not an assignment.
        if op == UInt8(ascii: ":"), index < line.endIndex, line[index] == UInt8(ascii: ":") { return nil }
        if index < line.endIndex, line[index] == UInt8(ascii: "=") {
            guard op == UInt8(ascii: ":") else { return nil }
            index += 1
        } else if index < line.endIndex, line[index] == UInt8(ascii: ">"), op == UInt8(ascii: "=") {
            index += 1
        }
        skip([UInt8(ascii: " "), 0x09])
        guard index < line.endIndex else { return nil }
        var quote: UInt8?
        if [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")].contains(line[index]) {
            quote = line[index]
            index += 1
        }
        let start = index
        while index < line.endIndex {
            let byte = line[index]
            if let quote, byte == quote { break }
            if quote == nil, [UInt8(ascii: " "), 0x09, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "}")].contains(byte) { break }
            if byte == UInt8(ascii: " ") { return nil }
            index += 1
        }
        if let quote { guard index < line.endIndex, line[index] == quote else { return nil } }
        let value = line[start..<index]
        guard isSecretLike(value, quoted: quote != nil, isPassword: isPassword) else { return nil }
        return Match(rule: .generic, kind: isPassword ? "password" : "secret", range: start..<index)
    }

    /// Whether a value reads as a secret rather than code, a reference or a word.
    static func isSecretLike(_ value: ArraySlice<UInt8>, quoted: Bool, isPassword: Bool) -> Bool {
        guard value.count >= (isPassword ? 10 : 16), value.count <= 512, !Placeholder.isPlaceholder(value) else { return false }
        let codeBytes: [UInt8] = [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "&"), UInt8(ascii: "|")]
        if value.contains(where: codeBytes.contains) { return false }
        // A dotted name (`os.environ.get`, `settings.SECRET`) or a path is a reference, not a value.
        if !quoted, value.contains(UInt8(ascii: ".")) { return false }
        if !quoted, let first = value.first, ByteClass.table[Int(first)] & ByteClass.alnum == 0 { return false }
        if looksLikeIdentifier(value) { return false }
        if value.starts(with: "http".utf8) || value.starts(with: "/".utf8) { return false }
        let hasDigit = value.contains { ByteClass.table[Int($0)] & ByteClass.digit != 0 }
        let hasLetter = value.contains { ByteClass.table[Int($0)] & (ByteClass.upper | ByteClass.lower) != 0 }
        guard hasDigit, hasLetter else { return false }
        let entropy = ByteClass.entropy(value)
        if ByteClass.all(value, ByteClass.hex) { return value.count >= 20 && entropy >= 3.0 }
        return entropy >= (isPassword ? 3.0 : 3.5)
    }

    /// Whether `value` reads as a name in code rather than random text: `SHA256_DIGEST_LENGTH`,
    /// `relative_token_line`, `fts5FindTokenizer_v2`. With underscores, every segment is of one case or word-like;
    /// without, the value is word-like: its lowercase letters come in runs of three or more (`Find`, `Tokenizer`),
    /// at least 80 % of them and one run of four or more, where random text changes case every character or two
    /// (a random 20-character base62 value passes as a name about 4 % of the time).
    static func looksLikeIdentifier(_ value: ArraySlice<UInt8>) -> Bool {
        guard ByteClass.all(value, ByteClass.word), let first = value.first, ByteClass.table[Int(first)] & ByteClass.digit == 0 else {
            return false
        }
        guard value.contains(UInt8(ascii: "_")) else { return isWordLike(value) }
        return value.split(separator: UInt8(ascii: "_")).allSatisfy { segment in
            let upper = segment.contains { ByteClass.table[Int($0)] & ByteClass.upper != 0 }
            let lower = segment.contains { ByteClass.table[Int($0)] & ByteClass.lower != 0 }
            return !(upper && lower) || isWordLike(segment)
        }
    }

    static func isWordLike(_ text: ArraySlice<UInt8>) -> Bool {
        var lowercase = 0
        var inLongRuns = 0
        var longest = 0
        var run = 0
        for byte in text {
            if ByteClass.table[Int(byte)] & ByteClass.lower != 0 {
                run += 1
                lowercase += 1
            } else {
                if run >= 3 { inLongRuns += run }
                longest = max(longest, run)
                run = 0
            }
        }
        if run >= 3 { inLongRuns += run }
        longest = max(longest, run)
        return lowercase >= 4 && longest >= 4 && inLongRuns * 5 >= lowercase * 4
    }
}
