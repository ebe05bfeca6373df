import Foundation

/// Just enough HTML reading for the page tests: start tags with their attributes, and form blocks.
enum HTMLScan {
    /// Every start tag named `name` (`input`, `form`, …), as its attributes (names lower-cased; valueless ones map to "").
    static func tags(_ name: String, in html: String) throws -> [[String: String]] {
        let tag = try Regex("<\(name)(\\s[^>]*)?>").ignoresCase()
        return html.matches(of: tag).map { attributes(String(html[$0.range])) }
    }

    /// The attributes of one start tag's text.
    static func attributes(_ tag: String) -> [String: String] {
        var result: [String: String] = [:]
        let pattern = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/
        for match in tag.dropFirst().matches(of: pattern).dropFirst() {
            result[String(match.1).lowercased()] = match.2.map(String.init) ?? ""
        }
        return result
    }

    /// The text of every `<form …>…</form>` whose method is POST.
    static func postForms(in html: String) -> [String] {
        html.matches(of: /(?s)<form\b[^>]*method="post"[^>]*>.*?<\/form>/).map { String(html[$0.range]) }
    }

    /// Every `href` value, with `&amp;` read back as `&`.
    static func hrefs(in html: String) -> [String] {
        html.matches(of: /href="([^"]*)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }
}
