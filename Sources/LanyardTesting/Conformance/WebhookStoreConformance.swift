import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``WebhookStore``: endpoints per tenant, the delivery outbox, leases, attempts and redelivery.
struct WebhookStoreConformance {
    let view: CapabilityView<any WebhookStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await endpoints()
        try await deliveries()
        try await leasesAndAttempts()
        try await disabling()
        try await rotation()
        try await deletionKillsPending()
    }

    static func endpoint(_ id: String, tenant: String = "t1", types: [String] = [], at: Date) -> WebhookEndpoint {
        WebhookEndpoint(
            id: id, tenant: tenant, url: "https://hooks.\(tenant).test/\(id)", eventTypes: types, sealedSecret: [1, 2, 3, 0, 255],
            description: "endpoint \(id)", createdAt: at, createdBy: "admin:test")
    }

    static func delivery(_ id: String, endpoint: String, tenant: String = "t1", at: Date, due: Date? = nil) -> WebhookDelivery {
        WebhookDelivery(
            id: id, tenant: tenant, endpointID: endpoint, eventType: "identity.suspended",
            payload: Array(#"{"data":{"n":"\#(id) é"},"type":"identity.suspended"}"#.utf8), nextAttemptAt: due ?? at, createdAt: at)
    }

    /// Endpoints round-trip exactly (sealed bytes, filter, flag), list oldest first per tenant, and a taken id is
    /// `already_exists`.
    func endpoints() async throws {
        let now = now
        let first = Self.endpoint("whk_a", types: ["identity.suspended", "webhook.test"], at: now.addingTimeInterval(-10))
        let second = {
            var endpoint = Self.endpoint("whk_b", at: now)
            endpoint.disabled = true
            return endpoint
        }()
        try await view.write { store in
            try await store.insertWebhookEndpoint(second)
            try await store.insertWebhookEndpoint(first)
            try await store.insertWebhookEndpoint(Self.endpoint("whk_c", tenant: "t2", at: now))
        }
        try await view.read { (store: any WebhookStore) async throws -> Void in
            #expect(try await store.webhookEndpoint(tenant: "t1", id: "whk_a") == first)
            #expect(try await store.webhookEndpoint(tenant: "t1", id: "whk_b") == second)
            #expect(try await store.webhookEndpoint(tenant: "t2", id: "whk_a") == nil, "tenants are apart")
            #expect(try await store.webhookEndpoints(tenant: "t1").map(\.id) == ["whk_a", "whk_b"])
            #expect(try await store.webhookEndpoints(tenant: "t2").map(\.id) == ["whk_c"])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertWebhookEndpoint(Self.endpoint("whk_a", at: now)) }
        }
        #expect(try await view.read { try await $0.webhookEndpoint(tenant: "t1", id: "whk_a") } == first, "a refused insert changes nothing")
    }

    /// Deliveries round-trip byte for byte, list newest first per tenant, narrow by endpoint and status, and a
    /// batch with a taken id is refused whole.
    func deliveries() async throws {
        let now = now
        let old = Self.delivery("msg_1", endpoint: "whk_a", at: now.addingTimeInterval(-60))
        let new = Self.delivery("msg_2", endpoint: "whk_b", at: now.addingTimeInterval(-30))
        try await view.write { try await $0.insertWebhookDeliveries([old, new, Self.delivery("msg_9", endpoint: "whk_c", tenant: "t2", at: now)]) }
        try await view.read { (store: any WebhookStore) async throws -> Void in
            #expect(try await store.webhookDelivery(tenant: "t1", id: "msg_1") == old)
            #expect(try await store.webhookDelivery(tenant: "t2", id: "msg_1") == nil, "tenants are apart")
            #expect(try await store.webhookDeliveries(tenant: "t1", endpointID: nil, status: nil, limit: 10).map(\.id) == ["msg_2", "msg_1"])
            #expect(try await store.webhookDeliveries(tenant: "t1", endpointID: "whk_a", status: nil, limit: 10).map(\.id) == ["msg_1"])
            #expect(try await store.webhookDeliveries(tenant: "t1", endpointID: nil, status: .dead, limit: 10).isEmpty)
            #expect(try await store.webhookDeliveries(tenant: "t1", endpointID: nil, status: nil, limit: 1).map(\.id) == ["msg_2"])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write {
                try await $0.insertWebhookDeliveries([Self.delivery("msg_3", endpoint: "whk_a", at: now), Self.delivery("msg_1", endpoint: "whk_a", at: now)])
            }
        }
        #expect(try await view.read { try await $0.webhookDelivery(tenant: "t1", id: "msg_3") } == nil, "a refused batch leaves nothing")
    }

    /// A claim leases only due, pending deliveries whose endpoint exists, oldest due first, and hides them until the
    /// lease ends; an attempt is recorded once, only on a pending delivery; a redelivery resets a finished one.
    func leasesAndAttempts() async throws {
        let now = now
        let later = Self.delivery("msg_4", endpoint: "whk_a", at: now, due: now.addingTimeInterval(600))
        let orphan = Self.delivery("msg_5", endpoint: "whk_gone", at: now)
        try await view.write { try await $0.insertWebhookDeliveries([later, orphan]) }
        let lease = now.addingTimeInterval(70)
        let claimed = try await view.write { try await $0.claimDueWebhookDeliveries(at: now, leaseUntil: lease, limit: 10) }
        #expect(
            claimed.map(\.id) == ["msg_1", "msg_9"], "due and pending, oldest due first, endpoint present and enabled (not whk_b), every tenant")
        #expect(try await view.write { try await $0.claimDueWebhookDeliveries(at: now, leaseUntil: lease, limit: 10) }.isEmpty, "leased")
        #expect(try await view.read { try await $0.webhookDelivery(tenant: "t1", id: "msg_1") }?.nextAttemptAt == lease)
        #expect(try await view.write { try await $0.claimDueWebhookDeliveries(at: lease, leaseUntil: lease, limit: 1) }.map(\.id) == ["msg_1"])

        let delivered = WebhookAttempt(at: now, httpStatus: 204, error: nil, result: .delivered)
        #expect(try await view.write { try await $0.recordWebhookAttempt(tenant: "t1", id: "msg_1", delivered) })
        #expect(try await view.write { try await $0.recordWebhookAttempt(tenant: "t1", id: "msg_1", delivered) } == false, "only pending")
        #expect(try await view.write { try await $0.recordWebhookAttempt(tenant: "t2", id: "msg_2", delivered) } == false, "tenants are apart")
        let retry = now.addingTimeInterval(30)
        let failed = WebhookAttempt(at: now, httpStatus: 503, error: "HTTP 503", result: .retry(at: retry))
        #expect(try await view.write { try await $0.recordWebhookAttempt(tenant: "t1", id: "msg_2", failed) })
        var one = Self.delivery("msg_1", endpoint: "whk_a", at: now.addingTimeInterval(-60))
        one.status = .delivered
        one.attempts = 1
        one.nextAttemptAt = lease
        one.lastAttemptAt = now
        one.lastHTTPStatus = 204
        one.deliveredAt = now
        var two = Self.delivery("msg_2", endpoint: "whk_b", at: now.addingTimeInterval(-30))
        two.attempts = 1
        two.nextAttemptAt = retry
        two.lastAttemptAt = now
        two.lastHTTPStatus = 503
        two.lastError = "HTTP 503"
        let expected = (one, two)
        try await view.read { (store: any WebhookStore) async throws -> Void in
            #expect(try await store.webhookDelivery(tenant: "t1", id: "msg_1") == expected.0)
            #expect(try await store.webhookDelivery(tenant: "t1", id: "msg_2") == expected.1)
        }
        let dead = WebhookAttempt(at: retry, httpStatus: nil, error: "connection refused", result: .dead)
        #expect(try await view.write { try await $0.recordWebhookAttempt(tenant: "t1", id: "msg_2", dead) })
        #expect(try await view.read { try await $0.webhookDelivery(tenant: "t1", id: "msg_2") }?.status == .dead)

        #expect(try await view.write { try await $0.requeueWebhookDelivery(tenant: "t1", id: "msg_4", at: now) } == nil, "pending is not requeued")
        let again = try await view.write { try await $0.requeueWebhookDelivery(tenant: "t1", id: "msg_2", at: retry) }
        var requeued = two
        requeued.status = .pending
        requeued.attempts = 0
        requeued.nextAttemptAt = retry
        requeued.scheduledAt = retry
        requeued.lastAttemptAt = retry
        requeued.lastHTTPStatus = nil
        requeued.lastError = "connection refused"
        #expect(again == requeued, "pending again, attempts reset, a fresh schedule; the id, payload and last attempt kept")
        let redelivered = try await view.write { try await $0.requeueWebhookDelivery(tenant: "t1", id: "msg_1", at: retry) }
        #expect(redelivered?.status == .pending)
        #expect(redelivered?.deliveredAt == nil)
        #expect(try await view.write { try await $0.requeueWebhookDelivery(tenant: "t2", id: "msg_1", at: retry) } == nil, "tenants are apart")
    }

    /// Disabling and enabling change the flag once each (conditional), only in the endpoint's tenant; a disabled
    /// endpoint's due deliveries are not leased until it is enabled.
    func disabling() async throws {
        let now = now
        #expect(try await view.write { try await $0.setWebhookEndpointDisabled(tenant: "t1", id: "whk_b", disabled: true) } == false, "already")
        #expect(try await view.write { try await $0.setWebhookEndpointDisabled(tenant: "t2", id: "whk_b", disabled: false) } == false, "tenants")
        #expect(try await view.write { try await $0.setWebhookEndpointDisabled(tenant: "t1", id: "whk_none", disabled: true) } == false)
        let waiting = Self.delivery("msg_6", endpoint: "whk_b", at: now)
        try await view.write { try await $0.insertWebhookDeliveries([waiting]) }
        let later = now.addingTimeInterval(3600)
        #expect(try await view.write { try await $0.claimDueWebhookDeliveries(at: later, leaseUntil: later, limit: 10) }.map(\.id).contains("msg_6") == false)
        #expect(try await view.write { try await $0.setWebhookEndpointDisabled(tenant: "t1", id: "whk_b", disabled: false) })
        #expect(try await view.read { try await $0.webhookEndpoint(tenant: "t1", id: "whk_b") }?.disabled == false)
        #expect(try await view.write { try await $0.claimDueWebhookDeliveries(at: later, leaseUntil: later, limit: 10) }.map(\.id).contains("msg_6"))
        #expect(try await view.write { try await $0.setWebhookEndpointDisabled(tenant: "t1", id: "whk_b", disabled: true) })
        #expect(try await view.read { try await $0.webhookEndpoint(tenant: "t1", id: "whk_b") }?.disabled == true)
    }

    /// A rotation replaces the secret and keeps the previous one with its end, only from the secret it was read with
    /// (compare-and-set), only in the endpoint's tenant.
    func rotation() async throws {
        let now = now
        let until = now.addingTimeInterval(86_400)
        let before = try #require(try await view.read { try await $0.webhookEndpoint(tenant: "t1", id: "whk_b") })
        #expect(before.previousSealedSecret == nil && before.previousSecretExpiresAt == nil)
        let old = before.sealedSecret
        @Sendable func rotate(_ tenant: String, to new: [UInt8], from previous: [UInt8]) async throws -> Bool {
            try await view.write {
                try await $0.rotateWebhookSecret(tenant: tenant, id: "whk_b", sealedSecret: new, previous: previous, previousExpiresAt: until)
            }
        }
        #expect(try await rotate("t2", to: [9], from: old) == false, "tenants are apart")
        #expect(try await rotate("t1", to: [9], from: [7]) == false, "not the stored secret")
        #expect(try await rotate("t1", to: [9, 8], from: old))
        var expected = before
        expected.sealedSecret = [9, 8]
        expected.previousSealedSecret = old
        expected.previousSecretExpiresAt = until
        let rotated = expected
        #expect(try await view.read { try await $0.webhookEndpoint(tenant: "t1", id: "whk_b") } == rotated)
        #expect(try await rotate("t1", to: [1], from: old) == false, "a stale rotation changes nothing")
    }

    /// Deleting an endpoint returns it, kills its pending deliveries and keeps its log; deleting twice finds nothing.
    func deletionKillsPending() async throws {
        let now = now
        let deleted = try await view.write { try await $0.deleteWebhookEndpoint(tenant: "t1", id: "whk_a", at: now) }
        #expect(deleted?.id == "whk_a")
        #expect(try await view.write { try await $0.deleteWebhookEndpoint(tenant: "t1", id: "whk_a", at: now) } == nil)
        try await view.read { (store: any WebhookStore) async throws -> Void in
            #expect(try await store.webhookEndpoints(tenant: "t1").map(\.id) == ["whk_b"])
            let four = try await store.webhookDelivery(tenant: "t1", id: "msg_4")
            #expect(four?.status == .dead)
            #expect(four?.lastError == "endpoint deleted")
            #expect(try await store.webhookDelivery(tenant: "t1", id: "msg_2")?.status == .pending, "other endpoints' deliveries stay")
        }
    }
}
