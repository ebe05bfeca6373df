public import LanyardModel

/// The answer to a search: `{"results": [...], "page"?: {"next_token"}}` (AuthZEN 1.0, "Search APIs"). `page` is
/// present when more results follow or the request had a page; an empty `next_token` says there are no more.
public struct AccessSearchResponse: Sendable, Hashable, JSONRepresentable {
    public var results: [AccessSearchResult]
    /// `page.next_token`; `nil` leaves `page` out.
    public var nextToken: String?

    public init(results: [AccessSearchResult], nextToken: String? = nil) {
        self.results = results
        self.nextToken = nextToken
    }

    public init(json: JSONValue) throws {
        guard case .array(let items)? = json["results"] else { throw AuthZENAnswerReader.invalid("results") }
        results = try items.map(AccessSearchResult.init(json:))
        nextToken = json["page"]?["next_token"]?.stringValue
    }

    public var json: JSONValue {
        var members: JSONObject = ["results": .array(results.map(\.json))]
        if let nextToken { members["page"] = .object(["next_token": .string(nextToken)]) }
        return .object(members)
    }
}

/// One result of a search: a subject or resource `{"type", "id"}`, or an action `{"name"}`.
public enum AccessSearchResult: Sendable, Hashable, JSONRepresentable {
    case entity(type: String, id: String)
    case action(name: String)

    public init(json: JSONValue) throws {
        if let type = json["type"]?.stringValue, let id = json["id"]?.stringValue {
            self = .entity(type: type, id: id)
        } else if let name = json["name"]?.stringValue {
            self = .action(name: name)
        } else {
            throw AuthZENAnswerReader.invalid("results")
        }
    }

    public var json: JSONValue {
        switch self {
        case .entity(let type, let id): .object(["type": .string(type), "id": .string(id)])
        case .action(let name): .object(["name": .string(name)])
        }
    }
}

/// `GET /.well-known/authzen-configuration` under a tenant's issuer: the policy decision point's metadata (AuthZEN
/// 1.0, "Policy Decision Point Metadata").
public struct AuthZENMetadata: Sendable, Hashable, Codable {
    public var policyDecisionPoint: String
    public var accessEvaluationEndpoint: String
    public var accessEvaluationsEndpoint: String
    public var searchSubjectEndpoint: String
    public var searchResourceEndpoint: String
    public var searchActionEndpoint: String

    enum CodingKeys: String, CodingKey {
        case policyDecisionPoint = "policy_decision_point"
        case accessEvaluationEndpoint = "access_evaluation_endpoint"
        case accessEvaluationsEndpoint = "access_evaluations_endpoint"
        case searchSubjectEndpoint = "search_subject_endpoint"
        case searchResourceEndpoint = "search_resource_endpoint"
        case searchActionEndpoint = "search_action_endpoint"
    }

    /// The metadata of the decision point at `issuer`: its endpoints are the route catalogue's paths under it
    /// (``APIRoute/pathUnderIssuer``, `{issuer}/access/v1/…`).
    public init(issuer: String) {
        policyDecisionPoint = issuer
        accessEvaluationEndpoint = issuer + APIRoute.accessEvaluation.pathUnderIssuer
        accessEvaluationsEndpoint = issuer + APIRoute.accessEvaluations.pathUnderIssuer
        searchSubjectEndpoint = issuer + APIRoute.accessSearchSubject.pathUnderIssuer
        searchResourceEndpoint = issuer + APIRoute.accessSearchResource.pathUnderIssuer
        searchActionEndpoint = issuer + APIRoute.accessSearchAction.pathUnderIssuer
    }
}
