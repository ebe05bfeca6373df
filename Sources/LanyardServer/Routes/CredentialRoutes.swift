import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardCredentials

/// Admin routes for credentials and signing keys: `/t/{tenant}/v1/credentials…` and `/t/{tenant}/v1/keys…`.
struct CredentialRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let credentials = dependencies.credentials.records
        group.on(.credentialList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: CredentialRecords.defaultPageSize)
            let records = try await credentials.list(
                tenant: try tenant(context), identity: request.uri.queryParameters.get("identity"), page: page, by: context.requirePrincipal())
            return JSONResponse.make(CredentialList(credentials: records.items, next: records.next))
        }
        group.on(.credentialRevoke, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RevokeCredentialsRequest.self, from: request)
            let tenant = try tenant(context)
            let principal = try context.requirePrincipal()
            let given = [body.token, body.jti, body.identity, body.owner].compactMap { $0 }
            guard given.count == 1 else {
                throw LanyardError(.invalidRequest, "Name exactly one of token, jti, identity or owner.")
            }
            let target: RevocationTarget
            if let token = body.token {
                guard let claims = await dependencies.keys.ring.verifySignature(token, tenant: tenant) else {
                    throw LanyardError.invalid("token", "This is not an access token of tenant '\(tenant)'.")
                }
                target = .credential(jti: claims.jti)
            } else if let jti = body.jti {
                target = .credential(jti: jti)
            } else if let identity = body.identity {
                let found = try await dependencies.inventory.find(identity, tenant: tenant, by: principal)
                target = .identity(id: found.id)
            } else {
                target = .owner(body.owner ?? "")
            }
            let count = try await credentials.revoke(target, tenant: tenant, reason: body.reason, by: principal)
            return JSONResponse.make(RevocationResult(revoked: count))
        }
        group.on(.keyList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: KeyManagement.defaultPageSize)
            let found = try await dependencies.keys.list(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(SigningKeyList(keys: found.items.map(Self.view), next: found.next))
        }
        group.on(.keyRotate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(RotateKeysRequest.self, from: request)
            let algorithm = try body.algorithm.map { try SigningAlgorithm.parse($0, field: "algorithm") }
            let keys = try await dependencies.keys.rotate(tenant: try tenant(context), algorithm: algorithm, by: context.requirePrincipal())
            return JSONResponse.make(SigningKeyList(keys: keys.map(Self.view)))
        }
    }

    static func view(_ record: SigningKeyRecord) -> SigningKeyView {
        SigningKeyView(
            kid: record.kid, algorithm: record.algorithm.rawValue, state: record.state.rawValue, createdAt: record.createdAt,
            publishUntil: record.publishUntil)
    }
}
