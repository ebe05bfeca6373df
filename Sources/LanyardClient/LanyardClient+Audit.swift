public import Foundation
public import LanyardAPI
public import LanyardModel

/// The audit trail: events, search, leaves, proofs, checkpoints, retention.
extension LanyardClient {
    /// One page of the events matching `query`, oldest first; `cursor` is the `next` of the previous page.
    public func searchAudit(tenant: String, query: AuditQuery, cursor: String? = nil) async throws -> AuditEventList {
        var parameters = [("after", String(query.after)), ("limit", String(query.limit))]
        if let actor = query.actor { parameters.append(("actor", actor)) }
        if let target = query.target { parameters.append(("target", target)) }
        if let action = query.action { parameters.append(("action", action)) }
        if let decision = query.decision { parameters.append(("decision", decision)) }
        if let since = query.since { parameters.append(("since", RFC3339Seconds.format(AuditEvent.seconds(of: since)))) }
        if let until = query.until { parameters.append(("until", RFC3339Seconds.format(AuditEvent.seconds(of: until)))) }
        if let cursor { parameters.append(("cursor", cursor)) }
        return try await send(APIRoute.auditSearch.target(tenant), query: parameters)
    }

    /// One page of stored leaves after sequence number `after`, at most `limit` (1 ... 1000); `cursor` is the `next`
    /// of the previous page.
    public func auditLeaves(tenant: String, after: Int64, limit: Int, cursor: String? = nil) async throws -> AuditLeafList {
        var query = [("after", String(after)), ("limit", String(limit))]
        if let cursor { query.append(("cursor", cursor)) }
        return try await send(APIRoute.auditLeaves.target(tenant), query: query)
    }

    /// The inclusion proof of event `sequence` against the checkpoint of `size` (the latest when nil).
    public func auditInclusionProof(tenant: String, sequence: Int64, size: Int64?) async throws -> AuditInclusionProof {
        var query = [("event", String(sequence))]
        if let size { query.append(("size", String(size))) }
        return try await send(APIRoute.auditProof.target(tenant), query: query)
    }

    /// The consistency proof between two sizes of the log.
    public func auditConsistencyProof(tenant: String, from: Int64, to: Int64) async throws -> AuditConsistencyProof {
        try await send(APIRoute.auditConsistency.target(tenant), query: [("from", String(from)), ("to", String(to))])
    }

    /// The tenant's published log key (`{issuer}/audit/log-key`): the verifier key of its checkpoints' signatures,
    /// `<name>+<key id hex>+<base64(0x01 ‖ Ed25519 public key)>`.
    public func auditLogKey(tenant: String) async throws -> String {
        String(decoding: try await sendText(APIRoute.publishedLogKey.target(tenant), text: nil), as: UTF8.self)
    }

    /// One page of the stored checkpoints, smallest first; `cursor` is the `next` of the previous page.
    public func auditCheckpoints(tenant: String, limit: Int = 1000, cursor: String? = nil) async throws -> AuditCheckpointList {
        var query = [("limit", String(limit))]
        if let cursor { query.append(("cursor", cursor)) }
        return try await send(APIRoute.auditCheckpointList.target(tenant), query: query)
    }

    /// Makes a checkpoint now.
    public func createAuditCheckpoint(tenant: String) async throws -> AuditCheckpointRecord {
        try await send(APIRoute.auditCheckpointSign.target(tenant), body: Optional<AuditPruneRequest>.none)
    }

    /// Drops the content of events before `before` that lie behind a checkpoint.
    public func pruneAudit(tenant: String, before: String) async throws -> AuditPruneResult {
        try await send(APIRoute.auditPrune.target(tenant), body: AuditPruneRequest(before: before))
    }
}
