import Foundation
import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel
import NIOCore
import Prometheus

/// The leak intake doors: GitHub's secret-scanning partner format (`POST /v1/leaks/github`, server-wide, ECDSA-signed
/// by GitHub) and the plain authenticated door for CI and scanners (`POST /t/{tenant}/v1/leaks`), with the tenant's
/// report history (`GET /t/{tenant}/v1/leaks`). Every door takes the one path of ``LeakIntake``.
struct LeakRoutes {
    let dependencies: ServerDependencies

    /// Largest report body read (GitHub batches matches; 1 MiB holds hundreds). Larger ones are refused before parsing.
    static let maxBodyBytes = 1024 * 1024
    /// Most matches in one GitHub report.
    static let maxGitHubMatches = 1000

    static var timeToRevoke: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", subsystem: "leak", metricName: "time_to_revoke", unitName: "seconds",
            helpText: "Time from receiving a leak report to the revocation of the leaked credential, by door.")
    }
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
    ]

    /// The public routes (GitHub authenticates by signature, not by a bearer).
    func registerPublic(on router: Router<LanyardRequestContext>) {
        router.on(.leakGitHub) { request, _ in try await github(request) }
        router.on(.gitLabTokenTypes) { request, context in
            _ = try await gitLabBearer(request, tenant: try tenant(context))
            return JSONResponse.make(GitLabRevocableTypes(types: LeakIntake.gitLabTypes))
        }
        router.on(.gitLabRevokeTokens) { request, context in try await gitLab(request, tenant: try tenant(context)) }
    }

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let leaks = dependencies.leaks
        let urls = issuerMap()
        group.on(.leakReport, gatedBy: gate) { request, context in
            let receivedAt = leaks.now()
            let body = try await RequestBody.decode(ReportLeaksRequest.self, from: request, maxBytes: Self.maxBodyBytes)
            let outcomes = try await leaks.report(
                body, tenant: try tenant(context), by: context.requirePrincipal(), receivedAt: receivedAt, tenantOfIssuer: urls)
            observe(outcomes)
            return JSONResponse.make(
                ReportLeaksResponse(
                    results: outcomes.map { LeakResult(tokenHash: $0.tokenHash, outcome: $0.name, report: $0.report?.id, repeated: $0.repeated) }))
        }
        group.on(.leakTokenList, gatedBy: gate) { _, context in
            JSONResponse.make(try await leaks.doorTokens(tenant: try tenant(context), by: context.requirePrincipal()))
        }
        group.on(.leakTokenCreate, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(CreateLeakDoorTokenRequest.self, from: request)
            return JSONResponse.make(try await leaks.createDoorToken(body, tenant: try tenant(context), by: context.requirePrincipal()), status: .created)
        }
        group.on(.leakTokenRevoke, gatedBy: gate) { _, context in
            let id = try context.pathParameter("id", missing: "No leak door token in the path.")
            try await leaks.revokeDoorToken(id, tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
        group.on(.leakList, gatedBy: gate) { request, context in
            let page = try PageQuery.read(request, defaultLimit: LeakIntake.defaultPageSize)
            let found = try await leaks.page(tenant: try tenant(context), page: page, by: context.requirePrincipal())
            return JSONResponse.make(LeakReportList(reports: found.items, next: found.next))
        }
    }

    /// GitHub's door: the raw body (at most 1 MiB) verified against the configured key its identifier names, then the
    /// matches parsed and reported; answered with a feedback label per match.
    private func github(_ request: Request) async throws -> Response {
        let leaks = dependencies.leaks
        let receivedAt = leaks.now()
        let actor = "leak-door:github"
        let body = try await collect(request, door: .github, tenant: nil, actor: actor)
        guard let keys = dependencies.githubScanningKeys else {
            try await leaks.refuse(door: .github, tenant: nil, actor: actor, reason: "no GitHub keys configured")
            throw LanyardError(.unauthenticated, "This server has no GitHub secret-scanning keys configured (--github-scanning-keys).")
        }
        let keyID = HTTPField.Name("Github-Public-Key-Identifier").flatMap { request.headers[$0] }
        let signature = HTTPField.Name("Github-Public-Key-Signature").flatMap { request.headers[$0] }
        if let refusal = keys.refusal(body: body, keyIdentifier: keyID, signature: signature) {
            var details = ["bodySHA256": TokenHasher.hash(String(decoding: body, as: UTF8.self))]
            details["keyIdentifier"] = keyID.map { String($0.prefix(128)) }
            try await leaks.refuse(door: .github, tenant: nil, actor: actor, reason: refusal.rawValue, details: details)
            switch refusal {
            case .malformed:
                throw LanyardError(
                    .invalidRequest, "Sign the report: Github-Public-Key-Identifier and Github-Public-Key-Signature (base64 DER ECDSA) are required.")
            case .unknownKey:
                throw LanyardError(.unauthenticated, "The report is signed with a key this server does not know.")
            case .badSignature:
                throw LanyardError(.unauthenticated, "The report's signature does not verify.")
            }
        }
        let matches: [GitHubLeakMatch]
        do {
            matches = try JSONDecoder().decode([GitHubLeakMatch].self, from: Data(body))
        } catch {
            try await leaks.refuse(door: .github, tenant: nil, actor: actor, reason: "malformed JSON")
            throw LanyardError(.invalidRequest, "The report is not a JSON array of {token, type, url, source}.")
        }
        guard matches.count <= Self.maxGitHubMatches else {
            try await leaks.refuse(door: .github, tenant: nil, actor: actor, reason: "too many matches")
            throw LanyardError.invalid("token", "A report carries at most \(Self.maxGitHubMatches) matches.")
        }
        let submissions = matches.map { LeakIntake.Submission(token: $0.token, type: $0.type, location: $0.url, source: $0.source) }
        let outcomes = try await leaks.report(submissions, door: .github, tenant: nil, actor: actor, receivedAt: receivedAt, tenantOfIssuer: issuerMap())
        observe(outcomes)
        let feedback = zip(matches, outcomes).map { match, outcome in
            GitHubLeakFeedback(tokenHash: outcome.tokenHash, tokenType: match.type, label: outcome.feedbackLabel)
        }
        return JSONResponse.make(feedback)
    }

    /// The tenant's live GitLab door bearer presented by `request`; refused (401, audited) otherwise.
    private func gitLabBearer(_ request: Request, tenant: String) async throws -> LeakDoorToken {
        if let header = AuthorizationHeader(request), header.scheme == .bearer,
            let bearer = try await dependencies.leaks.authenticateDoor(header.credentials, tenant: tenant)
        {
            return bearer
        }
        try await dependencies.leaks.refuse(door: .gitlab, tenant: tenant, actor: "leak-door:gitlab", reason: "no valid bearer")
        throw LanyardError(.unauthenticated, "Present this tenant's leak door token (lyrvk_…) as a bearer.")
    }

    /// GitLab's `revoke_tokens`: 204 when every token was taken (revoked or not Lanyard's), 400 for a malformed
    /// request or a token of another tenant, 429 when rate-limited.
    private func gitLab(_ request: Request, tenant: String) async throws -> Response {
        let leaks = dependencies.leaks
        let receivedAt = leaks.now()
        let bearer = try await gitLabBearer(request, tenant: tenant)
        let actor = "leak_token:\(bearer.id)"
        let body = try await collect(request, door: .gitlab, tenant: tenant, actor: actor)
        let items: [GitLabRevocation]
        do {
            items = try JSONDecoder().decode([GitLabRevocation].self, from: Data(body))
        } catch {
            try await leaks.refuse(door: .gitlab, tenant: tenant, actor: actor, reason: "malformed JSON")
            throw LanyardError(.invalidRequest, "The request is not a JSON array of {type, token, location}.")
        }
        let outcomes: [LeakIntake.Outcome]
        do {
            outcomes = try await leaks.revokeForGitLab(items, bearer: bearer, receivedAt: receivedAt, tenantOfIssuer: issuerMap())
        } catch let error as LanyardError where error.code == .invalidField {
            // GitLab's API knows 204, 400 and 429 only.
            throw LanyardError(.invalidRequest, error.message, field: error.field)
        }
        observe(outcomes)
        return Response(status: .noContent)
    }

    /// The raw body, at most ``maxBodyBytes``; a larger one is refused (413, audited) before it is parsed.
    private func collect(_ request: Request, door: LeakDoor, tenant: String?, actor: String) async throws -> [UInt8] {
        do {
            return Array(try await request.body.collect(upTo: Self.maxBodyBytes).readableBytesView)
        } catch {
            try await dependencies.leaks.refuse(door: door, tenant: tenant, actor: actor, reason: "body over \(Self.maxBodyBytes) bytes")
            throw LanyardError(.payloadTooLarge, "The request body is larger than \(Self.maxBodyBytes / 1024) KiB.")
        }
    }

    /// Maps one of this server's issuer URLs (`{public URL}/t/{tenant}`) to its tenant.
    private func issuerMap() -> @Sendable (String) -> String? {
        let prefix = dependencies.issuer(of: "")
        return { issuer in
            guard issuer.hasPrefix(prefix) else { return nil }
            let tenant = String(issuer.dropFirst(prefix.count))
            guard !tenant.isEmpty, !tenant.contains("/") else { return nil }
            return tenant
        }
    }

    /// Records each new revocation's time to revoke.
    private func observe(_ outcomes: [LeakIntake.Outcome]) {
        for outcome in outcomes where !outcome.repeated {
            guard let report = outcome.report, let milliseconds = report.revokeMilliseconds else { continue }
            dependencies.registry.makeDurationHistogram(descriptor: Self.timeToRevoke, labels: [("door", report.door.rawValue)], buckets: Self.buckets)
                .recordNanoseconds(milliseconds.multipliedReportingOverflow(by: 1_000_000).overflow ? Int64.max : milliseconds * 1_000_000)
        }
    }
}
