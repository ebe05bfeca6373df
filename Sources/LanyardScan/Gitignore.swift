/// A `.gitignore` matcher for directories outside a git work tree (inside one, the file list comes from git
/// itself): patterns with `*`, `?`, `[…]` and `**`, negation (`!`), directory-only rules (trailing `/`) and
/// anchoring (a `/` at the start or in the middle). Later rules win, as in git.
public struct Gitignore: Sendable, Hashable {
    /// One rule of a `.gitignore` file.
    struct Rule: Sendable, Hashable {
        var pattern: [UInt8]
        var negated: Bool
        var directoryOnly: Bool
        var anchored: Bool
        /// The directory of the `.gitignore` that holds the rule, relative to the scan root (`""` for the root).
        var base: String
    }

    var rules: [Rule] = []

    /// No rules.
    public init() {}

    /// The rules of a `.gitignore` in directory `base` (relative to the scan root, `""` for the root).
    public init(_ text: String, base: String = "") {
        add(text, base: base)
    }

    /// Adds the rules of the `.gitignore` in `base` after the existing ones.
    public mutating func add(_ text: String, base: String) {
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(raw)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line = line.dropFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line = line.dropLast()
            }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            guard !line.isEmpty else { continue }
            rules.append(Rule(pattern: Array(line.utf8), negated: negated, directoryOnly: directoryOnly, anchored: anchored, base: base))
        }
    }

    /// Whether `path` (relative to the scan root, `/`-separated) is ignored. `isDirectory` says what it is.
    /// A file inside an ignored directory is not asked about: the walk never descends there.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules where !(rule.directoryOnly && !isDirectory) {
            let relative: Substring
            if rule.base.isEmpty {
                relative = Substring(path)
            } else {
                guard path.hasPrefix(rule.base + "/") else { continue }
                relative = path.dropFirst(rule.base.count + 1)
            }
            let subject = rule.anchored ? Array(relative.utf8) : Array((relative.split(separator: "/").last ?? relative).utf8)
            if Self.glob(rule.pattern[...], subject[...]) { ignored = !rule.negated }
        }
        return ignored
    }

    /// Whether `text` matches the glob `pattern` (`*` and `?` stop at `/`; `**` crosses directories). A
    /// `.gitignore` comes with the (untrusted) tree being scanned, so backtracking is bounded: a pattern that needs
    /// more than 100,000 steps for one path does not match it.
    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var budget = 100_000
        return glob(pattern, text, budget: &budget)
    }

    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>, budget: inout Int) -> Bool {
        budget -= 1
        guard budget > 0 else { return false }
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        // Literal characters in a loop, so that recursion depth grows with wildcards only.
        var pattern = pattern
        var text = text
        while let literal = pattern.first, ![star, UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\")].contains(literal) {
            guard text.first == literal else { return false }
            pattern = pattern.dropFirst()
            text = text.dropFirst()
        }
        guard let first = pattern.first else { return text.isEmpty }
        if first == star, pattern.dropFirst().first == star {
            var rest = pattern.dropFirst(2)
            let crossesDirectories = rest.first == slash || rest.isEmpty
            if rest.first == slash { rest = rest.dropFirst() }
            if rest.isEmpty { return true }
            if crossesDirectories {
                // `**/` matches zero or more whole directories.
                if glob(rest, text, budget: &budget) { return true }
                var index = text.startIndex
                while index < text.endIndex {
                    if text[index] == slash, glob(rest, text[(index + 1)...], budget: &budget) { return true }
                    index += 1
                }
                return false
            }
            return glob(pattern.dropFirst(), text, budget: &budget)
        }
        if first == star {
            var index = text.startIndex
            while true {
                if glob(pattern.dropFirst(), text[index...], budget: &budget) { return true }
                guard index < text.endIndex, text[index] != slash else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == UInt8(ascii: "?") {
            return character != slash && glob(pattern.dropFirst(), text.dropFirst(), budget: &budget)
        }
        if first == UInt8(ascii: "["), let close = pattern.dropFirst(2).firstIndex(of: UInt8(ascii: "]")) {
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negate = set.first == UInt8(ascii: "!") || set.first == UInt8(ascii: "^")
            if negate { set = set.dropFirst() }
            var matched = false
            var index = set.startIndex
            while index < set.endIndex {
                if index + 2 < set.endIndex, set[index + 1] == UInt8(ascii: "-") {
                    if character >= set[index] && character <= set[index + 2] { matched = true }
                    index += 3
                } else {
                    if character == set[index] { matched = true }
                    index += 1
                }
            }
            return matched != negate && character != slash && glob(pattern[(close + 1)...], text.dropFirst(), budget: &budget)
        }
        if first == UInt8(ascii: "\\"), let escaped = pattern.dropFirst().first {
            return character == escaped && glob(pattern.dropFirst(2), text.dropFirst(), budget: &budget)
        }
        return character == first && glob(pattern.dropFirst(), text.dropFirst(), budget: &budget)
    }
}
