public import Foundation

/// One version of a tenant's policy store: the tenant's Cedar policies, the guardrail policies Lanyard ships
/// (editable), and the tenant's Cedar schema. Every change makes a new version; the newest is in force.
///
/// Version 0 is implicit: no tenant policies, the default guardrails, no schema.
public struct PolicyVersion: Sendable, Hashable, Codable {
    public var tenant: String
    /// 0 for the built-in starting point, then 1, 2, … in order of change.
    public var version: Int
    /// The tenant's policies (Cedar text).
    public var policies: String
    /// The guardrail policies (Cedar text); see `docs/authzen.md`.
    public var guardrails: String
    /// The tenant's schema (Cedar schema text), if one was pushed. Lanyard's own entity types are added to it.
    public var schema: String?
    /// Template-linked policies: each fills the slots of a template of ``policies`` (an entitlement, say).
    public var links: [PolicyLink]
    /// Who made the change (the acting principal's actor string).
    public var author: String
    /// Why, in the author's words.
    public var message: String
    public var createdAt: Date

    public init(
        tenant: String, version: Int, policies: String, guardrails: String, schema: String?, links: [PolicyLink] = [], author: String,
        message: String, createdAt: Date
    ) {
        self.links = links
        self.tenant = tenant
        self.version = version
        self.policies = policies
        self.guardrails = guardrails
        self.schema = schema
        self.author = author
        self.message = message
        self.createdAt = createdAt
    }
}

/// A template-linked policy: template `template` with `?principal` and/or `?resource` bound.
public struct PolicyLink: Sendable, Hashable, Codable {
    /// The id of the linked policy (unique across the version's policies).
    public var id: String
    /// The id (`@id`) of the template in the tenant's policies.
    public var template: String
    public var principal: EntityReference?
    public var resource: EntityReference?

    public init(id: String, template: String, principal: EntityReference?, resource: EntityReference?) {
        self.id = id
        self.template = template
        self.principal = principal
        self.resource = resource
    }
}

/// A Cedar entity uid as `{"type", "id"}`.
public struct EntityReference: Sendable, Hashable, Codable {
    public var type: String
    public var id: String
    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}

/// A version without its texts, for history listings.
public struct PolicyVersionSummary: Sendable, Hashable, Codable {
    public var version: Int
    public var author: String
    public var message: String
    public var createdAt: Date
    /// Number of policies and templates in the tenant's and guardrail documents together.
    public var policyCount: Int
    public var hasSchema: Bool

    public init(version: Int, author: String, message: String, createdAt: Date, policyCount: Int, hasSchema: Bool) {
        self.version = version
        self.author = author
        self.message = message
        self.createdAt = createdAt
        self.policyCount = policyCount
        self.hasSchema = hasSchema
    }
}

/// One entity of a tenant's policy data, kept as its Cedar entity JSON object.
public struct StoredEntity: Sendable, Hashable {
    /// Cedar entity type, such as `User` or `Acme::Dataset`.
    public var type: String
    public var id: String
    /// The entity as a Cedar entities-JSON object (`{"uid":…, "attrs":…, "parents":…}`), serialized.
    public var json: String

    public init(type: String, id: String, json: String) {
        self.type = type
        self.id = id
        self.json = json
    }
}

/// Whether an identity owner (a person in the company directory) is active.
public struct OwnerStatus: Sendable, Hashable, Codable {
    public var owner: String
    public var active: Bool
    public var changedAt: Date
    public var changedBy: String
    public var reason: String?

    public init(owner: String, active: Bool, changedAt: Date, changedBy: String, reason: String?) {
        self.owner = owner
        self.active = active
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.reason = reason
    }
}
