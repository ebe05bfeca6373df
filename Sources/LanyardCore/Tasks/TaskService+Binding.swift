import Foundation
import LanyardAPI
import LanyardModel

/// Binding a new access token to a task: the token carries the task's id and never outlives it.
extension TaskService {
    /// The open task `id` of `identity`, for binding a credential to it.
    func bindableTask(_ id: String, tenant: String, identity: String, now: Date) async throws -> WorkloadTask {
        guard id.utf8.count <= 64, id.hasPrefix("tsk_") else { throw OAuthError(.invalidRequest, "task must be a task id (tsk_…).") }
        guard let task = try await store.read({ try await $0.task(tenant: tenant, id: id) }), task.identity == identity else {
            throw OAuthError(.invalidRequest, "There is no task '\(id)' of this client.")
        }
        guard task.status(at: now) == .open else {
            throw OAuthError(.invalidRequest, "Task \(id) is \(task.status(at: now).rawValue); open a new task.")
        }
        return task
    }
}
