/// The kind of access an entitlement or an access request is for. Tiers keep building and testing apart from
/// publishing and deploying, and reading data apart from writing it; approval rules, duration caps and review
/// campaigns are set per tier.
public enum AccessTier: Sendable, Hashable, Codable, CustomStringConvertible {
    case build
    case test
    case publish
    case deploy
    case dataRead
    case dataWrite
    /// Calling one tool (`tool:NAME`, NAME as the MCP gateway and policies name it).
    case tool(String)

    /// The most characters of a tool name.
    public static let maxToolName = 128

    /// The tier's text: `build`, `test`, `publish`, `deploy`, `data-read`, `data-write` or `tool:NAME`.
    public var description: String {
        switch self {
        case .build: "build"
        case .test: "test"
        case .publish: "publish"
        case .deploy: "deploy"
        case .dataRead: "data-read"
        case .dataWrite: "data-write"
        case .tool(let name): "tool:\(name)"
        }
    }

    /// Parses a tier's text; `nil` for anything else (a `tool:` name must be 1–128 printable ASCII characters
    /// without spaces).
    public init?(_ text: String) {
        switch text {
        case "build": self = .build
        case "test": self = .test
        case "publish": self = .publish
        case "deploy": self = .deploy
        case "data-read": self = .dataRead
        case "data-write": self = .dataWrite
        default:
            guard text.hasPrefix("tool:") else { return nil }
            let name = text.dropFirst(5)
            guard !name.isEmpty, name.utf8.count <= Self.maxToolName, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            self = .tool(String(name))
        }
    }

    /// Parses `text` or throws `invalid_field` naming `field`.
    public static func parse(_ text: String, field: String) throws -> AccessTier {
        guard let tier = AccessTier(text) else {
            throw LanyardError.invalid(
                field, "'\(text.prefix(64))' is not a tier: use build, test, publish, deploy, data-read, data-write or tool:NAME.")
        }
        return tier
    }

    /// Whether the tier releases software or changes production: an identity's owner may not approve it for their
    /// own identity, whatever a template or policy says.
    public var isRelease: Bool {
        switch self {
        case .publish, .deploy: true
        default: false
        }
    }

    /// The Cedar actions the tier grants when a grant names none.
    public var defaultActions: [String] {
        switch self {
        case .build: ["build"]
        case .test: ["test"]
        case .publish: ["publish"]
        case .deploy: ["deploy"]
        case .dataRead: ["read"]
        case .dataWrite: ["write"]
        case .tool: ["call"]
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let tier = AccessTier(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown tier '\(text.prefix(64))'"))
        }
        self = tier
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
