import LanyardModel
import LanyardSCIM
import Testing

/// Each `Golden/patch-*.json` is a PATCH request as Okta or Entra ID send it (or a broken one), the resource before,
/// and either the resource after or the SCIM error expected.
@Suite("PATCH vectors: Okta and Entra ID payloads")
struct SCIMPatchVectorTests {
    static let vectors: [String] = (try? GoldenFiles.names(prefix: "patch-")) ?? []

    @Test("there are vectors to run")
    func vectorsExist() {
        #expect(Self.vectors.count >= 20)
    }

    @Test("each vector gives its expected resource or error", arguments: vectors)
    func vector(_ name: String) throws {
        let vector = try GoldenFiles.json(name)
        let type: SCIMResourceType = vector["resourceType"]?.stringValue == "Group" ? .group : .user
        guard case .object(let before)? = vector["before"], let request = vector["request"] else {
            Issue.record("\(name) lacks before or request")
            return
        }
        do {
            let operations = try SCIMPatchOperation.operations(of: request)
            let after = try SCIMPatch.apply(operations, to: before, type: type)
            guard case .object(let expected)? = vector["after"] else {
                Issue.record("\(name) expected an error but got \(JSONValue.object(after).compactText)")
                return
            }
            #expect(after == expected, "\(name): got \(JSONValue.object(after).compactText)")
        } catch {
            guard let expected = vector["error"] else {
                Issue.record("\(name) failed: \(error)")
                return
            }
            #expect(error.json["status"] == expected["status"], "\(name): \(error)")
            #expect(error.json["scimType"] == expected["scimType"], "\(name): \(error)")
            #expect(error.json["status"]?.stringValue != nil, "status is a string")
        }
    }
}
