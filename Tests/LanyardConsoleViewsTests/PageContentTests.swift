import Foundation
import LanyardModel
import Testing

@testable import LanyardConsoleViews

@Suite("Console pages: content")
struct PageContentTests {
    @Test("the overview draws two labelled SVG bar charts, one bar per entry")
    func overviewCharts() throws {
        let html = ConsoleViews.overview(Fixtures.overview(), chrome: Fixtures.chrome())
        let svgs = try HTMLScan.tags("svg", in: html)
        #expect(svgs.count == 2)
        #expect(svgs.allSatisfy { $0["role"] == "img" && ($0["aria-labelledby"] ?? "").hasSuffix("-desc") })
        #expect(html.contains("<title id=\"chart-severity-title\">Open findings by severity</title>"))
        #expect(html.contains("<title id=\"chart-owasp-title\">Open findings by OWASP NHI risk</title>"))
        #expect(html.contains("<desc id=\"chart-severity-desc\">critical: 2, high: 11, medium: 40, low: 7.</desc>"))
        #expect(html.components(separatedBy: "<rect ").count - 1 == 4 + 5)
        #expect(html.contains("class=\"bar sev-critical\""))
        // The longest bar fills the bar area; a zero count draws an empty bar.
        #expect(html.contains("width=\"200\" height=\"16\" rx=\"2\" class=\"bar sev-medium\""))
        #expect(html.contains("width=\"0\" height=\"16\" rx=\"2\" class=\"bar owasp\""))
        #expect(!html.contains("<img"))
    }

    @Test("the overview shows coverage, approvals, break-glass, leak time and the audit verdict")
    func overviewFigures() {
        let html = ConsoleViews.overview(Fixtures.overview(), chrome: Fixtures.chrome())
        #expect(html.contains("<p class=\"figure\">98%</p>"))
        #expect(html.contains("<label for=\"own-meter\">10230 of 10412 identities have an active owner</label>"))
        #expect(html.contains("<p class=\"figure\">4</p>"))
        #expect(html.contains("<p class=\"figure alert\">1</p>"))
        #expect(html.contains("<p class=\"figure\">42 s</p>"))
        #expect(html.contains("Verified ✓"))
        #expect(html.contains("href=\"/t/acme/console/identities/idn_000001\">support-bot-1</a>"))
        var unverified = Fixtures.overview(expiring: 0)
        unverified.auditVerified = false
        unverified.leakMedianTimeToRevoke = nil
        let other = ConsoleViews.overview(unverified, chrome: Fixtures.chrome())
        #expect(other.contains("Not verified ✗"))
        #expect(other.contains("No leak reported."))
        #expect(other.contains("No identity expires within 7 days."))
    }

    @Test("the next-page link keeps the filters and the order, percent-encoded, and adds the cursor")
    func paginationKeepsFilters() throws {
        let filters = InventoryFilters(
            query: "crm & billing/é", kind: .agent, owner: "alice+bob", environment: .production, stage: .managed, status: .active,
            template: "a=b?c", expiringWithin: "7d")
        let html = ConsoleViews.inventory(Fixtures.inventory(rows: 2, filters: filters, next: "abc+/="), chrome: Fixtures.chrome())
        let next = try #require(html.firstMatch(of: /<a href="([^"]*)" rel="next">Next page<\/a>/))
        #expect(String(next.1).contains("&amp;"))
        let href = String(next.1).replacingOccurrences(of: "&amp;", with: "&")
        #expect(
            href == "/t/acme/console/identities?q=crm%20%26%20billing%2F%C3%A9&kind=agent&owner=alice%2Bbob&environment=production"
                + "&stage=managed&status=active&template=a%3Db%3Fc&expiring_within=7d&sort=expires&order=asc&cursor=abc%2B%2F%3D")
        let last = ConsoleViews.inventory(Fixtures.inventory(rows: 2, next: nil), chrome: Fixtures.chrome())
        #expect(!last.contains("rel=\"next\""))
    }

    @Test("the filter form shows the current filters, and sort links keep them and flip the order")
    func filterFormAndSortLinks() throws {
        let filters = InventoryFilters(kind: .pipeline, owner: "bob", status: .suspended, expiringWithin: "14d")
        let html = ConsoleViews.inventory(Fixtures.inventory(rows: 3, filters: filters), chrome: Fixtures.chrome())
        #expect(html.contains("<option value=\"pipeline\" selected>pipeline</option>"))
        #expect(html.contains("<option value=\"suspended\" selected>suspended</option>"))
        #expect(html.contains("<option value=\"14d\" selected>14d</option>"))
        #expect(html.contains("id=\"f-owner\" name=\"owner\" value=\"bob\""))
        let options = try HTMLScan.tags("option", in: html)
        #expect(options.filter { $0["selected"] != nil }.count == 3)
        #expect(try HTMLScan.tags("form", in: html).contains { $0["method"] == "get" && $0["action"] == "/t/acme/console/identities" })
        let hrefs = HTMLScan.hrefs(in: html)
        #expect(hrefs.contains("/t/acme/console/identities?kind=pipeline&owner=bob&status=suspended&expiring_within=14d&sort=expires&order=desc"))
        #expect(hrefs.contains("/t/acme/console/identities?kind=pipeline&owner=bob&status=suspended&expiring_within=14d&sort=name&order=asc"))
        #expect(html.contains("<th scope=\"col\" aria-sort=\"ascending\">"))
        #expect(html.contains("10412 identities match; showing 3."))
    }

    @Test("identity ids in links are percent-encoded path segments")
    func identityLinksAreEncoded() {
        var odd = Fixtures.identity(1)
        odd.id = "idn_a/b?c"
        let html = ConsoleViews.inventory(InventoryView(rows: [odd]), chrome: Fixtures.chrome())
        #expect(html.contains("href=\"/t/acme/console/identities/idn_a%2Fb%3Fc\""))
    }

    @Test("the identity page shows the record, every list and a prove link per timeline event")
    func identityPage() {
        let html = ConsoleViews.identity(Fixtures.identityView(rows: 4), chrome: Fixtures.chrome())
        for text in [
            "<dt>Owner</dt><dd>owner1</dd>", "<dt>Backup owner</dt><dd>none</dd>", "<code>spiffe://acme.example/agent/support-bot-1</code>",
            "<code>https://crm.example</code>", "3 active, 1 revoked", "leak reported", "break-glass", "<code>repository=acme/app</code>",
            "nightly load 0", "Owner gone, identity not transferred", "<span class=\"st st-allow\">allow</span>",
        ] {
            #expect(html.contains(text), "\(text)")
        }
        for seq in 1...4 { #expect(html.contains("<a href=\"/t/acme/console/audit/\(seq)\">prove")) }
        #expect(html.contains("<time>2027-01-15T08:00:00Z</time>"))
    }

    @Test("the audit page shows the search, a prove link per event and the proof verdict")
    func auditPage() throws {
        let html = ConsoleViews.audit(Fixtures.auditView(rows: 3), chrome: Fixtures.chrome())
        #expect(html.contains("<p class=\"verdict\" role=\"status\">Verified ✓</p>"))
        #expect(html.contains("<code>9f86d081884c7d659a2feaa0c55ad015</code>"))
        #expect(html.contains("<dt>Tree size</dt><dd>1024</dd>"))
        #expect(html.contains("id=\"a-actor\" name=\"actor\" value=\"user:alice\""))
        #expect(
            HTMLScan.hrefs(in: html).contains(
                "/t/acme/console/audit?identity=idn_000001&actor=user%3Aalice&action=identity.extend&since=2026-11-01&cursor=bmV4dA"))
        for seq in 1...3 { #expect(html.contains("<a href=\"/t/acme/console/audit/\(seq)\">prove")) }
        var failed = Fixtures.auditView(rows: 0)
        failed.proof?.verified = false
        failed.proof?.failure = "The root does not match the checkpoint."
        let bad = ConsoleViews.audit(failed, chrome: Fixtures.chrome())
        #expect(bad.contains("Not verified ✗"))
        #expect(bad.contains("class=\"proof bad\""))
        #expect(bad.contains("The root does not match the checkpoint."))
        #expect(bad.contains("No event matches."))
    }

    @Test("requests and findings link to their request, identity, proofs and the posture report")
    func requestsAndFindings() {
        let requests = ConsoleViews.requests(
            RequestsView(requests: [Fixtures.request(3)], identityNames: ["idn_000001": "support-bot-1"]), chrome: Fixtures.chrome())
        #expect(requests.contains("<a href=\"/t/acme/console/requests/req_3\">req_3</a>"))
        #expect(requests.contains("<td>support-bot-1</td>"))
        #expect(requests.contains("0 of 2"))
        let findings = ConsoleViews.findings(
            FindingsView(findings: [Fixtures.finding(1)], identityNames: ["idn_000001": "support-bot-1"]), chrome: Fixtures.chrome())
        #expect(findings.contains("href=\"/t/acme/console/posture\""))
        #expect(findings.contains("<a href=\"/t/acme/console/identities/idn_000001\">support-bot-1</a>"))
        #expect(findings.contains("NHI2:2025, ASI03, PR.AA-04"))
        #expect(findings.contains("<a href=\"/t/acme/console/audit/2\">#2</a>"))
    }

    @Test("times are RFC 3339 UTC with whole seconds")
    func timesAreRFC3339() {
        #expect(Format.time(Date(timeIntervalSince1970: 1_800_000_000.9)) == "2027-01-15T08:00:00Z")
        #expect(Format.duration(seconds: 41) == "41 s")
        #expect(Format.duration(seconds: 185) == "3 min 5 s")
        #expect(Format.duration(seconds: 7800) == "2 h 10 min")
        #expect(Format.duration(seconds: 3 * 86_400 + 3600) == "3 d 1 h")
    }
}
