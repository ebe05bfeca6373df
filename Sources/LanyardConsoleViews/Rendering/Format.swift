import Foundation
import LanyardAPI
import LanyardModel

/// Text forms shared by the pages: times, durations, links.
enum Format {
    /// `date` as RFC 3339 UTC with whole seconds (`2026-11-22T16:54:28Z`).
    static func time(_ date: Date) -> String {
        RFC3339Seconds.format(AuditEvent.seconds(of: date))
    }

    /// `date` as ``time(_:)``, or an empty string.
    static func time(_ date: Date?) -> String {
        date.map { time($0) } ?? ""
    }

    /// A span of seconds for a person: `42 s`, `3 min 5 s`, `2 h 10 min`, `4 d 3 h`.
    static func duration(seconds value: Int64) -> String {
        let seconds = max(0, value)
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds / 60) min \(seconds % 60) s"
        case ..<86_400: return seconds % 3600 / 60 == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return seconds % 86_400 / 3600 == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }

    /// `base` followed by `parts`, each a percent-encoded path segment: `/t/acme/console/identities/idn_%2F`.
    static func path(_ base: String, _ parts: String...) -> String {
        base + parts.map { "/" + PercentEncoding.encode($0) }.joined()
    }

    /// `path` with `items` as its percent-encoded query (no `?` when there are none). The template engine escapes the
    /// `&` separators when the link is written into an attribute.
    static func link(_ path: String, _ items: [(String, String)]) -> String {
        items.isEmpty ? path : path + "?" + PercentEncoding.query(items)
    }

    /// An audit event's details as one line, keys sorted, at most `limit` characters.
    static func details(_ details: [String: String], limit: Int = 160) -> String {
        let text = details.keys.sorted().map { "\($0)=\(details[$0] ?? "")" }.joined(separator: "; ")
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}
