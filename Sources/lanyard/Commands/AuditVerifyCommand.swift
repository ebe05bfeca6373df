import ArgumentParser
import Foundation
import LanyardAudit
import LanyardModel
import LanyardNode

/// `lanyard audit verify`: checks a tenant's audit log without the server and without trusting it.
struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify audit logs offline: every leaf, the tree at every checkpoint size, every checkpoint's signature.",
        discussion: """
            Reads a stopped or running server's database read-only (--data-dir, or --database-url for PostgreSQL), or a \
            file written by `lanyard audit export --format jsonl` (--export, with the checkpoints from --checkpoint). \
            Names the first event or checkpoint that does not match and exits with status 7; 0 when everything verifies.
            """
    )

    @Option(help: "The data directory of a SQLite deployment (default ./lanyard-data).") var dataDir: String?
    @Option(help: "postgres://… to read a PostgreSQL deployment instead.") var databaseUrl: String?
    @Option(help: "A `lanyard audit export --format jsonl` file to verify instead of a database.") var export: String?
    @Option(help: "A signed checkpoint note, or a witness file (JSON lines); may be repeated.") var checkpoint: [String] = []
    @Option(help: "The log key to pin (text of {issuer}/audit/log-key, or a file holding it); default: the key in the database.")
    var logKey: String?
    @Option(help: "Only this tenant (default: every tenant in the database).") var tenant: String?
    @Option(help: "table or json.") var output: OutputFormat = .table

    /// The outcome for one tenant.
    struct TenantResult: Codable {
        var tenant: String
        var verified: Bool
        var events: Int64
        var pruned: Int64
        var checkpoints: Int
        var signaturesChecked: Bool
        var failedEvent: Int64?
        var failedCheckpoint: Int64?
        var message: String
    }

    func run() async throws {
        try await reportingFailures(output: output) {
            let pinned = try pinnedKey()
            let witnessed = try checkpoint.flatMap(Self.readCheckpoints)
            let results: [TenantResult]
            if let export {
                results = [try verifyExport(export, witnessed: witnessed, pinned: pinned)]
            } else {
                results = try await verifyDatabase(witnessed: witnessed, pinned: pinned)
            }
            if output == .json {
                Render.json(results)
            } else {
                for result in results { print("\(result.verified ? "OK  " : "FAIL") \(result.tenant): \(result.message)") }
            }
            if results.contains(where: { !$0.verified }) { throw ExitCode(ExitStatus.verificationFailed) }
        }
    }

    private func pinnedKey() throws -> [UInt8]? {
        try logKey.map { try Self.verifierKey($0).publicKey }
    }

    /// The name and Ed25519 key of a `--log-key` option: the text of `{issuer}/audit/log-key`, or a file holding it.
    static func verifierKey(_ option: String) throws -> (name: String, publicKey: [UInt8]) {
        let text = FileManager.default.contents(atPath: option).map { String(decoding: $0, as: UTF8.self) } ?? option
        guard let parsed = SignedNote.parseVerifierKey(text) else {
            throw LanyardError.invalid("log-key", "--log-key must be the text of {issuer}/audit/log-key (name+keyid+base64 key) or a file holding it.")
        }
        return parsed
    }

    private func verifyDatabase(witnessed: [String], pinned: [UInt8]?) async throws -> [TenantResult] {
        try await LanyardNode.verifyAuditLogs(
            databaseURL: databaseUrl, dataDir: dataDir ?? "./lanyard-data", tenant: tenant, witnessed: witnessed, pinnedKey: pinned
        ).map { Self.result($0.tenant, $0.outcome) }
    }

    private func verifyExport(_ path: String, witnessed: [String], pinned: [UInt8]?) throws -> TenantResult {
        guard let data = FileManager.default.contents(atPath: path) else { throw LanyardError(.notFound, "Cannot read \(path).") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let name = tenant ?? lines.lazy.compactMap { try? AuditEvent(canonicalLeaf: $0) }.first?.tenant ?? ""
        var verifier = AuditVerifier(tenant: name, notes: AuditVerifier.notes(of: name, in: witnessed), publicKey: pinned, prunedThrough: Int64.max)
        for (index, line) in lines.enumerated() {
            if verifier.add(AuditVerifier.record(exportLine: line, position: Int64(index) + 1)) != nil { break }
        }
        var result = Self.result(name, verifier.finish(headSize: nil))
        if result.verified && !result.signaturesChecked { result.message += " Signatures were not checked: give --log-key." }
        return result
    }

    static func result(_ tenant: String, _ outcome: Result<AuditVerifier.Summary, AuditVerifier.Failure>) -> TenantResult {
        switch outcome {
        case .success(let summary):
            return TenantResult(
                tenant: tenant, verified: true, events: summary.events, pruned: summary.pruned, checkpoints: summary.checkpoints,
                signaturesChecked: summary.signaturesChecked,
                message: "\(summary.events) events (\(summary.pruned) pruned) and \(summary.checkpoints) checkpoints verify.")
        case .failure(let failure):
            return TenantResult(
                tenant: tenant, verified: false, events: 0, pruned: 0, checkpoints: 0, signaturesChecked: false,
                failedEvent: failure.sequence, failedCheckpoint: failure.checkpointSize, message: failure.message)
        }
    }

    /// Checkpoint notes from a file: a witness file (JSON lines with a `note`) or one signed note.
    static func readCheckpoints(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw LanyardError(.notFound, "Cannot read the checkpoint file \(path).") }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("{") else { return [text] }
        return try text.split(separator: "\n").map { line in
            guard let record = try? LanyardJSON.decoder().decode(AuditCheckpointRecord.self, from: Data(line.utf8)) else {
                throw LanyardError.invalid("checkpoint", "\(path) is neither a signed note nor a witness file of JSON lines.")
            }
            return record.note
        }
    }
}
