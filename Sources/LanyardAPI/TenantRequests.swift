public import LanyardModel
public import Foundation

/// `POST /v1/tenants`: creates a tenant (platform administrators only).
public struct CreateTenantRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var name: String
    public static let allowedFields: Set<String> = ["name"]
    public init(name: String) { self.name = name }
}

/// A tenant as the API shows it.
public struct TenantView: Sendable, Hashable, Codable {
    public var name: String
    public var trustDomain: String
    /// The tenant's OAuth/OIDC issuer URL.
    public var issuer: String
    public var createdAt: Date
    /// `optional` or `required`: whether identities' owners must be active people of the tenant's SCIM directory.
    public var ownerDirectory: String
    public init(name: String, trustDomain: String, issuer: String, createdAt: Date, ownerDirectory: String = "optional") {
        self.name = name
        self.trustDomain = trustDomain
        self.issuer = issuer
        self.createdAt = createdAt
        self.ownerDirectory = ownerDirectory
    }
}

/// `PUT /t/{tenant}/v1/settings`: changes the settings given; the ones left out stay as they are.
public struct TenantSettingsRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// `optional` or `required`.
    public var ownerDirectory: String?
    public static let allowedFields: Set<String> = ["ownerDirectory"]
    public init(ownerDirectory: String? = nil) { self.ownerDirectory = ownerDirectory }
}

/// The answer to tenant creation: the tenant and its first admin token, shown only this once.
public struct CreatedTenant: Sendable, Hashable, Codable {
    public var tenant: TenantView
    public var adminToken: String
    public init(tenant: TenantView, adminToken: String) {
        self.tenant = tenant
        self.adminToken = adminToken
    }
}

/// A page of tenants, by name.
public struct TenantList: Sendable, Hashable, Codable {
    public var tenants: [TenantView]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(tenants: [TenantView], next: String? = nil) {
        self.tenants = tenants
        self.next = next
    }
}

/// A page of audit events, oldest first.
public struct AuditEventList: Sendable, Hashable, Codable {
    public var events: [AuditEvent]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(events: [AuditEvent], next: String? = nil) {
        self.events = events
        self.next = next
    }
}

/// The body of every error response: `{"error": code, "message": sentence, "field": name?}`.
public struct ErrorBody: Sendable, Hashable, Codable {
    public var error: String
    public var message: String
    public var field: String?
    public init(error: String, message: String, field: String? = nil) {
        self.error = error
        self.message = message
        self.field = field
    }
}
