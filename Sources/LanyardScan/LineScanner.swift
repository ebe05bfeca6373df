/// Runs every detector over text, line by line, and turns matches into findings.
public enum LineScanner {
    /// The inline comment that suppresses every finding on its line.
    public static let allowMarker = Array("lanyard:allow".utf8)

    /// The matches in one line, most specific detector first; a heuristic match overlapping a specific one is dropped.
    static func matches(_ line: ArraySlice<UInt8>, next: ArraySlice<UInt8>?) -> [Match] {
        var found: [Match] = []
        TokenDetector.detect(line, into: &found)
        ContextDetector.detect(line, next: next, into: &found)
        JWTDetector.detect(line, into: &found)
        GenericDetector.detect(line, into: &found)
        guard found.count > 1 else { return found }
        let order = Dictionary(uniqueKeysWithValues: ScanRule.all.enumerated().map { ($1.id, $0) })
        var kept: [Match] = []
        for match in found.sorted(by: { order[$0.rule.id, default: 99] < order[$1.rule.id, default: 99] })
        where !kept.contains(where: { $0.range.overlaps(match.range) }) {
            kept.append(match)
        }
        return kept.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Every finding in `text` (UTF-8 bytes), lines numbered from `firstLine`.
    public static func scan(
        _ text: [UInt8], path: String, firstLine: Int = 1, commit: String? = nil, cell: Int? = nil, cellPart: String? = nil
    ) -> [LeakFinding] {
        var findings: [LeakFinding] = []
        var lines: [Range<Int>] = []
        var start = 0
        for index in text.indices where text[index] == 0x0A {
            lines.append(start..<index)
            start = index + 1
        }
        if start < text.count { lines.append(start..<text.count) }
        for (number, range) in lines.enumerated() {
            var line = text[range]
            if line.last == 0x0D { line = line.dropLast() }
            let next = number + 1 < lines.count ? text[lines[number + 1]] : nil
            for match in matches(line, next: next) where ByteClass.occurrences(of: allowMarker, in: line).isEmpty {
                findings.append(
                    LeakFinding(
                        rule: match.rule, kind: match.kind, secret: String(decoding: line[match.range], as: UTF8.self), path: path,
                        line: firstLine + number, column: match.range.lowerBound - line.startIndex + 1, commit: commit, cell: cell,
                        cellPart: cellPart))
            }
        }
        return findings
    }

    /// Every finding in `text`.
    public static func scan(_ text: String, path: String) -> [LeakFinding] {
        scan(Array(text.utf8), path: path)
    }
}
