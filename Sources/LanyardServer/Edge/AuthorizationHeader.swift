import HTTPTypes
import Hummingbird

/// The request's `Authorization` header, split once into its scheme and credentials (RFC 9110 §11.6.2): the one
/// place Lanyard parses it.
struct AuthorizationHeader: Sendable, Hashable {
    /// The schemes Lanyard accepts; scheme names are case-insensitive.
    enum Scheme: Sendable, Hashable {
        /// RFC 6750 §2.1.
        case bearer
        /// RFC 9449 §7.1.
        case dpop
        /// Any other scheme (refused wherever it appears).
        case other
    }

    let scheme: Scheme
    /// The token after the scheme and one or more spaces.
    let credentials: String

    /// Longest header value considered; longer ones are treated as absent (the token parsers bound tokens far lower).
    static let maxBytes = 16 * 1024

    /// The parsed header, or `nil` when the request has none, it is too long, or it lacks a credential.
    init?(_ request: Request) {
        guard let value = request.headers[.authorization], value.utf8.count <= Self.maxBytes else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let credentials = parts[1].drop { $0 == " " }
        guard !credentials.isEmpty else { return nil }
        switch parts[0].lowercased() {
        case "bearer": scheme = .bearer
        case "dpop": scheme = .dpop
        default: scheme = .other
        }
        self.credentials = String(credentials)
    }
}
