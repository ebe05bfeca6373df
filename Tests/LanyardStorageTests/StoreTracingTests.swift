import Foundation
import InMemoryTracing
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing
import Tracing

/// The store's spans (``StoreTracing``) on every engine: children of the request that made them, a group commit
/// under its first member and linked to the others, nothing outside a trace, failures marked by code only.
@Suite("Store spans on every engine")
struct StoreTracingTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }

    static func tracedStore(_ engine: TestDatabases.Engine, _ tracer: InMemoryTracer) async throws -> SQLStore {
        var logger = Logger(label: "store-tracing-test")
        logger.logLevel = .critical
        let store = try await SQLStore.open(try await TestDatabases.makeLocation(engine), logger: logger, tracing: StoreTracing(tracer: tracer))
        try await StoreConformance.seed(store)
        return store
    }

    static func system(_ engine: TestDatabases.Engine) -> SpanAttribute {
        .string(engine == .postgres ? "postgresql" : "sqlite")
    }

    @Test("reads, writes and appends in a request are its children; the group commit hangs from the append", arguments: engines)
    func spansAreChildrenOfTheRequest(engine: TestDatabases.Engine) async throws {
        let tracer = InMemoryTracer()
        let store = try await Self.tracedStore(engine, tracer)
        defer { Task { await store.close() } }
        #expect(tracer.finishedSpans.isEmpty, "work outside a trace (here, seeding) makes no span")

        try await tracer.withAnySpan("request", ofKind: .server) { _ in
            _ = try await store.read { try await $0.tenants() }
            _ = try await store.write {
                try await $0.appendAuditEvent(AuditEvent(tenant: "t1", at: StoreContractTests.now, actor: "a", action: "x.y", target: "z"))
            }
            try await store.append(DurableAppend(credential: AppenderContractTests.credential("traced")))
        }

        let spans = tracer.finishedSpans
        let request = try #require(spans.first { $0.operationName == "request" })
        let children = spans.filter { $0.parentSpanID == request.spanID }
        #expect(children.map(\.operationName).sorted() == ["store.append", "store.read", "store.write"])
        for span in children {
            #expect(span.kind == .client && span.traceID == request.traceID)
            #expect(span.attributes.get("db.system.name") == Self.system(engine))
            #expect(span.attributes.get("db.operation.name") == SpanAttribute.string(span.operationName))
        }
        let append = try #require(children.first { $0.operationName == "store.append" })
        let commit = try #require(spans.first { $0.operationName == "store.group_commit" })
        #expect(commit.parentSpanID == append.spanID && commit.attributes.get("db.operation.batch.size") == .int(1))
        #expect(commit.links.isEmpty)
    }

    @Test("concurrent requests' group commits account for every request: parent or link", arguments: engines)
    func groupCommitsLinkEveryMember(engine: TestDatabases.Engine) async throws {
        let tracer = InMemoryTracer()
        let store = try await Self.tracedStore(engine, tracer)
        defer { Task { await store.close() } }
        let requests = 24
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<requests {
                group.addTask {
                    try await tracer.withAnySpan("request \(index)", ofKind: .server) { _ in
                        try await store.append(DurableAppend(credential: AppenderContractTests.credential("c\(index)")))
                    }
                }
            }
            try await group.waitForAll()
        }
        let spans = tracer.finishedSpans
        let appends = Dictionary(uniqueKeysWithValues: spans.filter { $0.operationName == "store.append" }.map { ($0.spanID, $0) })
        #expect(appends.count == requests)
        var reached = Set<String>()
        var batched = 0
        for commit in spans where commit.operationName == "store.group_commit" {
            let parent = try #require(commit.parentSpanID)
            #expect(appends[parent] != nil)
            reached.insert(parent)
            for link in commit.links {
                reached.insert(try #require(link.context.inMemorySpanContext?.spanID))
            }
            if case .int64(let size) = commit.attributes.get("db.operation.batch.size") { batched += Int(size) }
            #expect(commit.attributes.get("db.operation.batch.size") == .int(Int64(1 + commit.links.count)))
        }
        #expect(reached == Set(appends.keys), "every request's append is the parent of, or linked from, one commit")
        #expect(batched == requests)
    }

    @Test("a failed transaction's span is an error with the code, never the message", arguments: engines)
    func failuresCarryTheCodeOnly(engine: TestDatabases.Engine) async throws {
        let tracer = InMemoryTracer()
        let store = try await Self.tracedStore(engine, tracer)
        defer { Task { await store.close() } }
        await #expect(throws: LanyardError.self) {
            try await tracer.withAnySpan("request") { _ in
                try await store.write { _ in throw LanyardError(.notFound, "secret-looking detail lyadm_0123") }
            }
        }
        let write = try #require(tracer.finishedSpans.first { $0.operationName == "store.write" })
        #expect(write.status?.code == .error)
        #expect(write.attributes.get("error.type") == .string(LanyardError.Code.notFound.rawValue))
        #expect(write.errors.isEmpty && write.events.isEmpty, "no error message reaches the span")
    }

    @Test("without a tracer, a store records nothing and works as before", arguments: engines)
    func untracedStore(engine: TestDatabases.Engine) async throws {
        let tracer = InMemoryTracer()
        let store = try await StoreContractTests.seeded(engine)
        defer { Task { await store.close() } }
        try await tracer.withAnySpan("request") { _ in
            try await store.append(DurableAppend(credential: AppenderContractTests.credential("plain")))
        }
        #expect(tracer.finishedSpans.map(\.operationName) == ["request"])
    }
}
