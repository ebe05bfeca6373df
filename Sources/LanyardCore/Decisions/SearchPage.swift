import Crypto
import LanyardAPI
import LanyardCredentials
import LanyardModel

/// The `page` of an AuthZEN search (Authorization API 1.0, "Pagination"): what the request asks for, and the opaque
/// `next_token` that continues it.
///
/// A token is `<offset>.<query hash>`: where the next page starts in the sorted candidates, and a hash of the search
/// it belongs to (the endpoint and the canonical request without its `page`). The spec says that when a request
/// carries a token, its entities and parameters MUST be those of the request that returned it, and that the PDP SHOULD
/// answer an error otherwise; a token from another search is refused here rather than silently applied to it. `limit`
/// is not bound: AuthZEN clients, the certification suite among them, follow `next_token` with a page of only the token.
struct SearchPage: Equatable {
    /// Where this page starts in the sorted candidates.
    var offset: Int
    /// The most results this page may carry.
    var limit: Int

    /// Results per page when the request gives no `page.limit`.
    static let defaultLimit = AccessSearchPage.maxLimit
    /// Largest offset a token may name.
    static let maxOffset = 10_000_000

    /// Reads `page` (absent: the first page of up to ``defaultLimit`` results) of a search whose hash is `query`.
    ///
    /// `page.limit` is "a non-negative integer indicating the maximum number of results to return in the response"
    /// (AuthZEN Authorization API 1.0, "Paginated Requests"): 0 is a valid limit and asks for no results, only whether
    /// there are any (a non-empty `next_token`).
    /// - Throws: `invalid_request` (`field` `page…`) for a malformed page, a token this server did not give out, or a
    ///   token given out for another search.
    static func read(_ value: LanyardModel.JSONValue?, query: String) throws -> SearchPage {
        try read(page: value.map(AccessSearchPage.init(json:)), query: query)
    }

    /// Reads a page already read from the request.
    static func read(page: AccessSearchPage?, query: String) throws -> SearchPage {
        guard let page else { return SearchPage(offset: 0, limit: defaultLimit) }
        var offset = 0
        if let text = page.token, !text.isEmpty {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let number = Int(parts[0]), number >= 0, number <= maxOffset, parts[1].utf8.count == query.utf8.count else {
                throw LanyardError(.invalidRequest, "page.token is not a token this server gave out.", field: "page.token")
            }
            guard parts[1] == query else {
                throw LanyardError(
                    .invalidRequest,
                    "page.token was given out for another search: send the same endpoint, subject, action, resource and context as the request that returned it, or start again without a token.",
                    field: "page.token")
            }
            offset = number
        }
        return SearchPage(offset: offset, limit: page.limit ?? defaultLimit)
    }

    /// The `next_token` for a next page starting at `offset` of the search whose hash is `query`.
    static func token(offset: Int, query: String) -> String { "\(offset).\(query)" }

    /// The hash a search's tokens carry: SHA-256 (first 16 bytes, base64url) of the endpoint and the canonical JSON
    /// of the request without `page` (object members sorted by their UTF-8 bytes, a repeated member kept last, as it
    /// is read). The decision point passes the search as read (`AccessSearchRequest.evaluation.json`: subject,
    /// action, resource and context), so members AuthZEN does not define do not bind a token.
    static func queryHash(kind: String, request: LanyardModel.JSONValue) -> String {
        var bytes = Array("authzen-search-page/\(kind)\n".utf8)
        bytes += Array(canonical(without(request, member: "page")).compactText.utf8)
        return Base64URL.encode(Array(SHA256.hash(data: bytes).prefix(16)))
    }

    private static func without(_ value: LanyardModel.JSONValue, member name: String) -> LanyardModel.JSONValue {
        guard case .object(var members) = value else { return value }
        members[name] = nil
        return .object(members)
    }

    private static func canonical(_ value: LanyardModel.JSONValue) -> LanyardModel.JSONValue {
        switch value {
        case .array(let items): return .array(items.map(canonical))
        case .object(let object):
            let sorted = object.unique.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(JSONObject(sorted.map { ($0.key, canonical($0.value)) }))
        default: return value
        }
    }
}
