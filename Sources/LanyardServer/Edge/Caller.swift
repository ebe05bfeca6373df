public import LanyardModel

/// Who is calling, established once per request by the authenticators of ``CallerAuthenticationMiddleware``.
public enum Caller: Sendable, Hashable {
    /// An administrator token: a role in a tenant (or the platform), perhaps acting for a person.
    case administrator(Principal)
    /// A workload's access token of `tenant`, naming its identity. Never authorizes an admin operation; it is
    /// recognised on admin routes only so the refusal can say so and be audited.
    case workload(identity: String, tenant: String)

    /// The actor written in audit events.
    public var actor: String {
        switch self {
        case .administrator(let principal): principal.actor
        case .workload(let identity, _): "identity:\(identity)"
        }
    }
}
