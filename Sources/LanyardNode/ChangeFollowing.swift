import LanyardCore
import LanyardStorage
import ServiceLifecycle

/// The node's ``ChangeFollower`` as a service: other nodes' changes reach this node's ``TenantState`` until shutdown.
struct ChangeFollowing: Service {
    let follower: ChangeFollower
    let state: TenantState

    func run() async throws {
        let state = self.state
        await cancelWhenGracefulShutdown {
            await follower.run { try await state.resync() }
        }
    }
}
