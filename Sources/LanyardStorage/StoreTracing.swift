import LanyardModel
public import Tracing

/// The spans a ``SQLStore`` records around its database work when a tracer is configured: `store.read` and
/// `store.write` around each transaction, `store.append` around a request's wait for its group commit, and
/// `store.group_commit` around the appender's shared transaction.
///
/// A store without one (``SQLStore/open(_:logger:tracing:)`` with `nil`, the default) makes no span and reads no
/// task-local: the hot paths pay one `nil` check. With one, spans are made only inside a trace (a traced request):
/// work outside any (sweeps, checkpoints, readiness probes) starts no trace of its own. Spans carry the database system (`db.system.name`), the
/// operation and, for a group commit, the batch size; a failure is marked by its error code (`error.type`), never
/// by its message: no query parameter, token or secret reaches a span.
public struct StoreTracing: Sendable {
    let tracer: any Tracer

    /// - Parameter tracer: where spans go (the process's OpenTelemetry tracer).
    public init(tracer: any Tracer) {
        self.tracer = tracer
    }

    /// Runs `body` inside a client span named `name`, a child of `parent` (by default the task's current context),
    /// with the span current in the task so that nested work attaches to it. Without a parent, `body` runs alone and
    /// gets `nil`.
    func span<T>(
        _ name: String, system: String, parent: InstrumentationContext? = .current, _ body: ((any Span)?) async throws -> T
    ) async throws -> T {
        guard let parent else { return try await body(nil) }
        let span = tracer.startAnySpan(name, context: parent, ofKind: .client)
        defer { span.end() }
        span.updateAttributes { attributes in
            attributes["db.system.name"] = system
            attributes["db.operation.name"] = name
        }
        do {
            return try await InstrumentationContext.$current.withValue(span.context) { try await body(span) }
        } catch {
            span.attributes["error.type"] = (error as? LanyardError)?.code.rawValue ?? "\(type(of: error))"
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }
}

extension SQLEngine {
    /// The engine's `db.system.name` in OpenTelemetry's database conventions.
    var tracingName: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
