/// The operations available inside ``LanyardStore/read(_:)`` and ``LanyardStore/write(_:)``: every capability
/// store in one session, so that one transaction can span them (an identity and its audit event commit together).
///
/// Use cases that need one capability take that protocol (``IdentityStore``, ``CredentialStore``, …), not this one;
/// each capability has its own conformance suite in `LanyardTesting`, run on SQLite and PostgreSQL.
public protocol StoreSession:
    TenantStore, IdentityStore, KeyStore, CredentialStore, PolicyStore, AuditStore, WebhookStore, DirectoryStore, FindingStore, ExpiryNoticeStore,
    EntitlementStore,
    AccessRequestStore,
    BreakGlassStore,
    ReviewStore,
    LeakReportStore,
    PostureStore,
    ConsoleStore,
    MCPServerStore,
    ChangeRecording
{}
