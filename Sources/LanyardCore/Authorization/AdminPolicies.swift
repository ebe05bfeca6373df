import LanyardAPI

/// The `Lanyard::Admin` Cedar schema and the built-in roles, as Cedar policies shipped with the server.
///
/// A request is `principal: Lanyard::Admin::Caller` (the admin token: `role`, `tenant`, `subject`; empty strings
/// when absent), `action: Lanyard::Admin::Action::"<operation>"`, `resource: Lanyard::Admin::Target` (`kind`,
/// `tenant` — empty for the platform —, and `owner`, the owner of the identity acted on, empty otherwise) and a
/// context of facts taken from the request body where the operation has them (`owner`, `template`,
/// `environment`, `kind`, `dataClass` of an identity being registered or of the identity an access request is for;
/// `role` of a token being made; `tier` of an access request).
public enum AdminPolicies {
    /// The schema tenant admin policies are validated against before they take effect.
    public static var schema: String {
        let groups = AdminAction.Group.allCases.map { "  action \"\($0.rawValue)\";" }.joined(separator: "\n")
        let actions = AdminAction.allCases.map { action in
            let parents = action.groups.map { "\"\($0.rawValue)\"" }.sorted()
            let membership = parents.isEmpty ? "" : " in [\(parents.joined(separator: ", "))]"
            return "  action \"\(action.rawValue)\"\(membership) appliesTo { principal: [Caller], resource: [Target], context: Facts };"
        }.joined(separator: "\n")
        return """
            // Lanyard's own admin API, as Cedar sees it.
            namespace Lanyard::Admin {
              entity Caller { role: String, tenant: String, subject: String };
              entity Target { kind: String, tenant: String, owner: String };
              type Facts = { owner?: String, template?: String, environment?: String, kind?: String, dataClass?: String, role?: String, tier?: String };
            \(groups)
            \(actions)
            }

            """
    }

    /// The built-in roles. Each permit names its role; nothing is allowed that no policy permits, and a
    /// `forbid` wins over every `permit`. Tenant isolation, the platform-only operations and the limits on
    /// minting tokens are also enforced in code (see `AdminAuthorizer`), so no policy can lift them.
    public static let builtin = """
        // Lanyard built-in admin roles (shown by `lanyard admin policies`).

        @id("role-platform-admin")
        @description("platform-admin: everything, in every tenant, and tenant creation.")
        permit (principal, action, resource)
        when { principal.role == "platform-admin" };

        @id("role-tenant-admin")
        @description("tenant-admin: everything in its own tenant.")
        permit (principal, action, resource)
        when { principal.role == "tenant-admin" && principal.tenant != "" && resource.tenant == principal.tenant }
        unless { action in Lanyard::Admin::Action::"platform" };

        @id("role-security-reviewer")
        @description("security-reviewer: reads everything in its tenant; suspends, resumes, revokes credentials and entitlements, reports leaked tokens, denies access requests, deactivates owners, works findings; no policy or template changes.")
        permit (
          principal,
          action in [
            Lanyard::Admin::Action::"read", Lanyard::Admin::Action::"identity.suspend", Lanyard::Admin::Action::"identity.resume",
            Lanyard::Admin::Action::"credential.revoke", Lanyard::Admin::Action::"credential.introspect",
            Lanyard::Admin::Action::"entitlement.revoke", Lanyard::Admin::Action::"access_request.deny",
            Lanyard::Admin::Action::"owner.deactivate", Lanyard::Admin::Action::"owner.activate",
            Lanyard::Admin::Action::"audit.checkpoint.sign", Lanyard::Admin::Action::"leak.report",
            Lanyard::Admin::Action::"finding.update", Lanyard::Admin::Action::"finding.remediate", Lanyard::Admin::Action::"finding.evaluate"
          ],
          resource
        )
        when { principal.role == "security-reviewer" && principal.tenant != "" && resource.tenant == principal.tenant };

        @id("role-auditor")
        @description("auditor: read-only — the inventory, the audit log and its proofs, policies, reports.")
        permit (principal, action in Lanyard::Admin::Action::"read", resource)
        when { principal.role == "auditor" && principal.tenant != "" && resource.tenant == principal.tenant };

        @id("role-owner-own-identities")
        @description("owner: the identities its subject owns — read, extend within the template's caps, suspend, resume, offboard, transfer, trusts.")
        permit (
          principal,
          action in [
            Lanyard::Admin::Action::"identity.read", Lanyard::Admin::Action::"identity.extend",
            Lanyard::Admin::Action::"identity.suspend", Lanyard::Admin::Action::"identity.resume",
            Lanyard::Admin::Action::"identity.offboard", Lanyard::Admin::Action::"identity.transfer", Lanyard::Admin::Action::"identity.trust.add",
            Lanyard::Admin::Action::"identity.trust.list", Lanyard::Admin::Action::"identity.trust.remove"
          ],
          resource
        )
        when {
          principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant &&
          principal.subject != "" && resource.owner == principal.subject
        };

        @id("role-owner-break-glass")
        @description("owner: opens break-glass for an identity its subject owns (checked once the identity is read).")
        permit (principal, action == Lanyard::Admin::Action::"breakglass.open", resource)
        when { principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant && principal.subject != "" }
        unless { context has owner && context.owner != principal.subject };

        @id("role-owner-access-requests")
        @description("owner: asks for, lists, reads, approves and denies access requests for identities its subject owns (the server refuses an owner's approval of a release tier or of an identity in production).")
        permit (
          principal,
          action in [
            Lanyard::Admin::Action::"access_request.create", Lanyard::Admin::Action::"access_request.list",
            Lanyard::Admin::Action::"access_request.read", Lanyard::Admin::Action::"access_request.approve",
            Lanyard::Admin::Action::"access_request.deny", Lanyard::Admin::Action::"access_request.cancel"
          ],
          resource
        )
        when { principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant && principal.subject != "" }
        unless { resource.owner != "" && resource.owner != principal.subject };

        @id("role-owner-findings")
        @description("owner: lists and reads the findings about identities its subject owns (lists are filtered to them), acknowledges them and applies their remediations (each remediation is authorized on its own too).")
        permit (
          principal,
          action in [
            Lanyard::Admin::Action::"finding.list", Lanyard::Admin::Action::"finding.read", Lanyard::Admin::Action::"finding.update",
            Lanyard::Admin::Action::"finding.remediate", Lanyard::Admin::Action::"posture.report"
          ],
          resource
        )
        when { principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant && principal.subject != "" }
        unless { resource.owner != "" && resource.owner != principal.subject };

        @id("role-owner-listing")
        @description("owner: lists its own identities (the list is filtered to them) and reads templates.")
        permit (
          principal,
          action in [Lanyard::Admin::Action::"identity.list", Lanyard::Admin::Action::"template.list", Lanyard::Admin::Action::"template.read"],
          resource
        )
        when { principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant };

        @id("role-owner-reviews")
        @description("owner: reads review campaigns of its tenant and decides the items it reviews (the server checks it is their reviewer).")
        permit (principal, action in [Lanyard::Admin::Action::"review.read", Lanyard::Admin::Action::"review.decide"], resource)
        when { principal.role == "owner" && principal.tenant != "" && resource.tenant == principal.tenant && principal.subject != "" };

        @id("role-builder-own-identities")
        @description("builder: reads the identities its subject owns (nothing it may change).")
        permit (principal, action == Lanyard::Admin::Action::"identity.read", resource)
        when {
          principal.role == "builder" && principal.tenant != "" && resource.tenant == principal.tenant &&
          principal.subject != "" && resource.owner == principal.subject
        };

        @id("role-builder")
        @description("builder: registers identities its subject owns, from the tenant's templates; lists its own identities (the list is filtered to them); reads templates; reports leaked tokens (a CI job's scanner); nothing else.")
        permit (
          principal,
          action in [
            Lanyard::Admin::Action::"identity.register", Lanyard::Admin::Action::"identity.list", Lanyard::Admin::Action::"template.list",
            Lanyard::Admin::Action::"template.read", Lanyard::Admin::Action::"leak.report"
          ],
          resource
        )
        when { principal.role == "builder" && principal.tenant != "" && resource.tenant == principal.tenant && principal.subject != "" }
        unless { context has owner && context.owner != principal.subject };

        @id("role-pep")
        @description("pep: asks for authorization decisions in its tenant; nothing else.")
        permit (principal, action in Lanyard::Admin::Action::"decide", resource)
        when { principal.role == "pep" && principal.tenant != "" && resource.tenant == principal.tenant };

        @id("everyone-whoami")
        @description("Every administrator token may ask who it is and read the built-in roles.")
        permit (principal, action in [Lanyard::Admin::Action::"whoami", Lanyard::Admin::Action::"admin.policies.show"], resource);

        """
}
