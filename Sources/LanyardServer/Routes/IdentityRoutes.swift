import Foundation
import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// `/t/{tenant}/v1/identities`: the identity inventory.
struct IdentityRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let inventory = dependencies.inventory
        group.on(.identityRegister, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RegisterIdentityRequest.self, from: request)
            let principal = try context.requirePrincipal()
            let tenant = try tenant(context)
            // The second look, with what the body says: whose identity, from which template, where.
            try await dependencies.authorizer.check(
                .identityRegister, caller: principal, target: .tenant(tenant), facts: Self.registrationFacts(body))
            let identity = try await inventory.register(body, tenant: tenant, by: principal)
            return JSONResponse.make(identity, status: .created)
        }
        group.on(.identityList, gatedBy: gate) { request, context in
            let filter = try Self.filter(from: request)
            let page = try PageQuery.read(request, defaultLimit: Inventory.defaultPageSize)
            let found = try await inventory.page(tenant: try tenant(context), filter: filter, page: page, by: context.requirePrincipal())
            return JSONResponse.make(IdentityList(identities: found.items, next: found.next))
        }
        group.on(.identityRead, gatedBy: gate) { _, context in
            let identity = try await inventory.find(try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identityExtend, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(ExtendIdentityRequest.self, from: request)
            let identity = try await inventory.extend(try id(context), by: body.by, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identitySuspend, gatedBy: gate) { request, context in
            let body = try await Self.optionalBody(request)
            let identity = try await inventory.suspend(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identityResume, gatedBy: gate) { request, context in
            let body = try await Self.optionalBody(request)
            let identity = try await inventory.resume(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identityOffboard, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(IdentityStateChangeRequest.self, from: request)
            let identity = try await inventory.offboard(try id(context), reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identityTransfer, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(TransferIdentityRequest.self, from: request)
            let identity = try await inventory.transfer(
                try id(context), to: body.to, reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(identity)
        }
        group.on(.identityGraduate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(GraduateIdentityRequest.self, from: request)
            let graduation = try await inventory.graduate(try id(context), into: body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(graduation, status: .created)
        }
        group.on(.identityTrustAdd, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AddTrustRequest.self, from: request)
            let trust = try await inventory.addTrust(body, identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(trust, status: .created)
        }
        group.on(.identityTrustList, gatedBy: gate) { _, context in
            let trusts = try await inventory.trusts(identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(TrustList(trusts: trusts))
        }
        group.on(.identityTrustRemove, gatedBy: gate) { _, context in
            let trust = try context.pathParameter("trust", missing: "No trust in the path.")
            _ = try await inventory.removeTrust(trust, identity: try id(context), tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
    }

    /// The facts of a registration the admin policies may read (`context.owner`, `context.template`, …).
    static func registrationFacts(_ body: RegisterIdentityRequest) -> [String: String] {
        let template = body.template ?? IdentityKind(rawValue: body.kind).map { IdentityTemplate.defaultName(for: $0) } ?? ""
        var facts = ["kind": body.kind, "template": template]
        if let owner = body.owner { facts["owner"] = owner }
        if let environment = body.environment { facts["environment"] = environment }
        if let dataClass = body.dataClass { facts["dataClass"] = dataClass }
        return facts
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

    /// `?owner=&status=&kind=&expiringWithin=7d&after=NAME` (`limit` and `cursor` are read by ``PageQuery``; `after`
    /// starts the list after a name, a cursor after the last identity of the page that gave it out)
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
        return filter
    }
}

func tenant(_ context: LanyardRequestContext) throws -> String {
    guard let tenant = context.parameters.get("tenant") else { throw LanyardError(.notFound, "No tenant in the path.") }
    return tenant
}

func id(_ context: LanyardRequestContext) throws -> String {
    try context.pathParameter("id", missing: "No identity in the path.")
}
