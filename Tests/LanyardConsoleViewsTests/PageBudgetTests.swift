import Foundation
import Testing

@testable import LanyardConsoleViews

@Suite("Console pages: size and render time")
struct PageBudgetTests {
    @Test("every page with 50 rows in each list is under 100 KB")
    func pagesAreSmall() {
        for page in Fixtures.allPages(rows: 50) {
            #expect(page.html.utf8.count < 100_000, "\(page.name): \(page.html.utf8.count) bytes")
        }
    }

    /// Renders each page `LANYARD_CONSOLE_RENDER_ITERATIONS` times (default 20) and prints the mean; the bound is far
    /// above the 200 ms so that a debug build on a busy machine passes.
    @Test("each 50-row page renders well within the 200 ms budget")
    func renderTime() {
        let iterations = Int(ProcessInfo.processInfo.environment["LANYARD_CONSOLE_RENDER_ITERATIONS"] ?? "") ?? 20
        let chrome = Fixtures.chrome()
        let overview = Fixtures.overview(expiring: 50)
        let inventory = Fixtures.inventory(rows: 50)
        let identity = Fixtures.identityView(rows: 50)
        let requests = RequestsView(requests: (0..<50).map(Fixtures.request))
        let request = RequestView(request: Fixtures.request(1), recentUse: Fixtures.events(50), canDecide: true)
        let findings = FindingsView(findings: (0..<50).map(Fixtures.finding))
        let audit = Fixtures.auditView(rows: 50)
        let renders: [(String, () -> String)] = [
            ("overview", { ConsoleViews.overview(overview, chrome: chrome) }),
            ("inventory", { ConsoleViews.inventory(inventory, chrome: chrome) }),
            ("identity", { ConsoleViews.identity(identity, chrome: chrome) }),
            ("requests", { ConsoleViews.requests(requests, chrome: chrome) }),
            ("request", { ConsoleViews.request(request, chrome: chrome) }),
            ("findings", { ConsoleViews.findings(findings, chrome: chrome) }),
            ("audit", { ConsoleViews.audit(audit, chrome: chrome) }),
        ]
        _ = ConsoleViews.signIn(tenant: "a", basePath: "/a", ssoConfigured: true, returnTo: "/a", error: nil, csrfToken: "t")  // loads the templates
        let clock = ContinuousClock()
        for (name, render) in renders {
            var bytes = 0
            let elapsed = clock.measure {
                for _ in 0..<iterations { bytes = render().utf8.count }
            }
            let mean = elapsed / iterations
            print("render \(name): \(mean) per page (\(bytes) bytes, \(iterations) renders)")
            #expect(mean < .milliseconds(200), "\(name)")
        }
    }
}

@Suite("Console pages: files for a browser")
struct PageFileTests {
    /// Writes every page (10 rows) and the stylesheet to `LANYARD_CONSOLE_PAGES_DIR` when it is set, for screenshots
    /// in a real browser (`{basePath}` is `/t/acme/console`, so serve the folder with `assets/console.css` there).
    @Test("pages can be written out for a browser")
    func writePages() throws {
        guard let directory = ProcessInfo.processInfo.environment["LANYARD_CONSOLE_PAGES_DIR"] else { return }
        let root = URL(fileURLWithPath: directory)
        let assets = root.appendingPathComponent("t/acme/console/assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        try ConsoleViews.stylesheet.write(to: assets.appendingPathComponent("console.css"), atomically: true, encoding: .utf8)
        for page in Fixtures.allPages(rows: 10) {
            let name = page.name.replacingOccurrences(of: " ", with: "-").filter { $0.isLetter || $0 == "-" }
            try page.html.write(to: root.appendingPathComponent("\(name).html"), atomically: true, encoding: .utf8)
        }
    }
}
