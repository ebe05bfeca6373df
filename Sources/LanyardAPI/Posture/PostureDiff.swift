public import Foundation
import LanyardModel

/// What changed between two posture reports of the same scope: headline numbers that moved, controls whose status
/// changed, findings that appeared and findings that are gone (resolved, or out of scope).
public struct PostureDiff: Sendable, Hashable, Codable {
    public var before: Side
    public var after: Side
    public var headline: [HeadlineChange]
    public var controls: [ControlChange]
    /// Unresolved in `after`, not in `before`.
    public var newFindings: [PostureFindingSummary.Item]
    /// Unresolved in `before`, not in `after`.
    public var goneFindings: [PostureFindingSummary.Item]

    /// Which report a side is.
    public struct Side: Sendable, Hashable, Codable {
        public var generatedAt: Date
        public var scope: PostureReport.Scope
        public var failingControls: Int
        public var unresolvedFindings: Int
    }

    /// A headline number that changed (or appeared, or went away).
    public struct HeadlineChange: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var before: Double?
        public var after: Double?
        public var unit: PostureHeadline.Unit
    }

    /// A control whose status changed (or that one report lacks).
    public struct ControlChange: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var before: PostureControl.Status?
        public var after: PostureControl.Status?
    }

    /// The difference from `before` to `after`.
    public init(from before: PostureReport, to after: PostureReport) {
        func side(_ report: PostureReport) -> Side {
            Side(
                generatedAt: report.generatedAt, scope: report.scope, failingControls: report.failing.count,
                unresolvedFindings: report.findings.unresolved)
        }
        self.before = side(before)
        self.after = side(after)
        let oldHeadline = Dictionary(before.headline.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newHeadline = Dictionary(after.headline.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var headline: [HeadlineChange] = []
        for number in after.headline where oldHeadline[number.id]?.value != number.value || oldHeadline[number.id] == nil {
            headline.append(
                HeadlineChange(id: number.id, title: number.title, before: oldHeadline[number.id]?.value, after: number.value, unit: number.unit))
        }
        for number in before.headline where newHeadline[number.id] == nil {
            headline.append(HeadlineChange(id: number.id, title: number.title, before: number.value, after: nil, unit: number.unit))
        }
        self.headline = headline
        let oldControls = Dictionary(before.controls.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newControls = Dictionary(after.controls.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var controls: [ControlChange] = []
        for control in after.controls where oldControls[control.id]?.status != control.status {
            controls.append(ControlChange(id: control.id, title: control.title, before: oldControls[control.id]?.status, after: control.status))
        }
        for control in before.controls where newControls[control.id] == nil {
            controls.append(ControlChange(id: control.id, title: control.title, before: control.status, after: nil))
        }
        self.controls = controls
        let oldFindings = Set(before.findings.items.map(\.id))
        let newFindings = Set(after.findings.items.map(\.id))
        self.newFindings = after.findings.items.filter { !oldFindings.contains($0.id) }
        self.goneFindings = before.findings.items.filter { !newFindings.contains($0.id) }
    }

    /// Whether nothing changed.
    public var isEmpty: Bool { headline.isEmpty && controls.isEmpty && newFindings.isEmpty && goneFindings.isEmpty }

    /// The difference as lines for a person.
    public var lines: [String] {
        var lines = [
            "Posture \(before.scope.description) → \(after.scope.description): failing controls \(before.failingControls) → \(after.failingControls), "
                + "unresolved findings \(before.unresolvedFindings) → \(after.unresolvedFindings)."
        ]
        if isEmpty { lines.append("No change.") }
        for change in headline {
            func shown(_ value: Double?) -> String {
                PostureHeadline(id: change.id, title: change.title, value: value, unit: change.unit).formatted
            }
            lines.append("headline \(change.id) (\(change.title)): \(shown(change.before)) → \(shown(change.after))")
        }
        for change in controls {
            lines.append("control \(change.id) (\(change.title)): \(change.before?.rawValue ?? "absent") → \(change.after?.rawValue ?? "absent")")
        }
        for item in newFindings { lines.append("+ finding \(item.id) \(item.kind.rawValue) \(item.severity.rawValue) \(item.subject): \(item.summary)") }
        for item in goneFindings { lines.append("- finding \(item.id) \(item.kind.rawValue) \(item.severity.rawValue) \(item.subject): \(item.summary)") }
        return lines
    }
}
