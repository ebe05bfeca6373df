public import LanyardModel

/// Paging of a list or query (RFC 7644 §3.4.2.4): a 1-based `startIndex` and a `count`.
public struct SCIMListQuery: Sendable, Hashable {
    /// The 1-based index of the first result; values below 1 are read as 1.
    public var startIndex: Int
    /// The most results to return; 0 asks only for `totalResults`.
    public var count: Int

    /// The most results one page returns (advertised as `filter.maxResults`).
    public static let maxResults = 200

    public init(startIndex: Int = 1, count: Int = maxResults) {
        self.startIndex = max(1, startIndex)
        self.count = min(max(0, count), Self.maxResults)
    }

    /// Reads the query parameters; absent ones take their defaults, negative counts are read as 0 and counts above
    /// ``maxResults`` as ``maxResults``.
    /// - Throws: ``SCIMError`` 400 `invalidValue` when a parameter is not an integer.
    public init(startIndex: String?, count: String?) throws(SCIMError) {
        func integer(_ text: String?, _ name: String, _ fallback: Int) throws(SCIMError) -> Int {
            guard let text else { return fallback }
            guard text.utf8.count <= 12, let value = Int(text) else {
                throw .badRequest(.invalidValue, "\(name) must be an integer.")
            }
            return value
        }
        self.init(startIndex: try integer(startIndex, "startIndex", 1), count: try integer(count, "count", Self.maxResults))
    }

    /// The 0-based range of `total` results this page covers.
    public func range(of total: Int) -> Range<Int> {
        let lower = min(startIndex - 1, total)
        return lower..<min(total, lower + count)
    }
}

/// A ListResponse (RFC 7644 §3.4.2): `totalResults` always, `Resources` always (possibly empty).
public enum SCIMListResponse {
    public static func json(totalResults: Int, startIndex: Int, resources: [JSONValue]) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMSchemaURN.listResponse)]),
            "totalResults": .int(Int64(totalResults)),
            "startIndex": .int(Int64(startIndex)),
            "itemsPerPage": .int(Int64(resources.count)),
            "Resources": .array(resources),
        ])
    }
}
