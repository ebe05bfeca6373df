public import LanyardModel
/// `PUT /t/{tenant}/v1/policies`: makes a new policy-store version. Absent documents stay as they are.
public struct PushPoliciesRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The tenant's policies (Cedar text).
    public var policies: String?
    /// The guardrail policies (Cedar text).
    public var guardrails: String?
    /// The tenant's Cedar schema text; an empty string removes the schema.
    public var schema: String?
    /// Why the change is made (required, kept in the history).
    public var message: String
    /// When given, the push is refused with `invalid_state` unless this is the version in force
    /// (optimistic concurrency for `pull`, edit, `push`).
    public var expectedVersion: Int?
    /// Replaces all template links.
    public var links: [PolicyLink]?

    public static let allowedFields: Set<String> = ["policies", "guardrails", "schema", "message", "expectedVersion", "links"]

    public init(
        policies: String? = nil, guardrails: String? = nil, schema: String? = nil, message: String, expectedVersion: Int? = nil,
        links: [PolicyLink]? = nil
    ) {
        self.links = links
        self.policies = policies
        self.guardrails = guardrails
        self.schema = schema
        self.message = message
        self.expectedVersion = expectedVersion
    }
}

/// `POST /t/{tenant}/v1/policies/validate`: checks candidate documents against each other and the version in
/// force, changing nothing.
public struct ValidatePoliciesRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var policies: String?
    public var guardrails: String?
    public var schema: String?

    public static let allowedFields: Set<String> = ["policies", "guardrails", "schema"]

    public init(policies: String? = nil, guardrails: String? = nil, schema: String? = nil) {
        self.policies = policies
        self.guardrails = guardrails
        self.schema = schema
    }
}

/// `POST /t/{tenant}/v1/policies/links`: adds one template link (a new version).
public struct AddPolicyLinkRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var link: PolicyLink
    public var message: String
    public static let allowedFields: Set<String> = ["link", "message"]
    public init(link: PolicyLink, message: String) {
        self.link = link
        self.message = message
    }
}

/// `POST /t/{tenant}/v1/policies/rollback`: makes a new version with the content of an earlier one.
public struct RollbackPoliciesRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var version: Int
    public var message: String?

    public static let allowedFields: Set<String> = ["version", "message"]

    public init(version: Int, message: String? = nil) {
        self.version = version
        self.message = message
    }
}

/// One problem found by validation.
public struct PolicyProblem: Sendable, Hashable, Codable {
    /// Which document: `policies`, `guardrails` or `schema`.
    public var document: String
    /// The policy id, when the problem is in one policy.
    public var policy: String?
    public var message: String

    public init(document: String, policy: String?, message: String) {
        self.document = document
        self.policy = policy
        self.message = message
    }
}

/// The answer of validation.
public struct PolicyValidation: Sendable, Hashable, Codable {
    public var valid: Bool
    public var problems: [PolicyProblem]
    /// Whether strict validation against a schema was done (only when the tenant has a schema).
    public var schemaChecked: Bool

    public init(valid: Bool, problems: [PolicyProblem], schemaChecked: Bool) {
        self.valid = valid
        self.problems = problems
        self.schemaChecked = schemaChecked
    }
}

/// `GET /t/{tenant}/v1/policies/versions`.
public struct PolicyHistory: Sendable, Hashable, Codable {
    public var versions: [PolicyVersionSummary]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(versions: [PolicyVersionSummary], next: String? = nil) {
        self.versions = versions
        self.next = next
    }
}

/// `POST /t/{tenant}/v1/owners/{owner}/deactivate|activate`.
public struct OwnerStatusChangeRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var reason: String?
    public static let allowedFields: Set<String> = ["reason"]
    public init(reason: String? = nil) { self.reason = reason }
}

/// `GET /t/{tenant}/v1/owners`: a page of the owners whose status was ever set (any other owner is active), by owner.
public struct OwnerStatusList: Sendable, Hashable, Codable {
    public var owners: [OwnerStatus]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(owners: [OwnerStatus], next: String? = nil) {
        self.owners = owners
        self.next = next
    }
}

/// `POST /t/{tenant}/v1/pep-tokens`: a bearer token for a policy enforcement point, which may only ask for
/// decisions in its tenant.
public struct CreatePEPTokenRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var name: String
    public static let allowedFields: Set<String> = ["name"]
    public init(name: String) { self.name = name }
}

/// The answer to ``CreatePEPTokenRequest``: the token is shown once.
public struct CreatedPEPToken: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var tenant: String
    public var token: String
    public init(id: String, name: String, tenant: String, token: String) {
        self.id = id
        self.name = name
        self.tenant = tenant
        self.token = token
    }
}

/// The answer of an entity import.
public struct EntityImportResult: Sendable, Hashable, Codable {
    /// Entities stored by the request.
    public var imported: Int
    /// Entities the tenant has afterwards.
    public var total: Int
    public init(imported: Int, total: Int) {
        self.imported = imported
        self.total = total
    }
}
