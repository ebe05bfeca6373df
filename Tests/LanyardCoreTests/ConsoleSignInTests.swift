import Foundation
@testable import LanyardCore
import LanyardModel
import Testing

@Suite("Console sign-in: where it may return to, which role groups give, CSRF tokens")
struct ConsoleSignInTests {
    @Test("return_to stays inside the tenant's console; anything else goes to its front page")
    func safeReturn() {
        let console = "/t/acme/console"
        #expect(ConsoleSignIn.safeReturn("/t/acme/console/identities?q=x", consolePath: console) == "/t/acme/console/identities?q=x")
        #expect(ConsoleSignIn.safeReturn("/t/acme/console", consolePath: console) == "/t/acme/console")
        for hostile in [
            "https://evil.example/", "//evil.example", "/t/acme/console//evil.example", "/t/acme/consolex", "/t/other/console/",
            "/t/acme/console/../../v1/tokens", "/t/acme/console/\\evil", "/t/acme/console/\nSet-Cookie: x", "", nil,
        ] as [String?] {
            #expect(ConsoleSignIn.safeReturn(hostile, consolePath: console) == "/t/acme/console/", "\(hostile ?? "nil")")
        }
    }

    @Test("the strongest role any group gives; none without a mapped group; groups as a list or one string")
    func roles() {
        let roles: [String: Principal.Role] = ["eng": .builder, "sec": .securityReviewer, "admins": .tenantAdmin]
        #expect(ConsoleSignIn.role(groups: ["eng", "sec"], roles: roles) == .securityReviewer)
        #expect(ConsoleSignIn.role(groups: ["eng", "admins", "sec"], roles: roles) == .tenantAdmin)
        #expect(ConsoleSignIn.role(groups: ["sales"], roles: roles) == nil)
        #expect(ConsoleSignIn.groups(.array([.string("a"), .int(3), .string("b")])) == ["a", "b"])
        #expect(ConsoleSignIn.groups(.string("solo")) == ["solo"])
        #expect(ConsoleSignIn.groups(nil).isEmpty)
    }

    @Test("a session's CSRF token is stable for it, differs between sessions, and only it passes the check")
    func csrf() {
        let one = ConsoleSignIn.csrfToken(sessionToken: "lycs_one")
        #expect(one == ConsoleSignIn.csrfToken(sessionToken: "lycs_one"))
        #expect(one != ConsoleSignIn.csrfToken(sessionToken: "lycs_two"))
        #expect(ConsoleSignIn.checkCSRF(one, sessionToken: "lycs_one"))
        #expect(!ConsoleSignIn.checkCSRF(one, sessionToken: "lycs_two"))
        #expect(!ConsoleSignIn.checkCSRF(nil, sessionToken: "lycs_one"))
        #expect(!ConsoleSignIn.checkCSRF("", sessionToken: "lycs_one"))
    }
}
