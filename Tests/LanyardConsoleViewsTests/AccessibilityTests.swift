import Foundation
import Testing

@testable import LanyardConsoleViews

@Suite("Console pages: labels, structure, keyboard")
struct AccessibilityTests {
    @Test("every input, select and textarea but hidden inputs has a label for its id, and ids are unique")
    func everyControlHasALabel() throws {
        for page in Fixtures.allPages(rows: 3) {
            let labels = Set(try HTMLScan.tags("label", in: page.html).compactMap { $0["for"] })
            var controls = try HTMLScan.tags("input", in: page.html).filter { $0["type"] != "hidden" }
            controls += try HTMLScan.tags("select", in: page.html)
            controls += try HTMLScan.tags("textarea", in: page.html)
            for control in controls {
                let id = try #require(control["id"], "\(page.name): a control without an id: \(control)")
                #expect(labels.contains(id), "\(page.name): no <label for=\"\(id)\">")
            }
            let ids = page.html.matches(of: /\sid="([^"]*)"/).map { String($0.1) }
            #expect(ids.count == Set(ids).count, "\(page.name): duplicate ids \(ids)")
            for label in labels { #expect(ids.contains(label), "\(page.name): label for missing id \(label)") }
        }
    }

    @Test("every page is a complete English document with a viewport, a title, a skip link and main#main")
    func documentStructure() throws {
        for page in Fixtures.allPages(rows: 1) {
            let html = page.html
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), "\(page.name)")
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), "\(page.name)")
            #expect(html.contains("<meta charset=\"utf-8\">"), "\(page.name)")
            #expect(html.firstMatch(of: /<title>[^<]+ · Lanyard<\/title>/) != nil, "\(page.name)")
            #expect(html.contains("<a class=\"skip\" href=\"#main\">Skip to content</a>"), "\(page.name)")
            #expect(html.contains("<main id=\"main\" tabindex=\"-1\">"), "\(page.name)")
            #expect(html.hasSuffix("</html>\n"), "\(page.name)")
            #expect(html.components(separatedBy: "<h1").count == 2, "\(page.name): one h1")
            // swift-mustache writes a nil Optional held in a [String: Any] as "nil": contexts never hold Optionals.
            #expect(!html.contains(">nil<") && !html.contains("\"nil\""), "\(page.name)")
        }
    }

    @Test("signed-in pages link the stylesheet under the base path and mark the current section")
    func chromeNavigation() {
        let html = ConsoleViews.inventory(Fixtures.inventory(rows: 1), chrome: Fixtures.chrome(canAdminister: false))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/t/acme/console/assets/console.css\">"))
        #expect(html.contains("<a href=\"/t/acme/console/identities\" aria-current=\"page\">Inventory</a>"))
        #expect(html.components(separatedBy: "aria-current").count == 2)
        for section in ["Overview", "Requests", "Reviews", "Findings", "Posture", "Audit", "Policies"] { #expect(html.contains(">\(section)</a>")) }
        #expect(html.contains("<a href=\"/t/acme/console/reviews\">Reviews</a>"))
        #expect(html.contains("<a href=\"/t/acme/console/policies\">Policies</a>"))
        #expect(html.contains("<form method=\"post\" action=\"/t/acme/console/signout\""))
    }

    @Test("data tables have column headers with scope, and row headers with scope")
    func tablesAreSemantic() throws {
        for page in Fixtures.allPages(rows: 2) {
            let headers = try HTMLScan.tags("th", in: page.html)
            for header in headers { #expect(["col", "row"].contains(header["scope"] ?? ""), "\(page.name): <th> without scope") }
            let tables = page.html.components(separatedBy: "<table").count - 1
            let heads = page.html.components(separatedBy: "<thead").count - 1
            #expect(tables == heads, "\(page.name): a table without thead")
        }
    }

    @Test("the stylesheet has light and dark schemes and a visible focus style")
    func stylesheet() {
        let css = ConsoleViews.stylesheet
        #expect(css.contains("@media (prefers-color-scheme:dark)"))
        #expect(css.contains(":focus-visible{outline:3px solid"))
        #expect(css.contains(".skip:focus"))
        #expect(!css.contains("@import"))
        #expect(!css.contains("url("))
    }

    @Test("a message page without a tenant has no links and no stylesheet")
    func messageWithoutBasePath() {
        let html = ConsoleViews.message(title: "Not found", detail: "No such tenant.", status: 404, basePath: nil)
        #expect(!html.contains("<link"))
        #expect(HTMLScan.hrefs(in: html) == ["#main"])
        #expect(html.contains("<h1 id=\"h-message\">Not found</h1>"))
        #expect(html.contains("HTTP status 404"))
    }
}
