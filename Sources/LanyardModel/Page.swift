public import Foundation

/// Which page of a list to answer: at most ``limit`` items, starting after the position an earlier page's
/// ``Page/next`` cursor names (from the start when ``cursor`` is `nil`).
public struct PageRequest: Sendable, Hashable {
    /// The most items the page may carry; each list states its own default and bounds.
    public var limit: Int
    /// The opaque ``Page/next`` of the previous page, as the client sent it back.
    public var cursor: String?

    /// Creates a page request.
    public init(limit: Int, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    /// The largest page any list serves.
    public static let maximumLimit = 1000

    /// Checks ``limit`` against a list's bounds (`1 ... maximum`).
    /// - Throws: `invalid_field` (`limit`) outside them.
    public func requireLimit(maximum: Int) throws {
        guard (1...maximum).contains(limit) else {
            throw LanyardError.invalid("limit", "limit must be a whole number between 1 and \(maximum).")
        }
    }
}

/// One page of a list in its stable order, and the opaque cursor of the next page when there is more.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in the list's order.
    public var items: [Item]
    /// Send this back as `cursor` to get the next page; `nil` when this page is the last.
    public var next: String?

    /// Creates a page.
    public init(items: [Item], next: String? = nil) {
        self.items = items
        self.next = next
    }

    /// The page made from `fetched`, read with a limit one above `limit` to learn whether more exist: the first
    /// `limit` items, and a cursor naming the last of them (`key`) when there was one more.
    public init(fetched: [Item], limit: Int, list: String, key: (Item) -> [String]) {
        guard fetched.count > limit, limit > 0 else {
            self.init(items: fetched)
            return
        }
        let items = Array(fetched.prefix(limit))
        self.init(items: items, next: items.last.map { PageCursor.encode(list: list, key: key($0)) })
    }

    /// One page of a list kept in the order of a unique key, read the keyset way: checks the limit, decodes the
    /// cursor of `list` into the key of the last item already served, asks `fetch` for at most `limit + 1` items after
    /// that key (from the start when it is `nil`), and names the last item served in ``next``.
    ///
    /// - Parameters:
    ///   - request: the page asked for.
    ///   - list: the list's name in its cursors (a cursor of another list is refused).
    ///   - keyParts: how many strings the key of one item has (`key` must return that many).
    ///   - fetch: reads the items after a key, in the list's order, at most `limit` of them.
    ///   - key: the sort key of an item.
    /// - Throws: `invalid_field` (`limit`) outside `1 ... maximum`; `invalid_cursor` for a cursor that is not one of
    ///   `list`'s; whatever `fetch` throws.
    public static func read(
        _ request: PageRequest, list: String, maximum: Int = PageRequest.maximumLimit, keyParts: Int = 1,
        fetch: (_ after: [String]?, _ limit: Int) async throws -> [Item], key: (Item) -> [String]
    ) async throws -> Page {
        try request.requireLimit(maximum: maximum)
        let after = try request.cursor.map { try PageCursor.decode($0, list: list, count: keyParts) }
        let fetched = try await fetch(after, request.limit + 1)
        return Page(fetched: fetched, limit: request.limit, list: list, key: key)
    }
}

/// The opaque cursors of list pages: a versioned tag, the list they belong to and the sort key of the last item
/// served, as a JSON array in unpadded base64url (`["v1","identities","bot-0042"]`). Clients must not build or read
/// them; the server validates every one it is sent.
public enum PageCursor {
    /// The format version written into every cursor.
    static let version = "v1"
    /// The longest cursor accepted (a key is at most a few hundred bytes).
    public static let maxLength = 2048

    /// What a malformed, foreign or tampered cursor is answered with.
    public static let refusal = LanyardError(
        .invalidCursor, "cursor is not a cursor of this list: send back the 'next' value of the previous page unchanged, or leave it out to start again.",
        field: "cursor")

    /// The cursor naming the position after `key` in `list`.
    public static func encode(list: String, key: [String]) -> String {
        let parts = [version, list] + key
        let data = (try? JSONEncoder().encode(parts)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The sort key a cursor of `list` carries (exactly `count` parts).
    /// - Throws: `invalid_cursor` when `text` is not a cursor this server gave out for `list`.
    public static func decode(_ text: String, list: String, count: Int) throws -> [String] {
        guard !text.isEmpty, text.utf8.count <= maxLength, text.utf8.allSatisfy(isBase64URL) else { throw refusal }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard), let parts = try? JSONDecoder().decode([String].self, from: data),
            parts.count == count + 2, parts[0] == version, parts[1] == list
        else { throw refusal }
        return Array(parts.dropFirst(2))
    }

    /// The whole number a cursor of `list` carries (a sequence or version number in `minimum ... maximum`).
    /// - Throws: `invalid_cursor` as ``decode(_:list:count:)`` does, or when the key is not such a number.
    public static func decodeNumber(_ text: String, list: String, minimum: Int64 = 0, maximum: Int64 = .max) throws -> Int64 {
        guard let number = Int64(try decode(text, list: list, count: 1)[0]), number >= minimum, number <= maximum else {
            throw refusal
        }
        return number
    }

    /// The time (whole seconds since 1970) and the id of a two-part key, as lists ordered by a time and then an id
    /// name their last item (`["1800000000", "tok_…"]`).
    /// - Throws: `invalid_cursor` when `key` is not such a pair.
    public static func timeAndID(_ key: [String]) throws -> (time: Date, id: String) {
        guard key.count == 2, let seconds = Int64(key[0]) else { throw refusal }
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), key[1])
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
