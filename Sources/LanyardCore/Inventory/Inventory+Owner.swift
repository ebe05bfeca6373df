public import LanyardModel

/// What the admin gate needs to know about an identity before deciding: its owner.
extension Inventory {
    /// The owner of identity `idOrName` of `tenant`, or `nil` when there is no such identity. No authorization:
    /// the answer only feeds the admin policies' decision (`resource.owner`), never a response. Storage
    /// failures are thrown (the request fails closed).
    public func owner(of idOrName: String, tenant: String) async throws -> String? {
        do {
            return try await store.read { session in try await Self.lookup(idOrName, tenant: tenant, in: session) }.owner
        } catch let error as LanyardError where error.code == .notFound {
            return nil
        }
    }
}
