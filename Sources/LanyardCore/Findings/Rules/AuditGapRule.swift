import Foundation
public import LanyardModel

/// `audit-gap`: the tenant's audit log is not whole — fewer leaves stored than its head counts, a leaf beyond the head,
/// or a stored leaf whose content does not hash to its stored hash (found by the detector's running check of every
/// new leaf). Critical: the evidence behind everything else is in question. It stays until a person resolves it.
public struct AuditGapRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .auditGap }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        var problems: [String] = []
        let audit = facts.audit
        if !audit.isComplete {
            problems.append(
                "the head counts \(audit.size) leaves (\(audit.prunedThrough) pruned) but \(audit.storedLeaves) are stored, the last at \(audit.lastSequence)")
        }
        if let mismatch = facts.auditMismatch { problems.append("leaf \(mismatch) does not hash to its stored hash") }
        if let gap = facts.auditGap { problems.append("leaf \(gap) is missing (or past the head)") }
        guard !problems.isEmpty else { return [] }
        var details = [
            "size": String(audit.size), "prunedThrough": String(audit.prunedThrough), "storedLeaves": String(audit.storedLeaves),
            "lastSequence": String(audit.lastSequence),
        ]
        details["mismatch"] = facts.auditMismatch.map(String.init)
        details["gap"] = facts.auditGap.map(String.init)
        return [
            Detection(
                kind: kind, subject: "tenant:\(facts.tenant)",
                summary: "The audit log of tenant '\(facts.tenant)' failed verification: \(problems.joined(separator: "; ")). Run lanyard audit verify.",
                details: details)
        ]
    }
}
