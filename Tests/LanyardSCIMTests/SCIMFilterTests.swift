import LanyardModel
import LanyardSCIM
import Testing

@Suite("Filters (RFC 7644 §3.4.2.2)")
struct SCIMFilterTests {
    static let alice: JSONObject = SCIMResourceType.user.render(
        id: "usr_1",
        attributes: [
            "externalId": .string("ext-Alice"),
            "userName": .string("Alice@Example.com"),
            "name": .object(["givenName": .string("Alice"), "familyName": .string("Liddell")]),
            "active": .bool(true),
            "emails": .array([
                .object(["value": .string("alice@work.example"), "type": .string("work"), "primary": .bool(true)]),
                .object(["value": .string("alice@home.example"), "type": .string("home")]),
            ]),
            SCIMSchemaURN.enterpriseUser: .object(["department": .string("Research")]),
        ],
        meta: SCIMResourceMeta(
            created: "2026-01-10T08:00:00Z", lastModified: "2026-02-01T09:30:00.250+01:00", location: "https://x/Users/usr_1"))

    func matches(_ filter: String) throws -> Bool {
        try SCIMFilterParser.parse(filter).matches(Self.alice, type: .user)
    }

    @Test("userName eq compares without case; operators and attribute names are case-insensitive")
    func userNameAnyCase() throws {
        #expect(try matches(#"userName eq "alice@example.com""#))
        #expect(try matches(#"USERNAME EQ "ALICE@EXAMPLE.COM""#))
        #expect(try matches(#"username Eq "Alice@Example.com""#))
        #expect(try !matches(#"userName eq "bob@example.com""#))
    }

    @Test("externalId and id are case-exact")
    func caseExact() throws {
        #expect(try matches(#"externalId eq "ext-Alice""#))
        #expect(try !matches(#"externalId eq "ext-alice""#))
        #expect(try matches(#"id eq "usr_1""#))
        #expect(try !matches(#"id eq "USR_1""#))
    }

    @Test("co sw ew pr ne, and/or/not with precedence and parentheses")
    func operators() throws {
        #expect(try matches(#"userName co "example""#))
        #expect(try matches(#"userName sw "alice""#))
        #expect(try matches(#"userName ew ".COM""#))
        #expect(try matches("title pr") == false)
        #expect(try matches("name.givenName pr"))
        #expect(try matches(#"userName ne "bob""#))
        #expect(try matches(#"title ne "x""#), "ne matches when the attribute has no value")
        #expect(try matches(#"userName eq "x" or userName sw "a" and active eq true"#))
        #expect(try !matches(#"(userName eq "x" or userName sw "a") and active eq false"#))
        #expect(try matches(#"not (active eq false)"#))
        #expect(try !matches(#"not(active eq true)"#))
    }

    @Test("value paths select one element of a multi-valued attribute")
    func valuePaths() throws {
        #expect(try matches(#"emails[type eq "work" and value co "@work"]"#))
        #expect(try !matches(#"emails[type eq "work" and value co "@home"]"#))
        #expect(try matches(#"emails[primary eq true]"#))
        #expect(try matches(#"emails.value eq "alice@home.example""#), "any value matches")
        #expect(try matches(#"emails eq "alice@home.example""#), "a complex attribute compares its value")
        #expect(try matches(#"emails.type eq "WORK""#))
    }

    @Test("date-times compare as instants, not as text")
    func dateTimes() throws {
        #expect(try matches(#"meta.lastModified gt "2026-02-01T08:00:00Z""#))
        #expect(try !matches(#"meta.lastModified gt "2026-02-01T08:30:00.250Z""#), "09:30:00.250+01:00 is 08:30:00.250Z")
        #expect(try matches(#"meta.lastModified ge "2026-02-01T08:30:00.250Z""#))
        #expect(try matches(#"meta.created lt "2026-01-10T08:00:01Z""#))
        #expect(try matches(#"meta.created le "2026-01-10T08:00:00Z""#))
    }

    @Test("extension attributes by their qualified name")
    func extensions() throws {
        #expect(try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "research""#))
        #expect(try matches(#"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName sw "a""#))
    }

    @Test("string escapes are read as JSON's")
    func escapes() throws {
        let filter = try SCIMFilterParser.parse(#"displayName eq "a \"quoted\" \\ \u00e9 \ud83d\ude00 name""#)
        #expect(filter == .compare(SCIMAttributePath(attribute: "displayName"), .eq, .string("a \"quoted\" \\ é 😀 name")))
    }

    @Test(
        "invalid filters are invalidFilter, never a silent full list",
        arguments: [
            "", "userName", #"userName eq"#, #"userName xx "a""#, #"userName eq "open"#, #"userName eq alice"#,
            #"(userName eq "a""#, #"userName eq "a")"#, #"favouriteColour eq "blue""#, #"active eq "true""#,
            #"active gt true"#, #"name eq "x""#, #"meta.created gt "yesterday""#, #"emails[type eq "work""#,
            #"userName eq "a" and"#, #"not userName eq "a""#, #"emails[nope eq "x"]"#, #"userName eq "\q""#,
            #"userName eq "a"; drop table scim_users"#, #"userName eq "a" or 1 eq 1"#,
        ])
    func invalid(_ text: String) {
        #expect(throws: SCIMError.badRequest(.invalidFilter, "")) {
            try SCIMFilterParser.parse(text).check(against: .user)
        }
    }

    @Test("length, nesting and term counts are bounded")
    func bounds() {
        let deep = String(repeating: "(", count: 40) + #"userName eq "a""# + String(repeating: ")", count: 40)
        let long = #"userName eq ""# + String(repeating: "a", count: 5000) + #"""#
        let many = (0..<100).map { #"userName eq "u\#($0)""# }.joined(separator: " or ")
        let notChain = String(repeating: "not (", count: 40) + #"userName eq "a""# + String(repeating: ")", count: 40)
        for text in [deep, long, many, notChain] {
            #expect(throws: SCIMError.self) { try SCIMFilterParser.parse(text) }
        }
        #expect(throws: Never.self) { try SCIMFilterParser.parse(String(repeating: "(", count: 10) + #"userName eq "a""# + String(repeating: ")", count: 10)) }
    }
}
