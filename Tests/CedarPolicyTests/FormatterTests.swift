import Foundation
import Testing
@testable import CedarPolicy

@Suite("Policy formatter")
struct FormatterTests {
    @Test("formatted text parses back to the same policies")
    func roundTrip() throws {
        let text = #"""
            @id("x") @flag
            permit(principal is User in Group::"g", action in [Action::"a", Action::"b"], resource == Doc::"d\n\"q\"")
            when { (1 + 2) * 3 == 9 && !(principal.age < 3) || -(5) == -5 && - principal.n == 1 }
            unless { {"a b": [1, -2], c: ip("1.2.3.4")}["a b"].contains(1) && "x*y" like "x\**" && context has a.b
                     && (if true then resource else principal) is Doc && principal.hasTag("t") && principal["if"] == 1 };
            forbid(principal == ?principal, action, resource in ?resource) when { decimal("1.5").lessThan(decimal("2.0")) };
            """#
        let original = try CedarParser.parsePolicies(text)
        let formatted = PolicyFormatter.format(try PolicySet(text: text))
        let again = try CedarParser.parsePolicies(formatted)
        #expect(again.count == original.count)
        for (a, b) in zip(original, again) {
            #expect(a == b, "\(formatted)")
        }
    }

    @Test("formatting the handwritten corpus policies is lossless")
    func corpusPolicies() throws {
        let dir = CorpusTests.root + "/tests"
        let fm = FileManager.default
        var count = 0
        for suite in try fm.contentsOfDirectory(atPath: dir) {
            for f in try fm.contentsOfDirectory(atPath: dir + "/" + suite) where f.hasSuffix(".cedar") {
                guard let data = fm.contents(atPath: dir + "/" + suite + "/" + f) else { continue }
                let original = try CedarParser.parsePolicies(String(decoding: data, as: UTF8.self))
                let again = try CedarParser.parsePolicies(PolicyFormatter.format(PolicySet(policies: original)))
                #expect(original == again)
                count += 1
            }
        }
        #expect(count == 22)
    }
}
