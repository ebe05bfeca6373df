import Foundation
import LanyardAPI
import LanyardAudit
import LanyardModel

/// The evaluations of decision events (`authz.evaluation`, `authz.evaluations`, and the MCP gateway's `mcp.call`) read
/// back from the audit log, for the detectors over decisions: whose they were (an identity id) and what the enforcement
/// point asserted.
struct LoggedDecision: Sendable {
    /// The audit event holding it.
    var sequence: Int64
    var at: Date
    var action: String
    /// The identity the subject became (`idn_…`).
    var identity: String
    var allowed: Bool
    var request: AccessEvaluationRequest

    /// A string member of the request's context, or of the resource's properties.
    func asserted(_ name: String) -> String? {
        request.context?[name]?.stringValue ?? request.resource?.properties?[name]?.stringValue
    }

    static let identityPrefix = "Lanyard::Identity::\""
    /// The actions of events whose `records` hold decisions.
    static let actions: Set<String> = [AuditAction.authzEvaluation.rawValue, AuditAction.authzEvaluations.rawValue, AuditAction.mcpCall.rawValue]

    /// A context member that is an array of strings, or of the resource's properties.
    func assertedSet(_ name: String) -> [String] {
        guard case .array(let items)? = request.context?[name] ?? request.resource?.properties?[name] else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// The evaluations about identities in `events` whose records name one of `keys` (as a JSON member name); events
    /// that are not decisions, events naming none of the keys, and records that cannot be read are skipped — the
    /// check of the names is a substring search, far cheaper than the parse it spares.
    static func read(_ events: [AuditEvent], naming keys: Set<String>) -> [LoggedDecision] {
        var decisions: [LoggedDecision] = []
        let names = keys.sorted().map { "\"\($0)\":" }
        for event in events {
            // Of the gateway's calls only a denial or arguments carrying labelled data can be drift: the rest are not parsed.
            if event.action == AuditAction.mcpCall.rawValue, event.details["decision"] != "deny", event.details["argumentDataClasses"] == nil {
                continue
            }
            guard actions.contains(event.action), let text = event.details["records"], text.contains("Lanyard::Identity::"),
                names.contains(where: { text.contains($0) }),
                let records = try? DecisionRecord.records(in: text)
            else { continue }
            for record in records {
                guard case .evaluation(let evaluation) = record, evaluation.principal.hasPrefix(identityPrefix),
                    evaluation.principal.hasSuffix("\""), evaluation.refusal == nil, evaluation.error == nil
                else { continue }
                let id = String(evaluation.principal.dropFirst(identityPrefix.count).dropLast())
                decisions.append(
                    LoggedDecision(
                        sequence: event.sequence, at: event.at, action: event.action, identity: id, allowed: evaluation.decision,
                        request: evaluation.request))
            }
        }
        return decisions
    }
}

extension FindingEvidence {
    /// A decision as evidence.
    init(_ decision: LoggedDecision, note: String) {
        self.init(seq: decision.sequence, action: decision.action, at: decision.at, note: note)
    }
}
