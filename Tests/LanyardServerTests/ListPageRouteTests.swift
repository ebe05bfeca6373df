import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardTesting
import Testing

/// The lists added to the pages (tenants, administrator tokens, templates, owners) over HTTP, and values that are
/// not ASCII in paths and queries, through the whole router in process.
@Suite("List pages and encoded values over HTTP")
struct ListPageRouteTests {
    static func get(_ client: any TestClientProtocol, _ uri: String, token: String) async throws -> (HTTPResponse.Status, [String: JSONValue]) {
        let response = try await client.execute(uri: uri, method: .get, headers: RouteHarness.headers(bearer: token))
        return (response.status, try RouteHarness.object(response.body))
    }

    /// `name` of each object of a JSON array.
    static func field(_ name: String, of list: JSONValue?) -> [String] {
        guard case .array(let items) = list else { return [] }
        return items.compactMap { $0[name]?.stringValue }
    }

    @Test("tenants, admin tokens, templates, owners and signing keys answer pages with next, and refuse foreign cursors and bad limits")
    func pages() async throws {
        let harness = try await RouteHarness.make()
        let token = harness.env.platformToken
        for name in ["acme", "beta"] {
            _ = try await harness.env.tenancy.createTenant(CreateTenantRequest(name: name), by: harness.env.platformAdmin)
        }
        for owner in ["ann", "bob", "cy"] {
            _ = try await harness.env.decisions.administration.setOwner(owner, active: false, reason: nil, tenant: "default", by: harness.env.platformAdmin)
        }
        for _ in 0..<3 {
            _ = try await harness.env.tenancy.createAdminToken(CreateAdminTokenRequest(role: "auditor"), tenant: "default", by: harness.env.platformAdmin)
        }
        _ = try await harness.env.keys.rotate(tenant: "default", algorithm: nil, by: harness.env.platformAdmin)
        let keyCount = try await harness.env.keys.list(tenant: "default", page: PageRequest(limit: 1000), by: harness.env.platformAdmin).items.count
        let lists: [(path: String, items: String, total: Int)] = [
            (APIRoute.tenantList.path(), "tenants", 3), (APIRoute.platformTokenList.path(), "tokens", 1),
            (APIRoute.adminTokenList.path("default"), "tokens", 3), (APIRoute.templateList.path("default"), "templates", 4),
            (APIRoute.ownerList.path("default"), "owners", 3), (APIRoute.keyList.path("default"), "keys", keyCount),
        ]
        try await harness.test { client in
            for list in lists {
                var seen: [JSONValue] = []
                var cursor: String?
                repeat {
                    let query = PercentEncoding.query([("limit", "2")] + (cursor.map { [("cursor", $0)] } ?? []))
                    let (status, body) = try await Self.get(client, list.path + "?" + query, token: token)
                    #expect(status == .ok, "\(list.path)")
                    guard case .array(let items) = body[list.items] else {
                        Issue.record("\(list.path) has no \(list.items)")
                        return
                    }
                    #expect(items.count <= 2)
                    seen += items
                    cursor = body["next"]?.stringValue
                } while cursor != nil && seen.count <= list.total
                #expect(seen.count == list.total, "\(list.path)")
                #expect(Set(seen.map { "\($0)" }).count == seen.count, "\(list.path) repeated an item")

                let (whole, all) = try await Self.get(client, list.path, token: token)
                #expect(whole == .ok && all["next"] == nil, "\(list.path): the default page holds them all")
                let foreign = PageCursor.encode(list: "identities", key: ["bot"])
                for bad in ["garbage", foreign] {
                    let (status, error) = try await Self.get(client, list.path + "?cursor=" + bad, token: token)
                    #expect(status == .badRequest && error["error"] == .string("invalid_cursor") && error["field"] == .string("cursor"), "\(list.path)")
                }
                for limit in ["0", "1001", "x"] {
                    let (status, error) = try await Self.get(client, list.path + "?limit=" + limit, token: token)
                    #expect(status == .unprocessableContent && error["field"] == .string("limit"), "\(list.path) limit \(limit)")
                }
            }
        }
    }

    @Test("a non-ASCII value goes out as percent-encoded UTF-8 and the server reads back the same text, in a path and a query")
    func nonASCIIValuesRoundTrip() async throws {
        let harness = try await RouteHarness.make()
        let token = harness.env.platformToken
        let owner = "zoë@exämple/Ж"
        _ = try await harness.env.inventory.register(
            RegisterIdentityRequest(name: "bot", kind: "agent", owner: owner, purpose: "encoding"), tenant: "default", by: harness.env.platformAdmin)
        let path = APIRoute.ownerDeactivate.path("default", owner)
        #expect(path == "/t/default/v1/owners/zo%C3%AB%40ex%C3%A4mple%2F%D0%96/deactivate")
        #expect(path.utf8.allSatisfy { $0 < 0x80 })
        try await harness.test { client in
            let deactivated = try await client.execute(
                uri: path, method: .post, headers: RouteHarness.headers(bearer: token), body: ByteBuffer(string: #"{"reason":"left"}"#))
            #expect(deactivated.status == .ok)
            #expect(try RouteHarness.object(deactivated.body)["owner"] == .string(owner))

            let (_, owners) = try await Self.get(client, APIRoute.ownerList.path("default"), token: token)
            #expect(Self.field("owner", of: owners["owners"]) == [owner])

            let query = PercentEncoding.query([("owner", owner)])
            #expect(query == "owner=zo%C3%AB%40ex%C3%A4mple%2F%D0%96")
            let (_, found) = try await Self.get(client, APIRoute.identityList.path("default") + "?" + query, token: token)
            #expect(Self.field("owner", of: found["identities"]) == [owner])
        }
        let stored = try await harness.env.decisions.administration.owners(tenant: "default", page: PageRequest(limit: 10), by: harness.env.platformAdmin)
        #expect(stored.items.map(\.owner) == [owner] && stored.items.first?.active == false)
    }
}
