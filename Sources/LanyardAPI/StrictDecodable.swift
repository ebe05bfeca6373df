public import LanyardModel
/// A request body whose top-level fields are known: bodies with other fields are refused, so a typo
/// (`expires_in` for `expiresIn`) is an error instead of a silently ignored setting.
public protocol StrictDecodable: Decodable {
    /// The JSON keys this body may carry.
    static var allowedFields: Set<String> { get }
}
