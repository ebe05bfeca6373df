import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel

/// The `client_credentials` rules for a new access token of an identity, shared by client credentials and OIDC
/// federation: scopes within the identity's template (one that needs an approval only while a live entitlement
/// unlocks it), the audience within its
/// destinations (or Lanyard itself; an MCP server behind the gateway only when registered and asked for with the
/// `mcp` scope, `AccessTokenRules+MCPGateway`), the lifetime capped by the template, the identity's remaining life and — when
/// bound — the task, and a DPoP binding when a proof came or the template requires one.
struct AccessTokenRules: Sendable {
    let tasks: TaskService
    let dpop: DPoPProofs
    /// Where the owner's directory groups are read, for scopes a template grants through a group.
    let state: TenantState

    /// Largest number of scopes in one request.
    static let maxScopes = 32

    /// The template of a token for `client` (authenticated, active) as `request` asks, issued at `now` by the
    /// tenant whose issuer is `urls`; recorded as `credential.issue` unless the grant says otherwise.
    ///
    /// - Throws: ``OAuthError`` for a scope, audience, lifetime, task or DPoP rule the request breaks.
    func accessToken(
        for request: TokenRequest, client: AuthenticatedClient, proof: VerifiedDPoPProof?, tenant: String, urls: IssuerURLs, now: Date
    ) async throws -> CredentialTemplate<AccessTokenForm> {
        let identity = client.identity
        let (scopes, approvedUntil) = try await grantedScopes(request.scope, identity: identity, template: client.template, tenant: tenant)
        let audience = try Self.audience(request.audience, identity: identity, issuer: urls.issuer)
        try await checkGatewayAudience(audience, scopes: scopes, tenant: tenant, issuer: urls.issuer)
        var lifetime = try Self.lifetime(request.ttl, template: client.template, identity: identity, now: now)
        if let approvedUntil {
            lifetime = min(lifetime, Int64(approvedUntil.timeIntervalSince(now).rounded(.down)))
            guard lifetime >= 1 else { throw OAuthError(.invalidScope, "The entitlement that unlocks these scopes ends now.") }
        }
        var boundTask: String?
        if let taskID = request.task {
            let task = try await tasks.bindableTask(taskID, tenant: tenant, identity: identity.id, now: now)
            boundTask = task.id
            lifetime = min(lifetime, Int64(task.expiresAt.timeIntervalSince(now).rounded(.down)))
            guard lifetime >= 1 else { throw OAuthError(.invalidRequest, "Task \(task.id) ends now; open a new task.") }
        }
        let confirmation = try await dpop.confirmation(for: proof, template: client.template, tenant: tenant)
        let form = AccessTokenForm(issuer: urls.issuer, scopes: scopes, audience: audience, task: boundTask, confirmation: confirmation)
        return CredentialTemplate(tenant: tenant, identity: identity, issuedAt: now, lifetime: lifetime, form: form, assertion: client.assertion)
    }

    /// The requested scopes, each allowed by the template — to every identity, or through a directory group the
    /// identity's owner is in (read only when such a scope is asked for) — and none needing an approval, duplicates
    /// dropped; a scope that needs an approval only while a live entitlement of the identity unlocks it.
    /// Returns them with the earliest end of the entitlements that unlocked approval scopes (the token lives no longer).
    func grantedScopes(_ requested: String?, identity: Identity, template: IdentityTemplate, tenant: String) async throws
        -> (scopes: [String], approvedUntil: Date?)
    {
        let scopes = (requested ?? "").split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !scopes.isEmpty else { throw OAuthError(.invalidScope, "Ask for at least one scope; credentials are narrowly scoped.") }
        guard scopes.count <= Self.maxScopes else { throw OAuthError(.invalidScope, "At most \(Self.maxScopes) scopes per token.") }
        var unique: [String] = []
        var ownerGroups: Set<String>?
        var approvedUntil: Date?
        for scope in scopes where !unique.contains(scope) {
            if !template.allows(scope: scope) {
                let granting = template.groups(granting: scope)
                guard !granting.isEmpty else {
                    throw OAuthError(.invalidScope, "Scope '\(scope.prefix(64))' is not allowed by template '\(template.name)'.")
                }
                let groups: Set<String>
                if let known = ownerGroups {
                    groups = known
                } else {
                    groups = try await state.ownerGroups(tenant: tenant, owner: identity.owner)
                    ownerGroups = groups
                }
                guard template.allows(scope: scope, ownerGroups: groups) else {
                    let names = granting.prefix(4).map { "'\($0.prefix(64))'" }.joined(separator: ", ")
                    throw OAuthError(
                        .invalidScope,
                        "Scope '\(scope.prefix(64))' is granted by template '\(template.name)' only while the owner is an active member of \(names); '\(identity.owner.prefix(64))' is not."
                    )
                }
            }
            if template.needsApproval(scope: scope) {
                guard let unlocking = try await state.entitlement(unlocking: scope, for: identity, tenant: tenant) else {
                    throw OAuthError(
                        .invalidScope, "Scope '\(scope.prefix(64))' needs an approval first: no live entitlement of this identity unlocks it.")
                }
                approvedUntil = min(approvedUntil ?? unlocking.expiresAt, unlocking.expiresAt)
            }
            unique.append(scope)
        }
        return (unique, approvedUntil)
    }

    /// The requested audience (default: the identity's first destination, else Lanyard itself).
    static func audience(_ requested: String?, identity: Identity, issuer: String) throws -> String {
        guard let requested else { return identity.allowedDestinations.first ?? issuer }
        guard !requested.isEmpty, requested.utf8.count <= 256 else { throw OAuthError(.invalidTarget, "The audience must be 1–256 characters.") }
        // The issuer, Lanyard's own audience (``TokenVerifier/ownAudience(_:)``), is never an outside destination: an
        // identity bounded to destinations may still ask for a token for Lanyard's SVID and task endpoints, which
        // accept no other.
        guard identity.allowedDestinations.isEmpty || identity.allowedDestinations.contains(requested) || requested == issuer else {
            throw OAuthError(.invalidTarget, "Audience '\(requested.prefix(64))' is outside this identity's allowed destinations.")
        }
        return requested
    }

    /// The requested lifetime (default: the template's), capped by the template's maximum and the identity's
    /// remaining life.
    static func lifetime(_ requested: String?, template: IdentityTemplate, identity: Identity, now: Date) throws -> Int64 {
        var ttl = template.tokenTTL.seconds
        if let requested {
            let span: TimeSpan
            if let seconds = Int64(requested), let value = TimeSpan(seconds: seconds) {
                span = value
            } else if let value = try? TimeSpan(parsing: requested, field: "ttl") {
                span = value
            } else {
                throw OAuthError(.invalidRequest, "ttl must be a number of seconds or a span such as 5m.")
            }
            ttl = span.seconds
        }
        let remaining = Int64(identity.expiresAt.timeIntervalSince(now).rounded(.down))
        let lifetime = min(ttl, template.maxTokenTTL.seconds, remaining)
        guard lifetime >= 1 else { throw OAuthError(.unauthorizedClient, "The identity expires now and gets no credentials.") }
        return lifetime
    }
}
