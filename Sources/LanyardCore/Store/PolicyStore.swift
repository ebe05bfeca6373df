public import LanyardModel

/// The tenants' Cedar policy store: versioned policy sets and the entity data the policies read.
///
/// Insert methods throw ``LanyardError`` with code `already_exists` when a unique key is taken. Conformance:
/// `PolicyStoreConformance` in `LanyardTesting`.
public protocol PolicyStore: Sendable {
    // Policy store
    /// Stores a new policy-store version (`already_exists` if that version number is taken).
    func insertPolicyVersion(_ version: PolicyVersion, policyCount: Int) async throws
    func latestPolicyVersion(tenant: String) async throws -> PolicyVersion?
    func policyVersion(tenant: String, version: Int) async throws -> PolicyVersion?
    /// Versions of `tenant` numbered below `before` (all when `nil`), newest first, without their texts.
    func policyVersionSummaries(tenant: String, before: Int?, limit: Int) async throws -> [PolicyVersionSummary]

    // Entity data of the policies
    /// Every stored entity of `tenant`.
    func policyEntities(tenant: String) async throws -> [StoredEntity]
    /// Replaces all of `tenant`'s entities with `entities`.
    func replacePolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws
    /// Inserts `entities`, replacing stored ones with the same type and id.
    func upsertPolicyEntities(tenant: String, _ entities: [StoredEntity]) async throws
    /// Deletes one entity; whether there was one.
    func deletePolicyEntity(tenant: String, type: String, id: String) async throws -> Bool
}
