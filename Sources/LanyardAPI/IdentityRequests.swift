public import LanyardModel
/// `POST /t/{tenant}/v1/identities`: registers an identity.
///
/// Enumerated fields are strings here so that a wrong value gets an error naming the field and listing
/// the accepted values; the use case parses them.
public struct RegisterIdentityRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var name: String
    public var kind: String
    public var owner: String?
    public var backupOwner: String?
    public var purpose: String?
    public var environment: String?
    public var template: String?
    /// Lifetime such as `30d`; defaults to the template's.
    public var expiresIn: String?
    public var dataClass: String?
    public var allowedDestinations: [String]?
    /// Public JWKs for `private_key_jwt`.
    public var publicKeys: [JSONValue]?
    public var offboardingTrigger: String?

    public static let allowedFields: Set<String> = [
        "name", "kind", "owner", "backupOwner", "purpose", "environment", "template", "expiresIn",
        "dataClass", "allowedDestinations", "publicKeys", "offboardingTrigger",
    ]

    public init(
        name: String, kind: String, owner: String?, backupOwner: String? = nil, purpose: String?,
        environment: String? = nil, template: String? = nil, expiresIn: String? = nil, dataClass: String? = nil,
        allowedDestinations: [String]? = nil, publicKeys: [JSONValue]? = nil, offboardingTrigger: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.owner = owner
        self.backupOwner = backupOwner
        self.purpose = purpose
        self.environment = environment
        self.template = template
        self.expiresIn = expiresIn
        self.dataClass = dataClass
        self.allowedDestinations = allowedDestinations
        self.publicKeys = publicKeys
        self.offboardingTrigger = offboardingTrigger
    }
}

/// `POST …/identities/{id}/extend`: pushes the expiry later, within the template's cap.
public struct ExtendIdentityRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// How much later, such as `7d`.
    public var by: String
    public static let allowedFields: Set<String> = ["by"]
    public init(by: String) { self.by = by }
}

/// `POST …/identities/{id}/suspend|resume|offboard`.
public struct IdentityStateChangeRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Why; required to offboard.
    public var reason: String?
    public static let allowedFields: Set<String> = ["reason"]
    public init(reason: String? = nil) { self.reason = reason }
}

/// `POST …/identities/{id}/transfer`: the new owner, who must be active, and why.
public struct TransferIdentityRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var to: String
    public var reason: String
    public static let allowedFields: Set<String> = ["to", "reason"]
    public init(to: String, reason: String) {
        self.to = to
        self.reason = reason
    }
}

/// `POST …/identities/{id}/graduate`: the managed identity a prototype becomes. Unset fields take the prototype's
/// purpose, backup owner and destinations, and kind `app` for a `prototype`-kind one; keys and trusts are never
/// carried over.
public struct GraduateIdentityRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The managed identity's name (names are unique per tenant, so it differs from the prototype's).
    public var name: String
    public var owner: String
    /// A template of the `managed` stage.
    public var template: String
    public var reason: String
    public var kind: String?
    public var purpose: String?
    public var backupOwner: String?
    public var environment: String?
    public var expiresIn: String?
    public var dataClass: String?
    public var allowedDestinations: [String]?
    public var publicKeys: [JSONValue]?

    public static let allowedFields: Set<String> = [
        "name", "owner", "template", "reason", "kind", "purpose", "backupOwner", "environment", "expiresIn", "dataClass",
        "allowedDestinations", "publicKeys",
    ]

    public init(
        name: String, owner: String, template: String, reason: String, kind: String? = nil, purpose: String? = nil,
        backupOwner: String? = nil, environment: String? = nil, expiresIn: String? = nil, dataClass: String? = nil,
        allowedDestinations: [String]? = nil, publicKeys: [JSONValue]? = nil
    ) {
        self.name = name
        self.owner = owner
        self.template = template
        self.reason = reason
        self.kind = kind
        self.purpose = purpose
        self.backupOwner = backupOwner
        self.environment = environment
        self.expiresIn = expiresIn
        self.dataClass = dataClass
        self.allowedDestinations = allowedDestinations
        self.publicKeys = publicKeys
    }
}

/// The answer to a graduation: the retired prototype and the new managed identity, each naming the other.
public struct Graduation: Sendable, Hashable, Codable {
    public var prototype: Identity
    public var identity: Identity
    public init(prototype: Identity, identity: Identity) {
        self.prototype = prototype
        self.identity = identity
    }
}

/// A page of identities.
public struct IdentityList: Sendable, Hashable, Codable {
    public var identities: [Identity]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(identities: [Identity], next: String? = nil) {
        self.identities = identities
        self.next = next
    }
}
