public import LanyardModel

/// A SCIM error (RFC 7644 §3.12): an HTTP status, an optional `scimType` keyword and a sentence for a person.
///
/// Every failure on the SCIM surface is one of these, written as
/// `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"…"}`
/// — `status` is a string, as the RFC's examples show and Okta's and Entra ID's validators check.
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `scimType` keywords of RFC 7644 §3.12, Table 9.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The filter syntax was invalid or the filter names an attribute this server does not know.
        public static let invalidFilter = Kind(rawValue: "invalidFilter")
        /// The filter yields more results than the server will return.
        public static let tooMany = Kind(rawValue: "tooMany")
        /// A value is not unique (`userName`, a group's `displayName`).
        public static let uniqueness = Kind(rawValue: "uniqueness")
        /// The change is not allowed by an attribute's mutability.
        public static let mutability = Kind(rawValue: "mutability")
        /// The request body is not valid SCIM (not JSON, unknown attribute, missing `schemas`).
        public static let invalidSyntax = Kind(rawValue: "invalidSyntax")
        /// A PATCH `path` could not be read or names nothing this server knows.
        public static let invalidPath = Kind(rawValue: "invalidPath")
        /// A PATCH operation's target matched nothing where it had to.
        public static let noTarget = Kind(rawValue: "noTarget")
        /// A value has the wrong type or breaks a rule of its attribute.
        public static let invalidValue = Kind(rawValue: "invalidValue")
    }

    /// The HTTP status.
    public let status: Int
    /// The `scimType` keyword, for 400 and 409 answers that have one.
    public let kind: Kind?
    /// The sentence shown to a person.
    public let detail: String

    public init(status: Int, kind: Kind? = nil, detail: String) {
        self.status = status
        self.kind = kind
        self.detail = detail
    }

    /// A 400 with a `scimType`.
    public static func badRequest(_ kind: Kind, _ detail: String) -> SCIMError {
        SCIMError(status: 400, kind: kind, detail: detail)
    }

    /// 404: no such resource in this tenant.
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }

    /// 409 `uniqueness`.
    public static func conflict(_ detail: String) -> SCIMError { SCIMError(status: 409, kind: .uniqueness, detail: detail) }

    /// The error body, members in the order of the RFC's examples.
    public var json: JSONValue {
        var object: JSONObject = [
            "schemas": .array([.string(SCIMSchemaURN.error)]),
            "status": .string(String(status)),
        ]
        if let kind { object["scimType"] = .string(kind.rawValue) }
        object["detail"] = .string(detail)
        return .object(object)
    }

    public var description: String { "\(status) \(kind?.rawValue ?? "-"): \(detail)" }

    /// Errors are equal when their status and `scimType` are, whatever the wording.
    public static func == (lhs: SCIMError, rhs: SCIMError) -> Bool { lhs.status == rhs.status && lhs.kind == rhs.kind }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(kind)
    }
}
