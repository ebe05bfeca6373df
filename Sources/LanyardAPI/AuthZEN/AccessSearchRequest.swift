public import LanyardModel

/// `POST {issuer}/access/v1/search/{subject|resource|action}` (AuthZEN 1.0, "Search APIs"): the entity searched for
/// names only its type (the action is left out of an action search); the others are complete.
///
/// `Encodable` but not `Decodable`: what is searched for comes from the path, not the body, so reading one takes the
/// kind (``init(json:kind:)``).
public struct AccessSearchRequest: Sendable, Hashable, Encodable {
    /// What a search looks for: the last part of its path.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case subject, resource, action
    }

    public var kind: Kind
    public var subject: AuthZENEntity?
    public var action: AuthZENAction?
    public var resource: AuthZENEntity?
    public var context: JSONObject?
    /// `page`, when given.
    public var page: AccessSearchPage?

    public init(
        kind: Kind, subject: AuthZENEntity? = nil, action: AuthZENAction? = nil, resource: AuthZENEntity? = nil, context: JSONObject? = nil,
        page: AccessSearchPage? = nil
    ) {
        self.kind = kind
        self.subject = subject
        self.action = action
        self.resource = resource
        self.context = context
        self.page = page
    }

    /// Reads a search of `kind` (the kind comes from the path, not the body).
    /// - Throws: `invalid_request` naming the malformed or missing member.
    public init(json: JSONValue, kind: Kind) throws {
        let parts = try AuthZENReader.parts(of: json, at: "", idOptional: [kind.rawValue])
        let required = kind == .action ? ["subject", "resource"] : ["subject", "action", "resource"]
        for part in required where parts.missing.contains(part) {
            throw LanyardError(.invalidRequest, "The search request needs '\(part)'.", field: part)
        }
        self.init(
            kind: kind, subject: parts.subject, action: parts.action, resource: parts.resource, context: parts.context,
            page: try json["page"].map(AccessSearchPage.init(json:)))
    }

    /// The search without its page, as an evaluation (the searched entity without an id).
    public var evaluation: AccessEvaluationRequest {
        AccessEvaluationRequest(subject: subject, action: action, resource: resource, context: context)
    }

    /// The body, members in wire order.
    public var json: JSONValue {
        guard case .object(var members) = evaluation.json else { return evaluation.json }
        if let page { members["page"] = page.json }
        return .object(members)
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

/// The `page` of a search request: at most `limit` results, continuing at `token`.
public struct AccessSearchPage: Sendable, Hashable, JSONRepresentable {
    /// The largest `limit` (and the page size when none is given).
    public static let maxLimit = 1000

    /// "A non-negative integer indicating the maximum number of results to return" (0 asks only whether there are
    /// any).
    public var limit: Int?
    /// A `next_token` of an earlier answer; empty starts at the beginning.
    public var token: String?

    public init(limit: Int? = nil, token: String? = nil) {
        self.limit = limit
        self.token = token
    }

    /// - Throws: `invalid_request` (field `page…`) for a page that is not an object, a limit that is not a whole number
    ///   from 0 to ``maxLimit``, or a token that is not a string.
    public init(json: JSONValue) throws {
        guard case .object(let members) = json else { throw LanyardError(.invalidRequest, "'page' must be an object.", field: "page") }
        if let given = members["limit"] {
            guard case .number(let number) = given, let exact = number.int64, exact >= 0, exact <= Int64(Self.maxLimit) else {
                throw LanyardError(.invalidRequest, "page.limit must be a whole number from 0 to \(Self.maxLimit).", field: "page.limit")
            }
            limit = Int(exact)
        }
        if let given = members["token"] {
            guard case .string(let text) = given else { throw LanyardError(.invalidRequest, "page.token must be a string.", field: "page.token") }
            token = text
        }
    }

    public var json: JSONValue {
        var members = JSONObject()
        if let limit { members["limit"] = .int(Int64(limit)) }
        if let token { members["token"] = .string(token) }
        return .object(members)
    }
}
