import ArgumentParser
import Foundation
import LanyardAPI

@main
struct Lanyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanyard",
        abstract: "Govern the non-human identities of AI systems.",
        discussion: """
            `lanyard serve` runs the server. Every other command is a client of a running server: set LANYARD_ADDR \
            (default http://127.0.0.1:8080) and LANYARD_TOKEN, or pass --addr and --token.
            """,
        version: LanyardRelease.version,
        subcommands: [
            Serve.self, IdentityCommand.self, TemplateCommand.self, TenantCommand.self, KeygenCommand.self, TokenCommand.self,
            KeysCommand.self, AuditCommand.self, CedarCommand.self, PolicyCommand.self, EntitiesCommand.self, OwnerCommand.self, SCIMCommand.self,
            UserCommand.self, GroupCommand.self,
            PEPCommand.self, AuthorizeCommand.self, SVIDCommand.self, RunCommand.self, AdminCommand.self, WhoAmICommand.self,
            WebhookCommand.self, FindingCommand.self, PostureCommand.self, GrantCommand.self, RevokeCommand.self, GrantsCommand.self, RequestCommand.self,
            BreakGlassCommand.self,
            ReviewCommand.self, LeakCommand.self, ScanCommand.self, MCPCommand.self,
        ]
    )

    /// As ArgumentParser's, except that `lanyard scan`'s usage errors exit with status 2, as secret scanners'
    /// callers (pre-commit hooks, CI) expect; every other command keeps ArgumentParser's statuses.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if CommandLine.arguments.dropFirst().first == ScanCommand.configuration.commandName,
                exitCode(for: error) == .validationFailure
            {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
