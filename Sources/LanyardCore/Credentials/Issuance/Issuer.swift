import Foundation
import LanyardAudit
package import LanyardCredentials
package import LanyardModel

/// The one issue step of every credential Lanyard hands out, in SPIRE's order: sign the template, validate what was
/// signed against it, then record the credential, the client assertion that obtained it and the audit event as one
/// member of a group commit (``LanyardStore/append(_:)``) — durable before anything is returned.
///
/// Every grant resolves its request to a ``CredentialTemplate`` first; nothing here decides scopes, audiences or
/// lifetimes. It is also the one place refusals of issuance are audited (`Issuer+Refusals.swift`).
package struct Issuer: Sendable {
    let signer: CredentialSigner
    let store: any LanyardStore
    /// Where the audit events of issuances and refusals go (through ``LanyardStore/append(_:)``).
    package let audit: any AuditLog
    let clock: any WallClock

    /// An issuer over `signer`'s store and audit log; `clock` dates refusals.
    init(signer: CredentialSigner, clock: any WallClock) {
        self.signer = signer
        self.store = signer.store
        self.audit = signer.audit
        self.clock = clock
    }

    /// Signs, validates and durably records the credential `template` describes.
    ///
    /// - Throws: `invalid_client` when the client assertion was used before (a replay that raced past the cache);
    ///   `internal` when the signed output does not match the template; storage errors. Nothing is handed out then.
    func issue<Form: CredentialForm>(_ template: CredentialTemplate<Form>) async throws -> IssuedCredential<Form.Signed> {
        let issued = try await Form.sign(template, with: signer)
        try Form.validate(issued, against: template)
        var details = Form.auditDetails(of: issued, template: template)
        for (name, value) in template.details where details[name] == nil { details[name] = value }
        let event = AuditEvent(
            tenant: template.tenant, at: template.issuedAt, actor: "identity:\(template.identity.id)", action: template.action,
            target: "credential:\(issued.record.jti)", details: details)
        try await Self.persist(issued.record, assertion: template.assertion, event: event, store: store, audit: audit)
        return issued
    }

    /// Appends a new credential, its client assertion and its audit event as one member of a group commit.
    ///
    /// - Throws: `invalid_client` when the assertion was used before.
    package static func persist(
        _ record: CredentialRecord, assertion: ClientAssertionClaims?, event: AuditEvent, store: any LanyardStore, audit: any AuditLog
    ) async throws {
        let used = assertion.map {
            UsedAssertion(
                tenant: record.tenant, clientID: record.identityId, jti: $0.jti, expiresAt: Date(timeIntervalSince1970: TimeInterval($0.exp)))
        }
        let prepared = try await audit.prepare(event, store: store)
        do {
            try await store.append(DurableAppend(assertion: used, credential: record, events: prepared.map { [$0] } ?? []))
        } catch let error as LanyardError where error.code == .alreadyExists {
            throw OAuthError(.invalidClient, "This client assertion was already used; sign a new one with a fresh jti.")
        }
    }

    /// Throws `not_found` unless `tenant` exists. Every tenant has its keys loaded in the ring, so the ring answers
    /// without a database read.
    func requireTenant(_ tenant: String) throws {
        guard signer.ring.jwks(tenant: tenant) != nil else {
            throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.")
        }
    }
}
