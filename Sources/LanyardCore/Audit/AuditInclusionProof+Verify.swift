import LanyardCredentials
public import LanyardAPI
public import LanyardModel
import MerkleLog

extension AuditInclusionProof {
    /// Checks the proof as an auditor would: the checkpoint is a signed checkpoint (by `publicKey` when given), the
    /// leaf bytes hash to the leaf hash and name this event, and the proof leads from the leaf to the checkpoint's
    /// root at its size.
    ///
    /// - Returns: the checkpoint.
    /// - Throws: `invalid_field` naming what does not match.
    public func verify(publicKey: [UInt8]?) throws -> CheckpointNote {
        let note = try SignedNote(parsing: checkpoint)
        let body = try CheckpointNote(parsing: note.text)
        if let publicKey, !note.isSigned(keyName: body.origin, publicKey: publicKey) {
            throw LanyardError.invalid("checkpoint", "The checkpoint's signature does not verify with the log key.")
        }
        guard body.size == treeSize, sequence >= 1, leafIndex == sequence - 1, leafIndex < treeSize else {
            throw LanyardError.invalid("treeSize", "The proof is for another tree size or leaf index than it claims.")
        }
        guard let hash = AuditLeafHash.decode(leafHash), let path = Optional(proof.compactMap(AuditLeafHash.decode)), path.count == proof.count
        else { throw LanyardError.invalid("proof", "The proof's hashes are not base64 32-byte hashes.") }
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
}
