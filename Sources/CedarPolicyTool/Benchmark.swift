import CedarPolicy
import Dispatch
import Foundation

/// What `lanyard cedar bench` times.
public struct BenchmarkOptions: Sendable {
    /// Directory that paths inside the test file are relative to.
    public var root: String
    /// Test file whose requests are timed.
    public var file: String
    /// Timed rounds (at least one is run).
    public var rounds: Int

    /// Creates the options.
    public init(root: String, file: String, rounds: Int) {
        self.root = root
        self.file = file
        self.rounds = rounds
    }
}

/// Per-decision latency over all timed samples, in microseconds.
public struct LatencyStats: Sendable {
    /// Mean, µs.
    public let mean: Double
    /// Median (nearest rank), µs.
    public let p50: Double
    /// 99th percentile (nearest rank), µs.
    public let p99: Double
    /// Decisions per second implied by the mean.
    public let perSecond: Double

    init(samples: [UInt64]) {
        let sorted = samples.sorted()
        let total = samples.reduce(0.0) { $0 + Double($1) }
        mean = total / Double(max(samples.count, 1)) / 1000
        p50 = Benchmark.percentile(sorted, 50) / 1000
        p99 = Benchmark.percentile(sorted, 99) / 1000
        perSecond = mean > 0 ? 1e6 / mean : 0
    }

    var line: String {
        String(format: "mean %.2f µs, p50 %.2f µs, p99 %.2f µs → %.0f decisions/s", mean, p50, p99, perSecond)
    }

    var json: String {
        String(format: "{\"mean_us\":%.4f,\"p50_us\":%.4f,\"p99_us\":%.4f,\"decisions_per_s\":%.1f}", mean, p50, p99, perSecond)
    }
}

/// The measurements of one ``Benchmark/run(_:)``; its `description` is what `lanyard cedar bench` prints.
public struct BenchmarkReport: Sendable, CustomStringConvertible {
    /// Seconds spent parsing the schema, the policies and the entities, and validating the policies.
    public let schemaSeconds: Double, policiesSeconds: Double, entitiesSeconds: Double, validationSeconds: Double
    /// Number of policies, entities, and policy validation errors.
    public let policyCount: Int, entityCount: Int, validationErrorCount: Int
    /// Requests timed per round, and rounds.
    public let requestCount: Int, rounds: Int
    /// Requests allowed, and requests that fail validation against the schema.
    public let allowCount: Int, invalidRequestCount: Int
    /// A value derived from every result, so the optimiser cannot drop the timed work.
    public let checksum: Int
    /// Context parsing, request validation and authorization, per decision.
    public let full: LatencyStats
    /// Authorization alone, per decision (the reference's "engine only").
    public let engineOnly: LatencyStats

    /// Four human-readable lines, then `BENCH_JSON {...}` (the machine-readable summary).
    public var description: String {
        func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1000) }
        let setupJSON = String(
            format: "{\"schema_ms\":%.3f,\"policies_ms\":%.3f,\"entities_ms\":%.3f,\"validation_ms\":%.3f}",
            schemaSeconds * 1000, policiesSeconds * 1000, entitiesSeconds * 1000, validationSeconds * 1000)
        return """
            setup: schema \(ms(schemaSeconds)), policies \(ms(policiesSeconds)) (\(policyCount)), entities \(ms(entitiesSeconds)) (\(entityCount)), validation \(ms(validationSeconds)) (\(validationErrorCount) errors)
            requests: \(requestCount) × \(rounds) rounds; allow \(allowCount), deny \(requestCount - allowCount), invalid requests \(invalidRequestCount) (checksum \(checksum % 10))
            per decision (context + request validation + authorize): \(full.line)
            per decision (authorize only = engine only): \(engineOnly.line)
            BENCH_JSON {"requests":\(requestCount),"rounds":\(rounds),"policies":\(policyCount),"entities":\(entityCount),"allow":\(allowCount),"validation_errors":\(validationErrorCount),"setup":\(setupJSON),"full":\(full.json),"engine_only":\(engineOnly.json)}
            """
    }
}

/// Timing of the authorization pipeline on a test file (used by `lanyard cedar bench`).
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
    /// - Throws: ``CedarToolError`` when the file cannot be read, is not a test file, or an input does not parse.
    public static func run(_ options: BenchmarkOptions) throws(CedarToolError) -> BenchmarkReport {
        guard let data = FileManager.default.contents(atPath: options.file) else {
            throw CedarToolError(.unreadableFile, "cannot read \(options.file)")
        }
        do {
            return try measure(testText: String(decoding: data, as: UTF8.self), options: options)
        } catch let error as CedarToolError {
            throw error
        } catch {
            throw CedarToolError(.invalidInput, "\(error)")
        }
    }

    static func measure(testText: String, options: BenchmarkOptions) throws -> BenchmarkReport {
        let runner = IntegrationTestRunner(root: options.root)
        let rounds = max(options.rounds, 1)
        let test = try JSONParser.parse(testText)
        guard case .string(let pp)? = test["policies"], case .string(let ep)? = test["entities"],
            case .string(let sp)? = test["schema"], case .array(let reqs)? = test["requests"]
        else {
            throw CedarToolError(.invalidTestFile, "not a test file")
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

        // Entity-uid decoding and schema-typed context parsing; validation is timed separately below.
        func build(_ r: JSONValue) throws -> Request? {
            guard r["principal"] != nil, r["action"] != nil, r["resource"] != nil else { return nil }
            return try RequestJSON.parse(r, schema: schema, validate: false)
        }
        // Warm-up (untimed): build every request once and authorize it once.
        var built: [Request] = []
        built.reserveCapacity(reqs.count)
        var allows = 0
        var invalid = 0
        for r in reqs {
            guard let req = try build(r) else { continue }
            if !RequestValidator.validate(req, schema: schema).isEmpty { invalid += 1 }
            if Authorizer.isAuthorized(req, policies: policies, entities: entities).decision == .allow { allows += 1 }
            built.append(req)
        }
        var fullSamples: [UInt64] = []
        var authSamples: [UInt64] = []
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
        return BenchmarkReport(
            schemaSeconds: tSchema, policiesSeconds: tPolicies, entitiesSeconds: tEntities, validationSeconds: tValidate,
            policyCount: policies.policies.count, entityCount: entities.count, validationErrorCount: verrs.count,
            requestCount: built.count, rounds: rounds, allowCount: allows, invalidRequestCount: invalid, checksum: sink,
            full: LatencyStats(samples: fullSamples), engineOnly: LatencyStats(samples: authSamples))
    }
}
