import Foundation
import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `GET /t/{tenant}/v1/posture`: the posture report of the tenant, an owner (`owner=`) or an identity (`identity=`),
/// as JSON (default), a self-contained HTML page (`format=html`) or SARIF 2.1.0 (`format=sarif`).
struct PostureRoutes {
    let dependencies: ServerDependencies

    /// The formats, with their content types.
    enum Format: String, CaseIterable {
        case json, html, sarif

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .html: "text/html; charset=utf-8"
            case .sarif: "application/sarif+json"
            }
        }
    }

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let posture = dependencies.posture
        group.on(.postureReport, gatedBy: gate) { request, context in
            let query = request.uri.queryParameters
            let format =
                try query.get("format").map { text in
                    guard let format = Format(rawValue: text) else { throw LanyardError.invalid("format", "format must be json, html or sarif.") }
                    return format
                } ?? .json
            let report = try await posture.report(
                tenant: try tenant(context), owner: query.get("owner"), identity: query.get("identity"), by: context.requirePrincipal())
            let body: ByteBuffer
            switch format {
            case .json: body = ByteBuffer(bytes: try LanyardJSON.encoder().encode(report))
            case .html: body = ByteBuffer(string: PostureHTML.render(report))
            case .sarif: body = ByteBuffer(bytes: try PostureSARIF.encoded(report, toolVersion: LanyardRelease.version))
            }
            return Response(
                status: .ok, headers: [.contentType: format.contentType, .cacheControl: "no-store"], body: ResponseBody(byteBuffer: body))
        }
    }
}
