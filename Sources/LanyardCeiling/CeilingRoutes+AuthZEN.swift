import Foundation
import Hummingbird
import LanyardAPI
import LanyardAudit
import LanyardCore
import LanyardModel
import LanyardServer

/// The AuthZEN ceilings:
/// - **single** (`/ceiling/t/{tenant}/access/v1/evaluation`): authenticate the bearer (a hash and the principal
///   cache), read and parse the JSON body, decide (``DecisionPoint/bareDecision(_:tenant:)``: snapshot, uids, typed
///   context, authorize), append one audit event carrying the same decision record in the same group commit, answer
///   `{"decision", "context": {"policies", "policy_version"}}`. No admin authorization of the caller, no inventory
///   look-ups, no token sanitizing, no metrics, no request-id echo.
/// - **batch** (`…/evaluations`): the same for every item of `evaluations` (defaults merged), one event for the batch.
extension CeilingRoutes {
    static func registerAuthZEN(on router: Router<LanyardRequestContext>, routes: CeilingRoutes) {
        router.post("/ceiling/t/:tenant/access/v1/evaluation") { request, context in try await routes.evaluation(request, context: context) }
        router.post("/ceiling/t/:tenant/access/v1/evaluations") { request, context in try await routes.evaluations(request, context: context) }
    }

    func evaluation(_ request: Request, context: LanyardRequestContext) async throws -> Response {
        let tenant = try Self.tenant(context)
        let principal = try await bearer(request)
        let evaluation = try AccessEvaluationRequest(json: try await body(request))
        let decision = try await dependencies.decisions.decisionPoint.bareDecision(evaluation, tenant: tenant)
        try await log(
            .authzEvaluation, tenant: tenant, principal: principal, target: decision.principal, records: [Self.record(evaluation, decision)],
            allowed: decision.allowed ? 1 : 0)
        return Self.answer(Self.response(decision).json)
    }

    func evaluations(_ request: Request, context: LanyardRequestContext) async throws -> Response {
        let tenant = try Self.tenant(context)
        let principal = try await bearer(request)
        let batch = try AccessEvaluationsRequest(json: try await body(request))
        let point = dependencies.decisions.decisionPoint
        var records: [DecisionRecord] = []
        var responses: [AccessEvaluationResponse] = []
        for index in (batch.evaluations ?? []).indices {
            let evaluation = try batch.evaluation(at: index)
            let decision = try await point.bareDecision(evaluation, tenant: tenant)
            records.append(Self.record(evaluation, decision))
            responses.append(Self.response(decision))
        }
        try await log(
            .authzEvaluations, tenant: tenant, principal: principal, target: "batch", records: records,
            allowed: responses.filter(\.decision).count)
        return Self.answer(AccessEvaluationsResponse.batch(responses).json)
    }

    private func bearer(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw LanyardError(.unauthenticated, "Send a bearer token.")
        }
        return try await dependencies.tenancy.authenticate(bearer: String(header.dropFirst(7)))
    }

    private func body(_ request: Request) async throws -> JSONValue {
        var buffer = try await request.body.collect(upTo: 1024 * 1024)
        guard let text = buffer.readString(length: buffer.readableBytes) else { throw LanyardError(.invalidRequest, "The body is not UTF-8.") }
        return try JSONBody.object(text)
    }

    private static func record(_ evaluation: AccessEvaluationRequest, _ decision: BareDecision) -> DecisionRecord {
        .evaluation(DecisionRecord.Evaluation(request: evaluation, principal: decision.principal, decision: decision.allowed, policies: decision.policies))
    }

    private static func response(_ decision: BareDecision) -> AccessEvaluationResponse {
        AccessEvaluationResponse(
            decision: decision.allowed, context: AccessDecisionContext(policies: decision.policies, policyVersion: decision.policyVersion))
    }

    private static func answer(_ json: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.compactBytes)))
    }

    /// One audit event with the records, appended durably by group commit, as the real routes' decision log does.
    private func log(
        _ action: AuditAction, tenant: String, principal: Principal, target: String, records: [DecisionRecord], allowed: Int
    ) async throws {
        let event = AuditEvent(
            tenant: tenant, at: Date(), actor: principal.actor, action: action, target: target,
            details: ["decisions": String(records.count), "allowed": String(allowed), "records": DecisionRecord.text(of: records)])
        let audit = dependencies.credentials.tokenEndpoint.issuer.audit
        try await audit.appendAlone(event, store: dependencies.store)
    }
}
