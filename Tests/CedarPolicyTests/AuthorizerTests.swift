import Testing
@testable import CedarPolicy

@Suite("Authorizer")
struct AuthorizerTests {
    func authorize(_ text: String, _ request: Request = testRequest, entities: Entities = Entities()) throws -> Response {
        Authorizer.isAuthorized(request, policies: try PolicySet(text: text), entities: entities)
    }

    @Test("default deny with an empty reason")
    func defaultDeny() throws {
        let r = try authorize("permit(principal, action, resource) when { false };")
        #expect(r.decision == .deny)
        #expect(r.reason.isEmpty)
    }

    @Test("forbid overrides permit and the reason is the satisfied forbids")
    func forbidOverrides() throws {
        let r = try authorize(
            """
            permit(principal, action, resource);
            forbid(principal, action, resource);
            forbid(principal, action, resource) when { false };
            """)
        #expect(r.decision == .deny)
        #expect(r.reason == ["policy1"])
    }

    @Test("an erroring policy is skipped and reported, so an erroring forbid does not deny")
    func errorsAreSkipped() throws {
        let r = try authorize(
            """
            permit(principal, action, resource);
            forbid(principal, action, resource) when { principal.missing };
            """)
        #expect(r.decision == .allow)
        #expect(r.reason == ["policy0"])
        #expect(r.errorPolicyIDs == ["policy1"])
    }

    @Test("all policies are evaluated, so errors are complete even after a forbid fires")
    func completeErrors() throws {
        let r = try authorize(
            """
            forbid(principal, action, resource);
            permit(principal, action, resource) when { 1 + "a" == 2 };
            """)
        #expect(r.decision == .deny)
        #expect(r.errorPolicyIDs == ["policy1"])
    }

    @Test("the scope index gives the same answers as evaluating every policy")
    func indexEquivalence() throws {
        var text = ""
        for i in 0..<50 {
            text += "permit(principal == User::\"u\(i)\", action, resource);\n"
            text += "permit(principal in Group::\"g\(i % 5)\", action, resource) when { resource.missing };\n"
            text += "forbid(principal is Admin, action, resource);\n"
            text += "permit(principal, action, resource in Folder::\"f\(i % 3)\") when { principal has x };\n"
            text += "permit(principal, action in [Action::\"view\", Action::\"a\(i % 4)\"], resource is Photo);\n"
            text += "forbid(principal, action == Action::\"edit\", resource);\n"
        }
        text += "permit(principal, action == Action::\"view\", resource);\n"
        let ps = try PolicySet(text: text)
        var list: [Entity] = []
        for i in 0..<50 { list.append(Entity(uid: EntityUID("User", "u\(i)"), parents: [EntityUID("Group", "g\(i % 7)")])) }
        list.append(Entity(uid: EntityUID("Photo", "p"), parents: [EntityUID("Folder", "f1")]))
        list.append(Entity(uid: EntityUID("Action", "view"), parents: [EntityUID("Action", "a2")]))
        let entities = Entities(list)
        for i in 0..<60 {
            for (type, act) in [("User", "view"), ("Admin", "view"), ("User", "edit"), ("User", "a1")] {
                let req = Request(
                    principal: EntityUID(type, "u\(i)"), action: EntityUID("Action", act),
                    resource: EntityUID("Photo", i % 2 == 0 ? "p" : "q"))
                let fast = Authorizer.isAuthorized(req, policies: ps, entities: entities)
                let slow = fullScan(req, policies: ps, entities: entities)
                #expect(fast.errorPolicyIDs == slow.errors)
                #expect(fast.reason == slow.reason)
            }
        }
    }

    @Test("templates authorize nothing until linked, and links report their own id")
    func templates() throws {
        var ps = try PolicySet(text: "permit(principal == ?principal, action, resource);")
        #expect(Authorizer.isAuthorized(testRequest, policies: ps, entities: Entities()).decision == .deny)
        try ps.link(templateID: "policy0", newID: "link1", values: [.principal: EntityUID("User", "alice")])
        let r = Authorizer.isAuthorized(testRequest, policies: ps, entities: Entities())
        #expect(r.decision == .allow)
        #expect(r.reason == ["link1"])
    }
}
