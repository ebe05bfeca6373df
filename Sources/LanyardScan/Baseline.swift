public import Foundation

/// Accepted findings: a JSON file of fingerprints (`--write-baseline` writes it, `--baseline` reads it). A finding
/// whose fingerprint is in the baseline is not reported. Holds no secrets, only fingerprints and redactions.
public struct Baseline: Sendable, Hashable, Codable {
    /// One accepted finding.
    public struct Entry: Sendable, Hashable, Codable {
        /// ``LeakFinding/fingerprint``.
        public var fingerprint: String
        /// The rule, path and redacted secret, for the person reading the file.
        public var rule: String
        public var path: String
        public var redacted: String
    }

    /// The format version.
    public var version = 1
    /// Accepted findings.
    public var findings: [Entry]

    /// A baseline accepting `findings`.
    public init(accepting findings: [LeakFinding]) {
        var seen = Set<String>()
        self.findings = findings.compactMap { finding in
            guard seen.insert(finding.fingerprint).inserted else { return nil }
            return Entry(fingerprint: finding.fingerprint, rule: finding.rule.id, path: finding.path, redacted: finding.redacted)
        }
    }

    /// The baseline in the file at `path`.
    ///
    /// - Throws: ``ScanError`` when the file cannot be read or is not a baseline.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ScanError("Cannot read the baseline \(path).") }
        guard let decoded = try? JSONDecoder().decode(Baseline.self, from: data) else {
            throw ScanError("\(path) is not a baseline written by `lanyard scan --write-baseline`.")
        }
        self = decoded
    }

    /// The findings not accepted by this baseline.
    public func filter(_ findings: [LeakFinding]) -> [LeakFinding] {
        let accepted = Set(self.findings.map(\.fingerprint))
        return findings.filter { !accepted.contains($0.fingerprint) }
    }

    /// The JSON text to write.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
