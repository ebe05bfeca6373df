/// Whether a tenant's identities must be owned by people of its SCIM directory.
///
/// `optional` (the default): an identity's `owner` is any name, as before a tenant has SCIM. `required`: registering
/// an identity (and, with the lead's lifecycle, transferring or graduating one) needs an owner whose name is the
/// `userName` of an active person of the tenant's directory.
public enum OwnerDirectory: String, Sendable, Hashable, Codable, CaseIterable {
    case optional
    case required

    /// Reads `text` as a setting of the field `field`.
    /// - Throws: `invalid_field` naming `field` for anything but `optional` and `required`.
    public static func parse(_ text: String, field: String) throws -> OwnerDirectory {
        guard let value = OwnerDirectory(rawValue: text) else {
            throw LanyardError.invalid(field, "\(field) must be optional or required.")
        }
        return value
    }
}
