import ArgumentParser
import Foundation
import LanyardClient
import LanyardAPI
import LanyardModel
import Synchronization

/// `lanyard run`: the one-command secure path. Opens a task, hands the child a short-lived token bound to it,
/// keeps the token fresh while the child runs, forwards signals, and ends the task when the child exits, so
/// every credential the child held is dead.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command with a task-bound access token that dies when the command exits.",
        discussion: """
            Opens a task for the identity (--intent), obtains a token bound to it with private_key_jwt (--key-file) or \
            by exchanging an external OIDC token (--federated-token-file, read again on every refresh), and runs the \
            command with LANYARD_TOKEN, LANYARD_TASK (and LANYARD_TOKEN_FILE with --token-file) in its environment. \
            The token is refreshed before it expires (the file is rewritten atomically; the environment variable \
            keeps the first token). SIGINT, SIGTERM and SIGHUP are forwarded to the command. When the command exits, \
            or after it has exited on a forwarded signal, the task is ended, which revokes every token bound to it; \
            lanyard run exits with the command's status (128 + the signal number when it was killed by a signal).
            """
    )
    @OptionGroup var client: ClientOptions
    @Option(help: "The identity id (idn_…).") var identity: String
    @Option(help: "The identity's private key (PKCS#8 PEM from `lanyard keygen`; default: $LANYARD_KEY_FILE).") var keyFile: String?
    @Option(
        help:
            "Instead of a key: a file with an external OIDC token (CI, Kubernetes) one of the identity's trusts accepts, read again on every refresh (default: $LANYARD_FEDERATED_TOKEN_FILE)."
    )
    var federatedTokenFile: String?
    @Option(help: "What the command is about to do (recorded with the task, at most 512 characters).") var intent: String
    @Option(help: "Space-separated scopes of the token, e.g. \"read\".") var scope: String?
    @Option(help: "Lifetime of each token, e.g. 5m (capped by the template and the task).") var ttl: String?
    @Option(help: "Longest life of the task, e.g. 2h (default 1h, at most 24h).") var maxDuration: String?
    @Option(help: "The resource server the token is for.") var audience: String?
    @Option(help: "Also write the current token to this file (mode 0600), rewritten on every refresh.") var tokenFile: String?
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func run() async throws {
        var status: Int32 = 0
        try await reportingFailures(output: client.output) {
            status = try await runTask()
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func runTask() async throws -> Int32 {
        guard !command.isEmpty else { throw LanyardError.invalid("command", "Name the command to run after --.") }
        let federated = federatedTokenFile ?? (self.keyFile == nil ? client.environment["LANYARD_FEDERATED_TOKEN_FILE"] : nil)
        let keyFile = federated == nil ? self.keyFile ?? client.environment["LANYARD_KEY_FILE"] : nil
        guard federatedTokenFile == nil || self.keyFile == nil else {
            throw LanyardError.invalid("federated-token-file", "Give either --key-file or --federated-token-file, not both.")
        }
        guard keyFile != nil || federated != nil else {
            throw LanyardError.invalid("key-file", "Give --key-file or --federated-token-file (or set LANYARD_KEY_FILE or LANYARD_FEDERATED_TOKEN_FILE).")
        }
        let tenant = client.resolvedTenant
        let base = client.makeClient().baseURL
        let source = try await WorkloadTokenSource.make(
            api: LanyardClient(baseURL: base, token: nil), tenant: tenant, identity: identity, keyFile: keyFile, federatedTokenFile: federated,
            scope: scope, ttl: ttl, audience: audience)

        // A one-minute token for Lanyard itself (whatever --audience says) opens the task; it is revoked as soon as the
        // task-bound token exists.
        let bootstrap = try await source.token(task: nil, ttl: "60", audience: source.issuer)
        let task = try await LanyardClient(baseURL: base, token: bootstrap.accessToken).openTask(
            OpenTaskRequest(intent: intent, maxDuration: maxDuration), tenant: tenant)
        let first: TokenResponse
        do {
            first = try await source.token(task: task.id)
        } catch {
            _ = try? await LanyardClient(baseURL: base, token: bootstrap.accessToken).endTask(task.id, tenant: tenant)
            throw error
        }
        try? await source.revoke(bootstrap.accessToken)
        let current = CurrentToken(first.accessToken)
        let outcome: Int32
        do {
            outcome = try await runChild(task: task.id, first: first, source: source, current: current)
        } catch {
            await end(task.id, tenant: tenant, base: base, token: current.value, source: source)
            throw error
        }
        await end(task.id, tenant: tenant, base: base, token: current.value, source: source)
        if let tokenFile { try? FileManager.default.removeItem(atPath: tokenFile) }
        return outcome
    }

    /// Runs the command with the token in its environment (and file), refreshing it until the command exits.
    private func runChild(task: String, first: TokenResponse, source: WorkloadTokenSource, current: CurrentToken) async throws -> Int32 {
        if let tokenFile { try WorkloadTokenSource.writeAtomically(first.accessToken, to: tokenFile) }
        var environment = client.environment
        environment["LANYARD_TOKEN"] = first.accessToken
        environment["LANYARD_TASK"] = task
        if let tokenFile { environment["LANYARD_TOKEN_FILE"] = tokenFile }
        let tokenFile = self.tokenFile
        let refresher = Task { await Self.refresh(source: source, task: task, first: first, current: current, tokenFile: tokenFile) }
        defer { refresher.cancel() }
        do {
            return try await ChildProcess(command: command, environment: environment).run()
        } catch {
            throw LanyardError.invalid("command", "Cannot start \(command.joined(separator: " ")): \(error)")
        }
    }

    /// Ends the task with the workload's current token, or a fresh task-bound one for Lanyard when the current one is
    /// for another audience (Lanyard's task endpoints take only tokens for it); a failure is reported, not fatal (the
    /// task expires anyway).
    private func end(_ task: String, tenant: String, base: String, token: String, source: WorkloadTokenSource) async {
        do {
            let token = try await source.lanyardToken(task: task, current: token)
            _ = try await LanyardClient(baseURL: base, token: token).endTask(task, tenant: tenant)
        } catch {
            FileHandle.standardError.write(Data("lanyard run: could not end task \(task): \(error)\n".utf8))
        }
    }

    /// Replaces the token when two thirds of its life have passed, until cancelled; retries soon after a failure.
    private static func refresh(source: WorkloadTokenSource, task: String, first: TokenResponse, current: CurrentToken, tokenFile: String?) async {
        var lifetime = first.expiresIn
        while !Task.isCancelled {
            let wait = max(1, min(lifetime, 86_400) * 2 / 3)
            do { try await Task.sleep(for: .seconds(wait)) } catch { return }
            do {
                let next = try await source.token(task: task)
                current.set(next.accessToken)
                if let tokenFile { try WorkloadTokenSource.writeAtomically(next.accessToken, to: tokenFile) }
                lifetime = next.expiresIn
            } catch {
                FileHandle.standardError.write(Data("lanyard run: token refresh failed, retrying: \(error)\n".utf8))
                lifetime = 6
            }
        }
    }
}

/// The workload's newest token, shared between the refresher and the code that ends the task.
final class CurrentToken: Sendable {
    private let token: Mutex<String>
    init(_ token: String) { self.token = Mutex(token) }
    var value: String { token.withLock { $0 } }
    func set(_ value: String) { token.withLock { $0 = value } }
}
