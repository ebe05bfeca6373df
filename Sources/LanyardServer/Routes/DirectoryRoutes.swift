import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// The admin API's read of the SCIM directory: `GET /t/{tenant}/v1/users`, `/v1/users/{user}`, `/v1/groups` and
/// `/v1/groups/{group}`. A server without a directory (`ServerDependencies.directory` nil) answers them with
/// `not_found`.
struct DirectoryRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        group.on(.userList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: 100)
            let active = try Self.active(request)
            return JSONResponse.make(
                try await dependencies.requireDirectory().users(tenant: try tenant(context), active: active, page: page, by: context.requirePrincipal()))
        }
        group.on(.userRead, gatedBy: gate) { _, context in
            let user = try context.pathParameter("user", missing: "No person in the path.")
            return JSONResponse.make(try await dependencies.requireDirectory().user(user, tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.groupList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: 100)
            return JSONResponse.make(try await dependencies.requireDirectory().groups(tenant: try tenant(context), page: page, by: context.requirePrincipal()))
        }
        group.on(.groupRead, gatedBy: gate) { _, context in
            let name = try context.pathParameter("group", missing: "No group in the path.")
            return JSONResponse.make(try await dependencies.requireDirectory().group(name, tenant: try tenant(context), by: context.requirePrincipal()))
        }
    }

    /// `?active=true|false`; absent: everyone.
    /// - Throws: `invalid_field` (`active`) for any other value.
    static func active(_ request: Request) throws -> Bool? {
        switch request.uri.queryParameters.get("active") {
        case nil: nil
        case "true": true
        case "false": false
        default: throw LanyardError.invalid("active", "active must be true or false.")
        }
    }
}
