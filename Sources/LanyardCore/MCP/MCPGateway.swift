public import Crypto
import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardCredentials
public import LanyardModel

/// The MCP gateway's use case: one authenticated JSON-RPC message from an agent to one registered upstream, decided,
/// logged and forwarded — or refused.
///
/// - `tools/call`, `resources/read` and `prompts/get` are each decided by the tenant's policies (``MCPCallFacts``).
///   Arguments carrying a secret are refused, unless every policy allowing the call says `@secrets("redact")`: then
///   each secret is replaced before the call is forwarded. The decision is written to the audit log
///   (`mcp.call`) **before** anything is forwarded; a refused call never reaches the upstream. A forwarded call's
///   answer has its secrets redacted and is logged (`mcp.result`) before it reaches the agent.
/// - `tools/list` answers only the tools the agent may call (`mcp.list`), marked `cacheScope: private`.
/// - The handshake (`initialize`, `server/discover`), `ping` and the other list methods are forwarded as they are.
/// - Anything else is refused as an unknown method: the gateway passes on only what it understands.
///
/// The upstream always gets its own token (``MCPUpstreamTokens``), never the agent's. If the decision point, the log,
/// the token or the upstream fails, the call is refused with a JSON-RPC error (fail closed).
public struct MCPGateway: Sendable {
    let decisions: DecisionPoint
    let requests: AccessRequests
    let tokens: MCPUpstreamTokens
    let transport: any MCPUpstreamTransport
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// The annotations of the tools of trusted upstreams, from their lists.
    let toolAnnotations = MCPToolAnnotations()

    /// How long an upstream has to answer.
    public static let upstreamTimeout: Duration = .seconds(30)
    /// The JSON-RPC error code of a call refused by policy (`resources/read`, `prompts/get`; a tool call is refused
    /// with a tool error the model can read).
    public static let refusedByPolicy = -32003
    /// The JSON-RPC error code of an upstream that failed or could not be reached.
    public static let upstreamFailed = -32004

    /// Methods forwarded without a decision: the handshake, liveness, and lists that name what exists without using it.
    static let passThrough: Set<String> = [
        "initialize", "server/discover", "ping", "resources/list", "resources/templates/list", "prompts/list",
    ]
    /// A decision point failure faster than this is logged as a refusal (``refuse(tenant:server:actor:reason:detail:)``).
    static let quickFailure: Duration = .seconds(5)
    /// Methods decided per call.
    static let decided: Set<String> = ["tools/call", "resources/read", "prompts/get"]

    /// Protects the `requestState` of held calls (2026-07-28): a state another agent or a forger presents is ignored.
    /// Derived from the KEK, so a retry that reaches another node (or this one after a restart) is recognised.
    let holdKey: SymmetricKey
    /// The key of the edge's wrapping of upstream sessions (2025-11-25), derived from the KEK like ``holdKey``.
    public let sessionKey: SymmetricKey

    /// - Parameter kek: the deployment's key-encryption key, from which the keys of held calls' `requestState` and of
    ///   wrapped upstream sessions are derived (``KeyEncryptionKey/derivedKey(for:)``).
    public init(
        decisions: DecisionPoint, requests: AccessRequests, tokens: MCPUpstreamTokens, transport: any MCPUpstreamTransport, store: any LanyardStore,
        audit: any AuditLog, clock: any WallClock, kek: KeyEncryptionKey
    ) {
        self.holdKey = kek.derivedKey(for: "mcp/request-state")
        self.sessionKey = kek.derivedKey(for: "mcp/session")
        self.decisions = decisions
        self.requests = requests
        self.tokens = tokens
        self.transport = transport
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// One message of an agent whose token for `server`'s gateway resource was checked (`agent`).
    public struct Call: Sendable {
        public var message: JSONRPCMessage
        public var revision: MCPRevision
        public var server: MCPServer
        public var gateway: MCPGatewayResource
        public var agent: IntrospectionResponse
        public var tenant: String
        public var urls: IssuerURLs
        /// The upstream session the agent names (2025-11-25), already unwrapped by the edge.
        public var upstreamSession: String?

        public init(
            message: JSONRPCMessage, revision: MCPRevision, server: MCPServer, gateway: MCPGatewayResource, agent: IntrospectionResponse,
            tenant: String, urls: IssuerURLs, upstreamSession: String?
        ) {
            self.message = message
            self.revision = revision
            self.server = server
            self.gateway = gateway
            self.agent = agent
            self.tenant = tenant
            self.urls = urls
            self.upstreamSession = upstreamSession
        }

        var identity: String { agent.sub ?? "" }
        var actor: String { "identity:\(identity)" }
        /// The audit target of a call of `name` (a tool, resource or prompt) on this call's server.
        func eventTarget(_ name: String) -> String { "mcp:\(server.name)/\(name.prefix(256))" }
    }

    /// What the gateway answers.
    public struct Answer: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The JSON-RPC message, or nil for `202 Accepted`.
        public var body: JSONValue?
        /// The upstream's session, for the edge to wrap (2025-11-25).
        public var upstreamSession: String?

        static func accepted() -> Answer { Answer(status: 202, body: nil) }
    }

    /// Handles one message.
    public func handle(_ call: Call) async throws -> Answer {
        let message = call.message
        guard let method = message.method else {
            throw MCPProtocolError.invalid("The gateway sent no request to answer; responses are not accepted.", id: message.id)
        }
        guard case .request(let id) = message.kind else {
            // Notifications: the handshake's `initialized` reaches a stateful upstream; others are dropped.
            if method == "notifications/initialized" || method == "notifications/cancelled" {
                _ = try? await forward(call, id: nil)
            }
            return .accepted()
        }
        if Self.decided.contains(method) { return try await decideAndForward(call, id: id, method: method) }
        if method == "tools/list" { return try await listTools(call, id: id) }
        if Self.passThrough.contains(method) { return try await relay(call, id: id) }
        throw MCPProtocolError(
            code: MCPProtocolError.Code.methodNotFound, status: 404,
            message: "Method '\(method.prefix(128))' is not passed on by Lanyard's MCP gateway.", id: id)
    }

    // MARK: Calls

    private func decideAndForward(_ call: Call, id: JSONValue, method: String) async throws -> Answer {
        let params = call.message.params
        guard let target = call.message.targetName, !target.isEmpty, target.utf8.count <= 1024 else {
            throw MCPProtocolError(
                code: MCPProtocolError.Code.invalidParams, status: 400,
                message: method == "resources/read" ? "resources/read needs params.uri." : "\(method) needs params.name.", id: id)
        }
        let arguments: JSONValue
        switch params["arguments"] {
        case nil: arguments = .object([:])
        case .object(let object)?: arguments = .object(object)
        default:
            throw MCPProtocolError(code: MCPProtocolError.Code.invalidParams, status: 400, message: "params.arguments must be an object.", id: id)
        }
        let secrets = MCPSecretScan.kinds(in: arguments)
        let dataClasses = MCPSecretScan.dataClasses(in: arguments)
        let digest = MCPSecretScan.digest(arguments)
        let annotations = method == "tools/call" ? try await annotations(of: target, call) : nil
        let deciding = ContinuousClock.now
        let facts: MCPCallFacts
        let decision: MCPCallDecision
        do {
            facts = MCPCallFacts(
                identity: call.identity, server: call.server.name, method: method, target: target, argumentsDigest: digest,
                argumentSecrets: secrets, argumentDataClasses: dataClasses, intent: try await taskIntent(call), task: call.agent.task,
                annotations: annotations)
            decision = try await decisions.decide(mcp: facts, tenant: call.tenant, urls: call.urls)
        } catch let error as LanyardError {
            // The decision point failed. A fast failure is a database that answered (a read it refused), so the log is
            // probably there: the refusal is logged, best effort. A slow one is a database out of reach, the log with
            // it; trying would only double the agent's wait.
            if ContinuousClock.now - deciding < Self.quickFailure {
                try? await refuse(
                    tenant: call.tenant, server: call.server.name, actor: call.identity, reason: "unavailable",
                    detail: ["message": String(error.message.prefix(256)), "code": error.code.rawValue, "method": method])
            }
            throw error
        }
        // A secret in the arguments refuses the call, unless the policies that allow it say to redact it instead.
        let redacting = !secrets.isEmpty && decision.allowed && decision.redactsSecrets
        let secretRefused = !secrets.isEmpty && !redacting
        var hold: Hold?
        if !secretRefused, decision.allowed, decision.needsApproval {
            hold = try await self.hold(call, facts: facts, decision: decision, id: id)
        }
        let outcome: String
        if secretRefused {
            outcome = "refused: secret in arguments"
        } else if !decision.allowed {
            outcome = "denied"
        } else if let hold {
            outcome = hold.outcome
        } else {
            outcome = redacting ? "forwarded: secrets redacted" : "forwarded"
        }
        var details: [String: String] = [
            "server": call.server.name, "method": method, "name": String(target.prefix(256)), "argumentsDigest": digest,
            "decision": decision.allowed && !secretRefused ? "allow" : "deny", "policies": decision.policies.joined(separator: ","),
            "policyVersion": String(decision.policyVersion), "outcome": outcome, "records": DecisionRecord.text(of: [decision.record]),
        ]
        if !secrets.isEmpty { details["argumentSecrets"] = secrets.joined(separator: ",") }
        if !dataClasses.isEmpty { details["argumentDataClasses"] = dataClasses.joined(separator: ",") }
        if let refusal = decision.refusal { details["refusal"] = refusal }
        if let hold {
            details["accessRequest"] = hold.request
            if let approval = hold.approval { details["approval"] = approval }
        }
        if let task = call.agent.task { details["task"] = task }
        // Durable before anything goes upstream: no call passes unlogged.
        try await record(.mcpCall, call, target: call.eventTarget(target), details: details)
        guard !secretRefused else {
            return refusal(
                call, id: id, method: method,
                text: "Lanyard refused this call: its arguments carry a secret (\(secrets.joined(separator: ", "))). Secrets never pass the gateway.")
        }
        if let hold, hold.approval == nil {
            return hold.answer
        }
        guard decision.allowed else {
            let why = decision.refusal.map { " (\($0))" } ?? ""
            return refusal(
                call, id: id, method: method,
                text:
                    "Lanyard's policies do not allow this \(method) of '\(target.prefix(128))' on \(call.server.name)\(why). Policy version \(decision.policyVersion)."
            )
        }
        let started = ContinuousClock.now
        let answer: Answer
        var resultDetails: [String: String] = ["server": call.server.name, "method": method, "name": String(target.prefix(256))]
        var sent = call
        if redacting { sent.message = try Self.replacingArguments(of: call.message, with: MCPSecretScan.redacted(arguments).value) }
        do {
            let (response, session) = try await forward(sent, id: id)
            guard let response else { throw MCPProtocolError(code: Self.upstreamFailed, status: 200, message: "The upstream sent no answer.", id: id) }
            let (clean, redactions) = MCPSecretScan.redacted(.object(response))
            let bytes = clean.compactBytes.count
            resultDetails["outcome"] = response["error"] == nil ? "result" : "upstream error"
            resultDetails["resultBytes"] = String(bytes)
            if redactions > 0 { resultDetails["redacted"] = String(redactions) }
            answer = Answer(status: 200, body: clean, upstreamSession: session)
        } catch let error as MCPProtocolError {
            resultDetails["outcome"] = "upstream failed"
            resultDetails["error"] = String(error.message.prefix(256))
            try await record(.mcpResult, call, target: call.eventTarget(target), details: resultDetails, since: started)
            throw error
        }
        // The result reaches the agent only once it is logged.
        try await record(.mcpResult, call, target: call.eventTarget(target), details: resultDetails, since: started)
        return answer
    }

    /// A refused call as the agent reads it: a tool error for `tools/call` (the model sees why), a JSON-RPC error
    /// otherwise.
    func refusal(_ call: Call, id: JSONValue, method: String, text: String) -> Answer {
        if method == "tools/call" { return Answer(status: 200, body: MCPAnswers.toolError(id: id, text: text, revision: call.revision)) }
        return Answer(status: 200, body: MCPProtocolError(code: Self.refusedByPolicy, status: 200, message: text, id: id).body)
    }

    // MARK: Lists and pass-through

    private func listTools(_ call: Call, id: JSONValue) async throws -> Answer {
        let (response, session) = try await forward(call, id: id)
        guard let response, case .object(let result)? = response["result"], case .array(let tools)? = result["tools"] else {
            if let response { return Answer(status: 200, body: .object(response), upstreamSession: session) }
            throw MCPProtocolError(code: Self.upstreamFailed, status: 200, message: "The upstream sent no list of tools.", id: id)
        }
        let trusted = call.server.toolAnnotationsTrusted
        if trusted { toolAnnotations.note(tools, tenant: call.tenant, server: call.server, at: clock.now()) }
        var listed: [(name: String, annotations: JSONObject?)] = []
        for case .object(let tool) in tools {
            if case .string(let name)? = tool["name"] { listed.append((name, trusted ? MCPToolAnnotations.standard(tool["annotations"]) : nil)) }
        }
        let (allowed, version) = try await decisions.callableTools(
            listed, identity: call.identity, server: call.server.name, tenant: call.tenant, urls: call.urls)
        let kept = tools.filter { tool in
            guard case .object(let object) = tool, case .string(let name)? = object["name"] else { return false }
            return allowed.contains(name)
        }
        let filtered = MCPAnswers.replacingTools(in: response, result: result, with: kept, revision: call.revision)
        try await record(
            .mcpList, call, target: "mcp:\(call.server.name)",
            details: [
                "server": call.server.name, "listed": String(kept.count), "hidden": String(tools.count - kept.count), "policyVersion": String(version),
            ])
        return Answer(status: 200, body: .object(filtered), upstreamSession: session)
    }

    private func relay(_ call: Call, id: JSONValue) async throws -> Answer {
        let (response, session) = try await forward(call, id: id)
        guard let response else { throw MCPProtocolError(code: Self.upstreamFailed, status: 200, message: "The upstream sent no answer.", id: id) }
        return Answer(status: 200, body: .object(response), upstreamSession: session)
    }

    // MARK: Upstream

    /// Sends the message upstream with the upstream's own token: the parsed message re-encoded (never the bytes the
    /// agent sent), the revision's headers recomputed from it.
    /// - Returns: the response to `id` (nil for a notification), and the upstream's session id.
    func forward(_ call: Call, id: JSONValue?) async throws -> (JSONObject?, String?) {
        let token: String
        do {
            token = try await tokens.token(
                for: call.agent, upstream: call.server.url, gateway: call.gateway.url, tenant: call.tenant, urls: call.urls)
        } catch let error as LanyardError {
            throw MCPProtocolError(
                code: Self.upstreamFailed, status: 200, message: "No token could be minted for the upstream: \(error.message)", id: id)
        }
        let headers: [(name: String, value: String)] =
            [("content-type", "application/json"), ("accept", "application/json, text/event-stream"), ("authorization", "Bearer \(token)")]
            + MCPRoutingHeaders.forwarding(call.message, revision: call.revision, session: call.upstreamSession)
        let response: MCPUpstreamResponse
        do {
            response = try await transport.send(
                MCPUpstreamRequest(url: call.server.url, headers: headers, body: call.message.upstreamBody.compactBytes, timeout: Self.upstreamTimeout))
        } catch {
            throw MCPProtocolError(
                code: Self.upstreamFailed, status: 200, message: "The upstream MCP server \(call.server.name) could not be reached or did not answer.", id: id)
        }
        guard let id else { return (nil, response.sessionID) }
        if let answer = MCPUpstreamAnswer.response(to: id, contentType: response.contentType, body: response.body), answer["id"] == id,
            (answer["result"] == nil) != (answer["error"] == nil)
        {
            return (answer, response.sessionID)
        }
        throw MCPProtocolError(
            code: Self.upstreamFailed, status: 200,
            message: "The upstream MCP server \(call.server.name) answered HTTP \(response.status) without a JSON-RPC response to this request.", id: id)
    }

    /// `message` with its `params.arguments` replaced.
    static func replacingArguments(of message: JSONRPCMessage, with arguments: JSONValue) throws(MCPProtocolError) -> JSONRPCMessage {
        let params = JSONObject(message.params.members.map { $0.key == "arguments" ? ($0.key, arguments) : $0 })
        return try JSONRPCMessage.read(MCPAnswers.replacingParams(of: message, with: params))
    }

    // MARK: Log

    /// The intent of the task the agent's token is bound to.
    private func taskIntent(_ call: Call) async throws -> String? {
        guard let task = call.agent.task else { return nil }
        return try await store.read { try await $0.task(tenant: call.tenant, id: task) }?.intent
    }

    func record(_ action: AuditAction, _ call: Call, target: String, details: [String: String], since: ContinuousClock.Instant? = nil)
        async throws
    {
        var details = details
        if let since {
            let elapsed = ContinuousClock.now - since
            details["latencyMicros"] = String(elapsed.components.seconds &* 1_000_000 &+ elapsed.components.attoseconds / 1_000_000_000_000)
        }
        if let jti = call.agent.jti { details["token"] = jti }
        let event = AuditEvent(tenant: call.tenant, at: clock.now(), actor: call.actor, action: action, target: target, details: details)
        try await audit.appendAlone(event, store: store)
    }

    /// Logs a refusal of a request to `server`'s gateway made before or without an authenticated agent: no token, a token
    /// refused, a message that could not be read. `actor` is the token's identity when one was read, else `anonymous`.
    public func refuse(tenant: String, server: String, actor: String?, reason: String, detail: [String: String] = [:]) async throws {
        var details = detail
        details["reason"] = String(reason.prefix(256))
        details["server"] = server
        let event = AuditEvent(
            tenant: tenant, at: clock.now(), actor: actor.map { "identity:\($0)" } ?? "anonymous", action: .mcpRefuse, target: "mcp:\(server)",
            details: details)
        try await audit.appendAlone(event, store: store)
    }
}
