import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel

/// The policy store of a tenant (`/t/{tenant}/v1/policies…`), its entity data (`/v1/entities`), identity owners'
/// status (`/v1/owners`) and enforcement-point tokens (`/v1/pep-tokens`). Administrators only.
struct PolicyRoutes {
    let dependencies: ServerDependencies

    /// Largest policy-store or entity-data body (a 10,000-policy set is ~2 MiB, its entities ~3 MiB).
    static let maxBytes = 16 * 1024 * 1024

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let administration = dependencies.decisions.administration
        let tenancy = dependencies.tenancy
        group.on(.policyRead, gatedBy: gate) { _, context in
            JSONResponse.make(try await administration.current(tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.policyPush, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(PushPoliciesRequest.self, from: request, maxBytes: Self.maxBytes)
            return JSONResponse.make(try await administration.push(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.policyHistory, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: PolicyAdministration.defaultHistoryPageSize)
            let versions = try await administration.history(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(PolicyHistory(versions: versions.items, next: versions.next))
        }
        group.on(.policyVersion, gatedBy: gate) { _, context in
            guard let number = context.parameters.get("version").flatMap({ Int($0) }), number >= 0 else {
                throw LanyardError(.notFound, "Policy versions are numbered 0, 1, 2, …")
            }
            return JSONResponse.make(try await administration.version(number, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.policyValidate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(ValidatePoliciesRequest.self, from: request, maxBytes: Self.maxBytes)
            return JSONResponse.make(try await administration.validate(body, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.policyTest, gatedBy: gate) { request, context in
            let tenant = try tenant(context)
            let text = try await RequestBody.text(from: request, maxBytes: Self.maxBytes)
            let answer = try await dependencies.decisions.decisionPoint.test(
                text, tenant: tenant, urls: dependencies.urls(of: tenant), by: context.requirePrincipal())
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        group.on(.policyLink, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AddPolicyLinkRequest.self, from: request)
            return JSONResponse.make(
                try await administration.addLink(body.link, message: body.message, tenant: try tenant(context), by: context.requirePrincipal()),
                status: .created)
        }
        group.on(.policyUnlink, gatedBy: gate) { request, context in
            let link = try context.pathParameter("link", missing: "No link in the path.")
            let message = request.uri.queryParameters.get("message")
            return JSONResponse.make(
                try await administration.removeLink(link, message: message, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.policyRollback, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RollbackPoliciesRequest.self, from: request)
            return JSONResponse.make(
                try await administration.rollback(to: body.version, message: body.message, tenant: try tenant(context), by: context.requirePrincipal()),
                status: .created)
        }

        group.on(.entityRead, gatedBy: gate) { request, context in
            let type = request.uri.queryParameters.get("type")
            let text = try await administration.entities(tenant: try tenant(context), type: type, by: context.requirePrincipal())
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        group.on(.entityReplace, gatedBy: gate) { request, context in
            let text = try await RequestBody.text(from: request, maxBytes: Self.maxBytes)
            return JSONResponse.make(
                try await administration.importEntities(json: text, replace: true, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.entityUpsert, gatedBy: gate) { request, context in
            let text = try await RequestBody.text(from: request, maxBytes: Self.maxBytes)
            return JSONResponse.make(
                try await administration.importEntities(json: text, replace: false, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.entityDelete, gatedBy: gate) { _, context in
            let missing = "Name the entity as /v1/entities/{type}/{id}."
            let type = try context.pathParameter("type", missing: missing)
            let id = try context.pathParameter("id", missing: missing)
            try await administration.deleteEntity(type: type, id: id, tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }

        group.on(.ownerList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: PolicyAdministration.defaultOwnerPageSize)
            let found = try await administration.owners(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(OwnerStatusList(owners: found.items, next: found.next))
        }
        for (route, active) in [(APIRoute.ownerDeactivate, false), (APIRoute.ownerActivate, true)] {
            group.on(route, gatedBy: gate) { request, context in
                let owner = try context.pathParameter("owner", missing: "No owner in the path.")
                let body = try await IdentityRoutes.optionalBody(request, as: OwnerStatusChangeRequest.self, empty: OwnerStatusChangeRequest())
                return JSONResponse.make(
                    try await administration.setOwner(
                        owner, active: active, reason: body.reason, tenant: try tenant(context), by: context.requirePrincipal()))
            }
        }

        group.on(.pepTokenCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreatePEPTokenRequest.self, from: request)
            return JSONResponse.make(
                try await tenancy.createPEPToken(name: body.name, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
    }
}
