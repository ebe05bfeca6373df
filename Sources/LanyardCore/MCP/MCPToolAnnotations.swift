public import Foundation
public import LanyardModel
import Synchronization

/// The annotations of the tools of upstreams registered as trusted (`--tool-annotations trusted`), as their latest
/// `tools/list` gave them: what the gateway puts in a call's decision context as `annotations`.
///
/// Only the specification's hints are kept, each only with its type — `title` (a string of at most 256 bytes),
/// `readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint` (booleans) — so a policy can rely on
/// `context.annotations.destructiveHint` being a boolean when present. An entry is fresh for five minutes; each
/// `tools/list` through the gateway refreshes the server's entries. Keyed by the server's URL as well as its name, so
/// a server removed and registered again elsewhere never inherits the old one's annotations. At most
/// ``maxEntries`` tools are held; past that the table starts over (the next call fetches the list again).
public final class MCPToolAnnotations: Sendable {
    /// How long a listed tool's annotations count without a new list.
    public static let freshFor: TimeInterval = 300
    /// The most tools held, over all tenants and servers.
    public static let maxEntries = 20_000
    /// The hints kept, with their types.
    static let booleanHints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]

    struct Key: Hashable {
        var tenant: String
        var server: String
        var url: String
        var tool: String
    }

    struct Entry {
        var annotations: JSONObject
        var listedAt: Date
    }

    private let entries = Mutex<[Key: Entry]>([:])

    public init() {}

    /// Notes the tools of one `tools/list` answer of `server` (trusted), listed at `now`.
    public func note(_ tools: [JSONValue], tenant: String, server: MCPServer, at now: Date) {
        var listed: [Key: Entry] = [:]
        for case .object(let tool) in tools {
            guard case .string(let name)? = tool["name"], !name.isEmpty, name.utf8.count <= 1024 else { continue }
            listed[Key(tenant: tenant, server: server.name, url: server.url, tool: name)] = Entry(
                annotations: Self.standard(tool["annotations"]), listedAt: now)
        }
        guard !listed.isEmpty else { return }
        entries.withLock { entries in
            if entries.count + listed.count > Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries.merge(listed) { _, new in new }
        }
    }

    /// The annotations of `tool` on `server` when a list at most ``freshFor`` old named it; nil when none did.
    public func annotations(of tool: String, tenant: String, server: MCPServer, at now: Date) -> JSONObject? {
        let key = Key(tenant: tenant, server: server.name, url: server.url, tool: tool)
        guard let entry = entries.withLock({ $0[key] }), now.timeIntervalSince(entry.listedAt) <= Self.freshFor else { return nil }
        return entry.annotations
    }

    /// The specification's hints of a tool's `annotations` member, each with its type; anything else is dropped.
    public static func standard(_ raw: JSONValue?) -> JSONObject {
        guard case .object(let object)? = raw else { return [:] }
        var kept: [JSONObject.Member] = []
        if case .string(let title)? = object["title"], title.utf8.count <= 256 { kept.append(("title", .string(title))) }
        for hint in booleanHints {
            if case .bool(let value)? = object[hint] { kept.append((hint, .bool(value))) }
        }
        return JSONObject(kept)
    }
}
