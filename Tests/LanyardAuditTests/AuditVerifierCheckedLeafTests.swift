import Crypto
import LanyardAudit
import LanyardModel
import Testing

/// Leaves checked on their own first (`AuditVerifier.check(_:tenant:)`) and added afterwards get the verdicts of
/// leaves added directly.
@Suite("Leaves checked apart verify as leaves added directly")
struct AuditVerifierCheckedLeafTests {
    typealias Tamper = AuditVerifierTamperTests

    static func failure(checkingApart records: [AuditLeafRecord], notes: [String], tenant: String = "acme") -> AuditVerifier.Failure? {
        var verifier = AuditVerifier(tenant: "acme", notes: notes, publicKey: Array(Tamper.key.publicKey.rawRepresentation))
        for leaf in AuditVerifier.check(records, tenant: tenant) { verifier.add(leaf) }
        if case .failure(let failure) = verifier.finish(headSize: Int64(records.count)) { return failure }
        return nil
    }

    @Test("the same failure for every changed byte, with or without its hash, on both leaf paths", arguments: [2, 3])
    func sameVerdicts(event: Int) throws {
        let log = Tamper.records()
        let notes = try Tamper.notes(log)
        #expect(Self.failure(checkingApart: log, notes: notes) == nil)
        for rewritingHash in [false, true] {
            for (byte, forged) in try Tamper.forgingEachByte(of: event, rewritingHash: rewritingHash) {
                #expect(Self.failure(checkingApart: forged, notes: notes) == Tamper.failure(forged, notes: notes), "byte \(byte)")
            }
        }
        var dropped = log
        dropped.remove(at: event - 1)
        #expect(Self.failure(checkingApart: dropped, notes: notes) == Tamper.failure(dropped, notes: notes))
    }

    @Test("leaves checked for another tenant are refused")
    func otherTenant() throws {
        let log = Tamper.records()
        let found = Self.failure(checkingApart: log, notes: try Tamper.notes(log), tenant: "other")
        #expect(found?.sequence == 1 && found?.message.contains("checked as a leaf of tenant 'other'") == true)
    }
}
