import Foundation
import LanyardAPI
import LanyardModel

extension PostureControls {
    /// Who owns each identity, how long it lives, how it authenticates, whether it is used.
    static let identity: [PostureControlDefinition] = [
        PostureControlDefinition(
            "LY-ID-01", "Every identity has an active owner", group: .identity,
            mappings: ["NHI1:2025", "ASI10", "PR.AA-01", "GOVERN 2.1"], findingKinds: [.orphanedIdentity], check: activeOwner),
        PostureControlDefinition(
            "LY-ID-02", "Every identity expires within its template's maximum lifetime", group: .identity,
            mappings: ["NHI1:2025", "NHI7:2025", "PR.AA-01", "GOVERN 1.7"], check: expiryWithinPolicy),
        PostureControlDefinition(
            "LY-ID-03", "No identity near expiry without a decision", group: .identity,
            mappings: ["NHI1:2025", "NHI7:2025", "ASI10", "PR.AA-01"], findingKinds: [.expiringUndecided], check: expiryDecided),
        PostureControlDefinition(
            "LY-ID-04", "Short-lived credentials only", group: .identity,
            mappings: ["NHI7:2025", "ASI03", "PR.AA-01", "SP800-207-T3"], findingKinds: [.longLived], check: shortLivedOnly),
        PostureControlDefinition(
            "LY-ID-05", "Federation instead of client keys", group: .identity,
            mappings: ["NHI4:2025", "ASI03", "PR.AA-03", "SP800-63B-4"], findingKinds: [.weakAuthentication], check: federationOverKeys),
        PostureControlDefinition(
            "LY-ID-06", "Federation trusts pin the workload", group: .identity,
            mappings: ["NHI6:2025", "ASI04", "PR.AA-02", "SP800-63C-4", "MAESTRO-L4"], findingKinds: [.looseTrust], check: trustsPinned),
        PostureControlDefinition(
            "LY-ID-07", "No unused identities", group: .identity,
            mappings: ["NHI1:2025", "NHI5:2025", "PR.AA-05", "GOVERN 1.6"], findingKinds: [.unusedIdentity], check: noUnusedIdentity),
    ]

    /// LY-ID-01: no identity whose owner left (orphaned, marked inactive) or that has no owner.
    static func activeOwner(_ facts: PostureFacts) -> PostureCheck {
        let gone = facts.identities.filter(facts.ownerGone).map(subject)
        return .counting(
            gone, of: facts.identities.count, nothing: noIdentities, pass: "Every identity in scope has an owner who is still active.",
            fail: { "\(count($0, "identity has", "identities have")) no active owner (orphaned or the owner left); transfer them." },
            numbers: ["identities": Int64(facts.identities.count), "withoutActiveOwner": Int64(gone.count)])
    }

    /// LY-ID-02: each identity's expiry lies within its template's `maxTTL` of its last change.
    static func expiryWithinPolicy(_ facts: PostureFacts) -> PostureCheck {
        let beyond = facts.identities.filter { identity in
            guard let template = facts.facts.templates[identity.template] else { return false }
            let from = max(identity.createdAt, identity.updatedAt)
            return identity.expiresAt.timeIntervalSince(from) > TimeInterval(template.maxTTL.seconds)
        }.map(subject)
        return .counting(
            beyond, of: facts.identities.count, nothing: noIdentities,
            pass: "Every identity in scope has an expiry within its template's maximum lifetime.",
            fail: { "\(count($0, "identity expires", "identities expire")) later than their template's maximum lifetime allows." },
            numbers: ["identities": Int64(facts.identities.count), "beyondMaximumLifetime": Int64(beyond.count)])
    }

    /// LY-ID-03: nothing the `expiring-undecided` rule sees.
    static func expiryDecided(_ facts: PostureFacts) -> PostureCheck {
        let undecided = detected(ExpiringUndecidedRule(), facts)
        let days = facts.policy.expiringWithin.seconds / 86_400
        return .counting(
            undecided, of: facts.identities.count, nothing: noIdentities,
            pass: "No identity in scope expires within \(days) days without an extension, graduation or offboarding.",
            fail: { "\(count($0, "identity expires", "identities expire")) within \(days) days and nobody has decided what happens to them." },
            numbers: ["identities": Int64(facts.identities.count), "expiringUndecided": Int64(undecided.count)])
    }

    /// LY-ID-04: no live credential above the policy's maximum lifetime (or the template's `maxTokenTTL`).
    static func shortLivedOnly(_ facts: PostureFacts) -> PostureCheck {
        let long = facts.identities.filter(facts.holdsLongLivedCredential).map(subject)
        let live = facts.identities.reduce(0) { $0 + (facts.facts.usage[$1.id]?.live ?? 0) }
        let cap = facts.policy.maxCredentialLifetime.seconds
        return .counting(
            long, of: facts.identities.count, nothing: noIdentities,
            pass: "No identity in scope holds a live credential that lives longer than \(cap / 3600) hours (or its template's cap).",
            fail: { "\(count($0, "identity holds", "identities hold")) a live credential above the \(cap / 3600)-hour policy." },
            numbers: [
                "identities": Int64(facts.identities.count), "liveCredentials": Int64(live), "withLongLivedCredential": Int64(long.count),
                "policySeconds": cap,
            ])
    }

    /// LY-ID-05: no identity keeps a client key while it can federate, and no client key is older than the policy.
    static func federationOverKeys(_ facts: PostureFacts) -> PostureCheck {
        let federated = Set(facts.facts.trusts.map(\.identityId))
        let keyed = facts.identities.filter { !$0.publicKeys.isEmpty }
        let maxAge = TimeInterval(facts.policy.maxStaticKeyAge.seconds)
        let weak = keyed.filter { federated.contains($0.id) || facts.now.timeIntervalSince($0.createdAt) > maxAge }.map(subject)
        return .counting(
            weak, of: facts.identities.count, nothing: noIdentities,
            pass: keyed.isEmpty
                ? "No identity in scope authenticates with a client key."
                : "The \(count(keyed.count, "identity", "identities")) with client keys cannot federate and their keys are within the key-age policy.",
            fail: { "\(count($0, "identity keeps", "identities keep")) a client key where federation is available or older than the key-age policy." },
            numbers: [
                "identities": Int64(facts.identities.count), "withClientKeys": Int64(keyed.count), "federated": Int64(federated.count),
                "weak": Int64(weak.count),
            ])
    }

    /// LY-ID-06: nothing the `loose-trust` rule sees.
    static func trustsPinned(_ facts: PostureFacts) -> PostureCheck {
        let loose = detected(LooseTrustRule(), facts)
        return .counting(
            loose, of: facts.facts.trusts.count, nothing: "No federation trust in scope.",
            pass: "Every federation trust in scope pins the workload (and, for CI issuers, its branch or environment).",
            fail: { "\(count($0, "federation trust lets", "federation trusts let")) too many workloads in." },
            numbers: ["trusts": Int64(facts.facts.trusts.count), "loose": Int64(loose.count)])
    }

    /// LY-ID-07: nothing the `unused-identity` rule sees.
    static func noUnusedIdentity(_ facts: PostureFacts) -> PostureCheck {
        let unused = detected(UnusedIdentityRule(), facts)
        let days = facts.policy.unusedAfter.seconds / 86_400
        return .counting(
            unused, of: facts.identities.count, nothing: noIdentities,
            pass: "Every active identity in scope got a credential in the last \(days) days.",
            fail: { "\(count($0, "identity has", "identities have")) not been issued a credential in \(days) days; offboard what nothing needs." },
            numbers: ["identities": Int64(facts.identities.count), "unused": Int64(unused.count)])
    }
}
