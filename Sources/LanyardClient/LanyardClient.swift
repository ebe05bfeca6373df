public import AsyncHTTPClient
public import Foundation
public import LanyardAPI
public import LanyardModel
import NIOCore
import NIOHTTP1

/// A typed client of Lanyard's admin API, as used by the `lanyard` CLI.
///
/// Server errors come back as ``LanyardError`` with the server's code and sentence; a server that cannot be
/// reached is ``LanyardClientError``.
public struct LanyardClient: Sendable {
    /// Base URL such as `http://127.0.0.1:8080`.
    public let baseURL: String
    /// Administrator bearer token.
    public let token: String?
    let httpClient: HTTPClient
    /// Largest response body read.
    static let maxResponseBytes = 16 * 1024 * 1024

    public init(baseURL: String, token: String?, httpClient: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.httpClient = httpClient
    }

    // MARK: Identities

    public func register(_ request: RegisterIdentityRequest, tenant: String) async throws -> Identity {
        try await send(APIRoute.identityRegister.target(tenant), body: request)
    }

    /// One page of identities, ordered by name; `cursor` is the `next` of the previous page.
    public func identities(
        tenant: String, owner: String?, status: String?, kind: String?, expiringWithin: String?, limit: Int?, after: String? = nil,
        cursor: String? = nil
    ) async throws -> IdentityList {
        var query: [(String, String)] = []
        if let owner { query.append(("owner", owner)) }
        if let status { query.append(("status", status)) }
        if let kind { query.append(("kind", kind)) }
        if let expiringWithin { query.append(("expiringWithin", expiringWithin)) }
        if let after { query.append(("after", after)) }
        return try await send(APIRoute.identityList.target(tenant), query: query + pageQuery(limit: limit, cursor: cursor))
    }

    public func identity(_ id: String, tenant: String) async throws -> Identity {
        try await send(APIRoute.identityRead.target(tenant, id))
    }

    public func extend(_ id: String, by: String, tenant: String) async throws -> Identity {
        try await send(APIRoute.identityExtend.target(tenant, id), body: ExtendIdentityRequest(by: by))
    }

    /// Suspends, resumes or offboards (`verb`).
    public func changeState(_ id: String, verb: String, reason: String?, tenant: String) async throws -> Identity {
        let route: APIRoute
        switch verb {
        case "suspend": route = .identitySuspend
        case "resume": route = .identityResume
        case "offboard": route = .identityOffboard
        default: throw LanyardError.invalid("verb", "An identity can be suspended, resumed or offboarded, not '\(verb.prefix(40))'.")
        }
        return try await send(route.target(tenant, id), body: IdentityStateChangeRequest(reason: reason))
    }

    /// Moves an identity to a new owner, with a reason.
    public func transfer(_ id: String, to owner: String, reason: String, tenant: String) async throws -> Identity {
        try await send(APIRoute.identityTransfer.target(tenant, id), body: TransferIdentityRequest(to: owner, reason: reason))
    }

    /// Graduates a prototype into a new managed identity; the prototype is retired.
    public func graduate(_ id: String, into request: GraduateIdentityRequest, tenant: String) async throws -> Graduation {
        try await send(APIRoute.identityGraduate.target(tenant, id), body: request)
    }

    /// One page of findings, newest first.
    // MARK: Templates

    // MARK: Federation trusts

    public func addTrust(_ request: AddTrustRequest, identity: String, tenant: String) async throws -> FederationTrust {
        try await send(APIRoute.identityTrustAdd.target(tenant, identity), body: request)
    }

    public func trusts(identity: String, tenant: String) async throws -> [FederationTrust] {
        let list: TrustList = try await send(APIRoute.identityTrustList.target(tenant, identity))
        return list.trusts
    }

    public func removeTrust(_ trust: String, identity: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.identityTrustRemove.target(tenant, identity, trust), text: nil)
    }

    /// One page of templates, by name; `cursor` is the `next` of the previous page.
    public func templates(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> TemplateList {
        try await send(APIRoute.templateList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    public func template(_ name: String, tenant: String) async throws -> IdentityTemplate {
        try await send(APIRoute.templateRead.target(tenant, name))
    }

    public func createTemplate(_ request: CreateTemplateRequest, tenant: String) async throws -> IdentityTemplate {
        try await send(APIRoute.templateCreate.target(tenant), body: request)
    }

    // MARK: Tenants

    public func createTenant(_ name: String) async throws -> CreatedTenant {
        try await send(APIRoute.tenantCreate.target(), body: CreateTenantRequest(name: name))
    }

    /// One page of the tenants the caller may administer, by name; `cursor` is the `next` of the previous page.
    public func tenants(limit: Int? = nil, cursor: String? = nil) async throws -> TenantList {
        try await send(APIRoute.tenantList.target(), query: pageQuery(limit: limit, cursor: cursor))
    }

    /// Changes the settings `request` gives of tenant `tenant` (tenant and platform administrators).
    public func updateTenantSettings(_ request: TenantSettingsRequest, tenant: String) async throws -> TenantView {
        try await send(APIRoute.tenantSettings.target(tenant), body: request)
    }

    // MARK: Audit

    /// One page of events after sequence number `after`, oldest first; `cursor` is the `next` of the previous page.
    public func auditEvents(tenant: String, after: Int64, limit: Int, cursor: String? = nil) async throws -> AuditEventList {
        try await searchAudit(tenant: tenant, query: AuditQuery(after: after, limit: limit), cursor: cursor)
    }

    // MARK: Credentials and keys

    /// The tenant's OpenID provider metadata.
    public func discovery(tenant: String) async throws -> [String: JSONValue] {
        try await send(APIRoute.openIDConfiguration.target(tenant))
    }

    /// Posts a form to an OAuth endpoint (a full URL from discovery, or a path on the server); returns the JSON body.
    public func postForm<Response: Decodable>(
        _ endpoint: String, form: [(String, String)], bearer: String? = nil, headers: [(String, String)] = []
    ) async throws -> Response {
        var request = HTTPClientRequest(url: endpoint.hasPrefix("http") ? endpoint : baseURL + endpoint)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.body = .bytes(ByteBuffer(string: PercentEncoding.query(form)))
        let (status, data) = try await execute(request)
        guard (200..<300).contains(status) else {
            if let body = try? LanyardJSON.decoder().decode(OAuthErrorBody.self, from: data) {
                throw OAuthError(OAuthError.Code(rawValue: body.error), body.error_description)
            }
            throw Self.error(status: status, data: data)
        }
        if Response.self == EmptyResponse.self, let empty = EmptyResponse() as? Response { return empty }
        do {
            return try LanyardJSON.decoder().decode(Response.self, from: data)
        } catch {
            throw LanyardClientError.unexpectedResponse(status, "the body did not have the expected shape: \(error)")
        }
    }

    // MARK: Tasks (the client's token is the workload's access token or an administrator token)

    public func openTask(_ request: OpenTaskRequest, tenant: String) async throws -> TaskView {
        try await send(APIRoute.taskOpen.target(tenant), body: request)
    }

    public func task(_ id: String, tenant: String) async throws -> TaskView {
        try await send(APIRoute.taskRead.target(tenant, id))
    }

    public func endTask(_ id: String, tenant: String) async throws -> TaskView {
        try await send(APIRoute.taskEnd.target(tenant, id))
    }

    /// One page of credential records, newest first; `cursor` is the `next` of the previous page.
    public func credentials(tenant: String, identity: String?, limit: Int, cursor: String? = nil) async throws -> CredentialList {
        var query = pageQuery(limit: limit, cursor: cursor)
        if let identity { query.append(("identity", identity)) }
        return try await send(APIRoute.credentialList.target(tenant), query: query)
    }

    public func revokeCredentials(_ request: RevokeCredentialsRequest, tenant: String) async throws -> RevocationResult {
        try await send(APIRoute.credentialRevoke.target(tenant), body: request)
    }

    /// One page of the tenant's signing keys, oldest first; `cursor` is the `next` of the previous page.
    public func signingKeys(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> SigningKeyList {
        try await send(APIRoute.keyList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    public func rotateKeys(tenant: String, algorithm: String?) async throws -> [SigningKeyView] {
        let list: SigningKeyList = try await send(APIRoute.keyRotate.target(tenant), body: RotateKeysRequest(algorithm: algorithm))
        return list.keys
    }

    // MARK: Policies, entities, owners, decisions

    public func policies(tenant: String, version: Int? = nil) async throws -> PolicyVersion {
        if let version { return try await send(APIRoute.policyVersion.target(tenant, String(version))) }
        return try await send(APIRoute.policyRead.target(tenant))
    }

    public func pushPolicies(_ request: PushPoliciesRequest, tenant: String) async throws -> PolicyVersion {
        try await send(APIRoute.policyPush.target(tenant), body: request)
    }

    public func validatePolicies(_ request: ValidatePoliciesRequest, tenant: String) async throws -> PolicyValidation {
        try await send(APIRoute.policyValidate.target(tenant), body: request)
    }

    /// One page of policy-store versions, newest first; `cursor` is the `next` of the previous page.
    public func policyHistory(tenant: String, limit: Int, cursor: String? = nil) async throws -> PolicyHistory {
        try await send(APIRoute.policyHistory.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    public func addPolicyLink(_ link: PolicyLink, message: String, tenant: String) async throws -> PolicyVersion {
        try await send(APIRoute.policyLink.target(tenant), body: AddPolicyLinkRequest(link: link, message: message))
    }

    public func removePolicyLink(_ id: String, message: String?, tenant: String) async throws -> PolicyVersion {
        try await send(APIRoute.policyUnlink.target(tenant, id), query: message.map { [("message", $0)] } ?? [])
    }

    public func rollbackPolicies(to version: Int, message: String?, tenant: String) async throws -> PolicyVersion {
        try await send(APIRoute.policyRollback.target(tenant), body: RollbackPoliciesRequest(version: version, message: message))
    }

    /// Imports Cedar entities JSON (replacing all entities, or merging with `replace: false`).
    public func importEntities(json: String, replace: Bool, tenant: String) async throws -> EntityImportResult {
        let data = try await sendText((replace ? APIRoute.entityReplace : APIRoute.entityUpsert).target(tenant), text: json)
        return try Self.decode(EntityImportResult.self, data)
    }

    /// The tenant's entities as Cedar entities JSON.
    public func exportEntities(tenant: String, type: String?) async throws -> String {
        String(decoding: try await sendText(APIRoute.entityRead.target(tenant), query: type.map { [("type", $0)] } ?? [], text: nil), as: UTF8.self)
    }

    public func deleteEntity(type: String, id: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.entityDelete.target(tenant, type, id), text: nil)
    }

    public func setOwner(_ owner: String, active: Bool, reason: String?, tenant: String) async throws -> OwnerStatus {
        try await send((active ? APIRoute.ownerActivate : APIRoute.ownerDeactivate).target(tenant, owner), body: OwnerStatusChangeRequest(reason: reason))
    }

    /// One page of the owners whose status was ever set, by owner; `cursor` is the `next` of the previous page.
    public func owners(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> OwnerStatusList {
        try await send(APIRoute.ownerList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    public func createPEPToken(name: String, tenant: String) async throws -> CreatedPEPToken {
        try await send(APIRoute.pepTokenCreate.target(tenant), body: CreatePEPTokenRequest(name: name))
    }

    /// Posts a JSON text to an AuthZEN endpoint (``APIRoute/accessEvaluation``, ``APIRoute/accessSearchSubject``, …);
    /// the raw answer.
    public func authzen(_ route: APIRoute, json: String, tenant: String) async throws -> Data {
        try await sendText(route.target(tenant), text: json)
    }

    /// Runs policy test cases (see `docs/authzen.md`) against the policies in force or candidate documents.
    public func testPolicies(json: String, tenant: String) async throws -> Data {
        try await sendText(APIRoute.policyTest.target(tenant), text: json)
    }

    // MARK: Transport

    func sendText(_ target: APIRoute.Target, query: [(String, String)] = [], text: String?) async throws -> Data {
        var request = HTTPClientRequest(url: url(target, query: query))
        request.method = HTTPMethod(rawValue: target.method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let text {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: text))
        }
        let (status, data) = try await execute(request)
        guard (200..<300).contains(status) else { throw Self.error(status: status, data: data) }
        return data
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try LanyardJSON.decoder().decode(T.self, from: data)
        } catch {
            throw LanyardClientError.unexpectedResponse(200, "the body did not have the expected shape: \(error)")
        }
    }

    private struct Empty: Encodable {}

    func send<Response: Decodable>(_ target: APIRoute.Target, query: [(String, String)] = []) async throws -> Response {
        try await send(target, query: query, body: Optional<Empty>.none)
    }

    func send<Response: Decodable, Body: Encodable>(
        _ target: APIRoute.Target, query: [(String, String)] = [], body: Body?
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url(target, query: query))
        request.method = HTTPMethod(rawValue: target.method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            let data = try LanyardJSON.encoder().encode(body)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let (status, data) = try await execute(request)
        guard (200..<300).contains(status) else { throw Self.error(status: status, data: data) }
        do {
            return try LanyardJSON.decoder().decode(Response.self, from: data)
        } catch {
            throw LanyardClientError.unexpectedResponse(status, "the body did not have the expected shape: \(error)")
        }
    }

    private func execute(_ request: HTTPClientRequest) async throws -> (Int, Data) {
        do {
            let response = try await httpClient.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
            return (Int(response.status.code), Data(bytes.readableBytesView))
        } catch {
            throw LanyardClientError.unreachable(baseURL, "\(error)")
        }
    }

    private static func error(status: Int, data: Data) -> any Error {
        if let body = try? LanyardJSON.decoder().decode(ErrorBody.self, from: data) {
            return LanyardError(LanyardError.Code(rawValue: body.error), body.message, field: body.field)
        }
        return LanyardClientError.unexpectedResponse(status, String(decoding: data.prefix(200), as: UTF8.self))
    }

    /// The URL of one request: the server's base address, the target's path (its parameters already encoded by
    /// ``APIRoute``) and the query, encoded by the same ``PercentEncoding``.
    public func url(_ target: APIRoute.Target, query: [(String, String)] = []) -> String {
        baseURL + target.path + (query.isEmpty ? "" : "?" + PercentEncoding.query(query))
    }

    /// `limit` and `cursor` of a list request, as query parameters.
    func pageQuery(limit: Int?, cursor: String?) -> [(String, String)] {
        var query: [(String, String)] = []
        if let limit { query.append(("limit", String(limit))) }
        if let cursor { query.append(("cursor", cursor)) }
        return query
    }
}

/// The answer of an endpoint whose success has no body (RFC 7009 revocation).
public struct EmptyResponse: Decodable, Sendable {
    public init() {}
}

/// Failures of the client itself (as opposed to errors the server reported).
public enum LanyardClientError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached at all.
    case unreachable(String, String)
    /// The server answered with something that is not Lanyard's API.
    case unexpectedResponse(Int, String)

    public var description: String {
        switch self {
        case .unreachable(let url, let detail):
            "Cannot reach the Lanyard server at \(url) (\(detail)). Is `lanyard serve` running? Set LANYARD_ADDR to its address."
        case .unexpectedResponse(let status, let detail):
            "The server answered HTTP \(status) with an unexpected body: \(detail)"
        }
    }
}
