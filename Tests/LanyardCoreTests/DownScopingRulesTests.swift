import Foundation
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("Down-scoping (RFC 8693): an exchanged token is never broader than its parent")
struct DownScopingRulesTests {
    let now = Date(timeIntervalSince1970: 10_000)

    @Test("no scope asked keeps the parent's scopes")
    func defaultScopes() throws {
        #expect(try TokenExchangeGrant.narrowedScopes(nil, parent: "read write") == ["read", "write"])
    }

    @Test("a subset of the parent's scopes is granted, duplicates dropped")
    func subset() throws {
        #expect(try TokenExchangeGrant.narrowedScopes("read", parent: "read write") == ["read"])
        #expect(try TokenExchangeGrant.narrowedScopes("write read write", parent: "read write") == ["write", "read"])
    }

    @Test("a scope outside the parent's is refused with invalid_scope")
    func broaderScope() {
        #expect(throws: OAuthError(.invalidScope, "")) { try TokenExchangeGrant.narrowedScopes("read admin", parent: "read write") }
        #expect(throws: OAuthError(.invalidScope, "")) { try TokenExchangeGrant.narrowedScopes("   ", parent: "read") }
        #expect(throws: OAuthError(.invalidScope, "")) { try TokenExchangeGrant.narrowedScopes("rea", parent: "read") }
    }

    @Test("the audience is the parent's; another one is refused with invalid_target")
    func audience() throws {
        #expect(try TokenExchangeGrant.narrowedAudience(nil, parent: "https://api") == "https://api")
        #expect(try TokenExchangeGrant.narrowedAudience("https://api", parent: "https://api") == "https://api")
        #expect(throws: OAuthError(.invalidTarget, "")) { try TokenExchangeGrant.narrowedAudience("https://other", parent: "https://api") }
    }

    @Test("the lifetime defaults to the parent's remaining life and may not exceed it")
    func lifetime() throws {
        let parentExpiry = Int64(now.timeIntervalSince1970) + 300
        #expect(try TokenExchangeGrant.narrowedLifetime(nil, parentExpiry: parentExpiry, now: now) == 300)
        #expect(try TokenExchangeGrant.narrowedLifetime("60", parentExpiry: parentExpiry, now: now) == 60)
        #expect(try TokenExchangeGrant.narrowedLifetime("5m", parentExpiry: parentExpiry, now: now) == 300)
        #expect(throws: OAuthError(.invalidRequest, "")) { try TokenExchangeGrant.narrowedLifetime("301", parentExpiry: parentExpiry, now: now) }
        #expect(throws: OAuthError(.invalidRequest, "")) { try TokenExchangeGrant.narrowedLifetime("1h", parentExpiry: parentExpiry, now: now) }
        #expect(throws: OAuthError(.invalidRequest, "")) { try TokenExchangeGrant.narrowedLifetime("soon", parentExpiry: parentExpiry, now: now) }
    }

    @Test("task durations: seconds or spans, default one hour, nonsense refused")
    func taskDuration() throws {
        #expect(try TaskService.taskDuration(nil) == 3600)
        #expect(try TaskService.taskDuration("90") == 90)
        #expect(try TaskService.taskDuration("30m") == 1800)
        #expect(throws: LanyardError(.invalidField, "")) { try TaskService.taskDuration("0") }
        #expect(throws: LanyardError(.invalidField, "")) { try TaskService.taskDuration("forever") }
    }
}
