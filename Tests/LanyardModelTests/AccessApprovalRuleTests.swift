import Foundation
import LanyardModel
import Testing

@Suite("Who may approve an access request")
struct AccessApprovalRuleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var tier: AccessTier
        var requester: String
        var approver: String
        var rule: AccessApprovalRule = .builtIn
        /// `nil` when the approval is accepted.
        var refusal: LanyardError.Code?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a different person approves", tier: .dataRead, requester: "identity:idn_a", approver: "user:bob", refusal: nil),
        Case(name: "an admin token approves", tier: .deploy, requester: "identity:idn_a", approver: "admin_token:tok_1", refusal: nil),
        Case(name: "the human requester", tier: .dataRead, requester: "user:dana", approver: "user:dana", refusal: .forbidden),
        Case(name: "the human requester in other case", tier: .dataRead, requester: "user:dana", approver: "user:DANA", refusal: .forbidden),
        Case(name: "the requesting workload", tier: .dataRead, requester: "identity:idn_a", approver: "identity:idn_a", refusal: .forbidden),
        Case(name: "the identity itself, asked for by a person", tier: .build, requester: "user:dana", approver: "identity:idn_a", refusal: .forbidden),
        Case(name: "another workload", tier: .build, requester: "user:dana", approver: "identity:idn_b", refusal: .forbidden),
        Case(name: "a policy actor by hand", tier: .build, requester: "user:dana", approver: "policy:pol_1", refusal: .forbidden),
        Case(name: "the owner for deploy", tier: .deploy, requester: "identity:idn_a", approver: "user:alice", refusal: .forbidden),
        Case(name: "the owner for publish", tier: .publish, requester: "user:dana", approver: "user:ALICE", refusal: .forbidden),
        Case(name: "the owner for a non-release tier", tier: .dataRead, requester: "identity:idn_a", approver: "user:alice", refusal: nil),
        Case(
            name: "the owner when the rule says so", tier: .dataRead, requester: "identity:idn_a", approver: "user:Alice",
            rule: AccessApprovalRule(ownerMayNotApprove: true), refusal: .forbidden),
        Case(
            name: "someone else when the rule says so", tier: .dataRead, requester: "identity:idn_a", approver: "user:bob",
            rule: AccessApprovalRule(ownerMayNotApprove: true), refusal: nil),
        Case(name: "a blank approver", tier: .dataRead, requester: "identity:idn_a", approver: "", refusal: .invalidField),
    ]

    @Test("approval rules", arguments: cases)
    func rule(_ test: Case) throws {
        let request = sampleRequest(tier: test.tier, requester: test.requester)
        let at = request.createdAt + 1
        if let code = test.refusal {
            #expect(throws: LanyardError(code, "")) { try request.approve(by: test.approver, reason: "ok", at: at, rule: test.rule) }
        } else {
            #expect(try request.approve(by: test.approver, reason: "ok", at: at, rule: test.rule).status == .approved)
        }
    }

    @Test("a refused approval tells why")
    func message() {
        do {
            _ = try sampleRequest(tier: .deploy).approve(by: "user:alice", reason: "mine", at: Date(timeIntervalSince1970: 1_001))
            Issue.record("the owner approved a deploy request")
        } catch let error as LanyardError {
            #expect(error.code == .forbidden)
            #expect(error.message.contains("owner"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("N of M: approved only at the Nth different approver, and the same approver counts once")
    func nOfM() throws {
        let at = Date(timeIntervalSince1970: 1_001)
        let first = try sampleRequest(requiredApprovals: 3).approve(by: "user:bob", reason: "ok", at: at)
        #expect(first.status == .requested)
        #expect(first.approvalsNeeded == 2)
        #expect(throws: LanyardError(.invalidState, "")) { try first.approve(by: "user:bob", reason: "again", at: at) }
        #expect(throws: LanyardError(.invalidState, "")) { try first.approve(by: "user:BOB", reason: "again", at: at) }
        let second = try first.approve(by: "user:carol", reason: "ok", at: at)
        #expect(second.status == .requested)
        #expect(second.approvalsNeeded == 1)
        let third = try second.approve(by: "admin_token:tok_1", reason: "ok", at: at)
        #expect(third.status == .approved)
        #expect(third.approvals.map(\.by) == ["user:bob", "user:carol", "admin_token:tok_1"])
        #expect(throws: LanyardError(.invalidState, "")) { try third.approve(by: "user:erin", reason: "late", at: at) }
    }

    @Test("a refused approval changes nothing and a blank reason is refused")
    func unchanged() {
        let request = sampleRequest(requiredApprovals: 2)
        #expect(throws: LanyardError(.invalidField, "")) { try request.approve(by: "user:bob", reason: "   ", at: request.createdAt) }
        #expect(throws: LanyardError(.invalidField, "")) {
            try request.approve(by: "user:bob", reason: String(repeating: "x", count: 2001), at: request.createdAt)
        }
        #expect(request.approvals.isEmpty)
    }
}

@Suite("Access request validation")
struct AccessRequestValidationTests {
    func validate(
        tier: AccessTier = .dataRead, duration: Int64 = 600, justification: String = "why", actions: [String] = ["read"], scopes: [String] = [],
        resource: String = #"Dataset::"sales""#, approvals: Int = 1, caps: AccessDurationCaps = AccessDurationCaps(), breakGlass: Bool = false
    ) throws -> String {
        try AccessRequest.validate(
            tier: tier, duration: duration, justification: justification, actions: actions, scopes: scopes, resource: resource,
            requiredApprovals: approvals, caps: caps, breakGlass: breakGlass)
    }

    @Test("good input passes and the justification comes back trimmed")
    func good() throws {
        #expect(try validate(justification: "  nightly report \n") == "nightly report")
        #expect(try validate(duration: 8 * 3600) == "why")
        #expect(try validate(duration: 1, approvals: 5) == "why")
    }

    @Test("durations: 1 s up to the tier's cap, the break-glass cap separately")
    func durations() throws {
        for bad: Int64 in [0, -1, Int64.min, 8 * 3600 + 1, Int64.max] {
            #expect(throws: LanyardError(.invalidField, "")) { try validate(duration: bad) }
        }
        let caps = AccessDurationCaps(perTier: [.deploy: 900])
        #expect(throws: LanyardError(.invalidField, "")) { try validate(tier: .deploy, duration: 901, caps: caps) }
        #expect(try validate(tier: .deploy, duration: 900, caps: caps) == "why")
        #expect(try validate(tier: .build, duration: 8 * 3600, caps: caps) == "why")
        #expect(throws: LanyardError(.invalidField, "")) { try validate(duration: 3601, breakGlass: true) }
        #expect(try validate(duration: 3600, breakGlass: true) == "why")
    }

    @Test("bounds on justification, actions, scopes, resource and approvals")
    func bounds() throws {
        #expect(throws: LanyardError(.invalidField, "")) { try validate(justification: " \t ") }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(justification: String(repeating: "x", count: 2001)) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(justification: String(repeating: "x", count: 1 << 20)) }
        #expect(try validate(justification: String(repeating: "é", count: 2000)).count == 2000)
        #expect(throws: LanyardError(.invalidField, "")) { try validate(actions: (0...32).map { "a\($0)" }) }
        #expect(try validate(actions: (0..<32).map { "a\($0)" }) == "why")
        #expect(throws: LanyardError(.invalidField, "")) { try validate(actions: ["read", ""]) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(actions: ["re ad"]) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(scopes: (0...32).map { "s\($0)" }) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(scopes: [String(repeating: "s", count: 257)]) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(resource: "") }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(resource: "Dataset::\"a\nb\"") }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(approvals: 0) }
        #expect(throws: LanyardError(.invalidField, "")) { try validate(approvals: 6) }
    }
}
