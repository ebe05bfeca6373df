import CedarPolicy
import Foundation
import LanyardAudit
public import LanyardModel
public import LanyardAPI

/// The policy decision point: OpenID AuthZEN evaluations, batches and searches over a tenant's Cedar policies,
/// its entity data and Lanyard's inventory.
///
/// - Subjects and resources of type `Lanyard::Identity` (by id, name or SPIFFE ID) and `Lanyard::Template` get
///   their attributes from the inventory at request time, never from the caller; a subject of type
///   `Lanyard::Token` is an access token, verified and turned into its identity. Unknown identities and inactive
///   tokens are denied without evaluation.
/// - Properties of subject, resource and action are the enforcement point's assertions and reach Cedar as
///   `context.subject`, `context.resource` and `context.action`; `context.now` is the server's clock unless the
///   request gives it.
/// - Every answered request is written to the audit log, durably, before the answer is returned; if it cannot
///   be written, the request fails (fail closed).
public struct DecisionPoint: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let snapshots: PolicySnapshots
    let tokens: TokenVerifier?
    /// Identities, their owners' statuses and their owners as people of the directory (`principal.ownerUser`), kept
    /// current by the change stream.
    let state: TenantState
    /// Live entitlements: what they allow beyond the policies.
    let entitlements: EntitlementGate

    /// Context keys the decision point sets itself (`now` too, but only when the request does not give it).
    static let reservedContextKeys: Set<String> = ["subject", "resource", "action"]

    init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, snapshots: PolicySnapshots, tokens: TokenVerifier?,
        state: TenantState, entitlements: EntitlementGate
    ) {
        self.state = state
        self.entitlements = entitlements
        self.store = store
        self.audit = audit
        self.clock = clock
        self.snapshots = snapshots
        self.tokens = tokens
    }

    // MARK: Endpoints

    /// `POST {issuer}/access/v1/evaluation`.
    /// - Throws: `invalid_request` when subject, action or resource is missing.
    public func evaluation(
        _ request: AccessEvaluationRequest, tenant: String, urls: IssuerURLs, by principal: Principal
    ) async throws -> DecisionAnswer<AccessEvaluationResponse> {
        try AdminRoles.require(.accessEvaluate, principal, tenant: tenant)
        return try await evaluation(request, started: ContinuousClock.now, tenant: tenant, urls: urls, by: principal)
    }

    /// One evaluation (`/evaluation`, and `/evaluations` without items).
    private func evaluation(
        _ request: AccessEvaluationRequest, started: ContinuousClock.Instant, tenant: String, urls: IssuerURLs, by principal: Principal
    ) async throws -> DecisionAnswer<AccessEvaluationResponse> {
        let evaluation = try request.complete()
        let snapshot = try await snapshots.snapshot(tenant)
        let outcome = try await decide(evaluation, snapshot: snapshot, tenant: tenant, urls: urls, strict: true)
        let response = Self.response(outcome, snapshot: snapshot, administrator: principal.isAdministrator)
        var secrets: [String: String] = [:]
        try await log(
            action: .authzEvaluation, tenant: tenant, principal: principal, target: outcome.principal,
            records: [Self.record(evaluation, outcome, secrets: &secrets)], snapshot: snapshot, started: started, secrets: secrets)
        return DecisionAnswer(
            body: response, allowed: outcome.allowed ? 1 : 0, denied: outcome.allowed ? 0 : 1, policyVersion: snapshot.version)
    }

    /// `POST {issuer}/access/v1/evaluations`: defaults, items and `options.evaluations_semantic`. Without items it
    /// answers like a single evaluation.
    public func evaluations(
        _ request: AccessEvaluationsRequest, tenant: String, urls: IssuerURLs, by principal: Principal
    ) async throws -> DecisionAnswer<AccessEvaluationsResponse> {
        try AdminRoles.require(.accessEvaluate, principal, tenant: tenant)
        let started = ContinuousClock.now
        guard let items = request.evaluations, !items.isEmpty else {
            let single = try await evaluation(request.defaults, started: started, tenant: tenant, urls: urls, by: principal)
            return DecisionAnswer(body: .single(single.body), allowed: single.allowed, denied: single.denied, policyVersion: single.policyVersion)
        }
        let semantic = request.semantic ?? .executeAll
        let snapshot = try await snapshots.snapshot(tenant)
        var outcomes: [DecisionOutcome] = []
        var records: [DecisionRecord] = []
        var secrets: [String: String] = [:]
        outcomes.reserveCapacity(items.count)
        for index in items.indices {
            let outcome: DecisionOutcome
            var logged = AccessEvaluationRequest()
            do {
                let evaluation = try request.evaluation(at: index)
                logged = evaluation
                outcome = try await decide(evaluation, snapshot: snapshot, tenant: tenant, urls: urls, strict: false)
            } catch let error as LanyardError where error.code == .invalidRequest || error.code == .invalidField {
                outcome = DecisionOutcome(allowed: false, itemError: (400, error.message))
            }
            outcomes.append(outcome)
            records.append(Self.record(logged, outcome, secrets: &secrets))
            if semantic == .denyOnFirstDeny && !outcome.allowed { break }
            if semantic == .permitOnFirstPermit && outcome.allowed { break }
        }
        let administrator = principal.isAdministrator
        let response = AccessEvaluationsResponse.batch(outcomes.map { Self.response($0, snapshot: snapshot, administrator: administrator) })
        let target = Set(outcomes.map(\.principal)).count == 1 ? outcomes.first?.principal ?? "" : "batch"
        try await log(
            action: .authzEvaluations, tenant: tenant, principal: principal, target: target, records: records, snapshot: snapshot,
            started: started, secrets: secrets)
        let allowed = outcomes.filter(\.allowed).count
        return DecisionAnswer(body: response, allowed: allowed, denied: outcomes.count - allowed, policyVersion: snapshot.version)
    }

    /// `POST {issuer}/access/v1/search/{subject|resource|action}`: every candidate the tenant knows (stored
    /// entities of the type searched for; actions of the schema or of the entity data) that would be permitted,
    /// sorted by id, in pages (`page.limit`, `page.token`; see ``SearchPage``).
    ///
    /// AuthZEN 1.0 ("Paginated Responses"): `next_token` is non-empty only when more results follow, and "if there
    /// are no more results after this page, its value MUST be an empty string". So once a page is full, the
    /// candidates after it are evaluated until the next permitted one, which the next page starts at; when there is
    /// none, this page is the last.
    public func search(
        _ request: AccessSearchRequest, tenant: String, urls: IssuerURLs, by principal: Principal
    ) async throws -> DecisionAnswer<AccessSearchResponse> {
        try AdminRoles.require(.accessSearch, principal, tenant: tenant)
        let started = ContinuousClock.now
        let kind = request.kind
        let query = SearchPage.queryHash(kind: kind.rawValue, request: request.evaluation.json)
        let page = try SearchPage.read(page: request.page, query: query)
        let snapshot = try await snapshots.snapshot(tenant)
        let candidates: [String]
        switch kind {
        case .subject: candidates = request.subject.flatMap { snapshot.idsByType[$0.type] } ?? []
        case .resource: candidates = request.resource.flatMap { snapshot.idsByType[$0.type] } ?? []
        case .action: candidates = snapshot.actionNames
        }
        var found: [AccessSearchResult] = []
        var index = page.offset
        var allowedCount = 0
        var evaluated = 0
        func permits(_ candidate: String) async throws -> Bool {
            var evaluation = request.evaluation
            switch kind {
            case .subject: evaluation.subject?.id = candidate
            case .resource: evaluation.resource?.id = candidate
            case .action: evaluation.action = AuthZENAction(name: candidate, properties: request.action?.properties)
            }
            evaluated += 1
            let allowed = try await decide(evaluation, snapshot: snapshot, tenant: tenant, urls: urls, strict: false, consuming: false).allowed
            if allowed { allowedCount += 1 }
            return allowed
        }
        while index < candidates.count && found.count < page.limit {
            let candidate = candidates[index]
            index += 1
            guard try await permits(candidate) else { continue }
            switch kind {
            case .subject: found.append(.entity(type: request.subject?.type ?? "", id: candidate))
            case .resource: found.append(.entity(type: request.resource?.type ?? "", id: candidate))
            case .action: found.append(.action(name: candidate))
            }
        }
        // The page is full: the next page starts at the next permitted candidate, if there is one.
        var next: Int?
        while next == nil && index < candidates.count {
            if try await permits(candidates[index]) { next = index }
            index += 1
        }
        // An empty next_token says there is nothing more.
        let nextToken = next != nil || request.page != nil ? next.map { SearchPage.token(offset: $0, query: query) } ?? "" : nil
        var secrets: [String: String] = [:]
        let record = DecisionRecord.search(
            DecisionRecord.Search(kind: kind, request: Self.sanitized(request.evaluation, secrets: &secrets), evaluated: evaluated, results: found))
        try await log(
            action: .authzSearch, tenant: tenant, principal: principal, target: kind.rawValue, records: [record], snapshot: snapshot,
            started: started, counts: (evaluated, allowedCount), secrets: secrets)
        return DecisionAnswer(
            body: AccessSearchResponse(results: found, nextToken: nextToken), allowed: allowedCount, denied: evaluated - allowedCount,
            policyVersion: snapshot.version)
    }

    // MARK: Deciding

    /// Decides one complete evaluation. With `strict`, a context that does not fit the schema is an
    /// `invalid_request` error; otherwise it is an error of this item only. When the policies deny without a forbid,
    /// a live entitlement may allow (``EntitlementGate``); `consuming` lets a single-use one be used up (a search
    /// only asks).
    func decide(
        _ evaluation: AccessEvaluationRequest, snapshot: CompiledPolicies, tenant: String, urls: IssuerURLs, strict: Bool, consuming: Bool = true
    ) async throws -> DecisionOutcome {
        guard let subject = evaluation.subject, let subjectID = subject.id, let action = evaluation.action,
            let resource = evaluation.resource, let resourceID = resource.id
        else { throw LanyardError(.invalidRequest, "The evaluation needs subject, action and resource with ids.") }
        var overlay: [Entity] = []
        var principalUID = EntityUID(subject.type, subjectID)
        if subject.type == LanyardCedarModel.tokenType || subject.type == LanyardCedarModel.identityType {
            var identityRef = subjectID
            if subject.type == LanyardCedarModel.tokenType {
                guard let tokens else { return .refused("Access tokens are not enabled on this server.", principal: "token") }
                let introspection = await tokens.introspect(subjectID, tenant: tenant, urls: urls)
                guard introspection.active, let sub = introspection.sub else {
                    return .refused("The presented access token is not active.", principal: "token:inactive")
                }
                identityRef = sub
            }
            guard let (entity, ownerUser) = try await identityEntity(identityRef, tenant: tenant, snapshot: snapshot) else {
                return .refused("There is no identity '\(identityRef.prefix(200))' in this tenant.", principal: "\(LanyardCedarModel.identityType)::unknown")
            }
            principalUID = entity.uid
            if let ownerUser { overlay.append(ownerUser) }
            overlay.append(entity)
        }
        var resourceUID = EntityUID(resource.type, resourceID)
        if resource.type == LanyardCedarModel.identityType {
            if let (entity, ownerUser) = try await identityEntity(resourceID, tenant: tenant, snapshot: snapshot) {
                resourceUID = entity.uid
                if let ownerUser, !overlay.contains(where: { $0.uid == ownerUser.uid }) { overlay.append(ownerUser) }
                if entity.uid != principalUID { overlay.append(entity) }
            }
        } else if resource.type == LanyardCedarModel.templateType {
            let template = try await store.read { session in try await session.template(tenant: tenant, name: resourceID) }
            if let template { overlay.append(LanyardCedarModel.entity(of: template)) }
        }
        let actionUID = EntityUID("Action", action.name)
        let context: [CedarString: Value]
        do {
            context = try self.context(evaluation, action: action, actionUID: actionUID, schema: snapshot.schema)
        } catch let error as LanyardError {
            if strict { throw error }
            return DecisionOutcome(allowed: false, itemError: (400, error.message), principal: principalUID.description)
        }
        let request = Request(principal: principalUID, action: actionUID, resource: resourceUID, context: context)
        let entities = overlay.isEmpty ? snapshot.entities : snapshot.entities.overlaying(overlay)
        let response = Authorizer.isAuthorized(request, policies: snapshot.policies, entities: entities)
        // A forbid (a guardrail) wins over every entitlement; only a deny for want of a permit may be lifted.
        if response.decision == .deny, response.reason.isEmpty,
            let granted = try await entitlements.allowing(request, entities: entities, tenant: tenant, consuming: consuming)
        {
            return DecisionOutcome(
                allowed: true, policies: [granted], errors: response.errors.map { ($0.policyID, $0.error.message) }.sorted { $0.0 < $1.0 },
                principal: principalUID.description)
        }
        return DecisionOutcome(
            allowed: response.decision == .allow, policies: response.reason.sorted(),
            errors: response.errors.map { ($0.policyID, $0.error.message) }.sorted { $0.0 < $1.0 }, principal: principalUID.description)
    }

    /// The Cedar context: the request's context members, the enforcement point's properties under `subject`,
    /// `resource` and `action`, and the server's `now`. With a schema, reserved keys the action's context does not
    /// declare are left out and the rest is typed by the schema.
    func context(_ evaluation: AccessEvaluationRequest, action: AuthZENAction, actionUID: EntityUID, schema: Schema?) throws -> [CedarString: Value] {
        var members = (evaluation.context?.members ?? []).map { ($0.key, CedarJSON($0.value)) }
        if let reserved = members.first(where: { Self.reservedContextKeys.contains($0.0) }) {
            throw LanyardError(
                .invalidRequest, "context.\(reserved.0) is set by Lanyard (it holds the \(reserved.0)'s properties); use another name.",
                field: "context.\(reserved.0)")
        }
        let declared = schema?.actions[actionUID]?.context.attributes
        func wanted(_ key: String) -> Bool { declared.map { $0[CedarString(key)] != nil } ?? true }
        if declared == nil {
            // No schema types this context: Lanyard's vocabulary is typed by name (docs/authzen.md).
            members = members.map { key, value in (key, Self.typedByVocabulary(key, value)) }
        }
        for (key, value) in [
            ("subject", evaluation.subject?.properties), ("resource", evaluation.resource?.properties), ("action", action.properties),
        ] where wanted(key) {
            members.append((key, CedarJSON(value.map(LanyardModel.JSONValue.object) ?? .object([:]))))
        }
        var context: [CedarString: Value]
        do {
            context = try ContextJSON.parse(.object(members), schema: schema, action: actionUID)
        } catch {
            throw LanyardError(
                .invalidRequest, "The context does not fit the tenant's schema or Lanyard's context vocabulary: \(error.message)",
                field: "context")
        }
        if context["now"] == nil && wanted("now") {
            context["now"] = .ext(.datetime(LanyardCedarModel.milliseconds(clock.now())))
        }
        return context
    }

    /// Context members Lanyard gives a Cedar type when no schema does: `now` (RFC 3339 → `datetime`) and
    /// `sourceIp` (→ `ipaddr`); a value that is not of that form is refused as `invalid_request`. `approvals`
    /// (an array of strings) is a Set anyway; everything else is taken as JSON maps it.
    static let vocabulary: [String: String] = ["now": "datetime", "sourceIp": "ip"]

    static func typedByVocabulary(_ key: String, _ value: CedarJSON) -> CedarJSON {
        guard let function = vocabulary[key], case .string(let text) = value else { return value }
        return .object([("__extn", .object([("fn", .string(function)), ("arg", .string(text))]))])
    }

    /// The identity named by id (`idn_…`), SPIFFE ID or name, as an entity with its memberships from the
    /// tenant's entity data and its owner's status, and its owner's `Lanyard::User` entity when the owner is a person
    /// of the directory (`ownerUser`); `nil` when there is no such identity.
    ///
    /// The identity (by id), its owner's status and its owner's directory entry come from ``TenantState``: from memory
    /// when a fresh copy is there, which every change on this node drops before its writer is answered (and other
    /// nodes' changes as they arrive, within a second at most). An identity named by SPIFFE ID or name is read.
    func identityEntity(_ reference: String, tenant: String, snapshot: CompiledPolicies) async throws -> (identity: Entity, ownerUser: Entity?)? {
        let identity: Identity?
        if reference.hasPrefix("idn_") {
            identity = try await state.identity(tenant: tenant, id: reference)
        } else if reference.hasPrefix("spiffe://") {
            identity = try await store.read { try await $0.identity(tenant: tenant, spiffeID: reference) }
        } else {
            identity = try await store.read { try await $0.identity(tenant: tenant, name: reference) }
        }
        guard let identity else { return nil }
        let status = try await state.ownerStatus(tenant: tenant, owner: identity.owner)
        let owner = try await state.directoryOwner(tenant: tenant, owner: identity.owner)
        let stored = snapshot.entities[EntityUID(LanyardCedarModel.identityType, identity.id)]?.parents ?? []
        let entity = LanyardCedarModel.entity(of: identity, ownerActive: status?.active ?? true, ownerUser: owner.user?.uid, extraParents: stored)
        return (entity, owner.user)
    }

    // MARK: Logging

    /// Writes one audit event for the request, durably (group commit), before the answer goes out. The records go
    /// into `details.records` as ``DecisionRecord/text(of:)``.
    func log(
        action: AuditAction, tenant: String, principal: Principal, target: String, records: [DecisionRecord], snapshot: CompiledPolicies,
        started: ContinuousClock.Instant, counts: (decisions: Int, allowed: Int)? = nil, secrets: [String: String] = [:]
    ) async throws {
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds &* 1_000_000 &+ elapsed.components.attoseconds / 1_000_000_000_000
        let decisions = counts?.decisions ?? records.count
        let allowed =
            counts?.allowed
            ?? records.filter { record in
                if case .evaluation(let evaluation) = record { return evaluation.decision }
                return false
            }.count
        var details = [
            "decisions": String(decisions), "allowed": String(allowed), "policyVersion": String(snapshot.version),
            "latencyMicros": String(micros), "records": DecisionRecord.text(of: records),
        ]
        // The indexed decision column (searchable, OCSF status): set when every decision of the request agrees.
        if decisions > 0 && allowed == decisions { details["decision"] = "allow" }
        if decisions > 0 && allowed == 0 { details["decision"] = "deny" }
        let event = AuditEvent(
            tenant: tenant, at: clock.now(), actor: principal.actor, action: action, target: target, details: details, secrets: secrets)
        try await audit.appendAlone(event, store: store)
    }

    /// One decision as logged: the request (tokens replaced by a hash) and its outcome.
    static func record(_ evaluation: AccessEvaluationRequest, _ outcome: DecisionOutcome, secrets: inout [String: String]) -> DecisionRecord {
        .evaluation(
            DecisionRecord.Evaluation(
                request: sanitized(evaluation, secrets: &secrets), principal: outcome.principal, decision: outcome.allowed,
                policies: outcome.policies, errors: outcome.errors.map { PolicyFailure(policy: $0.policy, message: $0.message) },
                refusal: outcome.refusal, error: outcome.itemError?.message))
    }

    /// The request with a presented access token replaced by a pointer to `details.tokenN`, where the audit log
    /// keeps only its keyed hash (HMAC): it can be matched, not read.
    static func sanitized(_ evaluation: AccessEvaluationRequest, secrets: inout [String: String]) -> AccessEvaluationRequest {
        func entity(_ value: AuthZENEntity?, _ secrets: inout [String: String]) -> AuthZENEntity? {
            guard var value, let id = value.id, value.type == LanyardCedarModel.tokenType else { return value }
            let name = "token\(secrets.count + 1)"
            secrets[name] = id
            value.id = "details.\(name)"
            return value
        }
        var logged = evaluation
        logged.subject = entity(evaluation.subject, &secrets)
        logged.resource = entity(evaluation.resource, &secrets)
        return logged
    }

    // MARK: Answers

    /// `{"decision": bool, "context": {...}}`; the context names the determining policies and the policy version,
    /// and for administrators the determining policies' annotations and a sentence.
    static func response(_ outcome: DecisionOutcome, snapshot: CompiledPolicies, administrator: Bool) -> AccessEvaluationResponse {
        if let itemError = outcome.itemError {
            return AccessEvaluationResponse(
                decision: false, context: AccessDecisionContext(error: .init(status: itemError.status, message: itemError.message)))
        }
        var context = AccessDecisionContext(
            policies: outcome.policies, policyVersion: snapshot.version,
            errors: outcome.errors.map { PolicyFailure(policy: $0.policy, message: $0.message) })
        if administrator {
            context.annotations = outcome.policies.map { id in
                AccessDecisionContext.PolicyAnnotations(policy: id, annotations: snapshot.annotations[id] ?? [:])
            }
            context.reasonAdmin = explanation(outcome, snapshot: snapshot)
        } else if let refusal = outcome.refusal {
            context.reasonUser = refusal
        }
        return AccessEvaluationResponse(decision: outcome.allowed, context: context)
    }

    /// One sentence saying why.
    static func explanation(_ outcome: DecisionOutcome, snapshot: CompiledPolicies) -> String {
        if let refusal = outcome.refusal { return "Denied without evaluation: \(refusal)" }
        func described(_ id: String) -> String {
            if let text = snapshot.annotations[id]?["description"], !text.isEmpty { return "\(id) (\(text))" }
            return id
        }
        if outcome.allowed { return "Allowed by " + outcome.policies.map(described).joined(separator: ", ") + "." }
        if outcome.policies.isEmpty {
            let skipped = outcome.errors.isEmpty ? "" : " (\(outcome.errors.count) policies were skipped because they raised errors)"
            return "Denied: no policy permits this request\(skipped)."
        }
        return "Denied by " + outcome.policies.map(described).joined(separator: ", ") + "."
    }
}
