import CedarPolicy
import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing

/// Lanyard's own admin API decided by Lanyard's own Cedar: the built-in roles, the tenant's restrictions, the
/// invariants no policy can lift, and administrator tokens with roles, subjects and expiry.
@Suite("Admin authorization: roles as Cedar policies")
struct AdminAuthorizationTests {
    static func principal(_ role: Principal.Role, tenant: String? = "default", subject: String? = nil) -> Principal {
        Principal(tokenId: "tok_\(role.rawValue)", role: role, tenant: role == .platformAdmin ? nil : tenant, subject: subject)
    }

    static func allowed(_ action: AdminAction, _ principal: Principal, _ target: AdminTarget, facts: [String: String] = [:]) -> Bool {
        (try? AdminRoles.require(action, principal, target: target, facts: facts)) != nil
    }

    @Test("the built-in roles parse and validate against the Lanyard::Admin schema, which names every operation")
    func builtinPoliciesValidate() throws {
        let schema = try Schema(cedarSchema: AdminPolicies.schema)
        let policies = try CedarParser.parsePolicies(AdminPolicies.builtin)
        #expect(
            policies.count == 14,
            "the roles' eight permits, the owner's break-glass, review, access-request and findings permits, the builder's own identities, and whoami")
        #expect(Validator(schema: schema).validate(PolicySet(policies: policies)).isEmpty)
        let declared = Set(schema.actions.keys.map(\.id.value))
        #expect(Set(AdminAction.allCases.map(\.rawValue)).isSubset(of: declared))
    }

    @Test("each role may do exactly what its policy says in its own tenant, and nothing in another")
    func roles() {
        let tenant = AdminTarget.tenant("default")
        let other = AdminTarget.tenant("other")
        let admin = Self.principal(.tenantAdmin)
        #expect(Self.allowed(.policyPush, admin, tenant))
        #expect(!Self.allowed(.policyPush, admin, other))
        #expect(!Self.allowed(.tenantCreate, admin, .platform))
        #expect(Self.allowed(.tenantCreate, Self.principal(.platformAdmin), .platform))

        let reviewer = Self.principal(.securityReviewer)
        #expect(Self.allowed(.auditSearch, reviewer, tenant))
        #expect(Self.allowed(.credentialRevoke, reviewer, tenant))
        #expect(Self.allowed(.identitySuspend, reviewer, .identity("idn_x", owner: "bob", tenant: "default")))
        #expect(!Self.allowed(.policyPush, reviewer, tenant))
        #expect(!Self.allowed(.templateCreate, reviewer, tenant))

        let auditor = Self.principal(.auditor)
        #expect(Self.allowed(.auditProof, auditor, tenant))
        #expect(Self.allowed(.identityList, auditor, tenant))
        #expect(!Self.allowed(.identitySuspend, auditor, .identity("idn_x", owner: "bob", tenant: "default")))
        #expect(!Self.allowed(.auditCheckpointSign, auditor, tenant))

        let owner = Self.principal(.owner, subject: "alice")
        #expect(Self.allowed(.identityExtend, owner, .identity("idn_a", owner: "alice", tenant: "default")))
        #expect(!Self.allowed(.identityExtend, owner, .identity("idn_b", owner: "bob", tenant: "default")))
        #expect(!Self.allowed(.identityRegister, owner, tenant))
        #expect(Self.allowed(.breakGlassOpen, owner, tenant, facts: ["owner": "alice"]), "break-glass for an identity it owns")
        #expect(!Self.allowed(.breakGlassOpen, owner, tenant, facts: ["owner": "bob"]))
        #expect(!Self.allowed(.breakGlassReview, owner, tenant) && !Self.allowed(.breakGlassClose, owner, tenant))
        #expect(!Self.allowed(.breakGlassOpen, Self.principal(.auditor), tenant) && Self.allowed(.breakGlassList, Self.principal(.auditor), tenant))

        let builder = Self.principal(.builder, subject: "alice")
        #expect(Self.allowed(.identityRegister, builder, tenant, facts: ["owner": "alice"]))
        #expect(!Self.allowed(.identityRegister, builder, tenant, facts: ["owner": "bob"]))
        #expect(Self.allowed(.identityRead, builder, .identity("idn_a", owner: "alice", tenant: "default")), "its own identity")
        #expect(!Self.allowed(.identityRead, builder, .identity("idn_b", owner: "bob", tenant: "default")), "another's")
        #expect(Self.allowed(.identityList, builder, tenant), "a list filtered to its own")
        #expect(!Self.allowed(.identitySuspend, builder, .identity("idn_a", owner: "alice", tenant: "default")), "reads, never changes")

        let pep = Self.principal(.pep)
        #expect(Self.allowed(.accessEvaluate, pep, tenant))
        #expect(!Self.allowed(.accessEvaluate, pep, other))
        #expect(!Self.allowed(.policyRead, pep, tenant))
        for role in Principal.Role.allCases {
            #expect(Self.allowed(.whoami, Self.principal(role, subject: "alice"), .tenant(role == .platformAdmin ? "" : "default")))
        }
    }

    @Test("the MCP server registry: tenant admins change it, the read roles read it, owners, builders and PEPs see nothing")
    func mcpServers() {
        let tenant = AdminTarget.tenant("default")
        for action in [AdminAction.mcpServerAdd, .mcpServerRemove, .mcpServerList, .mcpServerRead] {
            #expect(Self.allowed(action, Self.principal(.tenantAdmin), tenant))
            #expect(!Self.allowed(action, Self.principal(.tenantAdmin), .tenant("other")))
            #expect(Self.allowed(action, Self.principal(.platformAdmin), .tenant("other")))
            for role in [Principal.Role.owner, .builder, .pep] {
                #expect(!Self.allowed(action, Self.principal(role, subject: "alice"), tenant), "\(role) \(action)")
            }
        }
        for role in [Principal.Role.securityReviewer, .auditor] {
            #expect(Self.allowed(.mcpServerList, Self.principal(role), tenant) && Self.allowed(.mcpServerRead, Self.principal(role), tenant))
            #expect(!Self.allowed(.mcpServerAdd, Self.principal(role), tenant) && !Self.allowed(.mcpServerRemove, Self.principal(role), tenant))
        }
    }

    @Test("an owner or builder token without a subject owns nothing")
    func subjectless() {
        let owner = Self.principal(.owner, subject: nil)
        #expect(!Self.allowed(.identityRead, owner, .identity("idn_a", owner: "", tenant: "default")))
        #expect(!Self.allowed(.identityRegister, Self.principal(.builder, subject: nil), .tenant("default")))
    }

    @Test("nobody mints a role above their own")
    func minting() {
        #expect(Principal.Role.platformAdmin.mayMint(.platformAdmin))
        #expect(Principal.Role.tenantAdmin.mayMint(.auditor))
        #expect(!Principal.Role.tenantAdmin.mayMint(.platformAdmin))
        for role in Principal.Role.allCases where role != .platformAdmin && role != .tenantAdmin {
            #expect(Principal.Role.allCases.allSatisfy { !role.mayMint($0) })
        }
    }

    @Test("a tenant restriction is enforced, refusals are audited, and the platform administrator is above it")
    func tenantRestriction() async throws {
        let env = try await TestEnvironment.make()
        let authorizer = env.tenancy.adminAuthorizer()
        let builder = Self.principal(.builder, subject: "alice")
        let restriction = """
            @id("builders-prototype-only")
            forbid (principal, action == Lanyard::Admin::Action::"identity.register", resource)
            when { principal.role == "builder" && context has template && context.template != "prototype" };
            """
        let pushed = try await authorizer.push(
            PushAdminPoliciesRequest(policies: restriction, message: "builders prototype"), tenant: "default", by: env.platformAdmin)
        #expect(pushed.version == 1)
        try await authorizer.authorize(.identityRegister, caller: builder, target: .tenant("default"), facts: ["owner": "alice", "template": "prototype"])
        await #expect(throws: LanyardError(.forbidden, "")) {
            try await authorizer.authorize(.identityRegister, caller: builder, target: .tenant("default"), facts: ["owner": "alice", "template": "agent"])
        }
        let denial = try #require(try await env.events().last)
        #expect(denial.action == "admin.deny" && denial.actor == builder.actor && denial.details["operation"] == "identity.register")
        #expect(denial.details["reason"]?.contains("builders-prototype-only") == true)
        // Not for the platform administrator, who can always repair a tenant.
        try await authorizer.authorize(.identityRegister, caller: env.platformAdmin, target: .tenant("default"), facts: ["template": "agent"])
    }

    @Test("invalid or widening tenant admin policies are refused and nothing changes")
    func invalidTenantPolicies() async throws {
        let env = try await TestEnvironment.make()
        let authorizer = env.tenancy.adminAuthorizer()
        let admin = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "tenant-admin"), tenant: "default", by: env.platformAdmin)
        let tenantAdmin = try await env.tenancy.authenticate(bearer: admin.token)
        let before = try await env.events().count
        for text in [
            "forbid (principal, action, resource) when { principal.nosuch == 1 };",  // does not validate
            "permit (principal, action, resource);",  // widens
            "forbid (principal, action",  // does not parse
            #"@id("role-auditor") forbid (principal, action, resource);"#,  // takes a built-in id
        ] {
            await #expect(throws: LanyardError(.invalidField, "")) {
                _ = try await authorizer.push(PushAdminPoliciesRequest(policies: text, message: "try"), tenant: "default", by: tenantAdmin)
            }
        }
        #expect(try await authorizer.policies(tenant: "default").tenant?.version == 0)
        #expect(try await env.events().count == before)
        // An auditor may not change admin policies, whatever a policy says.
        let auditor = Self.principal(.auditor)
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await authorizer.push(PushAdminPoliciesRequest(policies: "", message: "x"), tenant: "default", by: auditor)
        }
    }

    @Test("escalation: a tenant admin cannot mint a platform admin, a builder cannot mint tenant-admin, other tenants are out of reach")
    func escalation() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        let admin = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "tenant-admin"), tenant: "default", by: env.platformAdmin)
        let tenantAdmin = try await env.tenancy.authenticate(bearer: admin.token)
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "platform-admin"), tenant: nil, by: tenantAdmin)
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor"), tenant: "other", by: tenantAdmin)
        }
        let made = try await env.tenancy.createAdminToken(
            CreateAdminTokenRequest(role: "builder", subject: "alice"), tenant: "default", by: tenantAdmin)
        let builder = try await env.tenancy.authenticate(bearer: made.token)
        #expect(builder.subject == "alice" && builder.role == .builder)
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "tenant-admin"), tenant: "default", by: builder)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "owner"), tenant: "default", by: tenantAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor", ttl: "never"), tenant: "default", by: tenantAdmin)
        }
    }

    @Test("tokens expire, revoked tokens stop at once, and the last platform admin cannot be revoked")
    func tokenLifecycle() async throws {
        let env = try await TestEnvironment.make()
        let made = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor", ttl: "1d"), tenant: "default", by: env.platformAdmin)
        #expect(try await env.tenancy.authenticate(bearer: made.token).role == .auditor)
        try await env.tenancy.revokeAdminToken(made.info.id, tenant: "default", by: env.platformAdmin)
        await #expect(throws: LanyardError(.unauthenticated, "")) { _ = try await env.tenancy.authenticate(bearer: made.token) }

        let short = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor", ttl: "1h"), tenant: "default", by: env.platformAdmin)
        #expect(try await env.tenancy.authenticate(bearer: short.token).expiresAt == short.info.expiresAt)
        env.clock.advance(seconds: 3601)
        await #expect(throws: LanyardError(.unauthenticated, "")) { _ = try await env.tenancy.authenticate(bearer: short.token) }

        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.tenancy.revokeAdminToken(env.platformAdmin.tokenId, tenant: nil, by: env.platformAdmin)
        }
        let second = try await env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "platform-admin"), tenant: nil, by: env.platformAdmin)
        try await env.tenancy.revokeAdminToken(env.platformAdmin.tokenId, tenant: nil, by: try await env.tenancy.authenticate(bearer: second.token))
        await #expect(throws: LanyardError(.unauthenticated, "")) { _ = try await env.tenancy.authenticate(bearer: env.platformToken) }
    }

    @Test("use cases check the roles themselves: an owner cannot change another owner's identity through Core")
    func coreChecks() async throws {
        let env = try await TestEnvironment.make()
        let bobs = try await env.inventory.register(
            RegisterIdentityRequest(name: "bobs-bot", kind: "agent", owner: "bob", purpose: "x", environment: "sandbox"), tenant: "default",
            by: env.platformAdmin)
        let alice = Self.principal(.owner, subject: "alice")
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await env.inventory.extend(bobs.id, by: "1d", tenant: "default", by: alice) }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await env.inventory.find(bobs.id, tenant: "default", by: alice) }
        #expect(try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: alice).isEmpty)
        let bob = Self.principal(.owner, subject: "bob")
        #expect(try await env.inventory.find(bobs.id, tenant: "default", by: bob).id == bobs.id)
        #expect(try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: bob).map(\.id) == [bobs.id])
    }
}
