public import LanyardModel

/// Who decides a review item: an administrator token (a person when it carries a subject), or a workload acting
/// with its own access token — which the item always refuses (workloads never review access).
public enum ReviewDecider: Sendable, Hashable {
    case admin(Principal)
    /// A workload acting for its identity (`idn_…`).
    case workload(identity: String)

    /// The audit actor: `user:SUBJECT` for a token acting for a person, else `token:tok_…`; `identity:idn_…` for a
    /// workload.
    public var actor: String {
        switch self {
        case .admin(let principal): AccessActor.person(principal)
        case .workload(let identity): AccessActor.workload(identity)
        }
    }
}
