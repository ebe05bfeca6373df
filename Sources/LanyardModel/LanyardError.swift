/// An error Lanyard reports to a person or a program.
///
/// Every error has a stable machine-readable ``code`` (part of the API: scripts and clients match on it)
/// and a ``message`` sentence meant for a person. Errors compare equal when their codes are equal, so
/// tests and callers can match on the kind of failure without depending on the wording.
///
/// The mapping from codes to HTTP statuses lives in exactly one place, in `LanyardServer`.
public struct LanyardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable identifier of a kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request is malformed (bad JSON, unknown field, wrong type).
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// A field has a value that breaks a rule; ``LanyardError/field`` names it.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// A list's `cursor` is not one the server gave out for that list (malformed, tampered or from another list).
        public static let invalidCursor = Code(rawValue: "invalid_cursor")
        /// No such object in this tenant.
        public static let notFound = Code(rawValue: "not_found")
        /// An object with that unique key already exists.
        public static let alreadyExists = Code(rawValue: "already_exists")
        /// The object is in a state that does not allow the operation.
        public static let invalidState = Code(rawValue: "invalid_state")
        /// No valid credential was presented.
        public static let unauthenticated = Code(rawValue: "unauthenticated")
        /// The credential is valid but does not allow the operation.
        public static let forbidden = Code(rawValue: "forbidden")
        /// Too many requests from this caller for now; retry later.
        public static let rateLimited = Code(rawValue: "rate_limited")
        /// The request body is larger than the server accepts.
        public static let payloadTooLarge = Code(rawValue: "payload_too_large")
        /// The request body is not JSON.
        public static let unsupportedMediaType = Code(rawValue: "unsupported_media_type")
        /// The storage layer could not complete the operation and did not confirm it; its message says whether anything
        /// may have changed (only when the connection was lost mid-operation).
        public static let storageUnavailable = Code(rawValue: "storage_unavailable")
        /// Configuration given at start-up is invalid.
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// An unexpected failure inside the server.
        public static let `internal` = Code(rawValue: "internal_error")
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence for a person: what went wrong and, where it helps, what to do.
    public let message: String
    /// The input field at fault, when there is one (for example `owner` or `expiresIn`).
    public let field: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public static func == (lhs: LanyardError, rhs: LanyardError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        if let field { return "\(code.rawValue) (\(field)): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}

extension LanyardError {
    /// A field-level validation failure.
    public static func invalid(_ field: String, _ message: String) -> LanyardError {
        LanyardError(.invalidField, message, field: field)
    }
}
