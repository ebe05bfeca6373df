import Foundation
public import LanyardModel
import MerkleLog

/// Offline verification of one tenant's audit log: feed it the stored leaves in sequence order, then finish. It
/// recomputes every leaf hash from the canonical bytes, checks that each event sits at the position its bytes name
/// and that the searchable columns agree with the bytes, rebuilds the tree, and at every checkpoint size checks the
/// checkpoint's signature and root. It stops at the first mismatch and names it. Memory is O(log n): only the
/// tree's right edge (MerkleLog's `MerkleFrontier`) is kept.
public struct AuditVerifier: Sendable {
    /// The first thing that does not match.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The event named, if the failure is an event's.
        public var sequence: Int64?
        /// The checkpoint named (its size), if the failure is a checkpoint's.
        public var checkpointSize: Int64?
        public var message: String
        public var description: String { message }
    }

    /// What was verified.
    public struct Summary: Sendable, Hashable {
        public var events: Int64
        public var pruned: Int64
        public var checkpoints: Int
        public var signaturesChecked: Bool
    }

    private struct Checkpoint: Sendable {
        var note: SignedNote
        var body: CheckpointNote
    }

    public let tenant: String
    private let publicKey: [UInt8]?
    private let prunedThrough: Int64
    private var checkpoints: [Checkpoint] = []
    private var nextCheckpoint = 0
    private var tree = MerkleFrontier()
    /// The number of leaves added (the frontier's size as a sequence number).
    private var size: Int64 = 0
    private var pruned: Int64 = 0
    private var failure: Failure?
    private var times = AuditLeafFields.TimeMemo()

    /// - Parameters:
    ///   - notes: signed checkpoint notes of this tenant, in any order (from the database, a witness file, or both);
    ///     identical notes count once.
    ///   - publicKey: the tenant's Ed25519 log key; nil to check roots only (signatures are then not checked).
    ///   - prunedThrough: events `1 ... prunedThrough` may lack content.
    public init(tenant: String, notes: [String], publicKey: [UInt8]?, prunedThrough: Int64 = 0) {
        self.tenant = tenant
        self.publicKey = publicKey
        self.prunedThrough = prunedThrough
        var seen = Set<String>()
        for text in notes where seen.insert(text).inserted {
            guard let note = try? SignedNote(parsing: text), let body = try? CheckpointNote(parsing: note.text) else {
                let size = text.split(separator: "\n").dropFirst().first.flatMap { Int64($0) }
                failure =
                    failure
                    ?? Failure(
                        sequence: nil, checkpointSize: size, message: "A checkpoint (size \(size.map(String.init) ?? "?")) is not a signed checkpoint note.")
                continue
            }
            checkpoints.append(Checkpoint(note: note, body: body))
        }
        checkpoints.sort { $0.body.size < $1.body.size }
        checkEmptyCheckpoints()
    }

    /// Adds the next stored leaf. Returns the first failure so far (after which further leaves are ignored).
    @discardableResult
    public mutating func add(_ record: AuditLeafRecord) -> Failure? {
        guard failure == nil else { return failure }
        return add(Self.check(record, tenant: tenant, times: &times))
    }

    /// Adds the next stored leaf, already checked on its own (``check(_:tenant:)``). Returns the first failure so
    /// far (after which further leaves are ignored).
    @discardableResult
    public mutating func add(_ leaf: CheckedLeaf) -> Failure? {
        guard failure == nil else { return failure }
        let expected = size + 1
        func fail(_ message: String) -> Failure? {
            failure = Failure(sequence: expected, checkpointSize: nil, message: "Event \(expected): \(message)")
            return failure
        }
        if leaf.sequence > expected { return fail("missing (the next stored event is \(leaf.sequence)); events were deleted.") }
        if leaf.sequence < expected { return fail("stored again or out of order (found event \(leaf.sequence) after \(expected - 1)).") }
        guard leaf.tenant == tenant else { return fail("it was checked as a leaf of tenant '\(leaf.tenant)'.") }
        if leaf.hasContent {
            if let problem = leaf.problem { return fail(problem) }
        } else {
            guard expected <= prunedThrough else { return fail("its content is missing but it was not pruned.") }
            pruned += 1
        }
        do {
            try tree.append(leafHash: leaf.leafHash)
            size = expected
        } catch {
            return fail("its stored leaf hash is malformed.")
        }
        return checkReachedCheckpoints()
    }

    /// Ends verification. `headSize` is the stored event counter, when known.
    public mutating func finish(headSize: Int64?) -> Result<Summary, Failure> {
        finish(counter: headSize.map { $0...$0 })
    }

    /// Ends verification of a log that may have grown while it was read. `counter` runs from the stored event counter
    /// read before the first leaf to the one read after the last (nil when unknown): every event counted before must be
    /// stored, and none beyond those counted after.
    public mutating func finish(counter: ClosedRange<Int64>?) -> Result<Summary, Failure> {
        if let failure { return .failure(failure) }
        if let beyond = checkpoints.dropFirst(nextCheckpoint).first {
            return .failure(
                Failure(
                    sequence: size + 1, checkpointSize: beyond.body.size,
                    message: "Checkpoint of size \(beyond.body.size) covers events the log does not have (it ends at event \(size)); the log was truncated."
                ))
        }
        if let counter, !counter.contains(size) {
            let headSize = size < counter.lowerBound ? counter.lowerBound : counter.upperBound
            return .failure(
                Failure(
                    sequence: min(headSize, size) + 1, checkpointSize: nil,
                    message: "The log counter says \(headSize) events but \(size) are stored; event \(min(headSize, size) + 1) onwards is missing or extra."
                ))
        }
        return .success(Summary(events: size, pruned: pruned, checkpoints: checkpoints.count, signaturesChecked: publicKey != nil))
    }

    private mutating func checkEmptyCheckpoints() {
        _ = checkReachedCheckpoints()
    }

    private mutating func checkReachedCheckpoints() -> Failure? {
        while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].body.size <= size {
            let checkpoint = checkpoints[nextCheckpoint]
            let size = checkpoint.body.size
            let previous = nextCheckpoint > 0 ? checkpoints[nextCheckpoint - 1].body.size : 0
            func fail(_ message: String) -> Failure? {
                failure = Failure(sequence: nil, checkpointSize: size, message: "Checkpoint of size \(size): \(message)")
                return failure
            }
            guard checkpoint.body.origin.hasSuffix("/t/\(tenant)/audit") else {
                return fail("its origin '\(checkpoint.body.origin)' is not tenant '\(tenant)''s log; the checkpoint was replaced.")
            }
            if let publicKey, !checkpoint.note.isSigned(keyName: checkpoint.body.origin, publicKey: publicKey) {
                return fail("its signature does not verify with the log key of '\(checkpoint.body.origin)'; the checkpoint was replaced.")
            }
            guard tree.rootHash == checkpoint.body.rootHash else {
                return fail(
                    "the events do not produce its root hash; an event between \(previous + 1) and \(size) was altered together with its leaf hash, or the checkpoint was replaced."
                )
            }
            nextCheckpoint += 1
        }
        return nil
    }

    /// The notes among `notes` whose origin is `tenant`'s (Lanyard names a tenant's log `…/t/{tenant}/audit`).
    public static func notes(of tenant: String, in notes: [String]) -> [String] {
        notes.filter { $0.split(separator: "\n").first?.hasSuffix("/t/\(tenant)/audit") ?? false }
    }

    /// The stored leaf a line of `lanyard audit export --format jsonl` stands for: a canonical leaf, or a pruned
    /// event's `{"leafHash":…,"seq":…}`. Any other line is taken as the leaf at `position` (1-based), so that the
    /// verifier names it as altered.
    public static func record(exportLine line: String, position: Int64) -> AuditLeafRecord {
        var text = line
        var times = AuditLeafFields.TimeMemo()
        if let sequence = text.withUTF8({ AuditLeafFields.read($0, times: &times)?.sequence })
            ?? (try? AuditEvent(canonicalLeaf: line))?.sequence
        {
            return AuditLeafRecord(sequence: sequence, leaf: line, leafHash: AuditLeafHash.of(line))
        }
        if let pruned = try? JSONDecoder().decode(PrunedLine.self, from: Data(line.utf8)), let hash = AuditLeafHash.decode(pruned.leafHash) {
            return AuditLeafRecord(sequence: pruned.seq, leaf: nil, leafHash: hash)
        }
        return AuditLeafRecord(sequence: position, leaf: line, leafHash: AuditLeafHash.of(line))
    }

    /// An exported pruned event.
    private struct PrunedLine: Decodable {
        var leafHash: String
        var seq: Int64
    }
}
