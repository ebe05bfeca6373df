import Foundation
import Testing

@testable import LanyardConsoleViews

@Suite("Console pages: escaping, CSP and CSRF")
struct PageSafetyTests {
    @Test("an identity's name and purpose render escaped on the inventory and identity pages")
    func hostileNameAndPurposeAreEscaped() {
        let hostile = Fixtures.identity(7, name: Fixtures.xssName, purpose: Fixtures.xssPurpose)
        let inventory = ConsoleViews.inventory(
            InventoryView(rows: [hostile], filters: InventoryFilters(query: Fixtures.xssName, owner: Fixtures.xssPurpose)), chrome: Fixtures.chrome())
        let identity = ConsoleViews.identity(Fixtures.identityView(rows: 2, identity: hostile), chrome: Fixtures.chrome())
        for html in [inventory, identity] {
            #expect(!html.contains(Fixtures.xssName))
            #expect(!html.contains("<img"))
            #expect(!html.contains("\"><img"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
        #expect(identity.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(inventory.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""))
    }

    @Test("the page title, the notice and the chrome's user are escaped too")
    func chromeValuesAreEscaped() {
        var chrome = Fixtures.chrome(notice: "<b>done</b>")
        chrome.userName = "<i>x</i>"
        chrome.csrfToken = "\"><x"
        let html = ConsoleViews.identity(Fixtures.identityView(rows: 1, identity: Fixtures.identity(1, name: "</title><x>")), chrome: chrome)
        #expect(html.contains("<title>&lt;/title&gt;&lt;x&gt; · Lanyard</title>"))
        #expect(html.contains("&lt;b&gt;done&lt;/b&gt;"))
        #expect(html.contains("&lt;i&gt;x&lt;/i&gt;"))
        #expect(!html.contains("\"><x"))
    }

    @Test("no page has a script, a style element or a style attribute")
    func noScriptOrInlineStyle() {
        for page in Fixtures.allPages(rows: 3) {
            let lower = page.html.lowercased()
            #expect(!lower.contains("<script"), "\(page.name)")
            #expect(!lower.contains("<style"), "\(page.name)")
            #expect(!lower.contains(" style="), "\(page.name)")
            #expect(!lower.contains("javascript:"), "\(page.name)")
            #expect(lower.firstMatch(of: /<[^>]*\son[a-z]+\s*=/) == nil, "\(page.name): an event handler attribute")
        }
    }

    @Test("templates insert values only through escaping tags, and all of them parse")
    func templatesUseEscapingTagsOnly() {
        #expect(TemplateLibrary.loaded.failures.isEmpty, "\(TemplateLibrary.loaded.failures)")
        for source in TemplateLibrary.sources {
            #expect(!source.text.contains("{{{"), "\(source.name)")
            #expect(!source.text.contains("{{&"), "\(source.name)")
            #expect(!source.text.contains("{{="), "\(source.name)")
        }
    }

    @Test("every POST form carries the chrome's CSRF token")
    func everyPostFormHasTheCSRFToken() throws {
        var forms = 0
        for page in Fixtures.allPages(rows: 2) {
            for form in HTMLScan.postForms(in: page.html) {
                forms += 1
                #expect(form.contains("<input type=\"hidden\" name=\"csrf\" value=\"\(Fixtures.csrf)\">"), "\(page.name): \(form.prefix(120))")
            }
            let allForms = try HTMLScan.tags("form", in: page.html)
            for form in allForms {
                #expect(["get", "post"].contains(form["method"] ?? ""), "\(page.name): a form without an explicit method")
            }
        }
        // Sign-out on 12 signed-in pages, break-glass on 2 sign-in pages, 6 actions on the managed identity and 7 on the
        // prototype (graduate), approve and deny, bulk decide, validate, try a request.
        #expect(forms == 12 + 2 + 6 + 7 + 2 + 3)
    }

    @Test("the identity page renders exactly the action forms it is given")
    func identityActionsFollowTheList() throws {
        var view = Fixtures.identityView(rows: 1)
        view.actions = ["extend", "offboard", "launch-missiles"]
        let html = ConsoleViews.identity(view, chrome: Fixtures.chrome())
        let actions = try HTMLScan.tags("form", in: html).compactMap { $0["action"] }.filter { $0.contains("/identities/") }
        #expect(actions == ["/t/acme/console/identities/idn_000001/extend", "/t/acme/console/identities/idn_000001/offboard"])
        view.actions = []
        let none = ConsoleViews.identity(view, chrome: Fixtures.chrome())
        #expect(try HTMLScan.tags("form", in: none).count == 1)  // sign-out only
        #expect(none.contains("Your role may not change this identity."))
    }

    @Test("the request page shows the decision forms only when the caller may decide a waiting request")
    func requestDecisionForms() {
        var view = RequestView(request: Fixtures.request(1), canDecide: true)
        let html = ConsoleViews.request(view, chrome: Fixtures.chrome())
        #expect(html.contains("action=\"/t/acme/console/requests/req_1/approve\""))
        #expect(html.contains("action=\"/t/acme/console/requests/req_1/deny\""))
        #expect(html.contains("<textarea id=\"approve-reason\" name=\"reason\" required"))
        view.canDecide = false
        #expect(!ConsoleViews.request(view, chrome: Fixtures.chrome()).contains("/approve"))
        view.canDecide = true
        view.now = Fixtures.now.addingTimeInterval(2 * 86_400)  // past its expiry
        #expect(!ConsoleViews.request(view, chrome: Fixtures.chrome()).contains("/approve"))
    }

    @Test("the sign-in page links to SSO with an encoded return_to and posts the token form with csrf")
    func signInPage() throws {
        let html = ConsoleViews.signIn(
            tenant: "acme", basePath: "/t/acme/console", ssoConfigured: true, returnTo: "/t/acme/console/identities?q=a b&kind=agent", error: nil,
            csrfToken: Fixtures.csrf)
        #expect(HTMLScan.hrefs(in: html).contains("/t/acme/console/sso/start?return_to=%2Ft%2Facme%2Fconsole%2Fidentities%3Fq%3Da%20b%26kind%3Dagent"))
        let inputs = try HTMLScan.tags("input", in: html)
        #expect(inputs.contains { $0["name"] == "token" && $0["type"] == "password" && $0["id"] == "signin-token" })
        #expect(html.contains("action=\"/t/acme/console/signin/token\""))
        let noSSO = ConsoleViews.signIn(tenant: "acme", basePath: "/b", ssoConfigured: false, returnTo: "/b", error: nil, csrfToken: "t")
        #expect(!noSSO.contains("/sso/start"))
        #expect(noSSO.contains("<details open>"))
    }
}
