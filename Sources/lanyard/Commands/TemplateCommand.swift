import ArgumentParser
import LanyardAPI
import LanyardModel
import LanyardClient

struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Defaults and caps for registering identities.",
        subcommands: [List.self, Show.self, Create.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List templates.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.templates(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["NAME", "DEFAULT TTL", "MAX TTL", "ENVIRONMENTS", "STAGE", "DESCRIPTION"],
                        list.templates.map {
                            [
                                $0.name, $0.defaultTTL.description, $0.maxTTL.description,
                                $0.environments.map(\.rawValue).joined(separator: ","), $0.stage.rawValue, $0.description,
                            ]
                        }
                    )
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one template.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Template name.") var name: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let template = try await client.makeClient().template(name, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(template) : Render.template(template)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a custom template.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Template name.") var name: String
        @Option(help: "What it is for.") var description: String?
        @Option(help: "Lifetime given when registration names none, such as 7d.") var defaultTtl: String
        @Option(help: "Longest lifetime ever allowed, such as 30d.") var maxTtl: String
        @Option(name: .customLong("environment"), help: "Allowed environment (repeatable; the first is the default).") var environments: [String] = []
        @Option(help: "Highest data class allowed.") var maxDataClass: String?
        @Option(help: "prototype or managed.") var stage: String?
        @Option(name: .customLong("scope"), help: "Allowed scope (repeatable).") var scopes: [String] = []
        @Option(name: .customLong("approval-scope"), help: "Scope that needs approval (repeatable).") var approvalScopes: [String] = []
        @Flag(name: .customLong("require-dpop"), help: "Issue access tokens only bound to the client's key with a DPoP proof (RFC 9449).")
        var requireDPoP = false
        @Option(help: "How long an identity stays orphaned after its owner leaves before it is suspended, such as 7d (default 7d).")
        var orphanGracePeriod: String?
        @Option(help: "A directory group (its displayName) the owners must be in; leaving it orphans their identities of this template.")
        var ownerGroup: String?
        @Option(help: "Offboard identities with the inactivity trigger after this long without a credential issued, such as 30d (default 30d).")
        var inactivityPeriod: String?
        @Option(
            name: .customLong("expiry-notice"),
            help: "Notify owners this long before an identity expires, such as 7d (repeatable, at most 5; default 7d and 1d).")
        var expiryNotices: [String] = []
        @Flag(name: .customLong("no-expiry-notices"), help: "Send no expiry notices for identities of this template.")
        var noExpiryNotices = false
        @Option(
            name: .customLong("group-scope"),
            help: "GROUP=SCOPE: grant SCOPE only while the owner is in the directory group GROUP (its displayName; repeatable).")
        var groupScopeGrants: [String] = []

        func validate() throws {
            if noExpiryNotices && !expiryNotices.isEmpty {
                throw ValidationError("--no-expiry-notices and --expiry-notice exclude each other.")
            }
            _ = try groupScopes()
        }

        /// `--group-scope` values by group, in the order given.
        func groupScopes() throws -> [String: [String]]? {
            guard !groupScopeGrants.isEmpty else { return nil }
            var grants: [String: [String]] = [:]
            for grant in groupScopeGrants {
                guard let equals = grant.lastIndex(of: "="), equals != grant.startIndex, grant.index(after: equals) != grant.endIndex else {
                    throw ValidationError("--group-scope takes GROUP=SCOPE, such as ml-platform=deploy; got '\(grant)'.")
                }
                grants[String(grant[..<equals]), default: []].append(String(grant[grant.index(after: equals)...]))
            }
            return grants
        }

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = CreateTemplateRequest(
                    name: name, description: description, defaultTTL: defaultTtl, maxTTL: maxTtl,
                    environments: environments.isEmpty ? nil : environments, maxDataClass: maxDataClass, stage: stage,
                    allowedScopes: scopes, approvalScopes: approvalScopes, requireDPoP: requireDPoP ? true : nil,
                    orphanGracePeriod: orphanGracePeriod,
                    expiryNotices: noExpiryNotices ? [] : (expiryNotices.isEmpty ? nil : expiryNotices), ownerGroup: ownerGroup,
                    inactivityPeriod: inactivityPeriod, groupScopes: try groupScopes()
                )
                let template = try await client.makeClient().createTemplate(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(template) : Render.template(template)
            }
        }
    }
}
