import Dispatch
import Foundation

/// Timing of the authorization pipeline on a test file (used by `cedar-tool bench`).
///
/// Two figures are measured, each per decision with a monotonic clock, after one untimed
/// warm-up pass:
/// - *engine only*: `Authorizer.isAuthorized` alone, with the `Request` prebuilt, the entities
///   pre-parsed (transitive closure done) and the policy set pre-parsed/indexed. This is what the
///   reference's "engine only" figure (cedarpy's `authz_duration_micros`, a Rust `Instant` around
///   `Authorizer::is_authorized`) includes.
/// - *full*: entity-uid decoding, schema-typed context parsing (from the already-parsed JSON
///   tree), request validation against the schema, and authorization.
///
/// Setup (schema, policies, entities, strict validation) is timed once and reported separately.
/// The last output line is `BENCH_JSON {...}` (machine-readable summary).
public enum Benchmark {
    @inline(__always) static func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func now() -> Double { Double(nanos()) / 1e9 }

    /// Percentile (nearest-rank) of sorted samples.
    static func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1])
    }

    /// Loads a test file, then times request construction (schema-typed context, request
    /// validation) plus authorization, and authorization alone, over `rounds` passes.
    public static func run(root: String, file: String, rounds: Int) -> String {
        let runner = IntegrationTestRunner(root: root)
        let rounds = max(rounds, 1)
        do {
            guard let data = FileManager.default.contents(atPath: file) else { return "error: cannot read \(file)" }
            let test = try JSONParser.parse(String(decoding: data, as: UTF8.self))
            guard let pp = test["policies"]?.stringValue, let ep = test["entities"]?.stringValue,
                let sp = test["schema"]?.stringValue, case .array(let reqs)? = test["requests"]
            else {
                return "error: not a test file"
            }
            var t = now()
            let schema = try Schema(cedarSchema: try runner.read(sp))
            let tSchema = now() - t
            t = now()
            let policies = try PolicySet(text: try runner.read(pp))
            let tPolicies = now() - t
            t = now()
            let entities = try Entities(json: try runner.read(ep), schema: schema)
            let tEntities = now() - t
            t = now()
            let verrs = Validator(schema: schema).validate(policies)
            let tValidate = now() - t

            func build(_ r: JSONValue) throws -> Request? {
                guard let pj = r["principal"], let aj = r["action"], let rj = r["resource"] else { return nil }
                let a = try ValueDecoder.entityUID(aj)
                let ctx = try ContextJSON.parse(r["context"] ?? .object([]), schema: schema, action: a)
                return Request(
                    principal: try ValueDecoder.entityUID(pj), action: a,
                    resource: try ValueDecoder.entityUID(rj), context: ctx)
            }
            // Warm-up (untimed): build every request once and authorize it once.
            var built: [Request] = []
            built.reserveCapacity(reqs.count)
            var allows = 0, invalid = 0
            for r in reqs {
                guard let req = try build(r) else { continue }
                if !RequestValidator.validate(req, schema: schema).isEmpty { invalid += 1 }
                if Authorizer.isAuthorized(req, policies: policies, entities: entities).decision == .allow { allows += 1 }
                built.append(req)
            }
            var fullSamples: [UInt64] = [], authSamples: [UInt64] = []
            fullSamples.reserveCapacity(built.count * rounds)
            authSamples.reserveCapacity(built.count * rounds)
            var sink = 0
            for _ in 0..<rounds {
                for r in reqs {
                    let t0 = nanos()
                    guard let req = try build(r) else { continue }
                    sink &+= RequestValidator.validate(req, schema: schema).count
                    let resp = Authorizer.isAuthorized(req, policies: policies, entities: entities)
                    let t1 = nanos()
                    sink &+= resp.reason.count
                    fullSamples.append(t1 &- t0)
                }
                for req in built {
                    let t0 = nanos()
                    let resp = Authorizer.isAuthorized(req, policies: policies, entities: entities)
                    let t1 = nanos()
                    sink &+= resp.reason.count
                    authSamples.append(t1 &- t0)
                }
            }
            func stats(_ s: [UInt64]) -> (mean: Double, p50: Double, p99: Double, perSec: Double) {
                let sorted = s.sorted()
                let total = s.reduce(0.0) { $0 + Double($1) }
                let mean = total / Double(max(s.count, 1)) / 1000
                return (
                    mean, percentile(sorted, 50) / 1000, percentile(sorted, 99) / 1000,
                    mean > 0 ? 1e6 / mean : 0
                )
            }
            let full = stats(fullSamples), auth = stats(authSamples)
            func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1000) }
            func line(_ s: (mean: Double, p50: Double, p99: Double, perSec: Double)) -> String {
                String(format: "mean %.2f µs, p50 %.2f µs, p99 %.2f µs → %.0f decisions/s", s.mean, s.p50, s.p99, s.perSec)
            }
            func j(_ s: (mean: Double, p50: Double, p99: Double, perSec: Double)) -> String {
                String(
                    format: "{\"mean_us\":%.4f,\"p50_us\":%.4f,\"p99_us\":%.4f,\"decisions_per_s\":%.1f}",
                    s.mean, s.p50, s.p99, s.perSec)
            }
            let setupJSON = String(
                format: "{\"schema_ms\":%.3f,\"policies_ms\":%.3f,\"entities_ms\":%.3f,\"validation_ms\":%.3f}",
                tSchema * 1000, tPolicies * 1000, tEntities * 1000, tValidate * 1000)
            return """
                setup: schema \(ms(tSchema)), policies \(ms(tPolicies)) (\(policies.policies.count)), entities \(ms(tEntities)) (\(entities.store.count)), validation \(ms(tValidate)) (\(verrs.count) errors)
                requests: \(built.count) × \(rounds) rounds; allow \(allows), deny \(built.count - allows), invalid requests \(invalid) (checksum \(sink % 10))
                per decision (context + request validation + authorize): \(line(full))
                per decision (authorize only = engine only): \(line(auth))
                BENCH_JSON {"requests":\(built.count),"rounds":\(rounds),"policies":\(policies.policies.count),"entities":\(entities.store.count),"allow":\(allows),"validation_errors":\(verrs.count),"setup":\(setupJSON),"full":\(j(full)),"engine_only":\(j(auth))}
                """
        } catch {
            return "error: \(error)"
        }
    }
}
