import LanyardAPI
public import LanyardModel

/// Who is calling the task API: a workload (by its access token) acting for its own identity, or an
/// administrator of the tenant.
public enum TaskCaller: Sendable, Hashable {
    /// A workload whose access token names `identity`.
    case workload(identity: String)
    /// An administrator token of the tenant.
    case administrator(Principal)

    /// The actor written in audit events.
    public var actor: String {
        switch self {
        case .workload(let identity): "identity:\(identity)"
        case .administrator(let principal): principal.actor
        }
    }

    /// Throws `forbidden` unless the caller may do `action` on tasks of `identity` in `tenant`.
    func requireActs(_ action: AdminAction, for identity: String, tenant: String) throws {
        switch self {
        case .workload(let own):
            guard own == identity else { throw LanyardError(.forbidden, "A workload may act only on its own identity's tasks.") }
        case .administrator(let principal):
            try AdminRoles.require(action, principal, tenant: tenant)
        }
    }
}
