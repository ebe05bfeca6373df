import CedarPolicy
import Foundation
import Testing

@testable import CedarPolicyTool

@Suite("Benchmark (lanyard cedar bench)")
struct BenchmarkTests {
    static let root = SharedData.path("bench/cedar/workload")

    @Test("percentile is nearest-rank")
    func percentiles() {
        let s: [UInt64] = Array(1...100)
        #expect(Benchmark.percentile(s, 50) == 50)
        #expect(Benchmark.percentile(s, 99) == 99)
        #expect(Benchmark.percentile([7], 99) == 7)
        #expect(Benchmark.percentile([], 50) == 0)
    }

    @Test("bench on the small workload reports engine-only p50/p99 and a parseable BENCH_JSON line")
    func smallWorkload() throws {
        let report = try Benchmark.run(
            BenchmarkOptions(root: BenchmarkTests.root, file: BenchmarkTests.root + "/small/requests.json", rounds: 1))
        #expect(report.requestCount == 10000 && report.allowCount == 2798)
        #expect(report.engineOnly.p50 <= report.engineOnly.p99)
        let out = report.description
        let line = try #require(out.split(separator: "\n").first { $0.hasPrefix("BENCH_JSON ") })
        let json = try JSONParser.parse(String(line.dropFirst("BENCH_JSON ".count)))
        #expect(json["requests"] == .int(10000))
        #expect(json["allow"] == .int(2798))
        #expect(json["validation_errors"] == .int(0))
        for k in ["mean_us", "p50_us", "p99_us", "decisions_per_s"] {
            #expect(json["engine_only"]?[k] != nil, "engine_only.\(k)")
            #expect(json["full"]?[k] != nil, "full.\(k)")
        }
    }
}

@Suite("Benchmark errors")
struct BenchmarkErrorTests {
    @Test("a missing test file is an unreadable-file error, not a report")
    func missingFile() {
        #expect(throws: CedarToolError(.unreadableFile, "cannot read /nonexistent/requests.json")) {
            try Benchmark.run(BenchmarkOptions(root: "/", file: "/nonexistent/requests.json", rounds: 1))
        }
    }
}
