import CedarPolicy
public import Foundation
public import LanyardModel

/// How Lanyard's own objects appear to Cedar: the `Lanyard` namespace of entity types, the default guardrail
/// policies, and the mapping from inventory records to entities. Callers can never supply the attributes of
/// these entities; the decision point fills them in from the inventory at request time.
public enum LanyardCedarModel {
    /// Entity type of a registered identity; its id is the identity id (`idn_…`).
    public static let identityType = "Lanyard::Identity"
    /// Entity type of an identity template; its id is the template name.
    public static let templateType = "Lanyard::Template"
    /// Entity type of a person of the tenant's SCIM directory; its id is the person's `userName`, and its parents
    /// are the ``groupType`` entities of the groups they are a member of.
    public static let userType = "Lanyard::User"
    /// Entity type of a group (of the tenant's entity data, and of its SCIM directory); a directory group's id is
    /// its `displayName`, the name people write in policies.
    public static let groupType = "Lanyard::Group"
    /// Pseudo type for a subject given as a Lanyard access token: it is verified and becomes the identity.
    public static let tokenType = "Lanyard::Token"
    /// The namespace tenants may not declare themselves.
    public static let namespace = "Lanyard"

    /// Lanyard's entity types, added to every tenant schema, by basename.
    ///
    /// Cedar forbids a namespaced type with the basename of a type in the empty namespace, so when a tenant's
    /// schema declares, say, its own `Group` or `Tool`, Lanyard's type of that basename is left out and the
    /// tenant's serves instead (inside `namespace Lanyard`, `Group` then resolves to the tenant's `Group`).
    static let schemaDeclarations: [(name: String, declaration: String)] = [
        ("Role", "entity Role;"),
        ("Group", "entity Group in [Group];"),
        ("Human", "entity Human in [Group] { active: Bool };"),
        ("User", "entity User in [Group] { userName: String, active: Bool, displayName?: String };"),
        ("Template", "entity Template { name: String, stage: String, scopes: Set<String> };"),
        (
            "Identity",
            """
            entity Identity in [Template, Role, Group] {
                name: String, kind: String, owner: String, ownerActive: Bool, ownerUser?: User, purpose: String,
                environment: String, stage: String, dataClass: String, status: String, expiresAt: datetime,
                destinations: Set<String>, template: String, spiffeId: String,
              };
            """
        ),
        ("Entitlement", "entity Entitlement { identity: Identity, scope: String };"),
        ("Tool", "entity Tool { environment?: String, dataClass?: String };"),
        ("Dataset", "entity Dataset { environment?: String, dataClass?: String };"),
        ("Environment", "entity Environment { production: Bool };"),
        ("PolicySet", "entity PolicySet;"),
    ]

    /// Lanyard's schema text without the types whose basenames are `taken` (declared by the tenant in the empty
    /// namespace).
    public static func schema(excluding taken: Set<String> = []) -> String {
        let body = schemaDeclarations.filter { !taken.contains($0.name) }.map { name, declaration in
            // With the tenant's own `User`, Lanyard's is left out, and so is the attribute that refers to it.
            "  " + (name == "Identity" && taken.contains("User") ? declaration.replacingOccurrences(of: " ownerUser?: User,", with: "") : declaration)
        }.joined(separator: "\n")
        return "// Lanyard's own entity types (Identity and Template attributes come from the inventory).\nnamespace Lanyard {\n\(body)\n}\n"
    }

    /// The guardrails every tenant starts with (editable through the policy store).
    ///
    /// They are forbid policies over `Lanyard::Identity` principals, written so that they cannot error at
    /// run time (every optional attribute behind `has`): in Cedar an erroring forbid is skipped, which would
    /// fail open. The two role permits are the default roles; no default role combines building and testing
    /// with publishing and deploying.
    public static let defaultGuardrails = """
        // Lanyard default guardrails. Edit with `lanyard policy push --guardrails FILE`.

        // A prototype or sandbox identity may not act on production or on regulated data.
        @id("lanyard-guardrail-prototype-no-production")
        @description("Prototype and sandbox identities may not touch production or regulated data.")
        forbid (principal is Lanyard::Identity, action, resource)
        when {
          (principal.stage == "prototype" || principal.environment == "sandbox") &&
          ((context has environment && context.environment == "production") ||
           (context has dataClass && context.dataClass == "regulated") ||
           (resource has environment && resource.environment == "production") ||
           (resource has dataClass && resource.dataClass == "regulated"))
        };

        // Nothing acts for an identity whose owner is no longer active.
        @id("lanyard-guardrail-owner-inactive")
        @description("An identity whose owner is inactive may not act.")
        forbid (principal is Lanyard::Identity, action, resource)
        unless { principal.ownerActive };

        // Only active identities act (suspended, expired and offboarded ones do not).
        @id("lanyard-guardrail-identity-not-active")
        @description("Suspended, expired and offboarded identities may not act.")
        forbid (principal is Lanyard::Identity, action, resource)
        unless { principal.status == "active" };

        // No self-elevation: an identity may read, but not change, itself, its entitlements, its template or
        // the tenant's policies.
        @id("lanyard-guardrail-no-self-elevation")
        @description("An identity may not change its own entitlements, template or policies.")
        forbid (principal is Lanyard::Identity, action, resource)
        when {
          (resource is Lanyard::Identity && resource == principal) ||
          (resource is Lanyard::Entitlement && resource has identity && resource.identity == principal) ||
          (resource is Lanyard::Template && principal in resource) ||
          resource is Lanyard::PolicySet
        }
        unless { action in [Action::"read", Action::"list", Action::"get", Action::"view"] };

        // Machine credentials are for machines: one presented from a human sign-in is refused.
        @id("lanyard-guardrail-no-human-sign-in")
        @description("A machine identity's credential presented from a human sign-in is refused.")
        forbid (principal is Lanyard::Identity, action, resource)
        when { context has signIn && context.signIn == "human" };

        // An identity with declared destinations may only reach those.
        @id("lanyard-guardrail-destination-boundary")
        @description("An identity may only reach the destinations it declared.")
        forbid (principal is Lanyard::Identity, action, resource)
        when {
          context has destination && !principal.destinations.isEmpty() &&
          !principal.destinations.contains(context.destination)
        };

        // Default roles: building and testing are one role, publishing and deploying another.
        @id("lanyard-role-builder")
        @description("Default role: build and test.")
        permit (principal in Lanyard::Role::"builder", action in [Action::"build", Action::"test"], resource);

        @id("lanyard-role-releaser")
        @description("Default role: publish and deploy.")
        permit (principal in Lanyard::Role::"releaser", action in [Action::"publish", Action::"deploy"], resource);

        // Separation of duties: whoever builds may not also publish or deploy.
        @id("lanyard-guardrail-separation-of-duties")
        @description("A builder may not publish or deploy, whatever else it is granted.")
        forbid (principal in Lanyard::Role::"builder", action in [Action::"publish", Action::"deploy"], resource);
        """

    /// The identity as a Cedar entity: inventory attributes, its template and the memberships from the tenant's
    /// entity data (`extraParents`); `ownerUser` refers to its owner's ``userType`` entity when the owner is a person
    /// of the tenant's directory.
    static func entity(of identity: Identity, ownerActive: Bool, ownerUser: EntityUID? = nil, extraParents: Set<EntityUID>) -> Entity {
        var attrs: [CedarString: Value] = [
            "name": .string(CedarString(identity.name)),
            "kind": .string(CedarString(identity.kind.rawValue)),
            "owner": .string(CedarString(identity.owner)),
            "ownerActive": .bool(ownerActive),
            "purpose": .string(CedarString(identity.purpose)),
            "environment": .string(CedarString(identity.environment.rawValue)),
            "stage": .string(CedarString(identity.stage.rawValue)),
            "dataClass": .string(CedarString(identity.dataClass.rawValue)),
            "status": .string(CedarString(identity.status.rawValue)),
            "expiresAt": .ext(.datetime(milliseconds(identity.expiresAt))),
            "destinations": .set(Set(identity.allowedDestinations.map { .string(CedarString($0)) })),
            "template": .string(CedarString(identity.template)),
            "spiffeId": .string(CedarString(identity.spiffeId)),
        ]
        if let ownerUser { attrs["ownerUser"] = .entity(ownerUser) }
        var parents = extraParents
        parents.insert(EntityUID(templateType, identity.template))
        return Entity(uid: EntityUID(identityType, identity.id), attrs: attrs, parents: parents)
    }

    /// A person of the directory as a Cedar entity: `userName`, `active` and, when the identity provider gave one,
    /// `displayName`; its parents are the groups named in `groups` (display names).
    static func entity(of user: DirectoryUser, groups: [String]) -> Entity {
        var attrs: [CedarString: Value] = [
            "userName": .string(CedarString(user.userName)),
            "active": .bool(user.active),
        ]
        if let displayName = user.attributes["displayName"]?.stringValue { attrs["displayName"] = .string(CedarString(displayName)) }
        return Entity(uid: EntityUID(userType, user.userName), attrs: attrs, parents: Set(groups.map { EntityUID(groupType, $0) }))
    }

    /// The template as a Cedar entity.
    static func entity(of template: IdentityTemplate) -> Entity {
        Entity(
            uid: EntityUID(templateType, template.name),
            attrs: [
                "name": .string(CedarString(template.name)),
                "stage": .string(CedarString(template.stage.rawValue)),
                "scopes": .set(Set(template.allowedScopes.map { .string(CedarString($0)) })),
            ])
    }

    /// Unix milliseconds, saturating instead of trapping for absurd dates.
    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard value.isFinite else { return 0 }
        if value >= Double(Int64.max) { return Int64.max }
        if value <= Double(Int64.min) { return Int64.min }
        return Int64(value)
    }
}
