import LanyardModel
import MerkleLog

/// The checks an auditor makes on what the server publishes about its audit log, from the published values alone
/// (the wire DTOs `AuditInclusionProof` and `AuditConsistencyProof` carry exactly these fields).
public enum AuditProofCheck {
    /// Checks an inclusion proof: the checkpoint is a signed checkpoint (by `publicKey` when given, of the log named
    /// `keyName` when given), the leaf bytes (when given) hash to `leafHash` and name event `sequence`, and `proof`
    /// leads from the leaf hash at index `sequence - 1` to the checkpoint's root at its size `treeSize`.
    ///
    /// - Parameters:
    ///   - leafHash: base64 of the 32-byte leaf hash.
    ///   - proof: base64 sibling hashes from the leaf upwards.
    ///   - checkpoint: the signed checkpoint note the proof leads to.
    ///   - keyName: the name of the log key (`SignedNote.parseVerifierKey`), which must be the checkpoint's origin.
    /// - Returns: the checkpoint.
    /// - Throws: `invalid_field` naming what does not match.
    public static func inclusion(
        sequence: Int64, leafIndex: Int64, treeSize: Int64, leaf: String?, leafHash: String, proof: [String], checkpoint: String,
        publicKey: [UInt8]?, keyName: String? = nil
    ) throws -> CheckpointNote {
        let body = try checkpointBody(checkpoint, publicKey: publicKey, keyName: keyName)
        guard body.size == treeSize, sequence >= 1, leafIndex == sequence - 1, leafIndex < treeSize else {
            throw LanyardError.invalid("treeSize", "The proof is for another tree size or leaf index than it claims.")
        }
        guard let hash = AuditLeafHash.decode(leafHash), let path = hashes(proof) else {
            throw LanyardError.invalid("proof", "The proof's hashes are not base64 32-byte hashes.")
        }
        if let leaf {
            guard AuditLeafHash.of(leaf) == hash else { throw LanyardError.invalid("leaf", "The leaf bytes do not hash to the leaf hash.") }
            guard (try? AuditEvent(canonicalLeaf: leaf))?.sequence == sequence else {
                throw LanyardError.invalid("leaf", "The leaf bytes are not those of event \(sequence).")
            }
        }
        do {
            try MerkleVerifier().verifyInclusion(
                leafIndex: UInt64(leafIndex), size: UInt64(treeSize), leafHash: hash, proof: path, root: body.rootHash)
        } catch {
            throw LanyardError.invalid("proof", "The inclusion proof does not lead to the checkpoint's root: \(error).")
        }
        return body
    }

    /// Checks a consistency proof: `proof` shows that the tree of size `from` with root `fromRoot` is a prefix of the
    /// tree of size `to` with root `toRoot` (RFC 9162 §2.1.4.2). Each checkpoint given must be a signed checkpoint
    /// (by `publicKey` when given, of the log named `keyName` when given) of its size and root.
    ///
    /// - Throws: `invalid_field` naming what does not match.
    public static func consistency(
        from: Int64, to: Int64, fromRoot: String, toRoot: String, proof: [String], fromCheckpoint: String?, toCheckpoint: String?,
        publicKey: [UInt8]?, keyName: String? = nil
    ) throws {
        guard from >= 0, to >= from else { throw LanyardError.invalid("from", "The proof's sizes are out of order.") }
        guard let first = AuditLeafHash.decode(fromRoot), let second = AuditLeafHash.decode(toRoot), let path = hashes(proof) else {
            throw LanyardError.invalid("proof", "The proof's hashes are not base64 32-byte hashes.")
        }
        for (note, size, root) in [(fromCheckpoint, from, first), (toCheckpoint, to, second)] {
            guard let note else { continue }
            let body = try checkpointBody(note, publicKey: publicKey, keyName: keyName)
            guard body.size == size, body.rootHash == root else {
                throw LanyardError.invalid("checkpoint", "The checkpoint of size \(body.size) is not the one of size \(size) the proof names.")
            }
        }
        do {
            try MerkleVerifier().verifyConsistency(size1: UInt64(from), size2: UInt64(to), root1: first, root2: second, proof: path)
        } catch {
            throw LanyardError.invalid("proof", "The consistency proof does not lead from one root to the other: \(error).")
        }
    }

    /// The body of a signed checkpoint note, its signature checked when `publicKey` is given and its origin when
    /// `keyName` is.
    private static func checkpointBody(_ checkpoint: String, publicKey: [UInt8]?, keyName: String?) throws -> CheckpointNote {
        let note = try SignedNote(parsing: checkpoint)
        let body = try CheckpointNote(parsing: note.text)
        if let keyName, body.origin != keyName {
            throw LanyardError.invalid("checkpoint", "The checkpoint is of the log '\(body.origin)', not of '\(keyName)' whose key was given.")
        }
        if let publicKey, !note.isSigned(keyName: body.origin, publicKey: publicKey) {
            throw LanyardError.invalid("checkpoint", "The checkpoint's signature does not verify with the log key.")
        }
        return body
    }

    /// Decoded base64 hashes; nil when any is not a 32-byte hash.
    private static func hashes(_ texts: [String]) -> [[UInt8]]? {
        let decoded = texts.compactMap(AuditLeafHash.decode)
        return decoded.count == texts.count ? decoded : nil
    }
}
