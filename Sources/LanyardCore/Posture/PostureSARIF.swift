public import Foundation
public import LanyardAPI
public import LanyardModel

/// A posture report as SARIF 2.1.0, for CI and code-scanning services: one run whose driver is `lanyard-posture`, one
/// rule per finding kind (tagged with its framework IDs) and one per control (`control/LY-…`); one result per
/// unresolved finding (critical and high → `error`, medium → `warning`, low → `note`) and one per failing control,
/// each located by the subject it is about as a logical location.
public enum PostureSARIF {
    /// Where a rule's documentation is: `docs/findings.md` or `docs/posture.md` of Lanyard, named as URNs because a
    /// deployment has no fixed documentation URL.
    static func help(_ document: String, _ anchor: String) -> String { "urn:lanyard:docs:\(document)#\(anchor)" }

    /// The SARIF log of `report` as JSON.
    public static func encoded(_ report: PostureReport, toolVersion: String) throws -> Data {
        try LanyardJSON.encoder(pretty: true).encode(log(report, toolVersion: toolVersion))
    }

    /// The SARIF log of `report`.
    static func log(_ report: PostureReport, toolVersion: String) -> Log {
        var rules = FindingKind.allCases.map { kind in
            Rule(
                id: kind.rawValue, name: ruleName(kind.rawValue), shortDescription: Message(text: kind.title),
                fullDescription: Message(text: "\(kind.title). Maps to " + kind.frameworks.map { "\($0.id) \($0.title)" }.joined(separator: "; ") + "."),
                helpUri: help("findings.md", kind.rawValue), defaultConfiguration: Configuration(level: level(kind.defaultSeverity)),
                properties: RuleProperties(tags: kind.frameworks.map(\.id)))
        }
        rules += report.controls.map { control in
            Rule(
                id: "control/\(control.id)", name: ruleName(control.id), shortDescription: Message(text: control.title),
                fullDescription: Message(text: "\(control.title) (\(control.group.rawValue) control of the posture report)."),
                helpUri: help("posture.md", control.id.lowercased()), defaultConfiguration: Configuration(level: "error"),
                properties: RuleProperties(tags: control.mappings.map(\.id)))
        }
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results = report.findings.items.map { item in
            Result(
                ruleId: item.kind.rawValue, ruleIndex: index[item.kind.rawValue] ?? 0, level: level(item.severity),
                message: Message(text: item.summary), locations: [location(item.subject, tenant: report.tenant)],
                partialFingerprints: ["lanyardFinding/v1": item.id],
                properties: ResultProperties(
                    findingId: item.id, severity: item.severity.rawValue, status: item.status.rawValue, owner: item.owner, frameworks: item.frameworks,
                    auditSequences: item.auditSequences))
        }
        results += report.failing.map { control in
            let subject = control.evidence.subjects.first ?? "tenant:\(report.tenant)"
            return Result(
                ruleId: "control/\(control.id)", ruleIndex: index["control/\(control.id)"] ?? 0, level: "error", message: Message(text: control.reason),
                locations: [location(subject, tenant: report.tenant)],
                partialFingerprints: ["lanyardControl/v1": "\(report.tenant)/\(report.scope.description)/\(control.id)"],
                properties: ResultProperties(
                    findingId: nil, severity: nil, status: control.status.rawValue, owner: nil, frameworks: control.mappings.map(\.id),
                    auditSequences: control.evidence.auditSequences))
        }
        return Log(
            version: "2.1.0", schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: [
                Run(
                    tool: Tool(driver: Driver(name: "lanyard-posture", version: toolVersion, rules: rules)), results: results,
                    properties: RunProperties(tenant: report.tenant, scope: report.scope.description, generatedAt: report.generatedAt))
            ])
    }

    /// critical/high → `error`, medium → `warning`, low → `note`.
    static func level(_ severity: FindingSeverity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// `orphaned-identity` → `OrphanedIdentity`; `LY-ID-01` → `LyId01`.
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    static func location(_ subject: String, tenant: String) -> Location {
        let kind = subject.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "resource"
        return Location(logicalLocations: [LogicalLocation(name: subject, fullyQualifiedName: "\(tenant)/\(subject)", kind: kind)])
    }

    // MARK: SARIF 2.1.0 objects (the members Lanyard writes)

    struct Log: Encodable {
        var version: String
        var schema: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var properties: RunProperties
    }
    struct RunProperties: Encodable {
        var tenant: String
        var scope: String
        var generatedAt: Date
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [Rule]
    }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var helpUri: String
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }
    struct Configuration: Encodable { var level: String }
    struct RuleProperties: Encodable { var tags: [String] }
    struct Message: Encodable { var text: String }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: ResultProperties
    }
    struct ResultProperties: Encodable {
        var findingId: String?
        var severity: String?
        var status: String
        var owner: String?
        var frameworks: [String]
        var auditSequences: [Int64]
    }
    struct Location: Encodable { var logicalLocations: [LogicalLocation] }
    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }
}
