public import Foundation
public import LanyardModel

/// Each tenant's break-glass records: inserted in the transaction that opens one (with its entitlement), closed and
/// reviewed by conditional updates (of two racing closes or reviews exactly one wins), never deleted (history).
///
/// Conformance: `BreakGlassStoreConformance` in `LanyardTesting`.
public protocol BreakGlassStore: Sendable {
    /// Stores a new break-glass (`already_exists` if the id is taken).
    func insertBreakGlass(_ breakGlass: BreakGlass) async throws
    func breakGlass(tenant: String, id: String) async throws -> BreakGlass?
    /// Break-glasses of `tenant` matching `filter` at the instant `at` (the grant's status depends on it), newest first
    /// (`openedAt` descending, then `id`), only those after the position `after` in that order, at most `limit` (all
    /// when `nil`).
    func breakGlasses(tenant: String, filter: BreakGlassFilter, at: Date, after: (openedAt: Date, id: String)?, limit: Int?) async throws
        -> [BreakGlass]
    /// Closes the break-glass if it is still open at `at` (not closed, not expired): sets `closedAt` and `closedBy`.
    /// Returns it closed, or nil when it was not open.
    func closeBreakGlass(tenant: String, id: String, at: Date, by actor: String) async throws -> BreakGlass?
    /// Records the review if it is still pending and not yet due at `at`. Returns it reviewed, or nil otherwise.
    func reviewBreakGlass(tenant: String, id: String, at: Date, by actor: String, note: String) async throws -> BreakGlass?
    /// Break-glasses of any tenant whose review is pending and due at or before `at`, oldest due first, at most `limit`.
    func overdueBreakGlasses(at: Date, limit: Int) async throws -> [BreakGlass]
    /// Records the review as overdue if it is still pending and due at `at`. Returns it, or nil otherwise.
    func markBreakGlassOverdue(tenant: String, id: String, at: Date) async throws -> BreakGlass?
}

/// Which break-glasses a page lists; `nil` fields do not filter.
public struct BreakGlassFilter: Sendable, Hashable {
    /// The grant's status (open, closed or expired) at the page's instant.
    public var status: BreakGlass.Status?
    public var review: BreakGlassReview?
    /// An identity id (`idn_…`).
    public var identity: String?

    public init(status: BreakGlass.Status? = nil, review: BreakGlassReview? = nil, identity: String? = nil) {
        self.status = status
        self.review = review
        self.identity = identity
    }
}
