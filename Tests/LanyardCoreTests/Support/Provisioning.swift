import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing

@testable import LanyardCore

/// An identity provider's view of a test tenant: the directory use case with a SCIM provisioning token of
/// `default`, and shortcuts for the users and groups a scenario starts from.
struct Provisioning {
    static let base = "https://lanyard.test/t/default/scim/v2"
    let directory: Directory
    let provisioner: Directory.Provisioner

    init(_ env: TestEnvironment) async throws {
        directory = Directory(store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom())
        let created = try await directory.createToken(CreateSCIMTokenRequest(description: "okta"), tenant: "default", by: env.platformAdmin)
        provisioner = try #require(try await directory.authenticate(created.token))
    }

    /// Creates an active user; returns its SCIM id.
    func user(_ userName: String) async throws -> String {
        let body = try JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)"}"#)
        return try #require(try await directory.createUser(body, tenant: "default", base: Self.base, by: provisioner)["id"]?.stringValue)
    }

    /// Creates a group with `members` (user ids); returns its SCIM id.
    func group(_ displayName: String, members: [String]) async throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let body = try JSONValue.parse(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"\#(displayName)","members":[\#(list)]}"#)
        return try #require(try await directory.createGroup(body, tenant: "default", base: Self.base, by: provisioner)["id"]?.stringValue)
    }

    /// Sends a SCIM PATCH of `operations` (the JSON array) to the group `id`.
    func patchGroup(_ id: String, _ operations: String) async throws {
        let body = try JSONValue.parse(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#)
        _ = try await directory.patchGroup(id, with: body, tenant: "default", base: Self.base, by: provisioner)
    }
}
