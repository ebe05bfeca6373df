import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import Testing

@Suite("Federation: trust validation and claim rules")
struct FederationTrustRulesTests {
    static func request(issuer: String = "https://token.actions.githubusercontent.com", audience: String = "lanyard", _ conditions: [String: String] = [:])
        -> AddTrustRequest
    {
        AddTrustRequest(
            issuer: issuer, audience: audience, conditions: conditions.sorted { $0.key < $1.key }.map { ClaimCondition(name: $0.key, value: $0.value) })
    }

    static func trust(audience: String = "lanyard", _ conditions: [(String, String)]) -> FederationTrust {
        FederationTrust(
            id: "trs_1", tenant: "default", identityId: "idn_1", issuer: "https://issuer.example", audience: audience,
            conditions: conditions.map { ClaimCondition(name: $0.0, value: $0.1) }, createdAt: Date(timeIntervalSince1970: 0), createdBy: "admin:x")
    }

    @Test("https issuers are accepted; http only on a loopback host")
    func issuerSchemes() throws {
        for good in [
            "https://token.actions.githubusercontent.com", "https://kubernetes.default.svc/", "http://127.0.0.1:8999", "http://localhost:1",
            "http://[::1]:8080",
        ] {
            #expect(try TrustRules.check(Self.request(issuer: good)).issuer == good)
        }
        for bad in [
            "http://ci.example.com", "ftp://ci.example.com", "https://ci.example.com?x=1", "https://ci.example.com#f", "https://user:pw@ci.example.com",
            "token.actions.githubusercontent.com", "", "https://", "https://a b.example", "https://x.example/" + String(repeating: "a", count: 600),
        ] {
            #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(Self.request(issuer: bad)) }
        }
    }

    @Test("audience and conditions are bounded; claims checked by the trust itself cannot be conditions")
    func bounds() throws {
        #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(Self.request(audience: "")) }
        #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(Self.request(audience: String(repeating: "a", count: 257))) }
        var sixteen: [String: String] = [:]
        for index in 0..<16 { sixteen["c\(index)"] = "v" }
        #expect(try TrustRules.check(Self.request(sixteen)).conditions.count == 16)
        sixteen["c16"] = "v"
        #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(Self.request(sixteen)) }
        for bad in [["": "v"], ["a": ""], ["aud": "x"], ["exp": "1"], [".a": "v"], ["a..b": "v"], ["a": String(repeating: "v", count: 257)], ["a\n": "v"]] {
            #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(Self.request(bad)) }
        }
        let twice = AddTrustRequest(
            issuer: "https://i.example", audience: "a", conditions: [ClaimCondition(name: "ref", value: "a"), ClaimCondition(name: "ref", value: "b")])
        #expect(throws: LanyardError(.invalidField, "")) { try TrustRules.check(twice) }
    }

    @Test("aud may be a string or an array and must contain the trust's audience")
    func audience() {
        let trust = Self.trust([])
        #expect(TrustRules.mismatch(trust, claims: ["aud": .string("lanyard")]) == nil)
        #expect(TrustRules.mismatch(trust, claims: ["aud": .array([.string("other"), .string("lanyard")])]) == nil)
        #expect(TrustRules.mismatch(trust, claims: ["aud": .string("lanyard-x")])?.contains("aud does not contain 'lanyard'") == true)
        #expect(TrustRules.mismatch(trust, claims: [:]) != nil)
    }

    @Test("every condition must match exactly; the reason names the claim, never its value")
    func conditions() {
        let trust = Self.trust([("repository_id", "42"), ("ref", "refs/heads/main")])
        let good: [String: JSONValue] = ["aud": .string("lanyard"), "repository_id": .string("42"), "ref": .string("refs/heads/main")]
        #expect(TrustRules.mismatch(trust, claims: good) == nil)
        var wrong = good
        wrong["repository_id"] = .string("43")
        let reason = TrustRules.mismatch(trust, claims: wrong)
        #expect(reason?.contains("claim 'repository_id' does not match trust trs_1") == true)
        #expect(reason?.contains("43") == false)
        var missing = good
        missing["ref"] = nil
        #expect(TrustRules.mismatch(trust, claims: missing)?.contains("no claim 'ref'") == true)
        var prefix = good
        prefix["ref"] = .string("refs/heads/main2")
        #expect(TrustRules.mismatch(trust, claims: prefix) != nil)
        var array = good
        array["ref"] = .array([.string("refs/heads/main")])
        #expect(TrustRules.mismatch(trust, claims: array) != nil)
    }

    @Test("numbers and booleans compare by their JSON text")
    func scalarTypes() {
        let trust = Self.trust([("repository_id", "42"), ("runner_environment_ok", "true")])
        #expect(TrustRules.mismatch(trust, claims: ["aud": .string("lanyard"), "repository_id": .number(42), "runner_environment_ok": .bool(true)]) == nil)
        #expect(TrustRules.mismatch(trust, claims: ["aud": .string("lanyard"), "repository_id": .number(42.5), "runner_environment_ok": .bool(true)]) != nil)
    }

    @Test("names are top-level claims first, then dotted paths whose steps may contain dots (Kubernetes)")
    func nestedClaims() {
        let kubernetes: [String: JSONValue] = [
            "aud": .string("lanyard"), "kubernetes.io/namespace": .string("flat"),
            "kubernetes.io": .object(["namespace": .string("ci"), "serviceaccount": .object(["name": .string("builder")])]),
        ]
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io.namespace", "ci")]), claims: kubernetes) == nil)
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io.serviceaccount.name", "builder")]), claims: kubernetes) == nil)
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io/namespace", "flat")]), claims: kubernetes) == nil)
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io.namespace", "prod")]), claims: kubernetes) != nil)
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io.serviceaccount", "builder")]), claims: kubernetes) != nil)
        #expect(TrustRules.mismatch(Self.trust([("kubernetes.io.missing.name", "x")]), claims: kubernetes)?.contains("no claim") == true)
    }
}
