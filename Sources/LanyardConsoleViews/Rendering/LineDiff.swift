/// A line diff of two texts for a person: removed, added and unchanged lines in order, with runs of unchanged lines
/// far from any change folded into one "skipped" row, like a unified diff's hunks.
struct LineDiff {
    enum Kind: String {
        case same, added, removed, skipped
    }

    struct Line {
        var kind: Kind
        var text: String
        /// The line's number in the old text (same, removed) or the new one (added); 0 for a skipped run.
        var number: Int
    }

    /// The most lines compared on either side; longer texts are compared on their first lines only.
    static let maxLines = 5_000
    /// Unchanged lines kept around each change.
    static let context = 3

    var lines: [Line]
    /// Lines added and removed.
    var added: Int
    var removed: Int
    /// Whether either text was cut to ``maxLines`` before comparing.
    var truncated: Bool

    /// The diff from `old` to `new` (the standard library's shortest-edit difference of their lines).
    init(old: String, new: String) {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        truncated = before.count > Self.maxLines || after.count > Self.maxLines
        let a = Array(before.prefix(Self.maxLines))
        let b = Array(after.prefix(Self.maxLines))
        let difference = b.difference(from: a)
        var removedAt = Set<Int>()
        var insertedAt = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removedAt.insert(offset)
            case .insert(let offset, _, _): insertedAt.insert(offset)
            }
        }
        var all: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, removedAt.contains(i) {
                all.append(Line(kind: .removed, text: a[i], number: i + 1))
                i += 1
            } else if j < b.count, insertedAt.contains(j) {
                all.append(Line(kind: .added, text: b[j], number: j + 1))
                j += 1
            } else if i < a.count, j < b.count {
                all.append(Line(kind: .same, text: a[i], number: i + 1))
                i += 1
                j += 1
            } else {
                break
            }
        }
        added = insertedAt.count
        removed = removedAt.count
        lines = Self.folded(all)
    }

    /// `lines` with every run of unchanged lines more than ``context`` away from a change replaced by one skipped row.
    static func folded(_ lines: [Line]) -> [Line] {
        var keep = [Bool](repeating: false, count: lines.count)
        for (index, line) in lines.enumerated() where line.kind != .same {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { keep[near] = true }
        }
        var out: [Line] = []
        var skipped = 0
        for (index, line) in lines.enumerated() {
            if keep[index] {
                if skipped > 0 { out.append(Line(kind: .skipped, text: "\(skipped) unchanged \(skipped == 1 ? "line" : "lines")", number: 0)) }
                skipped = 0
                out.append(line)
            } else {
                skipped += 1
            }
        }
        if skipped > 0 { out.append(Line(kind: .skipped, text: "\(skipped) unchanged \(skipped == 1 ? "line" : "lines")", number: 0)) }
        return out
    }
}
