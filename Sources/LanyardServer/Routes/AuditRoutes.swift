import Foundation
import Hummingbird
import HummingbirdCore
import LanyardAudit
import LanyardCore
import LanyardAPI
import LanyardModel

/// The audit trail: events and search, the Merkle log's leaves, proofs, checkpoints and retention (admin API),
/// and each tenant's latest checkpoint and log key, published without authentication under its issuer.
struct AuditRoutes {
    let dependencies: ServerDependencies

    /// `GET /t/{tenant}/audit/checkpoint` and `GET /t/{tenant}/audit/log-key`: public, plain text.
    func registerPublic(on router: Router<LanyardRequestContext>) {
        router.on(.publishedCheckpoint) { _, context in
            let checkpoint = try await ledger().latestCheckpoint(tenant: try tenant(context))
            return Self.text(checkpoint.note, cache: "no-cache")
        }
        router.on(.publishedLogKey) { _, context in
            Self.text(try await ledger().logKey(tenant: try tenant(context)) + "\n", cache: "public, max-age=300")
        }
    }

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        group.on(.auditSearch, gatedBy: gate) { request, context in
            let query = try Self.query(request.uri.queryParameters)
            let events = try await dependencies.auditTrail.search(
                tenant: try tenant(context), query: query, cursor: request.uri.queryParameters.get("cursor"), by: context.requirePrincipal())
            return JSONResponse.make(AuditEventList(events: events.items, next: events.next))
        }
        group.on(.auditLeaves, gatedBy: gate) { request, context in
            let after = try Self.number(request.uri.queryParameters.get("after"), "after", default: 0, minimum: 0)
            let page = try PageQuery.read(request, defaultLimit: 1000)
            let leaves = try await ledger().leaves(tenant: try tenant(context), after: after, page: page, by: context.requirePrincipal())
            return JSONResponse.make(
                AuditLeafList(
                    leaves: leaves.items.map { .init(sequence: $0.sequence, leaf: $0.leaf, leafHash: AuditLeafHash.encode($0.leafHash)) },
                    next: leaves.next))
        }
        group.on(.auditProof, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            guard let event = query.get("event") else { throw LanyardError.invalid("event", "event (a sequence number) is required.") }
            let sequence = try Self.number(event, "event", default: 0)
            let size = try query.get("size").map { try Self.number($0, "size", default: 0) }
            let proof = try await ledger().inclusionProof(tenant: try tenant(context), sequence: sequence, size: size, by: context.requirePrincipal())
            return JSONResponse.make(proof)
        }
        group.on(.auditConsistency, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            let from = try Self.number(query.get("from"), "from", default: 0)
            let to = try Self.number(query.get("to"), "to", default: 0)
            return JSONResponse.make(try await ledger().consistencyProof(tenant: try tenant(context), from: from, to: to, by: context.requirePrincipal()))
        }
        group.on(.auditCheckpointList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: 1000)
            let checkpoints = try await ledger().checkpoints(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(AuditCheckpointList(checkpoints: checkpoints.items, next: checkpoints.next))
        }
        group.on(.auditCheckpointSign, gatedBy: gate) { _, context in
            JSONResponse.make(try await ledger().checkpoint(tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.auditPrune, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AuditPruneRequest.self, from: request)
            let before = Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse(body.before, field: "before")))
            return JSONResponse.make(try await ledger().prune(tenant: try tenant(context), before: before, by: context.requirePrincipal()))
        }
    }

    private func ledger() throws -> AuditLedger {
        guard let ledger = dependencies.ledger else { throw LanyardError(.internal, "This server has no audit ledger.") }
        return ledger
    }

    static func query(_ parameters: FlatDictionary<Substring, Substring>) throws -> AuditQuery {
        func get(_ name: String) -> String? { parameters.get(name) }
        var query = AuditQuery()
        query.after = try number(get("after"), "after", default: 0, minimum: 0)
        query.limit = Int(try number(get("limit"), "limit", default: 100))
        query.actor = get("actor")
        query.target = get("target")
        query.action = get("action")
        query.decision = get("decision")
        query.since = try get("since").map { Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse($0, field: "since"))) }
        query.until = try get("until").map { Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse($0, field: "until"))) }
        return query
    }

    /// The whole number in query parameter `field`, or `value` when it is absent; below `minimum` is refused (a
    /// negative `after` is not a sequence number).
    static func number(_ text: String?, _ field: String, default value: Int64, minimum: Int64 = .min) throws -> Int64 {
        guard let text else { return value }
        guard let number = Int64(text) else { throw LanyardError.invalid(field, "\(field) must be a whole number.") }
        guard number >= minimum else { throw LanyardError.invalid(field, "\(field) must be a whole number of at least \(minimum).") }
        return number
    }

    static func text(_ body: String, cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: cache],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
