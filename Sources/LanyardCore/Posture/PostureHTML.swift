import Foundation
public import LanyardAPI
import LanyardModel

/// A posture report as one self-contained HTML page: inline CSS, charts as inline SVG drawn here on the server, no
/// script and no external URL, so it opens offline, prints, and can be attached to an audit file as it is. Every
/// text from the report goes through ``escape(_:)``.
public enum PostureHTML {
    /// The most findings the page lists (the JSON report has them all).
    public static let maxFindings = 500

    /// The page for `report`.
    public static func render(_ report: PostureReport) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Lanyard posture report — \(escape(report.tenant)) (\(escape(report.scope.description)))</title>
            <style>\(style)</style></head><body>
            <header><h1>Posture report</h1>
            <p class="meta">Tenant <b>\(escape(report.tenant))</b> · scope <b>\(escape(report.scope.description))</b> · generated \(time(report.generatedAt))
             · policy version \(report.policyVersion.map(String.init) ?? "none") · audit log \(report.auditHead.size) leaves\(checkpoint(report.auditHead))</p>
            </header>

            """
        page += tiles(report.headline)
        page += "<section class=\"charts\">"
        page += figure("Controls passing", donut(report))
        page += figure("Controls by group", groupBars(report.controls))
        page += figure("Unresolved findings by severity", severityBars(report.findings))
        page += "</section>\n"
        page += controlsTable(report.controls)
        page += frameworksTable(report.frameworks)
        page += findingsTable(report.findings)
        page += """
            <footer>Computed by Lanyard from its own records at \(time(report.generatedAt)); each audit sequence number can be proved
            against a signed checkpoint with <code>lanyard audit proof SEQ</code>. Schema version \(report.schemaVersion).</footer>
            </body></html>

            """
        return page
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe in element content and in quoted
    /// attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: Parts

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:24px auto;max-width:1180px;padding:0 16px}
        h1{margin:0 0 4px;font-size:26px}h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .meta{color:#59636e;margin:0}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:18px 0}
        .tile{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;background:#f6f8fa}.tile .v{font-size:24px;font-weight:600}
        .tile .t{color:#59636e;font-size:12px}.tile .d{color:#59636e;font-size:11px}
        .charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;border:1px solid #d0d7de;border-radius:8px;padding:10px}
        figcaption{font-weight:600;margin-bottom:6px}table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{border-bottom:1px solid #d8dee4;padding:5px 6px;text-align:left;vertical-align:top}th{background:#f6f8fa}
        .s{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600;white-space:nowrap}
        .pass{background:#1a7f37}.fail{background:#cf222e}.not-applicable{background:#8c959f}
        .critical{background:#82071e}.high{background:#cf222e}.medium{background:#9a6700}.low{background:#0969da}
        .ev{color:#59636e;font-size:12px}code{font-size:12px}footer{margin:28px 0;color:#59636e;font-size:12px}
        """

    static let statusColors: [(PostureControl.Status, String)] = [(.pass, "#1a7f37"), (.fail, "#cf222e"), (.notApplicable, "#8c959f")]
    static let severityColors: [FindingSeverity: String] = [.critical: "#82071e", .high: "#cf222e", .medium: "#9a6700", .low: "#0969da"]

    static func time(_ date: Date) -> String { RFC3339Seconds.format(AuditEvent.seconds(of: date)) }

    static func checkpoint(_ head: PostureReport.AuditHead) -> String {
        guard let size = head.checkpointSize else { return ", no signed checkpoint" }
        return ", latest signed checkpoint at \(size)" + (head.checkpointAt.map { " (\(time($0)))" } ?? "")
    }

    static func tiles(_ headline: [PostureHeadline]) -> String {
        var html = "<section class=\"tiles\">"
        for number in headline {
            var detail = ""
            if let numerator = number.numerator, let denominator = number.denominator {
                detail = "<div class=\"d\">\(numerator) of \(denominator)</div>"
            } else if let denominator = number.denominator {
                detail = "<div class=\"d\">over \(denominator)</div>"
            }
            html += "<div class=\"tile\" id=\"h-\(escape(number.id))\"><div class=\"v\">\(escape(number.formatted))</div>"
            html += "<div class=\"t\">\(escape(number.title))</div>\(detail)</div>"
        }
        return html + "</section>\n"
    }

    static func figure(_ caption: String, _ svg: String) -> String {
        "<figure><figcaption>\(escape(caption))</figcaption>\(svg)</figure>"
    }

    /// A ring: the share of applicable controls that pass, the rest failing.
    static func donut(_ report: PostureReport) -> String {
        let passing = report.controls.filter { $0.status == .pass }.count
        let failing = report.controls.filter { $0.status == .fail }.count
        let applicable = passing + failing
        let circumference = 2 * Double.pi * 60
        let share = applicable == 0 ? 1 : Double(passing) / Double(applicable)
        let arc = number(circumference * share)
        return """
            <svg width="200" height="170" viewBox="0 0 200 170" role="img" aria-label="\(passing) of \(applicable) controls pass">
            <circle cx="100" cy="80" r="60" fill="none" stroke="#cf222e" stroke-width="22"/>
            <circle cx="100" cy="80" r="60" fill="none" stroke="#1a7f37" stroke-width="22" stroke-dasharray="\(arc) \(number(circumference))" transform="rotate(-90 100 80)"/>
            <text x="100" y="78" text-anchor="middle" font-size="26" font-weight="600" fill="#1f2328">\(Int((share * 100).rounded()))%</text>
            <text x="100" y="98" text-anchor="middle" font-size="12" fill="#59636e">\(passing) of \(applicable) pass</text>
            <text x="100" y="162" text-anchor="middle" font-size="11" fill="#59636e">\(report.controls.count - applicable) not applicable</text>
            </svg>
            """
    }

    /// One stacked bar per group: passing, failing and not-applicable controls.
    static func groupBars(_ controls: [PostureControl]) -> String {
        let width = 300.0
        var svg = "<svg width=\"430\" height=\"170\" viewBox=\"0 0 430 170\" role=\"img\" aria-label=\"Controls by group\">"
        for (row, group) in PostureControl.Group.allCases.enumerated() {
            let members = controls.filter { $0.group == group }
            let y = 10 + row * 34
            svg += "<text x=\"0\" y=\"\(y + 15)\" font-size=\"12\" fill=\"#1f2328\">\(group.rawValue)</text>"
            var x = 100.0
            for (status, color) in statusColors {
                let count = members.filter { $0.status == status }.count
                guard count > 0, !members.isEmpty else { continue }
                let w = width * Double(count) / Double(members.count)
                svg +=
                    "<rect x=\"\(number(x))\" y=\"\(y)\" width=\"\(number(w))\" height=\"20\" fill=\"\(color)\"><title>\(count) \(status.rawValue)</title></rect>"
                svg += "<text x=\"\(number(x + w / 2))\" y=\"\(y + 14)\" font-size=\"11\" fill=\"#fff\" text-anchor=\"middle\">\(count)</text>"
                x += w
            }
        }
        svg += "<rect x=\"100\" y=\"150\" width=\"10\" height=\"10\" fill=\"#1a7f37\"/><text x=\"114\" y=\"159\" font-size=\"11\">pass</text>"
        svg += "<rect x=\"160\" y=\"150\" width=\"10\" height=\"10\" fill=\"#cf222e\"/><text x=\"174\" y=\"159\" font-size=\"11\">fail</text>"
        svg += "<rect x=\"210\" y=\"150\" width=\"10\" height=\"10\" fill=\"#8c959f\"/><text x=\"224\" y=\"159\" font-size=\"11\">not applicable</text>"
        return svg + "</svg>"
    }

    /// One bar per severity, most severe first.
    static func severityBars(_ findings: PostureFindingSummary) -> String {
        let severities = FindingSeverity.allCases.reversed()
        let largest = max(1, severities.map { findings.bySeverity[$0.rawValue] ?? 0 }.max() ?? 0)
        var svg = "<svg width=\"330\" height=\"170\" viewBox=\"0 0 330 170\" role=\"img\" aria-label=\"Findings by severity\">"
        for (row, severity) in severities.enumerated() {
            let count = findings.bySeverity[severity.rawValue] ?? 0
            let y = 10 + row * 38
            let w = 200 * Double(count) / Double(largest)
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"12\" fill=\"#1f2328\">\(severity.rawValue)</text>"
            svg += "<rect x=\"70\" y=\"\(y)\" width=\"\(number(max(w, 1)))\" height=\"22\" fill=\"\(severityColors[severity] ?? "#8c959f")\"/>"
            svg += "<text x=\"\(number(76 + max(w, 1)))\" y=\"\(y + 16)\" font-size=\"12\" fill=\"#1f2328\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    static func controlsTable(_ controls: [PostureControl]) -> String {
        var html = "<h2>Controls</h2><table><thead><tr><th>Control</th><th>Status</th><th>Why, and the evidence</th><th>Maps to</th></tr></thead><tbody>"
        for control in controls {
            html +=
                "<tr id=\"\(escape(control.id))\"><td><b>\(escape(control.id))</b><br>\(escape(control.title))<br><span class=\"ev\">\(control.group.rawValue)</span></td>"
            html += "<td>\(badge(control.status.rawValue))</td><td>\(escape(control.reason))\(evidence(control.evidence))</td>"
            html += "<td>\(control.mappings.map { "<span title=\"\(escape($0.title))\">\(escape($0.id))</span>" }.joined(separator: ", "))</td></tr>"
        }
        return html + "</tbody></table>\n"
    }

    static func evidence(_ evidence: PostureControl.Evidence) -> String {
        var parts: [String] = []
        if !evidence.numbers.isEmpty {
            parts.append(evidence.numbers.sorted { $0.key < $1.key }.map { "\(escape($0.key)) \($0.value)" }.joined(separator: " · "))
        }
        if !evidence.subjects.isEmpty { parts.append("subjects: " + evidence.subjects.map(escape).joined(separator: ", ")) }
        if !evidence.findings.isEmpty { parts.append("findings: " + evidence.findings.map(escape).joined(separator: ", ")) }
        if !evidence.auditSequences.isEmpty { parts.append("audit events: " + evidence.auditSequences.map(String.init).joined(separator: ", ")) }
        return parts.isEmpty ? "" : "<div class=\"ev\">" + parts.joined(separator: "<br>") + "</div>"
    }

    static func frameworksTable(_ frameworks: [PostureFrameworkStatus]) -> String {
        var html = "<h2>Frameworks</h2><table><thead><tr><th>Framework</th><th>Control</th><th>Status</th><th>Checked by</th></tr></thead><tbody>"
        for item in frameworks {
            html += "<tr><td>\(escape(item.control.framework))</td><td><b>\(escape(item.control.id))</b> \(escape(item.control.title))</td>"
            html +=
                "<td>\(badge(item.status.rawValue))</td><td>\(item.controls.map { "<a href=\"#\(escape($0))\">\(escape($0))</a>" }.joined(separator: ", "))</td></tr>"
        }
        return html + "</tbody></table>\n"
    }

    static func findingsTable(_ findings: PostureFindingSummary) -> String {
        var html = "<h2>Unresolved findings (\(findings.unresolved))</h2>"
        if findings.items.count > maxFindings {
            html += "<p class=\"meta\">The \(maxFindings) most severe and newest are listed; the JSON report has all \(findings.items.count).</p>"
        }
        html += "<table><thead><tr><th>Finding</th><th>Severity</th><th>Subject</th><th>Summary</th><th>Frameworks</th></tr></thead><tbody>"
        for item in findings.items.prefix(maxFindings) {
            html += "<tr><td><code>\(escape(item.id))</code><br>\(escape(item.kind.rawValue))<br><span class=\"ev\">\(item.status.rawValue)</span></td>"
            html +=
                "<td>\(badge(item.severity.rawValue))</td><td>\(escape(item.subject))\(item.owner.map { "<br><span class=\"ev\">owner \(escape($0))</span>" } ?? "")</td>"
            html += "<td>\(escape(item.summary))</td><td>\(item.frameworks.map(escape).joined(separator: ", "))</td></tr>"
        }
        if findings.items.isEmpty { html += "<tr><td colspan=\"5\">None.</td></tr>" }
        return html + "</tbody></table>\n"
    }

    static func badge(_ status: String) -> String { "<span class=\"s \(escape(status))\">\(escape(status))</span>" }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
