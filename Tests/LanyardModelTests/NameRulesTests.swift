import LanyardModel
import Testing

@Suite("Names that end up in URLs and SPIFFE IDs")
struct NameRulesTests {
    @Test("valid names pass", arguments: ["support-bot", "a", "agent.v2", "x_1", String(repeating: "a", count: 63)])
    func valid(name: String) throws {
        try NameRules.checkName(name, field: "name")
    }

    @Test("invalid names are refused", arguments: ["", "-lead", "Upper", "has space", "slash/y", "é", "../x", String(repeating: "a", count: 64)])
    func invalid(name: String) {
        #expect(throws: LanyardError.invalid("name", "")) { try NameRules.checkName(name, field: "name") }
    }

    @Test("free text is trimmed, bounded and free of control characters")
    func text() throws {
        #expect(try NameRules.checkText("  alice ", field: "owner", maxLength: 10, required: true) == "alice")
        #expect(throws: LanyardError.self) { try NameRules.checkText("   ", field: "owner", maxLength: 10, required: true) }
        #expect(throws: LanyardError.self) { try NameRules.checkText(nil, field: "owner", maxLength: 10, required: true) }
        #expect(throws: LanyardError.self) { try NameRules.checkText("a\u{7}b", field: "owner", maxLength: 10, required: true) }
        #expect(throws: LanyardError.self) { try NameRules.checkText(String(repeating: "x", count: 11), field: "owner", maxLength: 10, required: true) }
        #expect(try NameRules.checkText(nil, field: "backupOwner", maxLength: 10, required: false) == nil)
    }

    @Test("tenant names are DNS-label-like")
    func tenants() throws {
        try NameRules.checkTenantName("acme-prod")
        for bad in ["", "9acme", "Acme", "a_b", String(repeating: "a", count: 33)] {
            #expect(throws: LanyardError.self) { try NameRules.checkTenantName(bad) }
        }
    }
}
