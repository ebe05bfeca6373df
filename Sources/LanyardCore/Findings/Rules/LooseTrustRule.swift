import Foundation
public import LanyardModel

/// `loose-trust`: a federation trust that lets too many workloads in — no condition pinning the subject (any workload
/// of the issuer with the audience gets the identity: critical), a condition value with a wildcard character
/// (conditions match exactly, so `*` is a mistake that reads as a wildcard), or, for a CI issuer (GitHub Actions,
/// GitLab), no condition pinning the branch, tag or environment. Removing or replacing the trust resolves the finding.
public struct LooseTrustRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .looseTrust }

    /// Claims that name the workload.
    static let subjectClaims: Set<String> = [
        "sub", "repository", "repository_id", "repository_owner", "project_path", "project_id", "namespace_path", "job_workflow_ref",
        "kubernetes.io.serviceaccount.name", "email", "azp", "client_id",
    ]
    /// Claims that pin a CI workload's branch, tag or deployment environment.
    static let refClaims: Set<String> = ["ref", "ref_path", "environment", "job_workflow_ref", "ref_protected", "ref_type"]
    static let ciIssuers: Set<String> = ["https://token.actions.githubusercontent.com", "https://gitlab.com"]

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let byID = facts.identitiesByID
        return facts.trusts.compactMap { trust in
            guard let identity = byID[trust.identityId] else { return nil }
            let names = Set(trust.conditions.map(\.name))
            let subject = trust.conditions.first { $0.name == "sub" }?.value
            var problems: [String] = []
            var severity = FindingSeverity.medium
            if names.isDisjoint(with: Self.subjectClaims) {
                problems.append("no condition pins the workload (sub, repository, project_path, …)")
                severity = .critical
            }
            let wild = trust.conditions.filter { $0.value.contains("*") }.map(\.name)
            if !wild.isEmpty { problems.append("the condition(s) \(wild.joined(separator: ", ")) hold a wildcard character") }
            let pinsRef = !names.isDisjoint(with: Self.refClaims) || (subject.map { $0.contains(":ref:") || $0.contains(":environment:") } ?? false)
            if Self.ciIssuers.contains(trust.issuer) && !pinsRef {
                problems.append("no condition pins the branch, tag or environment")
            }
            guard !problems.isEmpty else { return nil }
            return Detection(
                kind: kind, subject: "trust:\(trust.id)", identity: identity.id, owner: identity.owner, severity: severity,
                summary: "Federation trust \(trust.id) of identity '\(identity.name)' (issuer \(trust.issuer)): \(problems.joined(separator: "; ")).",
                details: [
                    "trust": trust.id, "issuer": trust.issuer, "audience": trust.audience, "identityName": identity.name,
                    "conditions": trust.conditions.map { "\($0.name)=\($0.value)" }.joined(separator: " "),
                ])
        }
    }
}
