import Testing

@testable import CedarPolicy

@Suite("Policy index")
struct PolicyIndexTests {
    @Test("every kind of scope constraint, and buckets of more than 64 policies, answer as a full scan does")
    func everyConstraintKind() throws {
        // Forty of each of these, then buckets of 100 policies (action == view) and 80 (resource is Photo), which are
        // kept as bitsets, then an erroring policy and a template.
        let kinds: [(Int) -> String] = [
            { "permit(principal is User in Group::\"g\($0 % 3)\", action, resource);" },
            { "permit(principal == Group::\"g\($0 % 3)\", action in Action::\"all\", resource == Photo::\"p\($0 % 2)\");" },
            { _ in "permit(principal, action in [], resource);" },
            { _ in "forbid(principal, action in [Action::\"edit\", Action::\"edit\"], resource is Photo in Folder::\"f\");" },
            { "permit(principal in User::\"u\($0)\", action, resource) when { resource has owner };" },
        ]
        let lines =
            (0..<40).flatMap { i in kinds.map { $0(i) } }
            + (0..<100).map { "permit(principal, action == Action::\"view\", resource) when { \($0 % 7) == 0 };" }
            + (0..<80).map { "forbid(principal, action, resource is Photo) when { principal has banned\($0 % 3) };" }
            + [
                "permit(principal is User, action == Action::\"edit\", resource) when { principal.age > 1 };",
                "permit(principal == ?principal, action, resource);",
            ]
        let text = lines.joined(separator: "\n")
        var ps = try PolicySet(text: text)
        try ps.link(templateID: "policy381", newID: "linked", values: [.principal: EntityUID("User", "u1")])
        let entities = Entities(
            [
                Entity(uid: EntityUID("User", "u1"), attrs: ["banned1": .bool(true)], parents: [EntityUID("Group", "g1")]),
                Entity(uid: EntityUID("User", "u2"), parents: [EntityUID("Group", "g2"), EntityUID("User", "u1")]),
                Entity(uid: EntityUID("Group", "g1"), parents: [EntityUID("Group", "g0")]),
                Entity(uid: EntityUID("Photo", "p0"), attrs: ["owner": .string("x")], parents: [EntityUID("Folder", "f")]),
                Entity(uid: EntityUID("Photo", "p1")),
                Entity(uid: EntityUID("Action", "view"), parents: [EntityUID("Action", "all")]),
                Entity(uid: EntityUID("Action", "edit"), parents: [EntityUID("Action", "all")]),
            ])
        var checked = 0, allowed = 0, withErrors = 0
        for principal in [EntityUID("User", "u1"), EntityUID("User", "u2"), EntityUID("Group", "g1"), EntityUID("User", "u9")] {
            for action in ["view", "edit", "all", "other"] {
                for resource in [EntityUID("Photo", "p0"), EntityUID("Photo", "p1"), EntityUID("Folder", "f")] {
                    let request = Request(principal: principal, action: EntityUID("Action", action), resource: resource)
                    let fast = Authorizer.isAuthorized(request, policies: ps, entities: entities)
                    let slow = fullScan(request, policies: ps, entities: entities)
                    #expect(fast.reason == slow.reason, "\(request)")
                    #expect(fast.errorPolicyIDs == slow.errors, "\(request)")
                    checked += 1
                    if fast.decision == .allow { allowed += 1 }
                    if !fast.errors.isEmpty { withErrors += 1 }
                }
            }
        }
        #expect(checked == 48)
        #expect(allowed > 0 && allowed < checked && withErrors > 0)
    }
}
