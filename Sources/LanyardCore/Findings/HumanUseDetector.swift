public import Foundation
import LanyardAPI
public import LanyardModel

/// `human-use`: a machine identity's decisions show a person at the keyboard — the enforcement point says the
/// credential came in through a person's sign-in (`context.signIn == "human"`) or names a browser as the client
/// (`context.userAgent` of a web browser). One finding per identity; later decisions add their evidence.
public struct HumanUseDetector: AuditStreamDetector {
    public init() {}
    public var name: String { "human-use" }
    public var kind: FindingKind { .humanUse }
    public var actions: Set<String> { AuditStreamDetectorLimits.decisions }
    public var markers: [String: [String]] { AuditStreamDetectorLimits.identityDecisions }
    public var decisionKeys: Set<String> { ["signIn", "userAgent"] }

    /// Markers of a web browser's user agent.
    static let browserMarkers = ["Mozilla/", "Chrome/", "Safari/", "Firefox/", "Edg/"]

    public func detect(_ batch: AuditBatch, tenant: String, now: Date, lookup: StreamLookup) async throws -> [Detection] {
        var found: [String: (identity: Identity, evidence: [FindingEvidence], signs: Set<String>)] = [:]
        for decision in batch.decisions {
            var signs: [String] = []
            if decision.request.context?["signIn"]?.stringValue == "human" { signs.append("a person's sign-in") }
            if let agent = decision.request.context?["userAgent"]?.stringValue, Self.browserMarkers.contains(where: { agent.contains($0) }) {
                signs.append("a browser (\(agent.prefix(60)))")
            }
            guard !signs.isEmpty, let machine = try await lookup.identity(decision.identity), machine.status == .active else { continue }
            var entry = found[machine.id] ?? (machine, [], [])
            entry.evidence.append(FindingEvidence(decision, note: "a decision made for " + signs.joined(separator: " from ")))
            entry.signs.formUnion(signs)
            found[machine.id] = entry
        }
        return found.values.sorted { $0.identity.id < $1.identity.id }.map { entry in
            Detection(
                kind, about: entry.identity,
                summary:
                    "Machine identity '\(entry.identity.name)' was used interactively: \(entry.signs.sorted().joined(separator: "; ")). People use their own accounts, or break-glass.",
                details: ["signs": entry.signs.sorted().joined(separator: "; ")], evidence: entry.evidence)
        }
    }
}
