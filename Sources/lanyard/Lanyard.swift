import ArgumentParser

@main
struct Lanyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanyard",
        abstract: "Govern the non-human identities of AI systems.",
        discussion: """
            `lanyard serve` runs the server. Every other command is a client of a running server: set LANYARD_ADDR \
            (default http://127.0.0.1:8080) and LANYARD_TOKEN, or pass --addr and --token.
            """,
        version: "0.1.0",
        subcommands: [
            Serve.self, IdentityCommand.self, TemplateCommand.self, TenantCommand.self, KeygenCommand.self, TokenCommand.self,
            KeysCommand.self, AuditCommand.self, CedarCommand.self, PolicyCommand.self, EntitiesCommand.self, OwnerCommand.self, SCIMCommand.self,
            UserCommand.self, GroupCommand.self,
            PEPCommand.self, AuthorizeCommand.self, SVIDCommand.self, RunCommand.self, AdminCommand.self, WhoAmICommand.self,
            WebhookCommand.self, FindingCommand.self, GrantCommand.self, RevokeCommand.self, GrantsCommand.self, RequestCommand.self,
            BreakGlassCommand.self,
            ReviewCommand.self,
            LeakCommand.self,
        ]
    )
}
