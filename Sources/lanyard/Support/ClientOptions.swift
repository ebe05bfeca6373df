import ArgumentParser
import Foundation
import LanyardClient

/// How a command is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Options shared by every client command: which server, which token, which tenant, which format.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Server address (default: $LANYARD_ADDR, else http://127.0.0.1:8080).")
    var addr: String?

    @Option(name: .long, help: "Administrator token (default: $LANYARD_TOKEN).")
    var token: String?

    @Option(name: .long, help: "Tenant to act in (default: $LANYARD_TENANT, else 'default').")
    var tenant: String?

    @Option(name: .long, help: "Output format: table (for people) or json (for scripts).")
    var output: OutputFormat = .table

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedTenant: String { tenant ?? environment["LANYARD_TENANT"] ?? "default" }

    func makeClient() -> LanyardClient {
        LanyardClient(
            baseURL: addr ?? environment["LANYARD_ADDR"] ?? "http://127.0.0.1:8080",
            token: token ?? environment["LANYARD_TOKEN"]
        )
    }
}
