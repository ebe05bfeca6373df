import Foundation
import LanyardAPI
import LanyardModel

extension PostureControls {
    /// Whether what happens is recorded, provable and seen.
    static let observability: [PostureControlDefinition] = [
        PostureControlDefinition(
            "LY-OB-01", "Audit log complete", group: .observability,
            mappings: ["ASI08", "PR.AA-05", "SP800-207-T7", "MEASURE 2.7", "MAESTRO-L6"], findingKinds: [.auditGap], check: auditComplete),
        PostureControlDefinition(
            "LY-OB-02", "Audit log checkpoint signed within a day", group: .observability,
            mappings: ["SP800-207-T7", "MEASURE 2.7", "MAESTRO-L5"], check: checkpointRecent),
        PostureControlDefinition(
            "LY-OB-03", "Decisions recorded", group: .observability,
            mappings: ["SP800-207-T5", "SP800-207-T7", "MEASURE 2.4", "MAESTRO-L5"], check: decisionsRecorded),
        PostureControlDefinition(
            "LY-OB-04", "Events exported to a webhook or SIEM", group: .observability,
            mappings: ["SP800-207-T7", "MANAGE 4.3", "MAESTRO-L5"], check: eventsExported),
        PostureControlDefinition(
            "LY-OB-05", "Critical and high findings triaged within a day", group: .observability,
            mappings: ["MANAGE 4.1", "MANAGE 4.3", "SP800-207-T5"], check: findingsTriaged),
    ]

    /// A checkpoint or a triage this old is late.
    static let day: TimeInterval = 86_400

    /// LY-OB-01: every leaf the head counts is stored, nothing lies beyond it, and no `audit-gap` stands.
    static func auditComplete(_ facts: PostureFacts) -> PostureCheck {
        let audit = facts.facts.audit
        let gaps = facts.findings(of: [.auditGap])
        let numbers = [
            "size": audit.size, "prunedThrough": audit.prunedThrough, "storedLeaves": audit.storedLeaves, "lastSequence": audit.lastSequence,
        ]
        if !audit.isComplete {
            return PostureCheck(
                .fail,
                "The audit log's head counts \(audit.size) leaves (\(audit.prunedThrough) pruned) but \(audit.storedLeaves) are stored, the last at \(audit.lastSequence).",
                numbers: numbers, subjects: ["tenant:\(facts.facts.tenant)"])
        }
        if !gaps.isEmpty {
            return PostureCheck(
                .fail, "An audit-gap finding stands: a leaf failed verification. Run lanyard audit verify.", numbers: numbers,
                subjects: gaps.map(\.subject))
        }
        return PostureCheck(
            .pass, "All \(audit.size - audit.prunedThrough) stored leaves of the audit log are present, none beyond its head.", numbers: numbers)
    }

    /// LY-OB-02: a checkpoint covers the head, or was signed within a day.
    static func checkpointRecent(_ facts: PostureFacts) -> PostureCheck {
        let size = facts.facts.audit.size
        guard size > 0 else { return PostureCheck(.notApplicable, "The audit log is empty.") }
        guard let checkpoint = facts.latestCheckpoint else {
            return PostureCheck(.fail, "No checkpoint of the audit log was ever signed.", numbers: ["size": size], subjects: ["tenant:\(facts.facts.tenant)"])
        }
        let age = Int64(facts.now.timeIntervalSince(checkpoint.createdAt))
        let numbers = ["size": size, "checkpointSize": checkpoint.size, "checkpointAgeSeconds": age]
        if checkpoint.size >= size || TimeInterval(age) <= day {
            return PostureCheck(
                .pass, "The latest signed checkpoint covers \(checkpoint.size) of \(size) leaves and is \(age / 60) minutes old.", numbers: numbers)
        }
        return PostureCheck(
            .fail, "The latest signed checkpoint is \(age / 3600) hours old and covers \(checkpoint.size) of \(size) leaves.", numbers: numbers,
            subjects: ["tenant:\(facts.facts.tenant)"])
    }

    /// LY-OB-03: the decision point recorded decisions in the look-back.
    static func decisionsRecorded(_ facts: PostureFacts) -> PostureCheck {
        guard !facts.identities.isEmpty else { return PostureCheck(.notApplicable, noIdentities) }
        let days = facts.policy.lookback.seconds / 86_400
        guard facts.decisions > 0 else {
            return PostureCheck(
                .fail, "No decision was recorded in the last \(days) days: nothing asks the decision point, so nothing is logged.",
                numbers: ["decisions": 0], subjects: ["tenant:\(facts.facts.tenant)"])
        }
        return PostureCheck(.pass, "\(facts.decisions) decision events were recorded in the last \(days) days.", numbers: ["decisions": facts.decisions])
    }

    /// LY-OB-04: at least one enabled webhook endpoint receives the tenant's events.
    static func eventsExported(_ facts: PostureFacts) -> PostureCheck {
        guard facts.enabledWebhooks > 0 else {
            return PostureCheck(
                .fail, "No enabled webhook endpoint: the tenant's events reach no SIEM or alerting. Add one with lanyard webhook add.",
                numbers: ["enabledWebhooks": 0], subjects: ["tenant:\(facts.facts.tenant)"])
        }
        return PostureCheck(
            .pass, "\(count(facts.enabledWebhooks, "enabled webhook endpoint receives", "enabled webhook endpoints receive")) the tenant's events.",
            numbers: ["enabledWebhooks": Int64(facts.enabledWebhooks)])
    }

    /// LY-OB-05: no critical or high finding left `open` (not acknowledged) for more than a day.
    static func findingsTriaged(_ facts: PostureFacts) -> PostureCheck {
        let urgent = facts.findings.filter { $0.severity >= .high }
        let stale = urgent.filter { $0.status == .open && facts.now.timeIntervalSince($0.createdAt) > day }
        guard !urgent.isEmpty else {
            return PostureCheck(.pass, "No critical or high finding stands in scope.", numbers: ["criticalOrHigh": 0, "untriaged": 0])
        }
        return PostureCheck(
            stale.isEmpty ? .pass : .fail,
            stale.isEmpty
                ? "Every one of the \(urgent.count) critical or high findings was acknowledged or suppressed within a day, or is younger."
                : "\(count(stale.count, "critical or high finding has", "critical or high findings have")) stood open for more than a day.",
            numbers: ["criticalOrHigh": Int64(urgent.count), "untriaged": Int64(stale.count)], subjects: stale.map(\.subject),
            findings: stale.map(\.id))
    }
}
