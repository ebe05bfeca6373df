public import Foundation
import LanyardAudit
public import LanyardModel

/// `reuse`: one identity used by several workloads at once — credentials federated for different external subjects
/// (two CI projects, two service accounts), or bound by DPoP to ``distinctKeys`` or more different keys within
/// ``window`` (a restart makes two; more means copies running side by side). One finding per identity; later
/// issuances add their evidence.
public struct ReuseDetector: AuditStreamDetector {
    public init() {}
    public var name: String { "reuse" }
    public var kind: FindingKind { .reuse }
    public var actions: Set<String> { Self.issuances }
    /// Only DPoP-bound issuances (federated ones always count: they name their external subject).
    public var markers: [String: [String]] {
        [AuditAction.credentialIssue.rawValue: ["\"jkt\":"], AuditAction.credentialExchange.rawValue: ["\"jkt\":"]]
    }
    /// Distinct DPoP keys within ``window`` that count as reuse.
    public static let distinctKeys = 3
    public static let window: TimeInterval = 600
    static let issuances: Set<String> = [
        AuditAction.credentialIssue.rawValue, AuditAction.credentialFederate.rawValue, AuditAction.credentialExchange.rawValue,
    ]

    public func detect(_ batch: AuditBatch, tenant: String, now: Date, lookup: StreamLookup) async throws -> [Detection] {
        struct Seen {
            var subjects: [String: FindingEvidence] = [:]
            var keys: [(key: String, evidence: FindingEvidence)] = []
        }
        // The identities issued credentials in these events, with their issuances of the window before.
        var recent: [AuditEvent] = []
        var identities: Set<String> = []
        let events = batch.events
        for event in events where Self.issuances.contains(event.action) {
            if let id = event.details["identity"] { identities.insert(id) }
        }
        let earliest = events.first?.at ?? now
        for id in identities.sorted() {
            recent += try await lookup.events(of: "identity:\(id)", since: earliest.addingTimeInterval(-Self.window))
        }
        var unique: [Int64: AuditEvent] = [:]
        for event in recent + events { unique[event.sequence] = event }
        var seen: [String: Seen] = [:]
        for event in unique.values.sorted(by: { $0.sequence < $1.sequence }) {
            guard Self.issuances.contains(event.action), let id = event.details["identity"], identities.contains(id) else { continue }
            var entry = seen[id] ?? Seen()
            if let subject = event.details["external_sub"], let issuer = event.details["external_iss"] {
                let key = "\(issuer) \(subject)"
                if entry.subjects[key] == nil {
                    entry.subjects[key] = FindingEvidence(
                        seq: event.sequence, action: event.action, at: event.at, note: "federated for subject \(subject.prefix(120)) of \(issuer.prefix(120))")
                }
            }
            if let key = event.details["jkt"] {
                entry.keys.append((key, FindingEvidence(seq: event.sequence, action: event.action, at: event.at, note: "bound to DPoP key \(key.prefix(43))")))
            }
            seen[id] = entry
        }
        var found: [Detection] = []
        for id in seen.keys.sorted() {
            guard let entry = seen[id] else { continue }
            var evidence: [FindingEvidence] = []
            var reasons: [String] = []
            // The events read span the window before this batch and the batch itself.
            if entry.subjects.count >= 2 {
                reasons.append("federated for \(entry.subjects.count) different external subjects")
                evidence += entry.subjects.values
            }
            // The most distinct keys in any window of `window` seconds.
            var best: [(key: String, evidence: FindingEvidence)] = []
            var start = 0
            for end in entry.keys.indices {
                while start < end && entry.keys[end].evidence.at.timeIntervalSince(entry.keys[start].evidence.at) > Self.window { start += 1 }
                let slice = Array(entry.keys[start...end])
                if Set(slice.map(\.key)).count > Set(best.map(\.key)).count { best = slice }
            }
            let keys = Set(best.map(\.key))
            if keys.count >= Self.distinctKeys {
                reasons.append("bound to \(keys.count) different DPoP keys within \(Int(Self.window / 60)) minutes")
                var firstOfKey: [String: FindingEvidence] = [:]
                for item in best where firstOfKey[item.key] == nil { firstOfKey[item.key] = item.evidence }
                evidence += firstOfKey.values
            }
            guard !reasons.isEmpty, let reused = try await lookup.identity(id), reused.status == .active else { continue }
            found.append(
                Detection(
                    kind, about: reused,
                    summary: "Identity '\(reused.name)' is used by several workloads: \(reasons.joined(separator: "; ")). Register one identity per workload.",
                    details: ["subjects": String(entry.subjects.count), "keys": String(keys.count)], evidence: evidence.sorted { $0.seq < $1.seq }))
        }
        return found
    }
}
