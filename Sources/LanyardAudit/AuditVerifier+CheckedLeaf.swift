import Foundation
public import LanyardModel

extension AuditVerifier {
    /// A stored leaf checked on its own, before it takes its place in the log (the verifier's `add(_:)` taking a
    /// `CheckedLeaf`): its bytes against its stored leaf hash, their canonical form, the sequence number and tenant
    /// they name, and the searchable columns stored with them. These checks do not depend on other leaves, so a caller
    /// may check a page of leaves elsewhere (``check(_:tenant:)``, on another core) and add them in order afterwards;
    /// what only the order tells (a missing, repeated or pruned event, the tree, the checkpoints) is checked as they
    /// are added.
    public struct CheckedLeaf: Sendable {
        /// The sequence number the leaf is stored under.
        public let sequence: Int64
        /// The tenant it was checked for.
        let tenant: String
        /// The stored leaf hash, which the tree is built from.
        let leafHash: [UInt8]
        /// False for a pruned event (only its hash is stored).
        let hasContent: Bool
        /// What is wrong with the leaf itself, as the end of a sentence; nil when nothing.
        let problem: String?
    }

    /// Checks stored leaves of `tenant`'s log on their own, in order (see ``CheckedLeaf``).
    public static func check(_ records: some Sequence<AuditLeafRecord>, tenant: String) -> [CheckedLeaf] {
        var times = AuditLeafFields.TimeMemo()
        return records.map { check($0, tenant: tenant, times: &times) }
    }

    /// Checks one stored leaf of `tenant`'s log on its own.
    static func check(_ record: AuditLeafRecord, tenant: String, times: inout AuditLeafFields.TimeMemo) -> CheckedLeaf {
        guard var leaf = record.leaf else {
            return CheckedLeaf(sequence: record.sequence, tenant: tenant, leafHash: record.leafHash, hasContent: false, problem: nil)
        }
        let found = leaf.withUTF8 { bytes in
            problem(leaf: bytes, hash: record.leafHash, columns: record.columns, sequence: record.sequence, tenant: tenant, times: &times)
        }
        return CheckedLeaf(sequence: record.sequence, tenant: tenant, leafHash: record.leafHash, hasContent: true, problem: found)
    }

    /// The searchable columns stored next to a leaf, in the order they are checked.
    private enum Column: String, CaseIterable {
        case actor, action, target, at, decision
    }

    /// What is wrong with the stored leaf `bytes` of event `sequence` of `tenant`, its stored hash and columns; nil
    /// when nothing. Canonical leaves are read by ``AuditLeafFields``; a leaf it does not take is read by
    /// `AuditEvent(canonicalLeaf:)`, which decides whether it is canonical. The checks and their order are the same
    /// either way.
    private static func problem(
        leaf bytes: UnsafeBufferPointer<UInt8>, hash: [UInt8], columns: AuditLeafRecord.Columns?, sequence: Int64, tenant: String,
        times: inout AuditLeafFields.TimeMemo
    ) -> String? {
        guard AuditLeafHash.of(bytes) == hash else { return "its bytes do not match its stored leaf hash; the event was altered." }
        if let fields = AuditLeafFields.read(bytes, times: &times) {
            func equal(_ text: AuditLeafFields.Text?, _ string: String?) -> Bool {
                guard let text, let string else { return text == nil && string == nil }
                return AuditLeafFields.text(text, in: bytes, equals: string)
            }
            return problem(
                sequence: fields.sequence, otherTenant: equal(fields.tenant, tenant) ? nil : AuditLeafFields.string(fields.tenant, in: bytes),
                columns: columns, expected: sequence
            ) { column, stored in
                switch column {
                case .actor: equal(fields.actor, stored.actor)
                case .action: equal(fields.action, stored.action)
                case .target: equal(fields.target, stored.target)
                case .at: fields.atSeconds == stored.atSeconds
                case .decision: equal(fields.decision, stored.decision)
                }
            }
        }
        guard let event = try? AuditEvent(canonicalLeaf: String(decoding: bytes, as: UTF8.self)) else {
            return "its stored bytes are not a canonical audit leaf."
        }
        return problem(
            sequence: event.sequence, otherTenant: event.tenant == tenant ? nil : event.tenant, columns: columns, expected: sequence
        ) { column, stored in
            switch column {
            case .actor: event.actor == stored.actor
            case .action: event.action == stored.action
            case .target: event.target == stored.target
            case .at: event.atSeconds == stored.atSeconds
            case .decision: event.details["decision"] == stored.decision
            }
        }
    }

    /// The first disagreement between what a leaf says and where it is stored.
    private static func problem(
        sequence found: Int64, otherTenant: String?, columns: AuditLeafRecord.Columns?, expected: Int64,
        agrees: (Column, AuditLeafRecord.Columns) -> Bool
    ) -> String? {
        guard found == expected else { return "its bytes say it is event \(found); events were moved or reordered." }
        if let otherTenant { return "its bytes say it belongs to tenant '\(otherTenant)'." }
        if let columns, let column = Column.allCases.first(where: { !agrees($0, columns) }) {
            return "the stored \(column.rawValue) differs from the signed leaf; the event was altered."
        }
        return nil
    }
}
