import Foundation
import LanyardAPI
import LanyardModel
import Testing

@testable import LanyardConsoleViews

@Suite("Console pages: reviews and policies")
struct ReviewAndPolicyPageTests {
    @Test("a line diff marks added and removed lines in order and folds far unchanged runs")
    func lineDiff() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...20).map { "line \($0)" }
        lines[9] = "line ten"
        lines.append("line 21")
        let diff = LineDiff(old: old, new: lines.joined(separator: "\n"))
        #expect(diff.added == 2 && diff.removed == 1 && !diff.truncated)
        let shown = diff.lines.map { "\($0.kind.rawValue):\($0.text)" }
        #expect(shown.first == "skipped:6 unchanged lines")
        #expect(shown.contains("removed:line 10") && shown.contains("added:line ten"))
        #expect(shown.firstIndex(of: "removed:line 10")! < shown.firstIndex(of: "added:line ten")!)
        #expect(shown.last == "added:line 21")
        #expect(shown.contains("skipped:4 unchanged lines"))
        #expect(LineDiff(old: "same\ntext", new: "same\ntext").lines.allSatisfy { $0.kind == .skipped })
        #expect(LineDiff(old: "", new: "a").added == 1)
    }

    @Test("a long text is compared on its first lines and says so")
    func lineDiffBound() {
        let long = Array(repeating: "x", count: LineDiff.maxLines + 10).joined(separator: "\n")
        let diff = LineDiff(old: long, new: long + "\ny")
        #expect(diff.truncated)
        #expect(diff.added == 0, "the change after the bound is not compared")
    }

    @Test("the campaign page offers a checkbox for open items only, and the bulk form when the caller may decide")
    func campaignCheckboxes() throws {
        let view = Fixtures.campaignView(rows: 10)
        let html = ConsoleViews.campaign(view, chrome: Fixtures.chrome())
        let boxes = try HTMLScan.tags("input", in: html).filter { $0["type"] == "checkbox" }.compactMap { $0["name"] }
        let open = view.items.filter(\.isOpen).map { "item." + $0.id }
        #expect(boxes == open + ["all"])
        #expect(html.contains("<button type=\"submit\" name=\"decision\" value=\"certify\" class=\"primary\">Certify selected</button>"))
        #expect(html.contains("<button type=\"submit\" name=\"decision\" value=\"revoke\" class=\"danger\">Revoke selected</button>"))
        #expect(html.contains("3 items certified. 1 could not be decided"))
        #expect(html.contains("kind agent; owner owner1"))
        var readOnly = view
        readOnly.canDecide = false
        let plain = ConsoleViews.campaign(readOnly, chrome: Fixtures.chrome())
        #expect(try HTMLScan.tags("input", in: plain).filter { $0["type"] == "checkbox" }.isEmpty)
        #expect(!plain.contains("Certify selected"))
        var closed = view
        closed.campaign.status = .closed
        #expect(!ConsoleViews.campaign(closed, chrome: Fixtures.chrome()).contains("Certify selected"), "a closed campaign takes no decision")
    }

    @Test("the policy version page shows the diff rows, the trial verdict and the try form's values")
    func policyVersion() throws {
        let html = ConsoleViews.policyVersion(Fixtures.policyVersionView(), chrome: Fixtures.chrome())
        #expect(html.contains("<h1>Policy version 7 <span class=\"st st-active\">in force</span></h1>"))
        #expect(html.contains("<tr class=\"added\"><td class=\"num\">"))
        #expect(!html.contains("<tr class=\"removed\">"), "version 7 only adds lines")
        #expect(html.contains("<p class=\"verdict allow\">Allow</p>"))
        #expect(html.contains("value=\"idn_1\""))
        #expect(html.contains("<a href=\"/t/acme/console/policies/6\">version 6</a>"))
        #expect(html.contains("context.&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "policy text is escaped")
    }

    @Test("the policies page lists versions with diff links and shows validation problems")
    func policies() throws {
        let html = ConsoleViews.policies(Fixtures.policiesView(rows: 3), chrome: Fixtures.chrome())
        #expect(html.contains("<a href=\"/t/acme/console/policies/3?compare=2\" aria-label=\"Changes in version 3\">diff</a>"))
        #expect(html.contains("<p class=\"verdict deny\">Not valid.</p>"))
        #expect(html.contains("unexpected token &lt;script&gt;"))
        #expect(html.contains(">permit (principal, action resource);</textarea>"))
    }

    @Test("the request page shows the approval rule, the permit and the forbids as Cedar text")
    func requestDeciders() {
        let view = RequestView(
            request: Fixtures.request(1), approvalRule: "Access tier deploy: 2 approval(s) required, 2 still needed.",
            grant: "permit (principal == Lanyard::Identity::\"idn_000001\", action in [Action::\"deploy\"], resource == Service::\"billing\");",
            policies: ["forbid (principal, action, resource) unless { context.approved };"], morePolicies: 2, policyVersion: 4, now: Fixtures.now)
        let html = ConsoleViews.request(view, chrome: Fixtures.chrome())
        #expect(html.contains("<pre class=\"policy\">permit (principal == Lanyard::Identity::&quot;idn_000001&quot;"))
        #expect(html.contains("<pre class=\"policy\">forbid (principal, action, resource) unless { context.approved };</pre>"))
        #expect(html.contains("<a href=\"/t/acme/console/policies/4\">policy version 4</a>"))
        #expect(html.contains("2 more not shown."))
    }
}
