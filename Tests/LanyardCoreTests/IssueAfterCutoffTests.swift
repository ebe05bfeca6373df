import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("A credential issued right after its identity's cut-off is not born revoked")
struct IssueAfterCutoffTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func issue(_ env: TestEnvironment, _ workload: TestWorkload) async throws -> String {
        try await env.credentials.tokenEndpoint.issue(try await workload.tokenRequest(env, urls: urls), tenant: "default", urls: urls).accessToken
    }

    @Test("suspend, resume and ask again within one second: the old token stays dead, the new one works (issued the next second)")
    func resumeAndIssue() async throws {
        let env = try await TestEnvironment.make()
        let workload = try await TestWorkload.register(env, "quick-bot")
        let old = try await issue(env, workload)
        let start = env.clock.now()
        _ = try await env.inventory.suspend(workload.identity.id, reason: "check", tenant: "default", by: env.platformAdmin)
        _ = try await env.inventory.resume(workload.identity.id, reason: "fine", tenant: "default", by: env.platformAdmin)
        #expect(env.clock.now() == start, "no time passed: the cut-off is in the current second")

        let fresh = try await issue(env, workload)
        #expect(await env.credentials.tokens.introspect(old, tenant: "default", urls: urls).active == false)
        let answer = await env.credentials.tokens.introspect(fresh, tenant: "default", urls: urls)
        #expect(answer.active, "issued after the cut-off, so not revoked by it")
        #expect(answer.iat == Int64(start.timeIntervalSince1970) + 1, "the issue waited for the next second")
        #expect(try await env.credentials.state.issueInstant(for: "idn_other") == env.clock.now(), "no cut-off: no wait")
    }
}
