public import Foundation
import LanyardAudit
public import LanyardModel
public import LanyardSCIM

/// The SCIM directory of each tenant: the people and groups its identity provider provisions (RFC 7643/7644), and
/// the provisioning tokens it does so with.
///
/// Every change is audited in the transaction that makes it. A user whose `active` becomes false (PATCH, PUT) or
/// who is deleted makes the owner of the same name (the user's `userName`) inactive, exactly as
/// `POST /t/{tenant}/v1/owners/{owner}/deactivate` does, in the same transaction; `active` true makes them active
/// again. Failures are ``SCIMError``s the SCIM routes write as they are.
public struct Directory: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
    }

    /// Who provisions: a tenant's provisioning token.
    public struct Provisioner: Sendable, Hashable {
        public var tenant: String
        public var tokenId: String

        public init(tenant: String, tokenId: String) {
            self.tenant = tenant
            self.tokenId = tokenId
        }

        /// The audit log's actor.
        public var actor: String { "scim:\(tokenId)" }
    }

    /// One page of a list, and how many resources matched in all.
    public struct ListPage: Sendable {
        public var totalResults: Int
        public var startIndex: Int
        public var resources: [JSONObject]
    }

    /// A provisioner acts in its own tenant only (the edge checks this first; this is the second check).
    static func require(_ provisioner: Provisioner, in tenant: String) throws(SCIMError) {
        guard provisioner.tenant == tenant else {
            throw SCIMError(status: 403, detail: "This provisioning token belongs to another tenant.")
        }
    }

    /// `already_exists` from the store as SCIM's 409 `uniqueness`; anything else unchanged.
    static func uniqueness<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LanyardError where error.code == .alreadyExists {
            throw SCIMError.conflict(error.message)
        }
    }

    /// RFC 3339 with seconds, as `meta` shows times.
    static func timestamp(_ date: Date) -> String {
        RFC3339Seconds.format(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func meta(base: String, endpoint: String, id: String, created: Date, updated: Date, version: Int64) -> SCIMResourceMeta {
        SCIMResourceMeta(
            created: timestamp(created), lastModified: timestamp(updated), location: "\(base)\(endpoint)/\(id)", version: "W/\"\(version)\"")
    }

    /// The filter, checked against the type, and the indexed lookup that narrows the rows it can match.
    static func prefilter(_ text: String?, type: SCIMResourceType) throws(SCIMError) -> (SCIMFilter?, DirectoryLookup?) {
        guard let text else { return (nil, nil) }
        let filter = try SCIMFilterParser.parse(text)
        try filter.check(against: type)
        guard case .compare(let path, .eq, .string(let value)) = filter, path.subAttribute == nil,
            path.schema.map({ SCIMSchemaURN.same($0, type.schema.id) }) ?? true
        else { return (filter, nil) }
        switch path.attribute.lowercased() {
        case "id": return (filter, .id(value))
        case "externalid": return (filter, .externalId(value))
        case "username" where type == .user: return (filter, .userName(value))
        case "displayname" where type == .group: return (filter, .displayName(value))
        default: return (filter, nil)
        }
    }

    /// The resources matching `filter`, paged.
    static func page(_ rendered: [JSONObject], filter: SCIMFilter?, type: SCIMResourceType, query: SCIMListQuery) throws(SCIMError) -> ListPage {
        var matched: [JSONObject] = []
        for resource in rendered {
            if let filter, !(try filter.matches(resource, type: type)) { continue }
            matched.append(resource)
        }
        return ListPage(totalResults: matched.count, startIndex: query.startIndex, resources: Array(matched[query.range(of: matched.count)]))
    }

    static func notFound(_ type: SCIMResourceType, _ id: String) -> SCIMError {
        .notFound("There is no \(type.name) with id '\(id.prefix(100))' in this tenant.")
    }

    static func tenantMustExist(_ tenant: String, in session: any StoreSession) async throws {
        guard try await session.tenant(named: tenant) != nil else { throw SCIMError.notFound("There is no tenant '\(tenant)'.") }
    }
}
