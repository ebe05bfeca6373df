import ArgumentParser
import Foundation
import LanyardAPI
import LanyardClient

/// `lanyard mcp server add|list|show|remove`: the upstream MCP servers behind the tenant's gateway.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "The MCP gateway: agents reach registered MCP servers at {issuer}/mcp/{name} with a token for exactly that server.",
        subcommands: [ServerCommand.self]
    )

    /// `lanyard mcp server …`.
    struct ServerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Register, list, show and remove upstream MCP servers (tenant administrators; audited).",
            subcommands: [Add.self, List.self, Show.self, Remove.self]
        )
    }

    /// Whether a server's tool annotations are believed.
    enum ToolAnnotations: String, ExpressibleByArgument, CaseIterable {
        case trusted, untrusted
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an upstream MCP server (Streamable HTTP).",
            discussion: """
                Agents connect to the printed resource URL; their identity's template must allow the scope `mcp`. Example:
                  lanyard mcp server add crm --url https://crm-mcp.internal.example/mcp
                """)
        @OptionGroup var client: ClientOptions
        @Argument(help: "The server's name: 1–63 characters of a-z, 0-9 and '-', starting with a letter.") var name: String
        @Option(help: "The upstream's Streamable HTTP endpoint (http or https, no credentials, no fragment).") var url: String
        @Option(help: "Whether to believe the tool annotations it sends (readOnlyHint, destructiveHint, …): untrusted (default) or trusted.")
        var toolAnnotations: ToolAnnotations = .untrusted

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = AddMCPServerRequest(name: name, url: url, toolAnnotationsTrusted: toolAnnotations == .trusted)
                MCPCommand.render(try await client.makeClient().addMCPServer(request, tenant: client.resolvedTenant), output: client.output)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's MCP servers.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let list = try await client.makeClient().mcpServers(tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(list) }
                Render.table(
                    ["NAME", "URL", "TOOL ANNOTATIONS", "RESOURCE"],
                    list.servers.map { [$0.name, $0.url, $0.toolAnnotationsTrusted ? "trusted" : "untrusted", $0.resource] })
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one MCP server.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The server's name.") var name: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                MCPCommand.render(try await client.makeClient().mcpServer(name, tenant: client.resolvedTenant), output: client.output)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an MCP server: the gateway stops serving it at once.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The server's name.") var name: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().removeMCPServer(name, tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(["removed": name]) }
                print("Removed MCP server \(name).")
            }
        }
    }

    static func render(_ view: MCPServerView, output: OutputFormat) {
        if output == .json { return Render.json(view) }
        Render.fields([
            ("name", view.name), ("url", view.url), ("tool annotations", view.toolAnnotationsTrusted ? "trusted" : "untrusted"),
            ("resource", view.resource), ("metadata", view.resourceMetadata), ("created", Render.time(view.createdAt) + " by " + view.createdBy),
        ])
    }
}
