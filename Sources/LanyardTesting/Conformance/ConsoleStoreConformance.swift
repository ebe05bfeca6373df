import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``ConsoleStore``: one SSO configuration per tenant (replaced whole, removed once), sign-in
/// attempts taken once and only by their tenant, sessions touched and ended only while live.
struct ConsoleStoreConformance {
    let view: CapabilityView<any ConsoleStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await ssoConfiguration()
        try await signInAttempts()
        try await sessions()
    }

    func ssoConfiguration() async throws {
        #expect(try await view.read { try await $0.ssoConfiguration(tenant: "t1") } == nil)
        let first = SSOConfiguration(
            tenant: "t1", issuer: "https://login.example.com", clientID: "lanyard", clientAuthentication: .privateKeyJWT,
            roles: ["admins": .tenantAdmin, "eng": .builder], updatedAt: now, updatedBy: "token:a")
        try await view.write { try await $0.putSSOConfiguration(first) }
        #expect(try await view.read { try await $0.ssoConfiguration(tenant: "t1") } == first)
        #expect(try await view.read { try await $0.ssoConfiguration(tenant: "t2") } == nil, "each tenant apart")
        var second = first
        second.clientAuthentication = .clientSecretPost
        second.sealedSecret = [1, 2, 3, 250]
        second.roles = ["sec": .securityReviewer]
        second.groupsClaim = "roles"
        second.updatedAt = now.addingTimeInterval(60)
        let replacement = second
        try await view.write { try await $0.putSSOConfiguration(replacement) }
        #expect(try await view.read { try await $0.ssoConfiguration(tenant: "t1") } == replacement, "replaced whole")
        #expect(try await view.write { try await $0.deleteSSOConfiguration(tenant: "t1") })
        #expect(try await !view.write { try await $0.deleteSSOConfiguration(tenant: "t1") }, "removed once")
        #expect(try await view.read { try await $0.ssoConfiguration(tenant: "t1") } == nil)
    }

    func signInAttempts() async throws {
        let attempt = ConsoleSignInAttempt(stateHash: "h1", tenant: "t1", sealedSecrets: [9, 8, 7], returnTo: "/t/t1/console/", createdAt: now)
        let old = ConsoleSignInAttempt(
            stateHash: "h0", tenant: "t1", sealedSecrets: [1], returnTo: "/t/t1/console/", createdAt: now.addingTimeInterval(-3600))
        try await view.write { session in
            try await session.insertSignInAttempt(attempt)
            try await session.insertSignInAttempt(old)
        }
        await #expect(throws: LanyardError.self) { try await view.write { try await $0.insertSignInAttempt(attempt) } }
        #expect(try await view.write { try await $0.takeSignInAttempt(tenant: "t2", stateHash: "h1") } == nil, "only by its tenant")
        #expect(try await view.write { try await $0.takeSignInAttempt(tenant: "t1", stateHash: "h1") } == attempt)
        #expect(try await view.write { try await $0.takeSignInAttempt(tenant: "t1", stateHash: "h1") } == nil, "taken once")
        #expect(try await view.write { try await $0.deleteSignInAttempts(before: now.addingTimeInterval(-600)) } == 1)
        #expect(try await view.write { try await $0.takeSignInAttempt(tenant: "t1", stateHash: "h0") } == nil)
    }

    func sessions() async throws {
        let session = ConsoleSession(
            idHash: "hash1", id: "cs_1", tenant: "t1", method: .sso, subject: "sub-1", email: "rita@example.com", name: "Rita", role: .securityReviewer,
            createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(43_200))
        try await view.write { try await $0.insertConsoleSession(session) }
        await #expect(throws: LanyardError.self) { try await view.write { try await $0.insertConsoleSession(session) } }
        #expect(try await view.read { try await $0.consoleSession(idHash: "hash1") } == session)
        #expect(try await view.read { try await $0.consoleSession(idHash: "nope") } == nil)
        let later = now.addingTimeInterval(120)
        #expect(try await view.write { try await $0.touchConsoleSession(idHash: "hash1", at: later) })
        #expect(try await view.read { try await $0.consoleSession(idHash: "hash1") }?.lastSeenAt == later)
        #expect(try await view.write { try await $0.endConsoleSession(idHash: "hash1", at: later) })
        #expect(try await !view.write { try await $0.endConsoleSession(idHash: "hash1", at: later) }, "ended once")
        #expect(try await !view.write { try await $0.touchConsoleSession(idHash: "hash1", at: later) }, "an ended session is not touched")
        #expect(try await view.read { try await $0.consoleSession(idHash: "hash1") }?.endedAt == later)
    }
}
