/// Matching of Cedar `like` patterns in O(n·m) time without backtracking blow-up.
enum LikePattern {
    static func matches(_ text: CedarString, _ pattern: [PatternElem]) -> Bool {
        let s = Array(text.value.unicodeScalars)
        var si = 0, pi = 0
        var starP = -1, starS = 0
        while si < s.count {
            if pi < pattern.count, case .literal(let c) = pattern[pi], c == s[si] {
                si += 1; pi += 1
            } else if pi < pattern.count, case .wildcard = pattern[pi] {
                starP = pi; starS = si; pi += 1
            } else if starP >= 0 {
                pi = starP + 1; starS += 1; si = starS
            } else {
                return false
            }
        }
        while pi < pattern.count, case .wildcard = pattern[pi] { pi += 1 }
        return pi == pattern.count
    }
}
