public import LanyardModel

/// What the decision point is told about one MCP call: who (the agent's identity), where (the upstream server), what
/// (the method and the tool, resource or prompt), with what (a digest of the arguments, never the arguments, and the
/// kinds of secret found in them), and why (the intent of the agent's task, when its token is bound to one).
///
/// As a Cedar request: principal `Lanyard::Identity::"idn_…"` with its inventory attributes; action `Action::"tools/call"`
/// (`resources/read`, `prompts/get`); resource `Lanyard::McpTool::"{server}/{tool}"` (`Lanyard::McpResource`,
/// `Lanyard::McpPrompt`); context `mcpServer`, `mcpMethod`, `tool` (the name or URI), `argumentsDigest`,
/// `argumentSecrets` (a set of detector kinds), `argumentDataClasses` (a set of data-class labels), `intent` and `task` when known, and `annotations` for a tool of a
/// server registered as trusted (``MCPToolAnnotations``; absent otherwise).
public struct MCPCallFacts: Sendable, Hashable {
    public var identity: String
    public var server: String
    public var method: String
    /// The tool or prompt name, or the resource URI.
    public var target: String
    /// `sha256:` and the hex SHA-256 of the arguments' canonical JSON (RFC 8785 style: sorted keys, no spaces).
    public var argumentsDigest: String
    /// Kinds of secret the scanner's detectors found in the arguments.
    public var argumentSecrets: [String]
    /// Data-class labels of what the arguments carry (``MCPSecretScan/dataClasses(in:)``).
    public var argumentDataClasses: [String]
    public var intent: String?
    public var task: String?
    /// The tool's annotations (``MCPToolAnnotations/standard(_:)``), given only for a server whose annotations are trusted.
    public var annotations: JSONObject?

    public init(
        identity: String, server: String, method: String, target: String, argumentsDigest: String, argumentSecrets: [String] = [],
        argumentDataClasses: [String] = [], intent: String? = nil, task: String? = nil, annotations: JSONObject? = nil
    ) {
        self.identity = identity
        self.server = server
        self.method = method
        self.target = target
        self.argumentsDigest = argumentsDigest
        self.argumentSecrets = argumentSecrets
        self.argumentDataClasses = argumentDataClasses
        self.intent = intent
        self.task = task
        self.annotations = annotations
    }

    /// The Cedar entity type of the call's resource.
    public var resourceType: String {
        switch method {
        case "resources/read": "Lanyard::McpResource"
        case "prompts/get": "Lanyard::McpPrompt"
        default: "Lanyard::McpTool"
        }
    }

    /// The Cedar id of the call's resource: `{server}/{target}`.
    public var resourceID: String { server + "/" + target }
}
