import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardSCIM

/// SCIM 2.0 (RFC 7644) under each tenant's issuer, `/t/{tenant}/scim/v2`, for the tenant's identity provider:
/// Users, Groups and the discovery documents. Authenticated by a provisioning token (`SCIMEdgeMiddleware`); unknown
/// query parameters are ignored (Entra ID appends `?aadOptscim062020`); every answer is `application/scim+json`.
/// These routes are not in `openapi.yaml`: SCIM's own documents (`/Schemas`, `/ResourceTypes`) describe them, and the
/// admin API's error body and content type do not apply here (docs/scim.md).
struct SCIMRoutes {
    let dependencies: ServerDependencies
    let directory: Directory

    static let prefix = "/t/:tenant/scim/v2"

    func register(on router: Router<LanyardRequestContext>) {
        let scim = router.group(RouterPath(Self.prefix)).add(middleware: SCIMEdgeMiddleware(directory: directory))
        registerDiscovery(on: scim)
        registerResources(on: scim, type: .user)
        registerResources(on: scim, type: .group)
        // POST /.search (RFC 7644 §3.4.3) across Users and Groups: each type with its own projection, Users first.
        scim.post(".search") { request, context in
            let search = try Self.searchRequest(try await SCIMResponse.body(request))
            let (tenant, base, provisioner) = try scope(context)
            let paging = try SCIMListQuery(startIndex: search["startIndex"], count: search["count"])
            var resources: [JSONValue] = []
            for type in SCIMResourceType.all {
                let projection = try SCIMProjection(
                    attributes: search["attributes"], excludedAttributes: search["excludedAttributes"], type: type)
                let all = SCIMListQuery(startIndex: 1, count: SCIMListQuery.maxResults)
                let page =
                    type == .user
                    ? try await directory.users(filter: search["filter"], query: all, tenant: tenant, base: base, by: provisioner)
                    : try await directory.groups(filter: search["filter"], query: all, tenant: tenant, base: base, by: provisioner)
                resources += page.resources.map { .object(projection.apply(to: $0, type: type)) }
            }
            return SCIMResponse.json(
                SCIMListResponse.json(
                    totalResults: resources.count, startIndex: paging.startIndex, resources: Array(resources[paging.range(of: resources.count)])))
        }
        // Anything else below /scim/v2 is a SCIM 404 (scim2-tester checks random URLs).
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            scim.on("**", method: method) { _, _ -> Response in throw SCIMError.notFound("There is no SCIM endpoint at this path.") }
        }
    }

    private func registerDiscovery(on scim: RouterGroup<LanyardRequestContext>) {
        scim.get("ServiceProviderConfig") { _, context in
            let base = try baseURL(context)
            return SCIMResponse.json(
                SCIMServiceProviderConfig.json(location: "\(base)/ServiceProviderConfig", documentationUri: "\(dependencies.publicURL)/docs/scim"))
        }
        scim.get("ResourceTypes") { _, context in
            let base = try baseURL(context)
            let types = SCIMResourceType.all.map { $0.json(location: "\(base)/ResourceTypes/\($0.name)") }
            return SCIMResponse.json(SCIMListResponse.json(totalResults: types.count, startIndex: 1, resources: types))
        }
        scim.get("ResourceTypes/:name") { _, context in
            let base = try baseURL(context)
            let name = context.parameters.get("name") ?? ""
            guard let type = SCIMResourceType.all.first(where: { $0.name == name }) else {
                throw SCIMError.notFound("There is no resource type '\(name.prefix(100))'.")
            }
            return SCIMResponse.json(type.json(location: "\(base)/ResourceTypes/\(type.name)"))
        }
        scim.get("Schemas") { _, context in
            let base = try baseURL(context)
            let schemas = Self.schemas.map { $0.json(location: "\(base)/Schemas/\($0.id)") }
            return SCIMResponse.json(SCIMListResponse.json(totalResults: schemas.count, startIndex: 1, resources: schemas))
        }
        scim.get("Schemas/:urn") { _, context in
            let base = try baseURL(context)
            let urn = try context.pathParameter("urn", missing: "No schema in the path.")
            guard let schema = Self.schemas.first(where: { SCIMSchemaURN.same($0.id, urn) }) else {
                throw SCIMError.notFound("There is no schema '\(urn.prefix(200))'.")
            }
            return SCIMResponse.json(schema.json(location: "\(base)/Schemas/\(schema.id)"))
        }
        // The discovery documents are read-only (RFC 7644 §4): writes are 405.
        for path in ["ServiceProviderConfig", "ResourceTypes", "ResourceTypes/:name", "Schemas", "Schemas/:urn"] {
            for method in [HTTPRequest.Method.post, .put, .patch, .delete] {
                scim.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw SCIMError(status: 405, detail: "The discovery endpoints are read-only.")
                }
            }
        }
    }

    static let schemas: [SCIMSchema] = [.user, .enterpriseUser, .group]

    private func registerResources(on scim: RouterGroup<LanyardRequestContext>, type: SCIMResourceType) {
        let collection = RouterPath(String(type.endpoint.dropFirst()))
        let item = RouterPath(String(type.endpoint.dropFirst()) + "/:id")
        let isUser = type == .user
        scim.get(collection) { request, context in
            let query = try Self.query(request)
            return try await list(
                type, context, filter: query["filter"], startIndex: query["startIndex"], count: query["count"],
                attributes: query["attributes"], excludedAttributes: query["excludedAttributes"])
        }
        // POST {endpoint}/.search (RFC 7644 §3.4.3): the query parameters as a SearchRequest body.
        scim.post(RouterPath(String(type.endpoint.dropFirst()) + "/.search")) { request, context in
            let search = try Self.searchRequest(try await SCIMResponse.body(request))
            return try await list(
                type, context, filter: search["filter"], startIndex: search["startIndex"], count: search["count"],
                attributes: search["attributes"], excludedAttributes: search["excludedAttributes"])
        }
        scim.post(collection) { request, context in
            let (tenant, base, provisioner) = try scope(context)
            let projection = try projectionOf(request, type)
            let body = try await SCIMResponse.body(request)
            let created =
                isUser
                ? try await directory.createUser(body, tenant: tenant, base: base, by: provisioner)
                : try await directory.createGroup(body, tenant: tenant, base: base, by: provisioner)
            var headers = HTTPFields()
            if case .object(let meta)? = created["meta"], case .string(let location)? = meta["location"] { headers[.location] = location }
            return SCIMResponse.json(.object(projection.apply(to: created, type: type)), status: .created, headers: headers)
        }
        scim.get(item) { request, context in
            let (tenant, base, provisioner) = try scope(context)
            let projection = try projectionOf(request, type)
            let id = try context.pathParameter("id", missing: "No id in the path.")
            let resource =
                isUser
                ? try await directory.user(id, tenant: tenant, base: base, by: provisioner)
                : try await directory.group(id, tenant: tenant, base: base, by: provisioner)
            return SCIMResponse.json(.object(projection.apply(to: resource, type: type)))
        }
        scim.put(item) { request, context in
            let (tenant, base, provisioner) = try scope(context)
            let projection = try projectionOf(request, type)
            let id = try context.pathParameter("id", missing: "No id in the path.")
            let body = try await SCIMResponse.body(request)
            let resource =
                isUser
                ? try await directory.replaceUser(id, with: body, tenant: tenant, base: base, by: provisioner)
                : try await directory.replaceGroup(id, with: body, tenant: tenant, base: base, by: provisioner)
            return SCIMResponse.json(.object(projection.apply(to: resource, type: type)))
        }
        scim.patch(item) { request, context in
            let (tenant, base, provisioner) = try scope(context)
            let projection = try projectionOf(request, type)
            let id = try context.pathParameter("id", missing: "No id in the path.")
            let body = try await SCIMResponse.body(request)
            let resource =
                isUser
                ? try await directory.patchUser(id, with: body, tenant: tenant, base: base, by: provisioner)
                : try await directory.patchGroup(id, with: body, tenant: tenant, base: base, by: provisioner)
            return SCIMResponse.json(.object(projection.apply(to: resource, type: type)))
        }
        scim.delete(item) { _, context in
            let (tenant, _, provisioner) = try scope(context)
            let id = try context.pathParameter("id", missing: "No id in the path.")
            if isUser {
                try await directory.deleteUser(id, tenant: tenant, by: provisioner)
            } else {
                try await directory.deleteGroup(id, tenant: tenant, by: provisioner)
            }
            return Response(status: .noContent)
        }
    }

    /// A ListResponse of the resources of `type` matching `filter`, paged and projected.
    private func list(
        _ type: SCIMResourceType, _ context: LanyardRequestContext, filter: String?, startIndex: String?, count: String?,
        attributes: String?, excludedAttributes: String?
    ) async throws -> Response {
        let (tenant, base, provisioner) = try scope(context)
        let paging = try SCIMListQuery(startIndex: startIndex, count: count)
        let projection = try SCIMProjection(attributes: attributes, excludedAttributes: excludedAttributes, type: type)
        let page =
            type == .user
            ? try await directory.users(filter: filter, query: paging, tenant: tenant, base: base, by: provisioner)
            : try await directory.groups(filter: filter, query: paging, tenant: tenant, base: base, by: provisioner)
        return SCIMResponse.json(
            SCIMListResponse.json(
                totalResults: page.totalResults, startIndex: page.startIndex,
                resources: page.resources.map { .object(projection.apply(to: $0, type: type)) }))
    }

    /// The path's tenant, the SCIM base URL and the authenticated provisioner.
    private func scope(_ context: LanyardRequestContext) throws -> (String, String, Directory.Provisioner) {
        guard let tenant = context.parameters.get("tenant"), let provisioner = context.provisioner else {
            throw SCIMError(status: 401, detail: "A valid provisioning token is required (Authorization: Bearer lsc_…).")
        }
        return (tenant, try baseURL(context), provisioner)
    }

    private func baseURL(_ context: LanyardRequestContext) throws -> String {
        guard let tenant = context.parameters.get("tenant") else { throw SCIMError.notFound("No tenant in the path.") }
        return dependencies.issuer(of: tenant) + "/scim/v2"
    }

    private func projectionOf(_ request: Request, _ type: SCIMResourceType) throws -> SCIMProjection {
        let query = try Self.query(request)
        return try SCIMProjection(attributes: query["attributes"], excludedAttributes: query["excludedAttributes"], type: type)
    }

    /// A SearchRequest body (RFC 7644 §3.4.3) as the query parameters it stands for (lists joined with commas).
    static func searchRequest(_ body: JSONValue) throws -> [String: String] {
        guard case .object(let search) = body else { throw SCIMError.badRequest(.invalidSyntax, "A search request is a JSON object.") }
        var out: [String: String] = [:]
        for name in ["filter", "startIndex", "count", "attributes", "excludedAttributes"] {
            switch SCIMObjectAccess.member(search, name) {
            case nil, .null?: continue
            case .string(let value)?: out[name] = value
            case .number(let number)?: out[name] = number.text
            case .array(let items)?:
                var names: [String] = []
                for case .string(let item) in items { names.append(item) }
                out[name] = names.joined(separator: ",")
            default: throw SCIMError.badRequest(.invalidValue, "\(name) has the wrong type.")
            }
        }
        return out
    }

    /// The query parameters, decoded as browsers and HTTP libraries encode them (`+` or `%20` for a space), the last
    /// of a repeated name winning; names this surface does not know are ignored (Entra ID's `?aadOptscim062020`).
    /// At most 16 KiB and 64 parameters.
    static func query(_ request: Request) throws -> [String: String] {
        guard let raw = request.uri.query, !raw.isEmpty else { return [:] }
        guard raw.utf8.count <= 16_384 else { throw SCIMError.badRequest(.invalidValue, "The query is longer than 16 KiB.") }
        let pairs = raw.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= 64 else { throw SCIMError.badRequest(.invalidValue, "The query has more than 64 parameters.") }
        var out: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(bytes: parts[0].utf8, plusAsSpace: true),
                let value = PercentEncoding.decode(bytes: (parts.count > 1 ? parts[1] : "").utf8, plusAsSpace: true)
            else {
                throw SCIMError.badRequest(.invalidValue, "The query is not valid percent-encoded UTF-8.")
            }
            out[name] = value
        }
        return out
    }
}
