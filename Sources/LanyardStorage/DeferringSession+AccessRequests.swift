import Foundation
import LanyardCore
import LanyardModel

/// ``AccessRequestStore`` in a grouped body: the plain session's.
extension DeferringSession {
    func insertAccessRequest(_ request: AccessRequest) async throws { try await base.insertAccessRequest(request) }
    func accessRequest(tenant: String, id: String) async throws -> (request: AccessRequest, revision: Int64)? {
        try await base.accessRequest(tenant: tenant, id: id)
    }
    func updateAccessRequest(_ request: AccessRequest, revision: Int64) async throws -> Bool {
        try await base.updateAccessRequest(request, revision: revision)
    }
    func accessRequests(tenant: String, filter: AccessRequestFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws
        -> [AccessRequest]
    {
        try await base.accessRequests(tenant: tenant, filter: filter, after: after, limit: limit)
    }
    func accessRequestsDue(at: Date, limit: Int) async throws -> [(request: AccessRequest, revision: Int64)] {
        try await base.accessRequestsDue(at: at, limit: limit)
    }
    func accessPolicy(tenant: String) async throws -> AccessPolicy? { try await base.accessPolicy(tenant: tenant) }
    func putAccessPolicy(_ policy: AccessPolicy, tenant: String) async throws -> Bool { try await base.putAccessPolicy(policy, tenant: tenant) }
}
