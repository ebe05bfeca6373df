/// A small horizontal bar chart drawn as inline SVG by the overview template: the geometry is computed here, the
/// markup is in the template, and every label goes through the template's escaping.
struct BarChart {
    /// The element id prefix (`sev`, `owasp`) for `aria-labelledby`.
    var id: String
    var title: String
    /// `(label, count, CSS class suffix)` per bar, in order.
    var bars: [(label: String, count: Int, style: String)]

    private static let labelWidth = 96
    private static let barArea = 200
    private static let rowHeight = 22
    private static let barHeight = 16

    /// The template context: sizes, a text summary for screen readers, and one entry per bar.
    var context: [String: Any] {
        let largest = max(1, bars.map(\.count).max() ?? 0)
        let width = Self.labelWidth + Self.barArea + 48
        let height = max(1, bars.count) * Self.rowHeight + 4
        let rows: [[String: Any]] = bars.enumerated().map { index, bar in
            let top = index * Self.rowHeight + 2
            let length = bar.count == 0 ? 0 : max(2, bar.count * Self.barArea / largest)
            return [
                "label": bar.label, "count": bar.count, "style": bar.style, "x": Self.labelWidth, "y": top, "w": length, "h": Self.barHeight,
                "ty": top + Self.barHeight - 3, "cx": Self.labelWidth + length + 6,
            ]
        }
        let summary = bars.isEmpty ? "No data." : bars.map { "\($0.label): \($0.count)" }.joined(separator: ", ") + "."
        return [
            "id": id, "title": title, "summary": summary, "width": width, "height": height, "bars": rows, "empty": bars.isEmpty,
        ]
    }
}
