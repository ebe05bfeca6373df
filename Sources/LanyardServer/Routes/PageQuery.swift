import Hummingbird
import LanyardAPI
import LanyardModel

/// The paging parameters every list route reads: `?limit=N&cursor=C`.
enum PageQuery {
    /// `limit` (absent: `defaultLimit`) and `cursor` of the request; the use case checks the bounds and the cursor.
    /// - Throws: `invalid_field` (`limit`) when `limit` is not a whole number.
    static func read(_ request: Request, defaultLimit: Int) throws -> PageRequest {
        let query = request.uri.queryParameters
        var limit = defaultLimit
        if let text = query.get("limit") {
            guard let value = Int(text) else { throw LanyardError.invalid("limit", "limit must be a whole number between 1 and 1000.") }
            limit = value
        }
        return PageRequest(limit: limit, cursor: query.get("cursor"))
    }
}
