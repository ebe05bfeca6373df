import CedarPolicy
import Foundation
import Testing

@testable import CedarPolicyTool

@Suite("CedarTool (the lanyard cedar commands as functions)")
struct CedarToolTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    func temporaryFile(_ text: String, suffix: String) throws -> String {
        let path = NSTemporaryDirectory() + "cedar-tool-\(UUID().uuidString)\(suffix)"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        return path
    }

    @Test("entity uids are read as Type::\"id\" or Type::id, split at the last ::")
    func uids() {
        #expect(CedarTool.uidJSON(#"NS::User::"alice""#) == .object([("type", .string("NS::User")), ("id", .string("alice"))]))
        #expect(CedarTool.uidJSON("Photo::p") == .object([("type", .string("Photo")), ("id", .string("p"))]))
        #expect(CedarTool.uidJSON("alice") == nil)
    }

    @Test("authorize decides a request and an unreadable policy file is an error, not an empty policy set")
    func authorize() throws {
        let policies = try temporaryFile(#"permit(principal == User::"alice", action, resource);"#, suffix: ".cedar")
        let entities = try temporaryFile("[]", suffix: ".json")
        defer { for p in [policies, entities] { try? FileManager.default.removeItem(atPath: p) } }
        var options = AuthorizeOptions(
            policiesPath: policies, entitiesPath: entities, principal: #"User::"alice""#, action: #"Action::"view""#,
            resource: #"Photo::"p""#)
        let allowed = try CedarTool.authorize(options)
        #expect(allowed.decision == .allow)
        #expect(CedarTool.responseJSON(allowed) == #"{"decision":"allow","errors":[],"reason":["policy0"]}"#)
        options.principal = #"User::"bob""#
        #expect(try CedarTool.authorize(options).decision == .deny)
        options.principal = "bob"
        #expect(throws: CedarToolError(.missingArgument, "--principal, --action and --resource are required (Type::id)")) {
            try CedarTool.authorize(options)
        }
        options.policiesPath = "/nonexistent/policies.cedar"
        #expect(throws: CedarToolError(.unreadableFile, "cannot read /nonexistent/policies.cedar")) {
            try CedarTool.authorize(options)
        }
    }

    @Test("format renders Cedar text, or the JSON policy format with a final newline; parse errors are thrown")
    func format() throws {
        let good = try temporaryFile("permit(principal, action, resource);", suffix: ".cedar")
        let bad = try temporaryFile("permit(principal, action, resource) when { 1 + ; };", suffix: ".cedar")
        defer { for p in [good, bad] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(try CedarTool.formatPolicies(path: good, as: .cedar).hasPrefix("permit"))
        #expect(try CedarTool.formatPolicies(path: good, as: .json).hasSuffix("}\n"))
        let error = try #require(throws: CedarToolError.self) { try CedarTool.formatPolicies(path: bad, as: .cedar) }
        #expect(error.code == .invalidInput && error.message.contains("1:48"))
    }

    @Test("a test run without paths, or with a missing path, does not succeed")
    func testRunWithoutPaths() {
        let none = CedarTool.runTests(TestRunOptions(root: "/", paths: []))
        #expect(!none.pathsGiven && !none.succeeded && none.summary == "0 passed, 0 failed")
        let missing = CedarTool.runTests(TestRunOptions(root: "/", paths: ["/nonexistent/tests"]))
        #expect(missing.missingPaths == ["/nonexistent/tests"] && !missing.succeeded)
    }
}
