import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: Federation trusts

    func insertTrust(_ trust: FederationTrust) async throws {
        let conditions = try Self.json(trust.conditions)
        try await guarded("Trust \(trust.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO federation_trusts (tenant, id, identity_id, issuer, audience, conditions, created_at, created_by)
                VALUES (\(bind: trust.tenant), \(bind: trust.id), \(bind: trust.identityId), \(bind: trust.issuer), \(bind: trust.audience),
                    \(bind: conditions), \(bind: Self.seconds(trust.createdAt)), \(bind: trust.createdBy))
                """
            ).run()
        }
        noteChange(.trusts(tenant: trust.tenant, identity: trust.identityId))
    }

    func trusts(tenant: String, identityId: String) async throws -> [FederationTrust] {
        try await db.raw(
            """
            SELECT * FROM federation_trusts WHERE tenant = \(bind: tenant) AND identity_id = \(bind: identityId)
            ORDER BY created_at, id
            """
        ).all().map(Self.trust(from:))
    }

    func deleteTrust(tenant: String, identityId: String, id: String) async throws -> FederationTrust? {
        let deleted = try await db.raw(
            """
            DELETE FROM federation_trusts WHERE tenant = \(bind: tenant) AND identity_id = \(bind: identityId) AND id = \(bind: id)
            RETURNING *
            """
        ).first().map(Self.trust(from:))
        if deleted != nil { noteChange(.trusts(tenant: tenant, identity: identityId)) }
        return deleted
    }

    static func trust(from row: any SQLRow) throws -> FederationTrust {
        FederationTrust(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            identityId: try row.decode(column: "identity_id", as: String.self), issuer: try row.decode(column: "issuer", as: String.self),
            audience: try row.decode(column: "audience", as: String.self),
            conditions: try decodeJSON([ClaimCondition].self, try row.decode(column: "conditions", as: String.self)),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self)
        )
    }
}
