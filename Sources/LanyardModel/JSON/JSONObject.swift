/// The members of a JSON object, in the order they were written or added.
///
/// Order matters where Lanyard repeats what a caller sent (the decision log keeps an enforcement point's
/// properties and context as given); canonical output sorts members itself (`CanonicalJSON`). A name given twice
/// is read as its last value, as JSON parsers commonly do; names are compared by their Unicode scalars.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One member.
    public typealias Member = (key: String, value: JSONValue)

    /// The members in order (a repeated name appears more than once).
    public private(set) var members: [Member]

    public init() { members = [] }

    /// The members in the given order.
    public init(_ members: [Member]) { self.members = members }

    /// The members of a dictionary, sorted by the UTF-8 bytes of their names (a dictionary has no order).
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) { members = elements.map { ($0.0, $0.1) } }

    /// The value of the last member named `key`; setting replaces it (or appends a member), `nil` removes every
    /// member of that name.
    public subscript(key: String) -> JSONValue? {
        get { members.last { Self.same($0.key, key) }?.value }
        set {
            guard let newValue else {
                members.removeAll { Self.same($0.key, key) }
                return
            }
            if let index = members.lastIndex(where: { Self.same($0.key, key) }) {
                members[index].value = newValue
            } else {
                members.append((key, newValue))
            }
        }
    }

    /// The names, in order, each once (where it last appears).
    public var keys: [String] { unique.map(\.key) }

    /// How many distinct names there are.
    public var count: Int { unique.count }

    public var isEmpty: Bool { members.isEmpty }

    /// The members with a repeated name kept once, at its last place, with its last value.
    public var unique: [Member] {
        var seen = Set<[UInt8]>()
        var out: [Member] = []
        for member in members.reversed() where seen.insert(Array(member.key.utf8)).inserted { out.append(member) }
        return out.reversed()
    }

    /// The members as a dictionary (last value of a repeated name).
    public var dictionary: [String: JSONValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> IndexingIterator<[Member]> { unique.makeIterator() }

    /// Objects are equal when they have the same names with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let left = lhs.unique
        let right = rhs.unique
        return left.count == right.count && left.allSatisfy { member in rhs[member.key] == member.value }
    }

    public func hash(into hasher: inout Hasher) {
        let sorted = unique.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        hasher.combine(sorted.count)
        for member in sorted {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }

    /// Names are the same when their scalars are (their UTF-8 bytes, which is the same thing and cheaper to compare).
    private static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
}
