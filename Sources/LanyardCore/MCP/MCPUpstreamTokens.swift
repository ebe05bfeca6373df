import Foundation
public import LanyardAPI
import LanyardAudit
import LanyardCredentials
public import LanyardModel
import Synchronization

/// The tokens the MCP gateway presents upstream: never the agent's own (no token passthrough), but one minted by
/// Lanyard for that upstream — `aud` the upstream's URL, `sub` the agent's identity, `act` the gateway resource acting
/// for it (RFC 8693), scope `mcp`, bound to the agent token (`parent_jti`: revoking the agent's token revokes it) and to
/// its task, and living at most ``maxLifetime`` and never past the agent's token.
///
/// Each is issued like every credential (signed, checked, recorded with an audit event before use) and reused for the
/// same agent token and upstream until ``renewBefore`` its expiry, so a burst of calls costs one issuance.
public final class MCPUpstreamTokens: Sendable {
    /// The longest an upstream token lives.
    public static let maxLifetime: Int64 = 300
    /// A token this close to its expiry is not handed out again.
    static let renewBefore: TimeInterval = 30
    /// Tokens kept at most (oldest dropped first when full).
    static let maxCached = 10_000

    let issuer: Issuer
    let state: TenantState
    let clock: any WallClock
    private let cache = Mutex<[String: (token: String, expiresAt: Date)]>([:])

    init(issuer: Issuer, state: TenantState, clock: any WallClock) {
        self.issuer = issuer
        self.state = state
        self.clock = clock
    }

    /// A token for `upstream` on behalf of the agent whose active token was introspected as `agent`.
    /// - Throws: `forbidden` when the agent's identity is no longer active; `unavailable` storage errors. The caller
    ///   refuses the call then: nothing reaches the upstream without its own token.
    public func token(for agent: IntrospectionResponse, upstream: String, gateway: String, tenant: String, urls: IssuerURLs) async throws -> String {
        guard let subject = agent.sub, let parent = agent.jti, let agentExpiry = agent.exp else {
            throw LanyardError(.forbidden, "The agent's token has no subject, id or expiry; no upstream token is minted for it.")
        }
        let key = "\(tenant)\u{0}\(parent)\u{0}\(upstream)"
        let now = clock.now()
        if let cached = cache.withLock({ $0[key] }), cached.expiresAt.timeIntervalSince(now) > Self.renewBefore { return cached.token }
        guard let identity = try await state.identity(tenant: tenant, id: subject), identity.status == .active, identity.expiresAt > now else {
            throw LanyardError(.forbidden, "Identity \(subject.prefix(64)) is not active; no upstream token is minted for it.")
        }
        let remaining = agentExpiry - Int64(now.timeIntervalSince1970.rounded(.down))
        let lifetime = min(Self.maxLifetime, remaining)
        guard lifetime >= 1 else { throw LanyardError(.forbidden, "The agent's token ends now; no upstream token is minted for it.") }
        let form = AccessTokenForm(
            issuer: urls.issuer, scopes: [MCPGatewayResource.scope], audience: upstream, task: agent.task,
            actor: ActorClaim(sub: gateway, act: agent.act), parentJTI: parent, confirmation: nil)
        let template = CredentialTemplate(
            tenant: tenant, identity: identity, issuedAt: now, lifetime: lifetime, form: form, assertion: nil, action: .credentialExchange,
            details: ["via": "mcp-gateway", "gateway": gateway])
        let issued = try await issuer.issue(template)
        let expiresAt = issued.record.expiresAt
        cache.withLock { entries in
            if entries.count >= Self.maxCached {
                for stale in entries.filter({ $0.value.expiresAt.timeIntervalSince(now) <= Self.renewBefore }).map(\.key) { entries[stale] = nil }
                if entries.count >= Self.maxCached { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = (issued.signed.token, expiresAt)
        }
        return issued.signed.token
    }
}
