public import Foundation
public import LanyardCore
public import LanyardModel

/// The contract of each capability store (``TenantStore``, ``IdentityStore``, ``KeyStore``, ``CredentialStore``,
/// ``PolicyStore``, ``AuditStore``, ``WebhookStore``, ``DirectoryStore``, ``FindingStore``, ``ExpiryNoticeStore``, ``EntitlementStore``,
/// ``AccessRequestStore``, ``BreakGlassStore``, ``ReviewStore``, ``LeakReportStore``, ``PostureStore``, ``ConsoleStore``,
/// ``MCPServerStore``) as a suite any implementation can be run against, in the shape of SPIRE's
/// `keymanagertest`: an implementation's tests call ``run(_:on:)`` with a new, empty store, once per engine.
///
/// Each suite reaches the store only through its own protocol (the fixtures insert tenants through
/// ``TenantStore``), records failures with swift-testing's `#expect`, and leaves the store open for the caller to close.
public enum StoreConformance {
    /// The capability stores a ``StoreSession`` is made of, one conformance suite each.
    public enum Capability: String, CaseIterable, Sendable, CustomStringConvertible {
        case tenants, identities, keys, credentials, policies, audit, webhooks, directory, findings, expiryNotices, entitlements, accessRequests,
            breakGlass, reviews, leakReports, posture, console, mcpServers
        public var description: String { rawValue }
    }

    /// Runs the suite of `capability` against `store`, which must be new and empty.
    public static func run(_ capability: Capability, on store: any LanyardStore) async throws {
        switch capability {
        case .tenants: try await TenantStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .identities: try await IdentityStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .keys: try await KeyStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .credentials: try await CredentialStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .policies: try await PolicyStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .audit: try await AuditStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .webhooks: try await WebhookStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .directory: try await DirectoryStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .findings: try await FindingStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .expiryNotices: try await ExpiryNoticeStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .entitlements: try await EntitlementStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .accessRequests: try await AccessRequestStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .breakGlass: try await BreakGlassStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .reviews: try await ReviewStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .leakReports: try await LeakReportStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .posture: try await PostureStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .console: try await ConsoleStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        case .mcpServers: try await MCPServerStoreConformance(view: CapabilityView(store: store) { $0 }).run()
        }
    }

    /// The instant the fixtures are made at (whole seconds: stores keep times to the second).
    public static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Inserts the tenants `t1` and `t2`, each with the built-in `agent` template.
    public static func seed(_ store: any LanyardStore) async throws {
        try await store.write { session in
            for tenant in ["t1", "t2"] {
                try await session.insertTenant(Tenant(name: tenant, trustDomain: "\(tenant).test", createdAt: now))
                try await session.insertTemplate(IdentityTemplate.builtins[1], tenant: tenant)
            }
        }
    }

    /// An identity named `name` in `tenant`, with every optional field set when `name` is `full`.
    public static func identity(
        _ name: String, tenant: String = "t1", status: IdentityStatus = .active, owner: String = "alice",
        kind: IdentityKind = .agent, expiresIn days: Double = 30
    ) -> Identity {
        Identity(
            id: "idn_\(tenant)_\(name)", tenant: tenant, name: name, kind: kind, owner: owner, backupOwner: name == "full" ? "bob" : nil,
            purpose: "purpose of \(name)", environment: .dev, dataClass: .confidential, stage: .managed, status: status,
            template: "agent", spiffeId: "spiffe://\(tenant).test/agent/\(name)", allowedDestinations: name == "full" ? ["crm", "mail"] : [],
            publicKeys: name == "full" ? [.object(["kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string("abc")])] : [],
            offboardingTrigger: .expiry, offboardReason: nil, createdAt: now, updatedAt: now,
            expiresAt: now.addingTimeInterval(days * 86_400), createdBy: "token:tok_1",
            orphanedAt: name == "full" ? now.addingTimeInterval(-60) : nil, orphanGraceEndsAt: name == "full" ? now.addingTimeInterval(3600) : nil,
            graduatedFrom: name == "full" ? "idn_prototype" : nil, graduatedTo: name == "full" ? "idn_managed" : nil
        )
    }
}

/// A conformance suite's view of the store: reads and writes through one capability protocol only.
struct CapabilityView<Capability: Sendable>: Sendable {
    let store: any LanyardStore
    let narrow: @Sendable (any StoreSession) -> Capability

    func read<T: Sendable>(_ body: @Sendable (Capability) async throws -> T) async throws -> T {
        try await store.read { try await body(narrow($0)) }
    }

    func write<T: Sendable>(_ body: @Sendable (Capability) async throws -> T) async throws -> T {
        try await store.write { try await body(narrow($0)) }
    }
}
