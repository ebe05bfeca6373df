import Foundation
import LanyardModel
import Testing

/// A request for `data-read` by a workload, owned by alice, created at t=1000 and waiting 24 hours.
func sampleRequest(tier: AccessTier = .dataRead, requester: String = "identity:idn_a", requiredApprovals: Int = 1) -> AccessRequest {
    AccessRequest(
        id: "req_a", tenant: "default", requester: requester, identity: "idn_a", identityOwner: "Alice", tier: tier, actions: ["read"],
        resource: #"Dataset::"sales""#, duration: 600, justification: "nightly report", createdAt: Date(timeIntervalSince1970: 1_000),
        requiredApprovals: requiredApprovals)
}

@Suite("The access request state machine")
struct AccessRequestTests {
    let t0 = Date(timeIntervalSince1970: 1_000)
    var expiry: Date { t0 + AccessRequest.defaultLifetime }

    @Test("a new request waits for approval and expires 24 hours after it was made")
    func created() {
        let request = sampleRequest()
        #expect(request.status == .requested)
        #expect(request.expiresAt == expiry)
        #expect(request.approvalsNeeded == 1)
        #expect(request.status(at: expiry - 1) == .requested)
        #expect(request.status(at: expiry) == .expired)
    }

    @Test("approved by a different person, activated with its entitlement, then ended")
    func happyPath() throws {
        let approved = try sampleRequest().approve(by: "user:bob", reason: "looks right", at: t0 + 10)
        #expect(approved.status == .approved)
        #expect(approved.approvals == [AccessDecisionRecord(by: "user:bob", reason: "looks right", at: t0 + 10)])
        let active = try approved.activate(entitlement: "ent_1", at: t0 + 10)
        #expect(active.status == .active)
        #expect(active.entitlement == "ent_1")
        #expect(active.activatedAt == t0 + 10)
        #expect(active.status(at: expiry + 100) == .active)
        let ended = try active.end(reason: "expired", by: "system:sweeper", at: t0 + 610)
        #expect(ended.status == .ended)
        #expect(ended.endedAt == t0 + 610)
        #expect(ended.endedBy == "system:sweeper")
        #expect(ended.endReason == "expired")
        #expect(ended.status.isFinal)
    }

    @Test("approval by policy records the policy and approves at once, whatever N")
    func byPolicy() throws {
        let approved = try sampleRequest(requiredApprovals: 3).approveByPolicy(policy: "pol_auto", at: t0 + 1)
        #expect(approved.status == .approved)
        #expect(approved.approvals.first?.policy == "pol_auto")
        #expect(approved.approvals.first?.by == "policy:pol_auto")
        #expect(throws: LanyardError(.invalidState, "")) { try approved.approveByPolicy(policy: "pol_auto", at: t0 + 2) }
        #expect(throws: LanyardError(.invalidState, "")) { try sampleRequest().approveByPolicy(policy: "pol_auto", at: expiry) }
        #expect(throws: LanyardError(.invalidField, "")) { try sampleRequest().approveByPolicy(policy: "", at: t0) }
    }

    @Test("a denial records who and why and is final")
    func denied() throws {
        let denied = try sampleRequest().deny(by: "user:bob", reason: "not needed", at: t0 + 5)
        #expect(denied.status == .denied)
        #expect(denied.denial?.by == "user:bob")
        #expect(denied.denial?.reason == "not needed")
        #expect(denied.endedAt == t0 + 5)
        #expect(denied.endedBy == "user:bob")
        #expect(throws: LanyardError(.invalidState, "")) { try denied.approve(by: "user:carol", reason: "ok", at: t0 + 6) }
        #expect(throws: LanyardError(.invalidState, "")) { try denied.deny(by: "user:carol", reason: "no", at: t0 + 6) }
        #expect(throws: LanyardError(.invalidState, "")) { try denied.cancel(by: "identity:idn_a", reason: "x", at: t0 + 6) }
        #expect(throws: LanyardError(.invalidState, "")) { try denied.expire(at: expiry) }
        #expect(throws: LanyardError(.invalidState, "")) { try denied.activate(entitlement: "ent_1", at: t0 + 6) }
        #expect(throws: LanyardError(.invalidState, "")) { try denied.end(reason: "x", by: "user:bob", at: t0 + 6) }
    }

    @Test("a workload or the requester cannot deny, and a denial needs a reason")
    func denyRefused() {
        let request = sampleRequest()
        #expect(throws: LanyardError(.forbidden, "")) { try request.deny(by: "identity:idn_b", reason: "no", at: t0) }
        #expect(throws: LanyardError(.forbidden, "")) { try request.deny(by: "identity:idn_a", reason: "no", at: t0) }
        #expect(throws: LanyardError(.invalidField, "")) { try request.deny(by: "user:bob", reason: "  \n", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try request.deny(by: "user:bob", reason: "late", at: expiry) }
    }

    @Test("the requester cancels before approval, after approval, and while active (which ends the grant)")
    func cancelled() throws {
        let waiting = try sampleRequest().cancel(by: "identity:idn_a", reason: "done without it", at: t0 + 1)
        #expect(waiting.status == .cancelled)
        #expect(waiting.endedBy == "identity:idn_a")
        let approved = try sampleRequest().approve(by: "user:bob", reason: "ok", at: t0 + 1)
        #expect(try approved.cancel(by: "identity:idn_a", reason: "no longer needed", at: t0 + 2).status == .cancelled)
        let active = try approved.activate(entitlement: "ent_1", at: t0 + 2)
        let ended = try active.cancel(by: "identity:idn_a", reason: "task finished", at: t0 + 3)
        #expect(ended.status == .ended)
        #expect(ended.endReason == "cancelled: task finished")
        #expect(throws: LanyardError(.invalidState, "")) { try waiting.cancel(by: "identity:idn_a", reason: "again", at: t0 + 4) }
        #expect(throws: LanyardError(.invalidState, "")) { try ended.cancel(by: "identity:idn_a", reason: "again", at: t0 + 4) }
    }

    @Test("cancelling an active request with the longest reason still ends it")
    func cancelLongReason() throws {
        let active = try sampleRequest().approve(by: "user:bob", reason: "ok", at: t0).activate(entitlement: "ent_1", at: t0)
        let ended = try active.cancel(by: "identity:idn_a", reason: String(repeating: "r", count: 2000), at: t0 + 1)
        #expect(ended.status == .ended)
        #expect(ended.endedAt == t0 + 1)
    }

    @Test("a human requester or the identity may cancel; nobody else")
    func cancelWho() throws {
        let request = sampleRequest(requester: "user:Dana")
        #expect(try request.cancel(by: "user:dana", reason: "typo", at: t0).status == .cancelled)
        #expect(try request.cancel(by: "identity:idn_a", reason: "not needed", at: t0).status == .cancelled)
        #expect(throws: LanyardError(.forbidden, "")) { try request.cancel(by: "user:bob", reason: "mine now", at: t0) }
        #expect(throws: LanyardError(.forbidden, "")) { try request.cancel(by: "identity:idn_b", reason: "x", at: t0) }
        #expect(throws: LanyardError(.invalidField, "")) { try request.cancel(by: "user:dana", reason: "", at: t0) }
    }

    @Test("a request past its expiry can only expire")
    func onlyExpire() throws {
        let request = sampleRequest()
        #expect(throws: LanyardError(.invalidState, "")) { try request.approve(by: "user:bob", reason: "ok", at: expiry) }
        #expect(throws: LanyardError(.invalidState, "")) { try request.cancel(by: "identity:idn_a", reason: "x", at: expiry) }
        #expect(throws: LanyardError(.invalidState, "")) { try request.expire(at: expiry - 1) }
        let expired = try request.expire(at: expiry)
        #expect(expired.status == .expired)
        #expect(expired.endedBy == AccessRequest.expiryActor)
        #expect(throws: LanyardError(.invalidState, "")) { try expired.expire(at: expiry + 1) }
        #expect(throws: LanyardError(.invalidState, "")) { try expired.approve(by: "user:bob", reason: "ok", at: t0) }
    }

    @Test("an approved request never activated expires, and cannot be activated late")
    func approvedExpires() throws {
        let approved = try sampleRequest().approve(by: "user:bob", reason: "ok", at: t0 + 1)
        #expect(approved.status(at: expiry) == .expired)
        #expect(throws: LanyardError(.invalidState, "")) { try approved.activate(entitlement: "ent_1", at: expiry) }
        #expect(try approved.expire(at: expiry).status == .expired)
    }

    @Test("activation needs an approved request and an entitlement id; ending needs an active one")
    func activateAndEndRefused() throws {
        let request = sampleRequest()
        #expect(throws: LanyardError(.invalidState, "")) { try request.activate(entitlement: "ent_1", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try request.end(reason: "x", by: "user:bob", at: t0) }
        let approved = try request.approve(by: "user:bob", reason: "ok", at: t0)
        #expect(throws: LanyardError(.invalidField, "")) { try approved.activate(entitlement: "req_1", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try approved.end(reason: "x", by: "user:bob", at: t0) }
        let active = try approved.activate(entitlement: "ent_1", at: t0)
        #expect(throws: LanyardError(.invalidState, "")) { try active.activate(entitlement: "ent_2", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try active.approve(by: "user:carol", reason: "ok", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try active.deny(by: "user:carol", reason: "no", at: t0) }
        #expect(throws: LanyardError(.invalidState, "")) { try active.expire(at: expiry) }
        #expect(throws: LanyardError(.invalidField, "")) { try active.end(reason: " ", by: "user:bob", at: t0) }
        let ended = try active.end(reason: "single use", by: "system:decision", at: t0 + 1)
        #expect(throws: LanyardError(.invalidState, "")) { try ended.end(reason: "again", by: "user:bob", at: t0 + 2) }
    }

    @Test("an approval cannot be added to an approved request")
    func approveApproved() throws {
        let approved = try sampleRequest().approve(by: "user:bob", reason: "ok", at: t0)
        #expect(throws: LanyardError(.invalidState, "")) { try approved.approve(by: "user:carol", reason: "me too", at: t0) }
    }

    @Test("approval time and auto-approval are recorded for the metrics")
    func metrics() throws {
        let waiting = try sampleRequest(requiredApprovals: 2).approve(by: "user:bob", reason: "ok", at: t0 + 5)
        #expect(waiting.approvedAt == nil)
        let approved = try waiting.approve(by: "user:carol", reason: "ok", at: t0 + 9)
        #expect(approved.approvedAt == t0 + 9)
        #expect(!approved.isApprovedByPolicy)
        let auto = try waiting.approveByPolicy(policy: "pol_auto", at: t0 + 7)
        #expect(auto.approvedAt == t0 + 7)
        #expect(auto.isApprovedByPolicy)
    }

    @Test("a workload asks only for itself; people ask for any identity")
    func requester() throws {
        try AccessRequest.checkRequester("identity:idn_a", for: "idn_a")
        try AccessRequest.checkRequester("user:dana", for: "idn_a")
        try AccessRequest.checkRequester("admin_token:tok_1", for: "idn_a")
        #expect(throws: LanyardError(.forbidden, "")) { try AccessRequest.checkRequester("identity:idn_b", for: "idn_a") }
        #expect(throws: LanyardError(.invalidField, "")) { try AccessRequest.checkRequester("", for: "idn_a") }
    }

    @Test("the request round-trips through JSON")
    func codable() throws {
        let approved = try sampleRequest(tier: .tool("search")).approve(by: "user:bob", reason: "ok", at: t0)
        let data = try JSONEncoder().encode(approved)
        #expect(try JSONDecoder().decode(AccessRequest.self, from: data) == approved)
    }
}
