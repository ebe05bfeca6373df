public import Foundation

/// A signed checkpoint of a tenant's audit log as stored: the tree size it covers, when it was made, and the
/// signed note exactly as published (see `SignedNote` and `docs/architecture.md`).
public struct AuditCheckpointRecord: Sendable, Hashable, Codable {
    public var tenant: String
    public var size: Int64
    public var createdAt: Date
    /// The signed note text, byte for byte.
    public var note: String

    public init(tenant: String, size: Int64, createdAt: Date, note: String) {
        self.tenant = tenant
        self.size = size
        self.createdAt = createdAt
        self.note = note
    }
}
