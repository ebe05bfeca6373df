import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// Access requests: the value as JSON (`body`), with the columns lists and the expiry pass filter on.
extension SQLSession {
    func insertAccessRequest(_ request: AccessRequest) async throws {
        let body = try Self.json(request)
        try await guarded("Access request \(request.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO access_requests (tenant, id, status, identity_id, requester, created_at, expires_at, revision, body)
                VALUES (\(bind: request.tenant), \(bind: request.id), \(bind: request.status.rawValue), \(bind: request.identity),
                    \(bind: request.requester), \(bind: Self.seconds(request.createdAt)), \(bind: Self.seconds(request.expiresAt)), 1, \(bind: body))
                """
            ).run()
        }
    }

    func accessRequest(tenant: String, id: String) async throws -> (request: AccessRequest, revision: Int64)? {
        try await db.raw("SELECT revision, body FROM access_requests WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first()
            .map(Self.accessRequestRow(from:))
    }

    func updateAccessRequest(_ request: AccessRequest, revision: Int64) async throws -> Bool {
        let body = try Self.json(request)
        return try await !db.raw(
            """
            UPDATE access_requests SET status = \(bind: request.status.rawValue), revision = \(bind: revision &+ 1), body = \(bind: body)
            WHERE tenant = \(bind: request.tenant) AND id = \(bind: request.id) AND revision = \(bind: revision)
            RETURNING id
            """
        ).all().isEmpty
    }

    func accessRequests(tenant: String, filter: AccessRequestFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws
        -> [AccessRequest]
    {
        var query: SQLQueryString = "SELECT revision, body FROM access_requests WHERE tenant = \(bind: tenant)"
        if let status = filter.status { query += " AND status = \(bind: status.rawValue)" }
        if let identity = filter.identity { query += " AND identity_id = \(bind: identity)" }
        if let requester = filter.requester { query += " AND requester = \(bind: requester)" }
        if let owner = filter.owner {
            query += " AND identity_id IN (SELECT id FROM identities WHERE tenant = \(bind: tenant) AND owner = \(bind: owner))"
        }
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.id) }
        query = Self.keyset(query, time: "created_at", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map { try Self.accessRequestRow(from: $0).request }
    }

    func accessRequestsDue(at: Date, limit: Int) async throws -> [(request: AccessRequest, revision: Int64)] {
        try await db.raw(
            """
            SELECT revision, body FROM access_requests
            WHERE status IN ('requested', 'approved') AND expires_at <= \(bind: Self.seconds(at))
            ORDER BY expires_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.accessRequestRow(from:))
    }

    func accessPolicy(tenant: String) async throws -> AccessPolicy? {
        try await db.raw("SELECT body FROM access_policies WHERE tenant = \(bind: tenant)").first()
            .map { try Self.decodeJSON(AccessPolicy.self, $0.decode(column: "body", as: String.self)) }
    }

    func putAccessPolicy(_ policy: AccessPolicy, tenant: String) async throws -> Bool {
        let body = try Self.json(policy)
        guard policy.version > 1 else {
            return try await !db.raw(
                """
                INSERT INTO access_policies (tenant, version, body) VALUES (\(bind: tenant), \(bind: policy.version), \(bind: body))
                ON CONFLICT (tenant) DO NOTHING RETURNING tenant
                """
            ).all().isEmpty
        }
        return try await !db.raw(
            """
            UPDATE access_policies SET version = \(bind: policy.version), body = \(bind: body)
            WHERE tenant = \(bind: tenant) AND version = \(bind: policy.version &- 1) RETURNING tenant
            """
        ).all().isEmpty
    }

    static func accessRequestRow(from row: any SQLRow) throws -> (request: AccessRequest, revision: Int64) {
        (
            try decodeJSON(AccessRequest.self, row.decode(column: "body", as: String.self)),
            try row.decode(column: "revision", as: Int64.self)
        )
    }
}
