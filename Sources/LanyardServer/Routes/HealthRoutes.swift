import Hummingbird
import LanyardCore
import LanyardAPI
import LanyardModel
import Prometheus

/// `GET /healthz` (the process answers), `GET /readyz` (the database answers; with the node's role, leader or
/// follower), `GET /metrics` (Prometheus text, with `lanyard_leader`).
struct HealthRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        router.on(.health) { _, _ in
            JSONResponse.make(["status": "ok"])
        }
        router.on(.ready) { _, _ in
            do {
                try await dependencies.store.checkHealth()
                guard let leadership = dependencies.leadership else { return JSONResponse.make(["status": "ready"]) }
                return JSONResponse.make(["status": "ready", "role": leadership.isLeader ? "leader" : "follower"])
            } catch {
                return JSONResponse.make(
                    ErrorBody(error: "not_ready", message: "The database does not answer."), status: .serviceUnavailable
                )
            }
        }
        router.on(.metrics) { _, _ in
            try await refreshIdentityGauges()
            if let leadership = dependencies.leadership {
                dependencies.registry.makeGauge(descriptor: Self.leader).set(Double(leadership.isLeader ? 1 : 0))
            }
            var bytes: [UInt8] = []
            dependencies.registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }

    static var leader: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", metricName: "leader", helpText: "1 while this node leads (runs sweeps, checkpoints and renewals), else 0."
        )
    }

    static var identities: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lanyard", metricName: "identities", helpText: "Registered identities by tenant and status."
        )
    }

    /// Sets `lanyard_identities{tenant,status}` from the store, including zeros, just before a scrape.
    private func refreshIdentityGauges() async throws {
        let (tenants, counts) = try await dependencies.store.read { session in
            (try await session.tenants(), try await session.identityCounts())
        }
        var byKey: [String: Int] = [:]
        for count in counts { byKey["\(count.tenant)\u{0}\(count.status.rawValue)"] = count.count }
        for tenant in tenants {
            for status in IdentityStatus.allCases {
                dependencies.registry.makeGauge(
                    descriptor: Self.identities, labels: [("tenant", tenant.name), ("status", status.rawValue)]
                ).set(Double(byKey["\(tenant.name)\u{0}\(status.rawValue)"] ?? 0))
            }
        }
    }
}
