public import Foundation
public import LanyardCredentials
public import LanyardModel
public import Logging

/// Delivers the webhook outbox: a ``LeaderJob`` that leases due deliveries, signs each attempt per Standard Webhooks,
/// POSTs it through a ``WebhookTransport`` (a few at once), and records the outcome — `delivered` on a 2xx, else a
/// retry per ``WebhookRetryPolicy`` or, once its window is over, `dead`.
///
/// Delivery is at least once: a node that dies between sending and recording sends again after the lease runs out,
/// with the same `webhook-id`, so receivers dedupe on it. ``deliverDue()`` is what tests call with an injected clock.
public struct WebhookDispatcher: LeaderJob {
    /// How the dispatcher paces itself.
    public struct Settings: Sendable, Hashable {
        /// How long one POST may take.
        public var timeout: Duration
        /// How many POSTs are in flight at once.
        public var concurrency: Int
        /// How many deliveries one claim leases.
        public var batchSize: Int
        public var retry: WebhookRetryPolicy

        public init(timeout: Duration = .seconds(10), concurrency: Int = 8, batchSize: Int = 64, retry: WebhookRetryPolicy = .standard) {
            self.timeout = timeout
            self.concurrency = max(1, concurrency)
            self.batchSize = max(1, batchSize)
            self.retry = retry
        }
    }

    let store: any LanyardStore
    let kek: KeyEncryptionKey
    let transport: any WebhookTransport
    let clock: any WallClock
    let random: any RandomSource
    public let interval: Duration
    let settings: Settings
    let logger: Logger

    public var name: String { "webhook-dispatch" }

    /// The most error text kept per attempt.
    static let errorLength = 256
    /// Claims per pass at most, so that one pass ends even while events keep coming.
    static let claimsPerPass = 16

    public init(
        store: any LanyardStore, kek: KeyEncryptionKey, transport: any WebhookTransport, clock: any WallClock, random: any RandomSource,
        interval: Duration, settings: Settings = Settings(), logger: Logger
    ) {
        self.store = store
        self.kek = kek
        self.transport = transport
        self.clock = clock
        self.random = random
        self.interval = interval
        self.settings = settings
        self.logger = logger
    }

    /// Delivers what is due, a batch at a time, until nothing is due (or ``claimsPerPass`` batches went out).
    public func runPass() async throws {
        for _ in 0..<Self.claimsPerPass {
            let count = try await deliverDue()
            if count < settings.batchSize { return }
        }
    }

    /// Leases one batch of due deliveries, attempts each, and records the outcomes. Returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = clock.now()
        let leaseSeconds = settings.timeout.components.seconds + 60
        let lease = now.addingTimeInterval(TimeInterval(leaseSeconds))
        let limit = settings.batchSize
        let claimed = try await store.write { try await $0.claimDueWebhookDeliveries(at: now, leaseUntil: lease, limit: limit) }
        guard !claimed.isEmpty else { return 0 }
        let endpoints = try await store.read { session in
            var found: [String: WebhookEndpoint] = [:]
            for tenant in Set(claimed.map(\.tenant)) {
                for endpoint in try await session.webhookEndpoints(tenant: tenant) { found["\(tenant)/\(endpoint.id)"] = endpoint }
            }
            return found
        }
        let outcomes = await attemptAll(claimed, endpoints: endpoints)
        try await store.write { session in
            for (delivery, attempt) in outcomes {
                _ = try await session.recordWebhookAttempt(tenant: delivery.tenant, id: delivery.id, attempt)
            }
        }
        for (delivery, attempt) in outcomes where attempt.result == .dead {
            logger.warning(
                "webhook delivery is dead", metadata: ["tenant": "\(delivery.tenant)", "delivery": "\(delivery.id)", "endpoint": "\(delivery.endpointID)"])
        }
        return claimed.count
    }

    /// Attempts every delivery, at most ``Settings/concurrency`` at once.
    private func attemptAll(_ deliveries: [WebhookDelivery], endpoints: [String: WebhookEndpoint]) async -> [(WebhookDelivery, WebhookAttempt)] {
        await withTaskGroup(of: (WebhookDelivery, WebhookAttempt).self) { group in
            var results: [(WebhookDelivery, WebhookAttempt)] = []
            var queue = deliveries[...]
            func startNext() {
                guard let delivery = queue.popFirst() else { return }
                let endpoint = endpoints["\(delivery.tenant)/\(delivery.endpointID)"]
                group.addTask { (delivery, await attempt(delivery, endpoint: endpoint)) }
            }
            for _ in 0..<settings.concurrency { startNext() }
            while let result = await group.next() {
                results.append(result)
                startNext()
            }
            return results
        }
    }

    /// One signed POST of `delivery` to `endpoint`, and what it leaves the delivery as.
    func attempt(_ delivery: WebhookDelivery, endpoint: WebhookEndpoint?) async -> WebhookAttempt {
        let started = clock.now()
        guard let endpoint else {
            return WebhookAttempt(at: started, httpStatus: nil, error: "endpoint deleted", result: .dead)
        }
        var status: Int?
        var failure: String?
        do {
            var keys = [try kek.open(endpoint.sealedSecret, context: endpoint.sealContext)]
            if let previous = endpoint.previousSealedSecret, let until = endpoint.previousSecretExpiresAt, started < until {
                keys.append(try kek.open(previous, context: endpoint.sealContext))
            }
            let timestamp = Int64(started.timeIntervalSince1970)
            let request = WebhookRequest(
                url: endpoint.url, headers: WebhookSignature.headers(for: delivery, timestamp: timestamp, keys: keys), body: delivery.payload)
            let answer = try await transport.post(request, timeout: settings.timeout)
            status = answer
            if (200...299).contains(answer) {
                return WebhookAttempt(at: started, httpStatus: answer, error: nil, result: .delivered)
            }
            failure = "HTTP \(answer)"
        } catch {
            failure = String(String(describing: error).prefix(Self.errorLength))
        }
        let now = clock.now()
        let attempts = delivery.attempts + 1
        guard let next = settings.retry.nextAttempt(afterAttempts: attempts, startedAt: delivery.scheduledAt, now: now, random: random) else {
            return WebhookAttempt(at: started, httpStatus: status, error: failure, result: .dead)
        }
        return WebhookAttempt(at: started, httpStatus: status, error: failure, result: .retry(at: next))
    }
}
