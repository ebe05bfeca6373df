/// A `like` pattern prepared for matching: its literal characters as UTF-8 bytes, so matching reads the text's bytes
/// in place. Matching takes O(n·m) time without backtracking blow-up.
///
/// Matching bytes is the same as matching Unicode scalars: a literal's bytes are whole encoded scalars, which in
/// valid UTF-8 can only start where a scalar starts, so a wildcard never ends inside a scalar in a successful match.
struct LikePattern: Sendable {
    enum Unit: Sendable, Equatable {
        case byte(UInt8)
        case wildcard
    }

    let units: [Unit]

    init(_ pattern: [PatternElem]) {
        var units: [Unit] = []
        for element in pattern {
            switch element {
            case .wildcard: units.append(.wildcard)
            case .literal(let scalar): units.append(contentsOf: String(scalar).utf8.map { .byte($0) })
            }
        }
        self.units = units
    }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: CedarString) -> Bool {
        var text = text.value
        return text.withUTF8 { matches($0) }
    }

    private func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        units.withUnsafeBufferPointer { pattern in
            var si = 0
            var pi = 0
            var starP = -1
            var starS = 0
            while si < s.count {
                if pi < pattern.count, case .byte(let c) = pattern[pi], c == s[si] {
                    si += 1
                    pi += 1
                } else if pi < pattern.count, case .wildcard = pattern[pi] {
                    starP = pi
                    starS = si
                    pi += 1
                } else if starP >= 0 {
                    pi = starP + 1
                    starS += 1
                    si = starS
                } else {
                    return false
                }
            }
            while pi < pattern.count, case .wildcard = pattern[pi] { pi += 1 }
            return pi == pattern.count
        }
    }
}
