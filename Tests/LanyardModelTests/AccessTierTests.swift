import Foundation
import LanyardModel
import Testing

@Suite("Access tiers")
struct AccessTierTests {
    @Test("every tier's text parses back to it", arguments: ["build", "test", "publish", "deploy", "data-read", "data-write", "tool:search"])
    func roundTrip(_ text: String) throws {
        let tier = try #require(AccessTier(text))
        #expect(tier.description == text)
        let json = try JSONEncoder().encode(tier)
        #expect(String(decoding: json, as: UTF8.self) == "\"\(text)\"")
        #expect(try JSONDecoder().decode(AccessTier.self, from: json) == tier)
    }

    @Test("unknown tiers and bad tool names are refused", arguments: ["", "Build", "prod", "tool:", "tool:a b", "tool:\u{1}", "data_read"])
    func refused(_ text: String) {
        #expect(AccessTier(text) == nil)
        #expect(throws: LanyardError(.invalidField, "")) { try AccessTier.parse(text, field: "tier") }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(AccessTier.self, from: Data("\"\(text)\"".utf8)) }
    }

    @Test("tool names are bounded")
    func toolLength() {
        #expect(AccessTier("tool:" + String(repeating: "t", count: AccessTier.maxToolName)) != nil)
        #expect(AccessTier("tool:" + String(repeating: "t", count: AccessTier.maxToolName + 1)) == nil)
    }

    @Test("only publish and deploy are release tiers")
    func release() {
        #expect(AccessTier.publish.isRelease)
        #expect(AccessTier.deploy.isRelease)
        for tier: AccessTier in [.build, .test, .dataRead, .dataWrite, .tool("x")] {
            #expect(!tier.isRelease)
        }
        #expect(AccessTier.dataRead.defaultActions == ["read"])
        #expect(AccessTier.tool("x").defaultActions == ["call"])
    }
}
