import LanyardAPI
@testable import LanyardCore
import LanyardModel
import Testing

/// AuthZEN search pages: what `page` asks for, and tokens bound to the search that gave them out.
@Suite("AuthZEN search pages")
struct SearchPageTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    func hash(_ text: String, kind: String = "subject") throws -> String { SearchPage.queryHash(kind: kind, request: try json(text)) }

    @Test("the query hash ignores page and member order, and changes with the endpoint or any entity")
    func queryHash() throws {
        let base = try hash(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"}}"#)
        #expect(try hash(#"{"resource":{"id":"d1","type":"Doc"},"page":{"limit":1},"action":{"name":"read"},"subject":{"type":"User"}}"#) == base)
        #expect(try hash(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d2"}}"#) != base)
        #expect(try hash(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"},"context":{}}"#) != base)
        #expect(try hash(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"}}"#, kind: "resource") != base)
    }

    @Test("the search as read binds a token: members AuthZEN does not define do not")
    func typedSearchHash() throws {
        func typed(_ text: String) throws -> String {
            SearchPage.queryHash(kind: "subject", request: try AccessSearchRequest(json: json(text), kind: .subject).evaluation.json)
        }
        let plain = #"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"}}"#
        #expect(try typed(plain) == hash(plain))
        #expect(try typed(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"},"x":1,"page":{}}"#) == hash(plain))
        #expect(try typed(#"{"subject":{"type":"User"},"action":{"name":"read"},"resource":{"type":"Doc","id":"d1"},"context":{"a":1}}"#) != hash(plain))
    }

    @Test("a token is accepted only by the search it was given out for")
    func tokens() throws {
        let query = try hash(#"{"subject":{"type":"User"}}"#)
        let other = try hash(#"{"subject":{"type":"Group"}}"#)
        let token = SearchPage.token(offset: 7, query: query)
        #expect(try SearchPage.read(json(#"{"token":"\#(token)"}"#), query: query) == SearchPage(offset: 7, limit: SearchPage.defaultLimit))
        #expect(try SearchPage.read(json(#"{"token":"\#(token)","limit":2}"#), query: query) == SearchPage(offset: 7, limit: 2))
        let foreign = #expect(throws: LanyardError.self) { try SearchPage.read(json(#"{"token":"\#(token)"}"#), query: other) }
        #expect(foreign?.code == .invalidRequest && foreign?.field == "page.token" && foreign?.message.contains("another search") == true)
        for bad in ["o7", "7", "-1.\(query)", "x.\(query)", "7.\(query).1", "99999999999.\(query)"] {
            #expect(throws: LanyardError(.invalidRequest, "")) { try SearchPage.read(json(#"{"token":"\#(bad)"}"#), query: query) }
        }
        #expect(try SearchPage.read(json(#"{"token":""}"#), query: query).offset == 0)
    }

    @Test("page.limit is 0 to 1000: 0 asks for no results")
    func limits() throws {
        #expect(try SearchPage.read(json(#"{"limit":0}"#), query: "q").limit == 0)
        #expect(try SearchPage.read(json(#"{"limit":1000}"#), query: "q").limit == 1000)
        #expect(try SearchPage.read(nil, query: "q") == SearchPage(offset: 0, limit: SearchPage.defaultLimit))
        for bad in ["-1", "1001", "1.5", #""3""#] {
            #expect(throws: LanyardError(.invalidRequest, "")) { try SearchPage.read(json(#"{"limit":\#(bad)}"#), query: "q") }
        }
    }
}
