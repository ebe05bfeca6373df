public import Foundation
public import LanyardModel

/// Each tenant's access requests, kept after they end (history). Every change is a compare-and-set on the row's
/// revision, so of two racing transitions (two approvers, an approval and an expiry, a cancel and an approval)
/// exactly one is stored and the other is told to read again.
/// Conformance: `AccessRequestStoreConformance` in `LanyardTesting`.
public protocol AccessRequestStore: Sendable {
    /// Stores a new request at revision 1 (`already_exists` if the id is taken).
    func insertAccessRequest(_ request: AccessRequest) async throws
    /// The request and its revision.
    func accessRequest(tenant: String, id: String) async throws -> (request: AccessRequest, revision: Int64)?
    /// Replaces the request if it is still at `revision` (and moves it to the next). Returns whether it did.
    func updateAccessRequest(_ request: AccessRequest, revision: Int64) async throws -> Bool
    /// Requests of `tenant` matching `filter`, newest first (`createdAt` descending, then `id`), after `after`, at most `limit`.
    func accessRequests(tenant: String, filter: AccessRequestFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws
        -> [AccessRequest]
    /// Waiting or approved requests of any tenant past their expiry at `at`, oldest first, at most `limit`, with revisions.
    func accessRequestsDue(at: Date, limit: Int) async throws -> [(request: AccessRequest, revision: Int64)]
    /// The tenant's access policy, or nil when it never set one.
    func accessPolicy(tenant: String) async throws -> AccessPolicy?
    /// Stores `policy` as the tenant's if the stored one is still at `policy.version - 1` (none counts as 0). Returns
    /// whether it did: of two racing changes exactly one is stored.
    func putAccessPolicy(_ policy: AccessPolicy, tenant: String) async throws -> Bool
}

/// Filters for listing access requests; `nil` means "any".
public struct AccessRequestFilter: Sendable, Hashable {
    public var status: AccessRequestStatus?
    public var identity: String?
    public var requester: String?
    /// Requests for identities `owner` owns now.
    public var owner: String?

    public init(status: AccessRequestStatus? = nil, identity: String? = nil, requester: String? = nil, owner: String? = nil) {
        self.status = status
        self.identity = identity
        self.requester = requester
        self.owner = owner
    }
}
