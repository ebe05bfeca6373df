import ArgumentParser
import Foundation
import LanyardAPI
import LanyardAudit
import LanyardModel
import LanyardClient

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read, prove, export and verify the audit trail (a signed Merkle log per tenant).",
        subcommands: [
            Tail.self, Search.self, Proof.self, Consistency.self, Checkpoint.self, Export.self, AuditVerify.self, Prune.self,
        ]
    )

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit events, oldest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only events after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many per page (1–1000).") var limit: Int = 100
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.auditEvents(tenant: client.resolvedTenant, after: after, limit: limit, cursor: cursor)
                }
                AuditCommand.render(list, output: client.output)
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit events that match every given condition, oldest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Who acted, such as token:tok_… or identity:idn_….") var actor: String?
        @Option(help: "The object acted on, such as identity:idn_… or credential:….") var target: String?
        @Option(help: "An identity id: the same as --target identity:<id>.") var identity: String?
        @Option(help: "The action, such as credential.issue.") var action: String?
        @Option(help: "The decision detail, such as allow or deny.") var decision: String?
        @Option(help: "At or after this time (RFC 3339 UTC, or a date).") var since: String?
        @Option(help: "Before this time (RFC 3339 UTC, or a date).") var until: String?
        @Option(help: "Only events after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many per page (1–1000).") var limit: Int = 100
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var query = AuditQuery(actor: actor, target: target ?? identity.map { "identity:\($0)" }, action: action, decision: decision)
                query.since = try since.map { Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse($0, field: "since"))) }
                query.until = try until.map { Date(timeIntervalSince1970: TimeInterval(try RFC3339Seconds.parse($0, field: "until"))) }
                query.after = after
                query.limit = limit
                let api = client.makeClient()
                let search = query
                let list = try await Paging.read(page) { cursor in try await api.searchAudit(tenant: client.resolvedTenant, query: search, cursor: cursor) }
                AuditCommand.render(list, output: client.output)
            }
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the inclusion proof of one event against the latest (or a given) checkpoint, checked here first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The event's sequence number.") var event: Int64
        @Option(help: "The tree size of the checkpoint to prove against (default: the latest).") var size: Int64?
        @Option(help: AuditCommand.logKeyHelp) var logKey: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let key = try await AuditCommand.logKey(logKey, from: api, tenant: client.resolvedTenant)
                let proof = try await api.auditInclusionProof(tenant: client.resolvedTenant, sequence: event, size: size)
                let checkpoint = try AuditProofCheck.inclusion(
                    sequence: proof.sequence, leafIndex: proof.leafIndex, treeSize: proof.treeSize, leaf: proof.leaf, leafHash: proof.leafHash,
                    proof: proof.proof, checkpoint: proof.checkpoint, publicKey: key.publicKey, keyName: key.name)
                if client.output == .json { return Render.json(proof) }
                Render.fields([
                    ("event", String(proof.sequence)), ("leaf index", String(proof.leafIndex)), ("tree size", String(proof.treeSize)),
                    ("root", checkpoint.rootHash.base64), ("leaf hash", proof.leafHash), ("proof", proof.proof.joined(separator: " ")),
                    ("checked", "the leaf and proof lead to the checkpoint's root, signed by the log key"),
                ])
                print("\n" + proof.checkpoint, terminator: "")
            }
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the consistency proof between two sizes of the log, checked here first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "The older tree size.") var from: Int64
        @Option(help: "The newer tree size.") var to: Int64
        @Option(help: AuditCommand.logKeyHelp) var logKey: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let key = try await AuditCommand.logKey(logKey, from: api, tenant: client.resolvedTenant)
                let proof = try await api.auditConsistencyProof(tenant: client.resolvedTenant, from: from, to: to)
                try AuditProofCheck.consistency(
                    from: proof.from, to: proof.to, fromRoot: proof.fromRoot, toRoot: proof.toRoot, proof: proof.proof,
                    fromCheckpoint: proof.fromCheckpoint, toCheckpoint: proof.toCheckpoint, publicKey: key.publicKey, keyName: key.name)
                if client.output == .json { return Render.json(proof) }
                Render.fields([
                    ("from", String(proof.from)), ("to", String(proof.to)), ("from root", proof.fromRoot), ("to root", proof.toRoot),
                    ("proof", proof.proof.joined(separator: " ")),
                ])
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the latest signed checkpoint (or make one now with --new).")
        @OptionGroup var client: ClientOptions
        @Flag(help: "Sign a checkpoint of everything committed now.") var new = false
        @Flag(help: "Print every stored checkpoint.") var all = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let tenant = client.resolvedTenant
                // The latest is on the last page (smallest first): read them all.
                let checkpoints =
                    new
                    ? [try await api.createAuditCheckpoint(tenant: tenant)]
                    : try await Paging.read(from: nil, all: true) { try await api.auditCheckpoints(tenant: tenant, cursor: $0) }.checkpoints
                let shown = all ? checkpoints : Array(checkpoints.suffix(1))
                if client.output == .json { return Render.json(AuditCheckpointList(checkpoints: shown)) }
                print(shown.map(\.note).joined(separator: "\n"), terminator: "")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole audit log to standard output.",
            discussion: """
                jsonl: one line per event, exactly its canonical leaf bytes (pruned events: {"leafHash":…,"seq":…}); \
                `lanyard audit verify --export` checks such a file. ocsf: one OCSF 1.1 event per line (Authentication 3002 \
                for credential issuance, API Activity 6003 for the rest).
                """)
        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, ocsf }
        @OptionGroup var client: ClientOptions
        @Option(help: "jsonl (canonical leaves) or ocsf.") var format: Format = .jsonl
        @Option(help: "Only events after this sequence number.") var after: Int64 = 0

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                var cursor: String?
                repeat {
                    let page = try await api.auditLeaves(tenant: client.resolvedTenant, after: after, limit: 1000, cursor: cursor)
                    var out = ""
                    for entry in page.leaves {
                        switch (format, entry.leaf) {
                        case (.jsonl, let leaf?): out += leaf
                        case (.jsonl, nil): out += "{\"leafHash\":\"\(entry.leafHash)\",\"seq\":\(entry.sequence)}"
                        case (.ocsf, let leaf?):
                            CanonicalJSON.write(OCSFMapping.event(try AuditEvent(canonicalLeaf: leaf)), into: &out)
                        case (.ocsf, nil): continue
                        }
                        out += "\n"
                    }
                    FileHandle.standardOutput.write(Data(out.utf8))
                    cursor = page.next
                } while cursor != nil
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop the content of events recorded before a date; only behind a checkpoint, leaf hashes stay.")
        @OptionGroup var client: ClientOptions
        @Option(help: "RFC 3339 UTC time or a date, such as 2026-01-01.") var before: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let result = try await client.makeClient().pruneAudit(tenant: client.resolvedTenant, before: before)
                if client.output == .json { return Render.json(result) }
                Render.fields([("pruned through event", String(result.prunedThrough)), ("behind checkpoint of size", String(result.checkpointSize))])
            }
        }
    }

    static let logKeyHelp: ArgumentHelp =
        "The log key to check signatures with (text of {issuer}/audit/log-key, or a file holding it); default: the one the server publishes."

    /// The log key to check checkpoint signatures with: `option` (the key's text or a file holding it) when given,
    /// else the key the server publishes at `{issuer}/audit/log-key`.
    static func logKey(_ option: String?, from api: LanyardClient, tenant: String) async throws -> (name: String, publicKey: [UInt8]) {
        guard let option else {
            let published = try await api.auditLogKey(tenant: tenant)
            guard let key = SignedNote.parseVerifierKey(published) else {
                throw LanyardError.invalid("log-key", "The server's published log key is not a verifier key (name+keyid+base64 key).")
            }
            return key
        }
        return try AuditVerify.verifierKey(option)
    }

    static func render(_ list: AuditEventList, output: OutputFormat) {
        Paging.render(list, output: output) { list in
            Render.table(
                ["SEQ", "AT", "ACTOR", "ACTION", "TARGET"], list.events.map { [String($0.sequence), Render.time($0.at), $0.actor, $0.action, $0.target] })
        }
    }
}

extension [UInt8] {
    fileprivate var base64: String { Data(self).base64EncodedString() }
}
