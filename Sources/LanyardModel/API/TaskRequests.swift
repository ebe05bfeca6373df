public import Foundation

/// `POST /t/{tenant}/v1/tasks`.
public struct OpenTaskRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// What the task is for (required, at most 512 characters).
    public var intent: String
    /// Longest life, seconds or a span such as `30m`; capped at 24 h and by the identity's expiry. Default 1 h.
    public var maxDuration: String?
    /// The identity the task is for: required with an administrator token, must be the caller's with an access token.
    public var identity: String?
    public static let allowedFields: Set<String> = ["intent", "maxDuration", "identity"]
    public init(intent: String, maxDuration: String? = nil, identity: String? = nil) {
        self.intent = intent
        self.maxDuration = maxDuration
        self.identity = identity
    }
}

/// A task as the API shows it.
public struct TaskView: Sendable, Hashable, Codable {
    public var id: String
    public var identity: String
    public var intent: String
    public var openedAt: Date
    public var expiresAt: Date
    public var endedAt: Date?
    public var status: WorkloadTask.Status

    public init(_ task: WorkloadTask, now: Date) {
        id = task.id
        identity = task.identity
        intent = task.intent
        openedAt = task.openedAt
        expiresAt = task.expiresAt
        endedAt = task.endedAt
        status = task.status(at: now)
    }
}
