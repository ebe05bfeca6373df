public import Foundation
import LanyardAPI
import LanyardAudit
public import LanyardModel

/// `drift`: an identity asks for decisions outside what it declared and was approved for — a destination outside its
/// trust boundary (`context.destination` not among its destinations, when it declared any), an environment above its
/// own (`context.environment` or `resource.environment`: a `sandbox` identity asking about `production`), or a data
/// class above its classification (`context.dataClass` or `resource.dataClass`). Allowed or denied alike: asking is
/// the drift. From the MCP gateway's calls (`mcp.call`): a tool, resource or prompt its policies do not allow, and
/// arguments carrying data above its classification (`email` counts as `confidential`; `payment_card`, `iban` and
/// `us_ssn` as `regulated`). One finding per identity; later decisions add their evidence to it.
public struct DriftDetector: AuditStreamDetector {
    public init() {}
    public var name: String { "drift" }
    public var kind: FindingKind { .drift }
    public var actions: Set<String> { AuditStreamDetectorLimits.decisions.union([AuditAction.mcpCall.rawValue]) }
    /// Decisions about identities; of the gateway's calls only the two kinds it reads (``DecisionEvents``): refused
    /// ones and those whose arguments carry labelled data. Reading back every allowed call as well was ~4 % of the
    /// server's CPU samples under the gateway's 1,000 calls/s, in bursts the gateway's calls waited behind.
    public var markers: [String: [String]] {
        AuditStreamDetectorLimits.identityDecisions.merging([AuditAction.mcpCall.rawValue: [#""decision":"deny""#, #""argumentDataClasses":"#]]) {
            old, _ in old
        }
    }
    public var decisionKeys: Set<String> { ["destination", "environment", "dataClass", "mcpServer"] }

    /// The data class a data-class label of MCP arguments stands for.
    static func dataClass(ofLabel label: String) -> DataClass? {
        switch label {
        case "email": .confidential
        case "payment_card", "iban", "us_ssn": .regulated
        default: nil
        }
    }

    public func detect(_ batch: AuditBatch, tenant: String, now: Date, lookup: StreamLookup) async throws -> [Detection] {
        var byIdentity:
            [String: (
                identity: Identity, evidence: [FindingEvidence], destinations: Set<String>, environments: Set<String>, classes: Set<String>,
                calls: Set<String>
            )] = [:]
        for decision in batch.decisions {
            guard let declared = try await lookup.identity(decision.identity), declared.status == .active else { continue }
            var notes: [String] = []
            var entry = byIdentity[declared.id] ?? (declared, [], [], [], [], [])
            if let destination = decision.asserted("destination"), !declared.allowedDestinations.isEmpty,
                !declared.allowedDestinations.contains(destination)
            {
                notes.append("destination \(destination.prefix(128)) outside its trust boundary")
                entry.destinations.insert(String(destination.prefix(128)))
            }
            if let text = decision.asserted("environment"), let environment = DeploymentEnvironment(rawValue: text),
                Self.rank(environment) > Self.rank(declared.environment)
            {
                notes.append("environment \(environment.rawValue) above its \(declared.environment.rawValue)")
                entry.environments.insert(environment.rawValue)
            }
            if let text = decision.asserted("dataClass"), let dataClass = DataClass(rawValue: text), dataClass > declared.dataClass {
                notes.append("data class \(dataClass.rawValue) above its \(declared.dataClass.rawValue)")
                entry.classes.insert(dataClass.rawValue)
            }
            if decision.action == AuditAction.mcpCall.rawValue, let server = decision.asserted("mcpServer") {
                let target = "\(server.prefix(64))/\((decision.asserted("tool") ?? "").prefix(128))"
                if !decision.allowed {
                    notes.append("MCP \(decision.request.action?.name.prefix(32) ?? "call") of \(target), which its policies do not allow")
                    entry.calls.insert(target)
                }
                for label in decision.assertedSet("argumentDataClasses") {
                    guard let dataClass = Self.dataClass(ofLabel: label), dataClass > declared.dataClass else { continue }
                    notes.append("arguments carrying \(label) (\(dataClass.rawValue)) above its \(declared.dataClass.rawValue)")
                    entry.classes.insert(dataClass.rawValue)
                }
            }
            guard !notes.isEmpty else { continue }
            let verdict = decision.allowed ? "allowed" : "denied"
            entry.evidence.append(FindingEvidence(decision, note: "a decision (\(verdict)) asked for " + notes.joined(separator: ", ")))
            byIdentity[declared.id] = entry
        }
        return byIdentity.values.sorted { $0.identity.id < $1.identity.id }.map { entry in
            let identity = entry.identity
            var parts: [String] = []
            if !entry.destinations.isEmpty {
                parts.append(
                    "destinations \(entry.destinations.sorted().joined(separator: ", ")) outside its boundary \(identity.allowedDestinations.joined(separator: ", "))"
                )
            }
            if !entry.environments.isEmpty {
                parts.append("environments \(entry.environments.sorted().joined(separator: ", ")) above its \(identity.environment.rawValue)")
            }
            if !entry.calls.isEmpty {
                parts.append("MCP calls its policies do not allow: \(entry.calls.sorted().prefix(10).joined(separator: ", "))")
            }
            if !entry.classes.isEmpty {
                parts.append("data classes \(entry.classes.sorted().joined(separator: ", ")) above its \(identity.dataClass.rawValue)")
            }
            var details = ["purpose": String(identity.purpose.prefix(200)), "declaredEnvironment": identity.environment.rawValue]
            details["destinations"] = entry.destinations.isEmpty ? nil : entry.destinations.sorted().joined(separator: " ")
            details["environments"] = entry.environments.isEmpty ? nil : entry.environments.sorted().joined(separator: " ")
            details["dataClasses"] = entry.classes.isEmpty ? nil : entry.classes.sorted().joined(separator: " ")
            details["mcpCalls"] = entry.calls.isEmpty ? nil : entry.calls.sorted().prefix(50).joined(separator: " ")
            details["declaredDestinations"] = identity.allowedDestinations.joined(separator: " ")
            return Detection(
                kind, about: identity,
                summary: "Identity '\(identity.name)' (declared purpose: \(identity.purpose.prefix(80))) asked for \(parts.joined(separator: "; ")).",
                details: details, evidence: entry.evidence)
        }
    }

    static func rank(_ environment: DeploymentEnvironment) -> Int { DeploymentEnvironment.allCases.firstIndex(of: environment) ?? 0 }
}
