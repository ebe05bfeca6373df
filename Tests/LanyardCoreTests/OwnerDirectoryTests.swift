import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

/// `ownerDirectory: required`: a tenant setting (audited, administrators only) under which registering an identity
/// needs the exact userName of an active person of the tenant's SCIM directory; refusals change nothing.
@Suite("Owners from the directory")
struct OwnerDirectoryTests {
    static func register(_ fixture: DirectoryTests.Fixture, _ name: String, owner: String) async throws -> Identity {
        try await fixture.env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: owner, purpose: "test", environment: "sandbox"), tenant: "default",
            by: fixture.env.platformAdmin)
    }

    static func refusal(_ fixture: DirectoryTests.Fixture, owner: String) async throws -> LanyardError {
        let before = try await fixture.env.events().count
        do {
            _ = try await register(fixture, "refused-\(before)", owner: owner)
        } catch let error as LanyardError {
            #expect(try await fixture.env.events().count == before, "a refusal records nothing")
            #expect(try await fixture.env.store.read { try await $0.identity(tenant: "default", name: "refused-\(before)") } == nil)
            return error
        }
        Issue.record("registering for \(owner) was not refused")
        return LanyardError(.internal, "")
    }

    @Test("optional by default: any owner; required: only the exact userName of an active person, each refusal saying why")
    func registration() async throws {
        let fixture = try await DirectoryTests.Fixture.make()
        _ = try await fixture.create("alice")
        _ = try await fixture.create("bob", active: false)
        #expect(try await Self.register(fixture, "free", owner: "anyone").owner == "anyone", "optional: owners are free strings")

        let tenant = try await fixture.env.tenancy.updateSettings(
            TenantSettingsRequest(ownerDirectory: "required"), tenant: "default", by: fixture.env.platformAdmin)
        #expect(tenant.ownerDirectory == .required)
        let event = try #require(try await fixture.env.events().last)
        #expect(event.action == "tenant.settings" && event.details == ["setting": "ownerDirectory", "value": "required", "previous": "optional"])

        #expect(try await Self.register(fixture, "alices", owner: "alice").owner == "alice")
        let unknown = try await Self.refusal(fixture, owner: "carol")
        #expect(unknown.code == .invalidField && unknown.field == "owner" && unknown.message.contains("no person 'carol'"))
        let inactive = try await Self.refusal(fixture, owner: "bob")
        #expect(inactive.field == "owner" && inactive.message.contains("deactivated"))
        let spelled = try await Self.refusal(fixture, owner: "ALICE")
        #expect(spelled.field == "owner" && spelled.message.contains("spells this person 'alice'"))

        _ = try await fixture.env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "optional"), tenant: "default", by: fixture.env.platformAdmin)
        #expect(try await Self.register(fixture, "free-again", owner: "carol").owner == "carol")
    }

    @Test("settings: only administrators change them, a bad value is invalid_field, an unchanged one records nothing")
    func settings() async throws {
        let env = try await TestEnvironment.make()
        let events = try await env.events().count
        _ = try await env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "optional"), tenant: "default", by: env.platformAdmin)
        _ = try await env.tenancy.updateSettings(TenantSettingsRequest(), tenant: "default", by: env.platformAdmin)
        #expect(try await env.events().count == events, "nothing changed, nothing recorded")
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "Required"), tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.notFound, "")) {
            _ = try await env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "required"), tenant: "nosuch", by: env.platformAdmin)
        }
        for role in [Principal.Role.securityReviewer, .auditor, .owner, .builder, .pep] {
            let caller = Principal(tokenId: "tok_x", role: role, tenant: "default", subject: "alice")
            await #expect(throws: LanyardError(.forbidden, "")) {
                _ = try await env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "required"), tenant: "default", by: caller)
            }
        }
        let tenantAdmin = Principal(tokenId: "tok_ta", role: .tenantAdmin, tenant: "default", subject: nil)
        #expect(
            try await env.tenancy.updateSettings(TenantSettingsRequest(ownerDirectory: "required"), tenant: "default", by: tenantAdmin).ownerDirectory
                == .required)
        #expect(try await env.store.read { try await $0.tenant(named: "default") }?.ownerDirectory == .required)
    }
}
