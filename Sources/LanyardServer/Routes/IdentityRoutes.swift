import Foundation
import Hummingbird
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/identities`: the identity inventory.
struct IdentityRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let inventory = dependencies.inventory
        let identities = group.group("t/:tenant/v1/identities")
        identities.post { request, context in
            let body = try await RequestBody.decode(RegisterIdentityRequest.self, from: request)
            let identity = try await inventory.register(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity, status: .created)
        }
        identities.get { request, context in
            let filter = try Self.filter(from: request)
            let found = try await inventory.list(tenant: try tenant(context), filter: filter, by: context.requirePrincipal())
            return JSONResponse.make(IdentityList(identities: found))
        }
        identities.get(":id") { _, context in
            let identity = try await inventory.find(try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        identities.post(":id/extend") { request, context in
            let body = try await RequestBody.decode(ExtendIdentityRequest.self, from: request)
            let identity = try await inventory.extend(try id(context), by: body.by, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        identities.post(":id/suspend") { request, context in
            let body = try await Self.optionalBody(request)
            let identity = try await inventory.suspend(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        identities.post(":id/resume") { request, context in
            let body = try await Self.optionalBody(request)
            let identity = try await inventory.resume(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        identities.post(":id/offboard") { request, context in
            let body = try await RequestBody.decode(IdentityStateChangeRequest.self, from: request)
            let identity = try await inventory.offboard(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        identities.post(":id/trusts") { request, context in
            let body = try await RequestBody.decode(AddTrustRequest.self, from: request)
            let trust = try await inventory.addTrust(body, identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(trust, status: .created)
        }
        identities.get(":id/trusts") { _, context in
            let trusts = try await inventory.trusts(identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(TrustList(trusts: trusts))
        }
        identities.delete(":id/trusts/:trust") { _, context in
            guard let trust = context.parameters.get("trust") else { throw LanyardError(.notFound, "No trust in the path.") }
            _ = try await inventory.removeTrust(trust, identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
    }

    /// Suspend and resume take an optional body.
    static func optionalBody(_ request: Request) async throws -> IdentityStateChangeRequest {
        try await optionalBody(request, as: IdentityStateChangeRequest.self, empty: IdentityStateChangeRequest())
    }

    /// A body that may be left out: `empty` when there is none.
    static func optionalBody<T: StrictDecodable>(_ request: Request, as type: T.Type, empty: T) async throws -> T {
        if request.headers[.contentLength] == "0" || (request.headers[.contentLength] == nil && request.headers[.transferEncoding] == nil) {
            return empty
        }
        return try await RequestBody.decode(T.self, from: request)
    }

    /// `?owner=&status=&kind=&expiringWithin=7d&limit=&after=NAME` (pages: pass the last name as `after`)
    static func filter(from request: Request) throws -> IdentityFilter {
        let query = request.uri.queryParameters
        var filter = IdentityFilter()
        if let owner = query.get("owner") { filter.owner = owner }
        if let status = query.get("status") { filter.status = try IdentityStatus.parse(status, field: "status") }
        if let kind = query.get("kind") { filter.kind = try IdentityKind.parse(kind, field: "kind") }
        if let within = query.get("expiringWithin") {
            filter.expiringWithin = try TimeSpan(parsing: within, field: "expiringWithin")
        }
        if let after = query.get("after") { filter.after = after }
        if let limit = query.get("limit") {
            guard let value = Int(limit) else { throw LanyardError.invalid("limit", "limit must be a whole number between 1 and 1000.") }
            filter.limit = value
        }
        return filter
    }
}

func tenant(_ context: LanyardRequestContext) throws -> String {
    guard let tenant = context.parameters.get("tenant") else { throw LanyardError(.notFound, "No tenant in the path.") }
    return tenant
}

func id(_ context: LanyardRequestContext) throws -> String {
    guard let id = context.parameters.get("id") else { throw LanyardError(.notFound, "No identity in the path.") }
    return id
}
