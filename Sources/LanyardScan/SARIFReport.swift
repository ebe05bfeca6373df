public import Foundation

/// Findings as SARIF 2.1.0, the format code-scanning services read: one run whose driver lists every rule, and one
/// result per finding with its location (`artifactLocation.uri`, `region.startLine`/`startColumn`), a
/// `partialFingerprints` entry, and for git history the commit in `properties` and the fingerprint.
public enum SARIFReport {
    /// The SARIF log for `findings` as JSON.
    public static func encoded(_ findings: [LeakFinding], toolVersion: String) throws -> Data {
        let rules: [[String: Any]] = ScanRule.all.map { rule in
            [
                "id": rule.id, "name": rule.title, "shortDescription": ["text": rule.title], "fullDescription": ["text": rule.summary],
                "defaultConfiguration": ["level": rule.level],
            ]
        }
        let results: [[String: Any]] = findings.map { finding in
            var properties: [String: Any] = ["kind": finding.kind, "redacted": finding.redacted]
            if let commit = finding.commit { properties["commit"] = commit }
            if let cell = finding.cell { properties["cell"] = cell }
            if let part = finding.cellPart { properties["cellPart"] = part }
            var fingerprints = ["lanyardFingerprint/v1": finding.fingerprint]
            if let commit = finding.commit { fingerprints["commitSha"] = commit }
            return [
                "ruleId": finding.rule.id,
                "ruleIndex": ScanRule.all.firstIndex(of: finding.rule) ?? 0,
                "level": finding.rule.level,
                "message": ["text": "\(finding.rule.title) (\(finding.kind)): \(finding.redacted)"],
                "locations": [
                    [
                        "physicalLocation": [
                            "artifactLocation": ["uri": finding.path],
                            "region": ["startLine": finding.line, "startColumn": finding.column],
                        ]
                    ]
                ],
                "partialFingerprints": fingerprints,
                "properties": properties,
            ]
        }
        let log: [String: Any] = [
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "lanyard scan", "version": toolVersion,
                            "rules": rules,
                        ]
                    ],
                    "results": results,
                ]
            ],
        ]
        return try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys])
    }
}
