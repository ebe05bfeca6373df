import Foundation
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Synchronization
import Testing

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: WebhookTransport {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    private let state: Mutex<(answers: [Int?], sent: [WebhookRequest])>

    /// `answers` in order (`nil`: no answer, the POST throws); when they run out, 204.
    init(_ answers: [Int?] = []) { state = Mutex((answers, [])) }

    var sent: [WebhookRequest] { state.withLock { $0.sent } }

    func post(_ request: WebhookRequest, timeout: Duration) async throws -> Int {
        let answer: Int? = state.withLock { state in
            state.sent.append(request)
            return state.answers.isEmpty ? 204 : state.answers.removeFirst()
        }
        guard let answer else { throw Failure() }
        return answer
    }
}

@Suite("Webhooks: signing, the outbox, delivery with retries, administration")
struct WebhookTests {
    let env: TestEnvironment
    let random = SeededRandom(seed: 16)

    init() async throws { env = try await TestEnvironment.make() }

    var admin: WebhookAdministration {
        WebhookAdministration(
            store: env.store, audit: env.audit, clock: env.clock, random: random, kek: env.kek, urls: WebhookURLPolicy(allowLoopbackHTTP: true))
    }

    func dispatcher(_ transport: ScriptedTransport, retry: WebhookRetryPolicy = .standard) -> WebhookDispatcher {
        WebhookDispatcher(
            store: env.store, kek: env.kek, transport: transport, clock: env.clock, random: random, interval: .seconds(1),
            settings: .init(timeout: .seconds(2), concurrency: 2, batchSize: 10, retry: retry), logger: Logger(label: "test"))
    }

    func register(_ name: String = "bot") async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: "alice", purpose: "testing"), tenant: "default", by: env.platformAdmin)
    }

    func deliveries(_ tenant: String = "default") async throws -> [WebhookDelivery] {
        try await env.store.read { try await $0.webhookDeliveries(tenant: tenant, endpointID: nil, status: nil, limit: 100) }
    }

    /// The `webhook-signature` a receiver computes from the headers, the body and the `whsec_` secret.
    static func expectedSignature(_ request: WebhookRequest, secret: String) throws -> String {
        let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
        let id = try #require(request.headers["webhook-id"])
        let timestamp = try #require(request.headers["webhook-timestamp"].flatMap { Int64($0) })
        return WebhookSignature.sign(id: id, timestamp: timestamp, body: request.body, key: Array(key))
    }

    @Test("new secrets are Lanyard webhook keys a scanner can attribute; an old plain random key still signs")
    func selfIdentifyingSecrets() {
        let key = WebhookSignature.makeSecret(using: SeededRandom(seed: 7))
        #expect(key.count == 32 && WebhookSecretFormat.isLanyardKey(key))
        #expect(WebhookSecretFormat.isLanyardSecret(WebhookSignature.secretText(key)))
        let old = Array(UInt8(0)..<32)
        #expect(!WebhookSecretFormat.isLanyardKey(old) && WebhookSignature.sign(id: "m", timestamp: 1, body: [1], key: old).hasPrefix("v1,"))
    }

    @Test("the signature is HMAC-SHA256 over id.timestamp.body, as Standard Webhooks pins it")
    func signatureVector() {
        let key = Array(UInt8(0)..<32)
        #expect(WebhookSignature.secretText(key) == "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        let body = Array(#"{"test": 2432232314}"#.utf8)
        #expect(
            WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, key: key)
                == "v1,O4Gjv1HqPqsMrjmczoggs/sWA8gZD0VyHG+fLh4+ktI=")
        var tampered = body
        tampered[2] ^= 1
        #expect(
            WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: tampered, key: key)
                != "v1,O4Gjv1HqPqsMrjmczoggs/sWA8gZD0VyHG+fLh4+ktI=")
    }

    @Test("endpoint URLs: https anywhere; plain http only to loopback and only when allowed; no credentials")
    func urlPolicy() throws {
        let strict = WebhookURLPolicy(allowLoopbackHTTP: false)
        let dev = WebhookURLPolicy(allowLoopbackHTTP: true)
        #expect(try strict.check("https://hooks.example.com/x") == "https://hooks.example.com/x")
        #expect(try dev.check("http://127.0.0.1:9000/hook") == "http://127.0.0.1:9000/hook")
        #expect(try dev.check("http://[::1]:9000/hook") == "http://[::1]:9000/hook")
        for bad in ["http://127.0.0.1:9000/hook", "ftp://example.com", "not a url", "", "https://user:pw@example.com/"] {
            #expect(throws: LanyardError.invalid("url", "")) { try strict.check(bad) }
        }
        for bad in ["http://example.com/hook", "http://127.0.0.1.evil.example/hook", "http://10.0.0.1/", "https://example.com/#frag"] {
            #expect(throws: LanyardError.invalid("url", "")) { try dev.check(bad) }
        }
        #expect(throws: LanyardError.invalid("url", "")) { try strict.check("https://example.com/" + String(repeating: "a", count: 2048)) }
        for address in [
            "https://10.1.2.3/", "https://169.254.169.254/latest", "https://192.168.0.1/", "https://172.20.0.1/", "https://[fd00::1]/", "https://0.0.0.0/",
            "https://[::ffff:10.0.0.1]/",
        ] {
            #expect(throws: LanyardError.invalid("url", ""), "\(address)") { try dev.check(address) }
        }
        #expect(try strict.check("https://172.32.0.1/") == "https://172.32.0.1/", "outside 172.16/12")
    }

    @Test("resolved addresses: private and unspecified refused always, loopback only when allowed, public accepted")
    func resolvedAddresses() throws {
        let strict = WebhookURLPolicy(allowLoopbackHTTP: false)
        let dev = WebhookURLPolicy(allowLoopbackHTTP: true)
        for address in ["10.0.0.5", "192.168.1.1", "172.16.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "fd12::1", "fe80::1", "::", "::ffff:10.0.0.1"] {
            #expect(throws: LanyardError(.forbidden, ""), "\(address)") { try dev.checkResolved(address, host: "hooks.example") }
        }
        for address in ["127.0.0.1", "127.8.9.10", "::1"] {
            #expect(throws: LanyardError(.forbidden, ""), "\(address)") { try strict.checkResolved(address, host: "rebound.example") }
            try dev.checkResolved(address, host: "localhost")
        }
        for address in ["93.184.216.34", "2606:2800:220:1::1", "172.32.0.1"] {
            try strict.checkResolved(address, host: "hooks.example")
        }
    }

    @Test("retries back off exponentially with full jitter inside the cap, and stop when the window is over")
    func retryPolicy() {
        let policy = WebhookRetryPolicy(base: .seconds(4), cap: .seconds(60), window: .seconds(3600))
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        for attempts in 1...12 {
            let ceiling = min(60.0, 4.0 * pow(2.0, Double(attempts - 1)))
            for _ in 0..<20 {
                let next = policy.nextAttempt(afterAttempts: attempts, startedAt: created, now: created, random: random)
                let delay = next.map { $0.timeIntervalSince(created) } ?? -1
                #expect(delay >= 1 && delay <= ceiling, "attempt \(attempts): \(delay)")
            }
        }
        let late = created.addingTimeInterval(3590)
        #expect(policy.nextAttempt(afterAttempts: 30, startedAt: created, now: late, random: random).map { $0 <= created.addingTimeInterval(3600) } == true)
        #expect(policy.nextAttempt(afterAttempts: 31, startedAt: created, now: created.addingTimeInterval(3600), random: random) == nil)
        #expect(policy.nextAttempt(afterAttempts: Int.max, startedAt: created, now: created, random: random) != nil, "no overflow")
    }

    @Test("a lifecycle change queues one delivery per endpoint whose filter takes it, in its own transaction")
    func outbox() async throws {
        let admin = self.admin
        let suspendedOnly = try await admin.add(
            url: "https://hooks.example/a", eventTypes: ["identity.suspended"], description: "a", tenant: "default", by: env.platformAdmin)
        let everything = try await admin.add(url: "https://hooks.example/b", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        let identity = try await register()
        #expect(try await deliveries().map(\.endpointID) == [everything.endpoint.id], "registered: only the catch-all endpoint")
        _ = try await env.inventory.suspend(identity.id, reason: "investigating", tenant: "default", by: env.platformAdmin)
        let suspended = try await deliveries().filter { $0.eventType == "identity.suspended" }
        #expect(Set(suspended.map(\.endpointID)) == [suspendedOnly.endpoint.id, everything.endpoint.id])
        #expect(Set(suspended.map(\.id)).count == 2, "one webhook-id per endpoint")
        let body = try #require(suspended.first?.payload)
        guard case .object(let object) = try JSONValue.parse(utf8: body) else { Issue.record("payload is not an object"); return }
        #expect(object["type"] == .string("identity.suspended"))
        guard case .object(let data)? = object["data"], case .object(let snapshot)? = data["identity"] else {
            Issue.record("no identity in the payload")
            return
        }
        #expect(snapshot["id"] == .string(identity.id) && snapshot["status"] == .string("suspended"))
        let before = try await deliveries().count
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.inventory.suspend(identity.id, reason: nil, tenant: "default", by: env.platformAdmin)
        }
        #expect(try await deliveries().count == before, "a refused change queues nothing")
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        #expect(try await deliveries("other").isEmpty, "tenants are apart")
    }

    @Test("expiry, owner deactivation and administrative revocation each queue their event")
    func otherProducers() async throws {
        let types = ["identity.expired", "owner.deactivated", "credential.revoked"]
        _ = try await admin.add(url: "https://hooks.example/a", eventTypes: types, description: nil, tenant: "default", by: env.platformAdmin)
        let identity = try await register()
        let now = env.clock.now()
        let record = CredentialRecord(
            jti: "jti_1", tenant: "default", identityId: identity.id, owner: "alice", scopes: ["read"], audience: "api", issuedAt: now,
            expiresAt: now.addingTimeInterval(600))
        try await env.store.write { try await $0.insertCredential(record) }
        #expect(try await env.credentials.records.revoke(.identity(id: identity.id), tenant: "default", reason: "leak", by: env.platformAdmin) == 1)
        #expect(try await env.credentials.records.revoke(.identity(id: identity.id), tenant: "default", reason: "again", by: env.platformAdmin) == 0)
        _ = try await env.decisions.administration.setOwner("alice", active: false, reason: "left", tenant: "default", by: env.platformAdmin)
        _ = try await env.decisions.administration.setOwner("alice", active: true, reason: nil, tenant: "default", by: env.platformAdmin)
        env.clock.advance(seconds: 91 * 86_400)
        let sweeper = ExpirySweeper(
            store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(60), logger: Logger(label: "test"), random: random)
        #expect(try await sweeper.sweep() == 1)
        let queued = try await deliveries()
        #expect(queued.map(\.eventType).sorted() == types.sorted(), "one each: no event for a revocation of nothing or a reactivation")
        let revoked = try #require(queued.first { $0.eventType == "credential.revoked" })
        guard case .object(let body) = try JSONValue.parse(utf8: revoked.payload), case .object(let data)? = body["data"] else {
            Issue.record("payload is not an object")
            return
        }
        #expect(data["reason"] == .string("leak"))
        #expect(data["credentials"] == .array([.object(["id": .string("jti_1"), "identity": .string(identity.id)])]))
    }

    @Test("the dispatcher signs each attempt so a receiver with the secret verifies it, and records a 2xx as delivered")
    func delivers() async throws {
        let added = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        _ = try await register()
        let transport = ScriptedTransport([204])
        #expect(try await dispatcher(transport).deliverDue() == 1)
        let request = try #require(transport.sent.first)
        #expect(request.url == "https://hooks.example/a")
        #expect(request.headers["webhook-signature"] == (try Self.expectedSignature(request, secret: added.secret)))
        #expect(request.headers["webhook-timestamp"] == String(Int64(env.clock.now().timeIntervalSince1970)))
        let delivery = try #require(try await deliveries().first)
        #expect(request.headers["webhook-id"] == delivery.id && request.body == delivery.payload)
        #expect(delivery.status == .delivered && delivery.attempts == 1 && delivery.lastHTTPStatus == 204)
        #expect(try await dispatcher(transport).deliverDue() == 0, "nothing left")
        #expect(transport.sent.count == 1)
    }

    @Test("failures are retried with backoff, every attempt recorded, until the window closes: then dead; redelivery keeps the id")
    func retriesThenDead() async throws {
        _ = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        _ = try await register()
        let transport = ScriptedTransport(Array(repeating: 503, count: 100))
        let retry = WebhookRetryPolicy(base: .seconds(2), cap: .seconds(30), window: .seconds(600))
        let sender = dispatcher(transport, retry: retry)
        #expect(try await sender.deliverDue() == 1)
        var delivery = try #require(try await deliveries().first)
        #expect(delivery.status == .pending && delivery.attempts == 1 && delivery.lastHTTPStatus == 503 && delivery.lastError == "HTTP 503")
        #expect(delivery.nextAttemptAt > env.clock.now() && delivery.nextAttemptAt <= env.clock.now().addingTimeInterval(2))
        #expect(try await sender.deliverDue() == 0, "not due yet")
        var rounds = 1
        while delivery.status == .pending && rounds < 200 {
            env.clock.advance(seconds: 31)
            _ = try await sender.deliverDue()
            delivery = try #require(try await deliveries().first)
            rounds += 1
        }
        #expect(delivery.status == .dead)
        #expect(delivery.attempts == transport.sent.count && delivery.attempts > 10)
        #expect(Set(transport.sent.compactMap { $0.headers["webhook-id"] }) == [delivery.id], "the same webhook-id on every attempt")

        let again = try await admin.redeliver(delivery.id, tenant: "default", by: env.platformAdmin)
        #expect(again.id == delivery.id && again.status == .pending && again.attempts == 0)
        let up = ScriptedTransport([nil, 200])
        _ = try await self.dispatcher(up).deliverDue()
        #expect(try await deliveries().first?.lastError == "connection refused", "no answer is recorded as such")
        env.clock.advance(seconds: 31)
        _ = try await self.dispatcher(up).deliverDue()
        #expect(try await deliveries().first?.status == .delivered)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await admin.redeliver(delivery.id, tenant: "default", by: env.platformAdmin)
            _ = try await admin.redeliver(delivery.id, tenant: "default", by: env.platformAdmin)
        }
        #expect(try await env.events().filter { $0.action == "webhook.redeliver" }.count == 2)
    }

    @Test("a disabled endpoint gets no new deliveries and its pending ones wait; enabling resumes both; each change and test is audited")
    func disableAndEnable() async throws {
        let admin = self.admin
        let added = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        let id = added.endpoint.id
        _ = try await register("first")
        #expect(try await admin.setDisabled(true, id, tenant: "default", by: env.platformAdmin).disabled)
        await #expect(throws: LanyardError(.invalidState, "")) { try await admin.setDisabled(true, id, tenant: "default", by: env.platformAdmin) }
        await #expect(throws: LanyardError(.invalidState, "")) { try await admin.test(id, tenant: "default", by: env.platformAdmin) }
        await #expect(throws: LanyardError(.notFound, "")) { try await admin.setDisabled(true, "whk_none", tenant: "default", by: env.platformAdmin) }
        _ = try await register("second")
        #expect(try await deliveries().count == 1, "nothing queued while disabled")
        let transport = ScriptedTransport()
        #expect(try await dispatcher(transport).deliverDue() == 0, "the pending delivery waits")
        #expect(try await admin.list(tenant: "default", by: env.platformAdmin).first?.disabled == true)

        #expect(try await admin.setDisabled(false, id, tenant: "default", by: env.platformAdmin).disabled == false)
        #expect(try await dispatcher(transport).deliverDue() == 1, "the waiting delivery goes out")
        _ = try await register("third")
        let test = try await admin.test(id, tenant: "default", by: env.platformAdmin)
        #expect(try await deliveries().count == 3)
        let events = try await env.events().filter { $0.action.hasPrefix("webhook.") }
        #expect(events.map(\.action) == ["webhook.add", "webhook.disable", "webhook.enable", "webhook.test"], "refusals change nothing")
        #expect(events.last?.target == "webhook:\(id)" && events.last?.details["delivery"] == test.id)

        let (_, token) = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let otherAdmin = try await env.tenancy.authenticate(bearer: token)
        await #expect(throws: LanyardError(.forbidden, "")) { try await admin.setDisabled(true, id, tenant: "default", by: otherAdmin) }
        await #expect(throws: LanyardError(.notFound, "")) { try await admin.setDisabled(true, id, tenant: "other", by: otherAdmin) }
    }

    @Test("after a secret rotation attempts are signed with the new and the old secret for 24 hours, then with the new one only")
    func rotation() async throws {
        let admin = self.admin
        let added = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        let id = added.endpoint.id
        let rotated = try await admin.rotateSecret(id, tenant: "default", by: env.platformAdmin)
        #expect(rotated.secret != added.secret && rotated.secret.hasPrefix("whsec_"))
        #expect(rotated.endpoint.previousSecretExpiresAt == env.clock.now().addingTimeInterval(86_400))
        _ = try await register("first")
        let transport = ScriptedTransport()
        #expect(try await dispatcher(transport).deliverDue() == 1)
        let both = try #require(transport.sent.last)
        let signatures = try #require(both.headers["webhook-signature"]).split(separator: " ").map(String.init)
        #expect(signatures == [try Self.expectedSignature(both, secret: rotated.secret), try Self.expectedSignature(both, secret: added.secret)])

        env.clock.advance(seconds: 86_400)
        _ = try await register("second")
        #expect(try await dispatcher(transport).deliverDue() == 1)
        let newOnly = try #require(transport.sent.last)
        #expect(newOnly.headers["webhook-signature"] == (try Self.expectedSignature(newOnly, secret: rotated.secret)), "the overlap is over")

        await #expect(throws: LanyardError(.notFound, "")) { try await admin.rotateSecret("whk_none", tenant: "default", by: env.platformAdmin) }
        let event = try #require(try await env.events().last { $0.action == "webhook.rotate_secret" })
        #expect(event.target == "webhook:\(id)")
        let text = String(describing: event)
        #expect(!text.contains(String(rotated.secret.dropFirst(6))) && !text.contains(String(added.secret.dropFirst(6))), "no secret in the audit log")
    }

    @Test("bad endpoint input is refused with the field at fault and changes nothing; the secret is never stored in clear")
    func badInput() async throws {
        let admin = self.admin
        let cases: [(String, [String], String?, String)] = [
            ("http://example.com/hook", [], nil, "url"),
            ("https://hooks.example/a", ["identity.exploded"], nil, "eventTypes"),
            ("https://hooks.example/a", [], String(repeating: "d", count: 257), "description"),
        ]
        for (url, types, description, field) in cases {
            await #expect(throws: LanyardError.invalid(field, "")) {
                try await admin.add(url: url, eventTypes: types, description: description, tenant: "default", by: env.platformAdmin)
            }
        }
        #expect(try await admin.list(tenant: "default", by: env.platformAdmin).isEmpty)
        #expect(try await env.events().filter { $0.action.hasPrefix("webhook.") }.isEmpty)
        let added = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        let stored = try #require(try await admin.list(tenant: "default", by: env.platformAdmin).first)
        let key = try #require(Data(base64Encoded: String(added.secret.dropFirst(6))))
        #expect(stored.sealedSecret != Array(key) && stored.sealedSecret.count > key.count)
        #expect(try env.kek.open(stored.sealedSecret, context: stored.sealContext) == Array(key))
        #expect(try await env.events().last?.details["url"] == "https://hooks.example/a")
    }

    @Test("a tenant admin manages only its own tenant's webhooks")
    func tenantIsolation() async throws {
        let (_, token) = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let otherAdmin = try await env.tenancy.authenticate(bearer: token)
        let admin = self.admin
        let added = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
        await #expect(throws: LanyardError(.forbidden, "")) { try await admin.list(tenant: "default", by: otherAdmin) }
        await #expect(throws: LanyardError(.forbidden, "")) { try await admin.delete(added.endpoint.id, tenant: "default", by: otherAdmin) }
        await #expect(throws: LanyardError(.notFound, "")) { try await admin.delete(added.endpoint.id, tenant: "other", by: otherAdmin) }
        await #expect(throws: LanyardError(.notFound, "")) { try await admin.test(added.endpoint.id, tenant: "other", by: otherAdmin) }
        #expect(try await admin.list(tenant: "default", by: env.platformAdmin).count == 1)
    }
}
