import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LanyardAPI
import LanyardModel
import Testing

/// The admin API's read of the directory through the whole router: people provisioned over SCIM, read back with
/// an admin token, by name (percent-encoded) or id, with the JSON the client decodes.
@Suite("Directory routes")
struct DirectoryRouteTests {
    @Test("people provisioned over SCIM are listed and shown by the admin API; bad parameters are 400, unknown names 404")
    func provisionedThenRead() async throws {
        let fixture = try await SCIMRouteTests.make()
        try await fixture.app.test(.router) { client in
            let admin = RouteHarness.headers(bearer: fixture.platformToken)
            let made = try await client.execute(uri: "/t/default/v1/scim/tokens", method: .post, headers: admin, body: ByteBuffer(string: "{}"))
            let token = try LanyardJSON.decoder().decode(CreatedSCIMToken.self, from: Data(made.body.readableBytesView)).token
            let scim = RouteHarness.headers(bearer: token, contentType: SCIMRouteTests.scimJSON)
            var ids: [String] = []
            for body in [
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"zoë@example.com","emails":[{"value":"zoe@example.com"}]}"#,
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"max","active":false}"#,
            ] {
                let created = try await client.execute(uri: SCIMRouteTests.base + "/Users", method: .post, headers: scim, body: ByteBuffer(string: body))
                #expect(created.status == .created)
                ids.append(try RouteHarness.object(created.body)["id"]?.stringValue ?? "")
            }
            let group = try await client.execute(
                uri: SCIMRouteTests.base + "/Groups", method: .post, headers: scim,
                body: ByteBuffer(
                    string: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ML Team","members":[{"value":"\#(ids[0])"}]}"#))
            #expect(group.status == .created)

            let read = RouteHarness.headers(bearer: fixture.platformToken, contentType: nil)
            let list = try await client.execute(uri: APIRoute.userList.path("default") + "?active=true", method: .get, headers: read)
            #expect(list.status == .ok)
            let users = try LanyardJSON.decoder().decode(DirectoryUserList.self, from: Data(list.body.readableBytesView))
            #expect(users.users.map(\.userName) == ["zoë@example.com"])
            let shown = try await client.execute(uri: APIRoute.userRead.path("default", "ZOË@example.com"), method: .get, headers: read)
            #expect(shown.status == .ok)
            let zoe = try LanyardJSON.decoder().decode(DirectoryUserView.self, from: Data(shown.body.readableBytesView))
            #expect(zoe.id == ids[0] && zoe.groups == ["ML Team"] && zoe.emails == ["zoe@example.com"] && zoe.identityCount == 0)
            let team = try await client.execute(uri: APIRoute.groupRead.path("default", "ml team"), method: .get, headers: read)
            let shownTeam = try LanyardJSON.decoder().decode(DirectoryGroupView.self, from: Data(team.body.readableBytesView))
            #expect(shownTeam.members == ["zoë@example.com"] && shownTeam.memberCount == 1)
            let groups = try await client.execute(uri: APIRoute.groupList.path("default"), method: .get, headers: read)
            #expect(
                try LanyardJSON.decoder().decode(DirectoryGroupList.self, from: Data(groups.body.readableBytesView)).groups.map(\.displayName) == ["ML Team"])

            let bad = try await client.execute(uri: APIRoute.userList.path("default") + "?active=maybe", method: .get, headers: read)
            #expect(bad.status.code == 422)
            #expect(try RouteHarness.object(bad.body)["field"] == .string("active"))
            let missing = try await client.execute(uri: APIRoute.userRead.path("default", "nobody"), method: .get, headers: read)
            #expect(missing.status == .notFound)
            let anonymous = try await client.execute(uri: APIRoute.userList.path("default"), method: .get, headers: [:])
            #expect(anonymous.status == .unauthorized)
            let provisioner = try await client.execute(
                uri: APIRoute.userList.path("default"), method: .get, headers: RouteHarness.headers(bearer: token, contentType: nil))
            #expect(provisioner.status == .unauthorized, "a provisioning token is not an admin token")
        }
    }
}
