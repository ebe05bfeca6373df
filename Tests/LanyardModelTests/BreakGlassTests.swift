import Foundation
import LanyardModel
import Testing

@Suite("The break-glass state machines")
struct BreakGlassTests {
    let t0 = Date(timeIntervalSince1970: 1_000)

    func opened(duration: Int64 = 1800) throws -> BreakGlass {
        try BreakGlass.open(
            id: "brk_a", tenant: "default", entitlement: "ent_1", identity: "idn_a", opener: "user:bob", reason: " database down ",
            incident: "INC-42", duration: duration, at: t0)
    }

    @Test("opening records the reason trimmed, the incident, the expiry and the review due 24 hours later")
    func open() throws {
        let glass = try opened()
        #expect(glass.reason == "database down")
        #expect(glass.incident == "INC-42")
        #expect(glass.expiresAt == t0 + 1800)
        #expect(glass.reviewDueAt == t0 + 24 * 3600)
        #expect(glass.status(at: t0) == .open)
        #expect(glass.status(at: t0 + 1800) == .expired)
        #expect(glass.reviewStatus(at: t0) == .pending)
        #expect(glass.reviewStatus(at: t0 + 24 * 3600) == .overdue)
    }

    @Test("opening refuses a missing reason or incident and durations outside 1 s … the cap")
    func openRefused() throws {
        func open(reason: String = "why", incident: String = "INC-1", duration: Int64 = 60, caps: AccessDurationCaps = AccessDurationCaps()) throws {
            _ = try BreakGlass.open(
                id: "brk_a", tenant: "default", entitlement: "ent_1", identity: "idn_a", opener: "user:bob", reason: reason, incident: incident,
                duration: duration, at: t0, caps: caps)
        }
        #expect(throws: LanyardError(.invalidField, "")) { try open(reason: "  ") }
        #expect(throws: LanyardError(.invalidField, "")) { try open(incident: "") }
        #expect(throws: LanyardError(.invalidField, "")) { try open(incident: String(repeating: "i", count: 257)) }
        #expect(throws: LanyardError(.invalidField, "")) { try open(duration: 0) }
        #expect(throws: LanyardError(.invalidField, "")) { try open(duration: 3601) }
        #expect(throws: LanyardError(.invalidField, "")) { try open(duration: 301, caps: AccessDurationCaps(breakGlassMax: 300)) }
        try open(duration: 3600)
        try open(incident: String(repeating: "i", count: 256))
    }

    @Test("a parameterised review window sets the due time")
    func reviewWindow() throws {
        let glass = try BreakGlass.open(
            id: "brk_a", tenant: "default", entitlement: "ent_1", identity: "idn_a", opener: "user:bob", reason: "r", incident: "i", duration: 60,
            at: t0, reviewWindow: 5)
        #expect(glass.reviewDueAt == t0 + 5)
        #expect(throws: LanyardError(.invalidField, "")) {
            try BreakGlass.open(
                id: "brk_a", tenant: "default", entitlement: "ent_1", identity: "idn_a", opener: "user:bob", reason: "r", incident: "i", duration: 60,
                at: t0, reviewWindow: 0)
        }
    }

    @Test("anyone closes it early, once; an expired one cannot be closed")
    func close() throws {
        let glass = try opened()
        let closed = try glass.close(by: "user:carol", at: t0 + 60)
        #expect(closed.status(at: t0 + 61) == .closed)
        #expect(closed.closedBy == "user:carol")
        #expect(try glass.close(by: "user:bob", at: t0 + 60).closedBy == "user:bob")
        #expect(throws: LanyardError(.invalidState, "")) { try closed.close(by: "user:bob", at: t0 + 61) }
        #expect(throws: LanyardError(.invalidState, "")) { try glass.close(by: "user:bob", at: t0 + 1800) }
    }

    @Test("someone other than the opener reviews it, once, before it is due")
    func review() throws {
        let glass = try opened()
        let reviewed = try glass.reviewed(by: "user:carol", note: "justified", at: t0 + 3600)
        #expect(reviewed.review == .reviewed)
        #expect(reviewed.reviewedBy == "user:carol")
        #expect(reviewed.reviewNote == "justified")
        #expect(reviewed.reviewStatus(at: t0 + 48 * 3600) == .reviewed)
        #expect(throws: LanyardError(.invalidState, "")) { try reviewed.reviewed(by: "user:dana", note: "again", at: t0 + 3601) }
        #expect(throws: LanyardError(.invalidState, "")) { try reviewed.markOverdue(at: t0 + 48 * 3600) }
    }

    @Test("the opener, a workload or a blank note cannot review")
    func reviewRefused() throws {
        let glass = try opened()
        #expect(throws: LanyardError(.forbidden, "")) { try glass.reviewed(by: "user:bob", note: "fine", at: t0 + 1) }
        #expect(throws: LanyardError(.forbidden, "")) { try glass.reviewed(by: "user:BOB", note: "fine", at: t0 + 1) }
        #expect(throws: LanyardError(.forbidden, "")) { try glass.reviewed(by: "identity:idn_a", note: "fine", at: t0 + 1) }
        #expect(throws: LanyardError(.forbidden, "")) { try glass.reviewed(by: "identity:idn_z", note: "fine", at: t0 + 1) }
        #expect(throws: LanyardError(.invalidField, "")) { try glass.reviewed(by: "user:carol", note: "", at: t0 + 1) }
    }

    @Test("unreviewed at the due time it becomes overdue, and then cannot be reviewed")
    func overdue() throws {
        let glass = try opened()
        #expect(throws: LanyardError(.invalidState, "")) { try glass.markOverdue(at: t0 + 24 * 3600 - 1) }
        #expect(throws: LanyardError(.invalidState, "")) { try glass.reviewed(by: "user:carol", note: "late", at: t0 + 24 * 3600) }
        let overdue = try glass.markOverdue(at: t0 + 24 * 3600)
        #expect(overdue.review == .overdue)
        #expect(throws: LanyardError(.invalidState, "")) { try overdue.markOverdue(at: t0 + 24 * 3600 + 1) }
        #expect(throws: LanyardError(.invalidState, "")) { try overdue.reviewed(by: "user:carol", note: "late", at: t0 + 1) }
    }
}
