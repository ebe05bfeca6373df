import Crypto
import Foundation
public import LanyardCredentials
import LanyardModel
import Synchronization

/// Tenants' audit keys: an Ed25519 log key that signs checkpoints and an HMAC-SHA256 key that replaces secrets in
/// events, both generated per tenant on first use and sealed at rest with the key-encryption key (like signing
/// keys). Only keys read from committed data are cached.
public final class AuditKeys: Sendable {
    /// A tenant's opened audit keys.
    struct Opened: Sendable {
        let logKey: Curve25519.Signing.PrivateKey
        let hmacKey: SymmetricKey
        let publicKey: [UInt8]
    }

    private let kek: KeyEncryptionKey
    private let cache = Mutex<[String: Opened]>([:])

    public init(kek: KeyEncryptionKey) { self.kek = kek }

    /// The tenant's keys from committed data, created (in their own transaction) when it has none.
    func keys(tenant: String, store: any LanyardStore, now: Date) async throws -> Opened {
        if let cached = cache.withLock({ $0[tenant] }) { return cached }
        let record: AuditKeyRecord
        if let stored = try await store.read({ try await $0.auditKey(tenant: tenant) }) {
            record = stored
        } else {
            record = try await store.write { session in
                if let stored = try await session.auditKey(tenant: tenant) { return stored }
                let fresh = try self.generate(tenant: tenant, now: now)
                try await session.insertAuditKey(fresh)
                return fresh
            }
        }
        let opened = try open(record)
        cache.withLock { $0[tenant] = opened }
        return opened
    }

    /// The tenant's keys inside a transaction, created in it when the tenant has none (not cached: the transaction
    /// may still roll back).
    func keys(tenant: String, in session: any StoreSession, now: Date) async throws -> Opened {
        if let cached = cache.withLock({ $0[tenant] }) { return cached }
        if let stored = try await session.auditKey(tenant: tenant) { return try open(stored) }
        let fresh = try generate(tenant: tenant, now: now)
        try await session.insertAuditKey(fresh)
        return try open(fresh)
    }

    /// `event` with each of its secrets replaced, in ``AuditEvent/details``, by
    /// `hmac-sha256:<base64 HMAC-SHA256(tenant HMAC key, UTF-8 value)>`.
    func redact(_ event: AuditEvent, in session: any StoreSession) async throws -> AuditEvent {
        guard !event.secrets.isEmpty else { return event }
        return Self.redact(event, key: try await keys(tenant: event.tenant, in: session, now: event.at).hmacKey)
    }

    /// `event` with its secrets replaced, the tenant's keys read from committed data (created when it has none).
    func redact(_ event: AuditEvent, store: any LanyardStore) async throws -> AuditEvent {
        guard !event.secrets.isEmpty else { return event }
        return Self.redact(event, key: try await keys(tenant: event.tenant, store: store, now: event.at).hmacKey)
    }

    private static func redact(_ event: AuditEvent, key: SymmetricKey) -> AuditEvent {
        var redacted = event
        for (name, value) in event.secrets {
            redacted.details[name] = Self.keyedHash(value, key: key)
        }
        redacted.secrets = [:]
        return redacted
    }

    /// The text that stands for a secret value.
    static func keyedHash(_ value: String, key: SymmetricKey) -> String {
        "hmac-sha256:" + Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)).base64EncodedString()
    }

    private func generate(tenant: String, now: Date) throws -> AuditKeyRecord {
        let logKey = Curve25519.Signing.PrivateKey()
        let hmacKey = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return AuditKeyRecord(
            tenant: tenant, publicKey: Array(logKey.publicKey.rawRepresentation),
            sealedLogKey: try kek.seal(Array(logKey.rawRepresentation), context: "\(tenant)/audit-log"),
            sealedHMACKey: try kek.seal(hmacKey, context: "\(tenant)/audit-hmac"), createdAt: now)
    }

    private func open(_ record: AuditKeyRecord) throws -> Opened {
        let raw = try kek.open(record.sealedLogKey, context: "\(record.tenant)/audit-log")
        let hmac = try kek.open(record.sealedHMACKey, context: "\(record.tenant)/audit-hmac")
        let logKey: Curve25519.Signing.PrivateKey
        do {
            logKey = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw LanyardError(.internal, "The stored audit log key of tenant '\(record.tenant)' is not an Ed25519 key.")
        }
        guard Array(logKey.publicKey.rawRepresentation) == record.publicKey else {
            throw LanyardError(.internal, "The stored audit log key of tenant '\(record.tenant)' does not match its public key.")
        }
        return Opened(logKey: logKey, hmacKey: SymmetricKey(data: hmac), publicKey: record.publicKey)
    }
}
