public import Foundation
public import LanyardModel

/// `POST /t/{tenant}/v1/leaks`: tokens a scanner or a CI job found exposed, to be revoked at once.
public struct ReportLeaksRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// 1–100 tokens.
    public var tokens: [ReportedLeak]

    public static let allowedFields: Set<String> = ["tokens"]
    /// Most tokens in one report.
    public static let maxTokens = 100

    public init(tokens: [ReportedLeak]) { self.tokens = tokens }
}

/// One exposed token of a ``ReportLeaksRequest``.
public struct ReportedLeak: Sendable, Hashable, Codable, StrictDecodable {
    /// The raw token (never stored: Lanyard keeps its SHA-256).
    public var token: String
    /// Where it was found (a file and line, a URL), at most 2048 bytes.
    public var location: String?
    /// What found it (`lanyard-scan`, `gitleaks`, a CI job), at most 128 bytes.
    public var source: String?

    public static let allowedFields: Set<String> = ["token", "location", "source"]

    public init(token: String, location: String? = nil, source: String? = nil) {
        self.token = token
        self.location = location
        self.source = source
    }

    private enum CodingKeys: String, CodingKey {
        case token, location, source
    }

    /// Any key of the object, to find the unknown ones.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes one token, refusing fields it does not know (as the top level of a body does) and nulls.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.filter({ !Self.allowedFields.contains($0) }).sorted().first {
            throw LanyardError(.invalidRequest, "Unknown field '\(unknown.prefix(64))' in a token; a token accepts: location, source, token.")
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.location, .source] where container.contains(key) {
            if try container.decodeNil(forKey: key) {
                throw LanyardError(.invalidRequest, "Field '\(key.stringValue)' of a token is null; leave it out instead.", field: key.stringValue)
            }
        }
        token = try container.decode(String.self, forKey: .token)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        source = try container.decodeIfPresent(String.self, forKey: .source)
    }
}

/// The answer to a ``ReportLeaksRequest``: one result per token, in the order sent.
public struct ReportLeaksResponse: Sendable, Hashable, Codable {
    public var results: [LeakResult]

    public init(results: [LeakResult]) { self.results = results }
}

/// What one reported token did.
public struct LeakResult: Sendable, Hashable, Codable {
    /// SHA-256 of the token, lower-case hex.
    public var tokenHash: String
    /// `revoked`, `inactive` (Lanyard's, but no longer live), `unknown`, or `refused` (a token of another tenant).
    public var outcome: String
    /// The report (`lkr_…`); absent when refused.
    public var report: String?
    /// Whether this token had been reported before (the earlier report's outcome is repeated; nothing is revoked twice).
    public var repeated: Bool

    public init(tokenHash: String, outcome: String, report: String?, repeated: Bool) {
        self.tokenHash = tokenHash
        self.outcome = outcome
        self.report = report
        self.repeated = repeated
    }
}

/// A page of leak reports, newest first.
public struct LeakReportList: Sendable, Hashable, Codable {
    public var reports: [LeakReport]
    /// The cursor of the next page; absent on the last.
    public var next: String?

    public init(reports: [LeakReport], next: String?) {
        self.reports = reports
        self.next = next
    }
}

/// One match in a GitHub secret-scanning partner report (`[{token, type, url, source}]`).
public struct GitHubLeakMatch: Sendable, Hashable, Codable {
    public var token: String
    public var type: String
    public var url: String?
    public var source: String?

    public init(token: String, type: String, url: String? = nil, source: String? = nil) {
        self.token = token
        self.type = type
        self.url = url
        self.source = source
    }
}

/// GitHub's optional feedback for one match: `true_positive` for a live Lanyard credential, `false_positive` otherwise.
public struct GitHubLeakFeedback: Sendable, Hashable, Codable {
    public var tokenHash: String
    public var tokenType: String
    public var label: String

    enum CodingKeys: String, CodingKey {
        case tokenHash = "token_hash", tokenType = "token_type", label
    }

    public init(tokenHash: String, tokenType: String, label: String) {
        self.tokenHash = tokenHash
        self.tokenType = tokenType
        self.label = label
    }
}

/// `POST /t/{tenant}/v1/leaks/door-tokens`: a new bearer for the tenant's GitLab-shaped leak door.
public struct CreateLeakDoorTokenRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// What it is for (`gitlab.example.com`); at most 200 printable characters.
    public var description: String?

    public static let allowedFields: Set<String> = ["description"]

    public init(description: String? = nil) { self.description = description }
}

/// A leak door bearer as listed: never the token itself.
public struct LeakDoorTokenView: Sendable, Hashable, Codable {
    public var id: String
    public var description: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?

    public init(_ record: LeakDoorToken) {
        id = record.id
        description = record.description
        createdAt = record.createdAt
        createdBy = record.createdBy
        revokedAt = record.revokedAt
    }
}

/// A newly made leak door bearer (`lyrvk_…`): shown this once, stored only as a hash.
public struct CreatedLeakDoorToken: Sendable, Hashable, Codable {
    public var token: String
    public var info: LeakDoorTokenView

    public init(token: String, info: LeakDoorTokenView) {
        self.token = token
        self.info = info
    }
}

/// `GET /t/{tenant}/v1/leaks/door-tokens`: newest first, revoked ones included.
public struct LeakDoorTokenList: Sendable, Hashable, Codable {
    public var tokens: [LeakDoorTokenView]

    public init(tokens: [LeakDoorTokenView]) { self.tokens = tokens }
}

/// One token in a GitLab Token Revocation API request (`[{type, token, location}]`).
public struct GitLabRevocation: Sendable, Hashable, Codable {
    public var type: String
    public var token: String
    public var location: String?

    public init(type: String, token: String, location: String? = nil) {
        self.type = type
        self.token = token
        self.location = location
    }
}

/// `GET …/v1/revocable_token_types`: the token types this door revokes.
public struct GitLabRevocableTypes: Sendable, Hashable, Codable {
    public var types: [String]

    public init(types: [String]) { self.types = types }
}
