import Foundation
import LanyardAPI
import LanyardModel

/// The down-scoping rules of token exchange, as pure functions: the child's scopes, audience and lifetime are
/// never broader than its parent's.
extension TokenExchangeGrant {
    /// The requested scopes (default: the parent's), each one of the parent's.
    static func narrowedScopes(_ requested: String?, parent: String) throws -> [String] {
        let granted = Set(parent.split(separator: " ").map(String.init))
        guard let requested else { return parent.split(separator: " ").map(String.init) }
        let scopes = requested.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !scopes.isEmpty else { throw OAuthError(.invalidScope, "Ask for at least one scope.") }
        guard scopes.count <= AccessTokenRules.maxScopes else { throw OAuthError(.invalidScope, "At most \(AccessTokenRules.maxScopes) scopes per token.") }
        var unique: [String] = []
        for scope in scopes where !unique.contains(scope) {
            guard granted.contains(scope) else {
                throw OAuthError(.invalidScope, "Scope '\(scope.prefix(64))' is not in the subject token; an exchanged token is never broader.")
            }
            unique.append(scope)
        }
        return unique
    }

    /// The audience: one value, the parent's.
    static func narrowedAudience(_ requested: String?, parent: String) throws -> String {
        guard let requested else { return parent }
        guard requested == parent else {
            throw OAuthError(.invalidTarget, "The audience must be the subject token's ('\(parent.prefix(64))'); an exchanged token is never broader.")
        }
        return requested
    }

    /// The lifetime: the requested one (default: the parent's remaining life), never past the parent's expiry.
    static func narrowedLifetime(_ requested: String?, parentExpiry: Int64, now: Date) throws -> Int64 {
        let (remaining, overflow) = parentExpiry.subtractingReportingOverflow(Int64(now.timeIntervalSince1970))
        guard !overflow else { throw OAuthError(.invalidRequest, "The subject token's expiry is out of range.") }
        guard let requested else { return remaining }
        guard requested.utf8.count <= 32 else { throw OAuthError(.invalidRequest, "ttl is too long.") }
        let seconds: Int64
        if let value = Int64(requested), let span = TimeSpan(seconds: value) {
            seconds = span.seconds
        } else if let span = try? TimeSpan(parsing: requested, field: "ttl") {
            seconds = span.seconds
        } else {
            throw OAuthError(.invalidRequest, "ttl must be a number of seconds or a span such as 5m.")
        }
        guard seconds <= remaining else {
            throw OAuthError(.invalidRequest, "ttl \(requested) outlives the subject token (\(remaining)s left); an exchanged token is never longer-lived.")
        }
        return seconds
    }
}
