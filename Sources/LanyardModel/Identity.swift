public import Foundation

/// A registered non-human identity: one AI workload, with a named owner, a purpose and an end date.
public struct Identity: Sendable, Hashable, Codable {
    /// Opaque identifier, unique across tenants (`idn_…`).
    public var id: String
    /// The tenant the identity belongs to.
    public var tenant: String
    /// Name, unique within the tenant; also the last segment of the SPIFFE ID.
    public var name: String
    public var kind: IdentityKind
    /// The accountable human (a user name in the company directory).
    public var owner: String
    /// A second accountable human or team, if any.
    public var backupOwner: String?
    /// Why the identity exists.
    public var purpose: String
    public var environment: DeploymentEnvironment
    /// The most sensitive class of data the identity may touch.
    public var dataClass: DataClass
    public var stage: LifecycleStage
    public var status: IdentityStatus
    /// The template the identity was registered from; its caps apply for the identity's whole life.
    public var template: String
    /// `spiffe://<trust-domain>/<kind>/<name>`.
    public var spiffeId: String
    /// The systems the identity may call (its trust boundary).
    public var allowedDestinations: [String]
    /// Public keys (JWK JSON objects) the workload authenticates with (`private_key_jwt`).
    public var publicKeys: [JSONValue]
    public var offboardingTrigger: OffboardingTrigger
    /// Why the identity was offboarded, once it is.
    public var offboardReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the identity stops being allowed to act. Mandatory.
    public var expiresAt: Date
    /// Who registered it (the acting principal's description).
    public var createdBy: String
    /// When its owner left, while it is `orphaned`.
    public var orphanedAt: Date?
    /// When an `orphaned` identity is suspended unless it is transferred first.
    public var orphanGraceEndsAt: Date?
    /// The prototype this identity was graduated from (its id), for a managed identity made by graduation.
    public var graduatedFrom: String?
    /// The managed identity this prototype graduated into (its id), once it has.
    public var graduatedTo: String?

    public init(
        id: String, tenant: String, name: String, kind: IdentityKind, owner: String, backupOwner: String?,
        purpose: String, environment: DeploymentEnvironment, dataClass: DataClass, stage: LifecycleStage,
        status: IdentityStatus, template: String, spiffeId: String, allowedDestinations: [String],
        publicKeys: [JSONValue], offboardingTrigger: OffboardingTrigger, offboardReason: String?,
        createdAt: Date, updatedAt: Date, expiresAt: Date, createdBy: String, orphanedAt: Date? = nil, orphanGraceEndsAt: Date? = nil,
        graduatedFrom: String? = nil, graduatedTo: String? = nil
    ) {
        self.orphanedAt = orphanedAt
        self.orphanGraceEndsAt = orphanGraceEndsAt
        self.graduatedFrom = graduatedFrom
        self.graduatedTo = graduatedTo
        self.id = id
        self.tenant = tenant
        self.name = name
        self.kind = kind
        self.owner = owner
        self.backupOwner = backupOwner
        self.purpose = purpose
        self.environment = environment
        self.dataClass = dataClass
        self.stage = stage
        self.status = status
        self.template = template
        self.spiffeId = spiffeId
        self.allowedDestinations = allowedDestinations
        self.publicKeys = publicKeys
        self.offboardingTrigger = offboardingTrigger
        self.offboardReason = offboardReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.createdBy = createdBy
    }
}

/// Filters for listing identities; `nil` means "any".
public struct IdentityFilter: Sendable, Hashable {
    public var owner: String?
    public var status: IdentityStatus?
    public var kind: IdentityKind?
    /// Only identities whose `expiresAt` is at or before this instant.
    public var expiringBefore: Date?
    /// Only identities expiring within this span from now; the inventory turns it into ``expiringBefore``
    /// with its own clock.
    public var expiringWithin: TimeSpan?
    /// At most this many results (1 ... 1000).
    public var limit: Int
    /// Only identities after this one in ``sort`` order (the cursor for the next page): its name, and for a sort
    /// by another field that field's key in ``afterKey``.
    public var after: String?
    /// The order (by name, A to Z, unless set).
    public var sort: IdentitySort = .byName
    /// The sort field's key (``IdentitySort/Field/key(of:)``) of the identity named ``after``, for a sort by a field
    /// other than the name.
    public var afterKey: String?
    public var environment: DeploymentEnvironment?
    public var stage: LifecycleStage?
    public var template: String?
    /// Only identities whose name or purpose contains this text, ignoring ASCII case (the console's search box).
    public var text: String?

    public init(
        owner: String? = nil, status: IdentityStatus? = nil, kind: IdentityKind? = nil,
        expiringBefore: Date? = nil, expiringWithin: TimeSpan? = nil, limit: Int = 500, after: String? = nil
    ) {
        self.after = after
        self.expiringWithin = expiringWithin
        self.owner = owner
        self.status = status
        self.kind = kind
        self.expiringBefore = expiringBefore
        self.limit = limit
    }
}
