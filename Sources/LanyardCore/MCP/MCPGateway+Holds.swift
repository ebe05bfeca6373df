import Crypto
import LanyardAPI
import LanyardCredentials
import LanyardModel

/// Approval holds: a call the policies allow only after a person approves an access request filed on the call itself.
extension MCPGateway {
    /// A call the policies allow only with a person's approval: either approved (``approval`` names the entitlement
    /// used up) or held (``answer`` tells the agent where a person approves it).
    struct Hold {
        var request: String
        var approval: String?
        var outcome: String
        var answer: Answer
    }

    /// How long a person has to approve a held call, and how long the approval then lasts.
    static let holdWindow = "15m"

    /// The hold of one call: an approval of exactly this call is used up (it passes once); otherwise the access request
    /// the agent's earlier attempt filed (named by a valid `requestState`) is looked up, or a new one is filed, and the
    /// agent is told where a person approves it.
    func hold(_ call: Call, facts: MCPCallFacts, decision: MCPCallDecision, id: JSONValue) async throws -> Hold? {
        let resource = DecisionPoint.approvalResource(facts, policyVersion: decision.policyVersion)
        let presented = stateRequest(call, resource: resource)
        if let approval = try await decisions.consumeApproval(of: facts, policyVersion: decision.policyVersion, tenant: call.tenant) {
            return Hold(request: presented ?? "", approval: approval, outcome: "forwarded after approval", answer: .accepted())
        }
        var requestID = presented
        if let known = presented {
            let found = try? await requests.find(known, tenant: call.tenant, caller: .workload(identity: call.identity))
            switch found?.status(at: clock.now()) {
            case .requested?: break
            case let status?:
                // Denied, expired or cancelled: recorded as this call's denial; a new attempt files a new request.
                return Hold(
                    request: known, approval: nil, outcome: "denied: approval \(status.rawValue)",
                    answer: refusal(
                        call, id: id, method: facts.method,
                        text: "The approval of this call was \(status.rawValue) (access request \(known)); it was not forwarded."))
            case nil: requestID = nil
            }
        }
        if requestID == nil {
            let body = CreateAccessRequestRequest(
                identity: nil, tier: "tool:\(facts.server)", actions: [facts.method], resource: resource, duration: Self.holdWindow,
                justification: String(
                    "MCP \(facts.method) of '\(facts.target.prefix(200))' on \(facts.server) with arguments \(facts.argumentsDigest), held by policy version \(decision.policyVersion) (\(decision.policies.joined(separator: ", ")))\(facts.intent.map { "; intent: \($0)" } ?? "")."
                        .prefix(2000)),
                task: call.agent.task, singleUse: true)
            requestID = try await requests.create(body, tenant: call.tenant, caller: .workload(identity: call.identity)).id
        }
        let request = requestID ?? ""
        let url = call.urls.issuer + "/console/requests/" + request
        let message = "A person must approve this \(facts.method) of '\(facts.target.prefix(128))' on \(facts.server): access request \(request)."
        return Hold(
            request: request, approval: nil, outcome: "held for approval",
            answer: holdAnswer(call, id: id, method: facts.method, request: request, resource: resource, url: url, message: message))
    }

    /// What a held call answers: under 2026-07-28 an `input_required` result with a URL elicitation (when the client
    /// declared it can open URLs) and a protected `requestState`; under 2025-11-25 error `-32042` with the URL.
    /// A client that cannot open URLs gets the refusal text with the URL, to show a person.
    func holdAnswer(_ call: Call, id: JSONValue, method: String, request: String, resource: String, url: String, message: String) -> Answer {
        if call.revision == .handshake {
            return Answer(status: 200, body: MCPAnswers.urlElicitationRequired(id: id, message: message, url: url, elicitationID: request).body)
        }
        guard call.message.acceptsURLElicitation else {
            return refusal(call, id: id, method: method, text: message + " Approve it at \(url), then call again.")
        }
        let state = state(request, call: call, resource: resource)
        return Answer(status: 200, body: MCPAnswers.inputRequired(id: id, name: "approval", message: message, url: url, requestState: state))
    }

    /// `requestState`: the access request's id and a MAC binding it to the tenant, the agent and the held call.
    func state(_ request: String, call: Call, resource: String) -> String {
        request + "." + mac(request, call: call, resource: resource)
    }

    /// The access request a retried call's `requestState` names, when the state is this gateway's for this agent and
    /// call; nil otherwise (a forged or foreign state is ignored, never trusted).
    func stateRequest(_ call: Call, resource: String) -> String? {
        guard case .string(let state)? = call.message.params["requestState"], state.utf8.count <= 256, let dot = state.lastIndex(of: ".") else {
            return nil
        }
        let request = String(state[..<dot])
        let tag = String(state[state.index(after: dot)...])
        guard !request.isEmpty, TokenHasher.constantTimeEquals(tag, mac(request, call: call, resource: resource)) else { return nil }
        return request
    }

    func mac(_ request: String, call: Call, resource: String) -> String {
        let message = Array("\(call.tenant)\u{0}\(call.identity)\u{0}\(resource)\u{0}\(request)".utf8)
        return Base64URL.encode(HMAC<SHA256>.authenticationCode(for: message, using: holdKey))
    }
}
