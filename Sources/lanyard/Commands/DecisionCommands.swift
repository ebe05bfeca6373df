import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardNode
import LanyardClient

/// `lanyard entities …`: the entity data the tenant's policies read.
struct EntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities", abstract: "The tenant's Cedar entity data (users, groups, datasets, tools, …).",
        subcommands: [Import.self, Export.self, Delete.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Cedar entities JSON file: replaces all entities (or merges with --merge); refused unless it fits the schema.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar entities JSON file.") var file: String
        @Flag(help: "Add and replace the listed entities, keep the others.") var merge = false

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let result = try await client.makeClient().importEntities(
                    json: try PolicyCommand.read(file), replace: !merge, tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(result) }
                Render.fields([("imported", String(result.imported)), ("total", String(result.total))])
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's entities as Cedar entities JSON.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only entities of this type.") var type: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                print(try await client.makeClient().exportEntities(tenant: client.resolvedTenant, type: type))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one entity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Entity type.") var type: String
        @Argument(help: "Entity id.") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                try await client.makeClient().deleteEntity(type: type, id: id, tenant: client.resolvedTenant)
            }
        }
    }
}

/// `lanyard owner …`: whether the people who own identities are active.
struct OwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner", abstract: "Identity owners' status: nothing acts for an identity whose owner is inactive.",
        subcommands: [Deactivate.self, Activate.self, List.self])

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an owner inactive (left the company, on leave); effective at once.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Owner (as registered on identities).") var owner: String
        @Option(help: "Why.") var reason: String?

        func run() async throws { try await OwnerCommand.set(owner, active: false, reason: reason, client: client) }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an owner active again.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Owner.") var owner: String
        @Option(help: "Why.") var reason: String?

        func run() async throws { try await OwnerCommand.set(owner, active: true, reason: reason, client: client) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List owners whose status was ever set (everyone else is active).")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many per page (1–1000, default 100).") var limit: Int?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.owners(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["OWNER", "ACTIVE", "CHANGED", "BY", "REASON"],
                        list.owners.map { [$0.owner, $0.active ? "yes" : "no", Render.time($0.changedAt), $0.changedBy, $0.reason ?? ""] })
                }
            }
        }
    }

    static func set(_ owner: String, active: Bool, reason: String?, client: ClientOptions) async throws {
        try await reportingFailures(output: client.output) {
            let status = try await client.makeClient().setOwner(owner, active: active, reason: reason, tenant: client.resolvedTenant)
            if client.output == .json { return Render.json(status) }
            Render.fields([("owner", status.owner), ("active", status.active ? "yes" : "no"), ("changed", Render.time(status.changedAt))])
        }
    }
}

/// `lanyard pep token create`: bearer tokens for policy enforcement points.
struct PEPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pep", abstract: "Policy enforcement points: callers of the AuthZEN decision API.", subcommands: [TokenGroup.self])

    struct TokenGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "token", abstract: "PEP tokens.", subcommands: [Create.self])
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token that may only ask for decisions in the tenant (shown once, or written to --token-file).")
        @OptionGroup var client: ClientOptions
        @Option(help: "What the enforcement point is (an API gateway, a service).") var name: String
        @Option(help: "Write the token to this file (mode 0600) instead of printing it.") var tokenFile: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                var created = try await client.makeClient().createPEPToken(name: name, tenant: client.resolvedTenant)
                if let tokenFile {
                    try SecretFile.write(created.token, to: tokenFile)
                    created.token = "(written to \(tokenFile))"
                }
                if client.output == .json { return Render.json(created) }
                Render.fields([("id", created.id), ("name", created.name), ("tenant", created.tenant), ("token", created.token)])
            }
        }
    }
}

/// `lanyard authorize`: asks the server's decision point and explains the answer.
struct AuthorizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "Ask the tenant's decision point (AuthZEN) and explain the answer; exit 0 when allowed, 1 when denied.",
        discussion: """
            Subjects and resources are TYPE:ID (the first ':' separates them), e.g. --subject Lanyard::Identity:support-bot \
            --resource dataset:crm. Properties and context are JSON objects.
            """)
    @OptionGroup var client: ClientOptions
    @Option(help: "Subject as TYPE:ID.") var subject: String
    @Option(help: "Action name.") var action: String
    @Option(help: "Resource as TYPE:ID.") var resource: String
    @Option(help: "Context as a JSON object.") var context: String?
    @Option(help: "Subject properties as a JSON object.") var subjectProperties: String?
    @Option(help: "Resource properties as a JSON object.") var resourceProperties: String?

    func run() async throws {
        var allowed = false
        try await reportingFailures(output: client.output) {
            func entity(_ text: String, _ name: String, _ properties: String?) throws -> AuthZENEntity {
                let reference = try EntityArgument.parse(text, option: name)
                return AuthZENEntity(
                    type: reference.type, id: reference.id, properties: try properties.map { try AuthorizeCommand.object($0, name: "\(name)-properties") })
            }
            let request = AccessEvaluationRequest(
                subject: try entity(subject, "subject", subjectProperties), action: AuthZENAction(name: action),
                resource: try entity(resource, "resource", resourceProperties), context: try context.map { try Self.object($0, name: "context") })
            let data = try await client.makeClient().authzen(.accessEvaluation, json: request.json.compactText, tenant: client.resolvedTenant)
            let text = String(decoding: data, as: UTF8.self)
            guard let json = try? JSONValue.parse(text), let answer = try? AccessEvaluationResponse(json: json) else {
                throw LanyardError(.internal, "The server's answer had an unexpected shape.")
            }
            allowed = answer.decision
            if client.output == .json {
                print(text)
                return
            }
            let context = answer.context
            var rows = [("decision", answer.decision ? "allow" : "deny"), ("policy version", context.policyVersion.map(String.init) ?? "?")]
            rows.append(("determining policies", context.policies.isEmpty ? "(none)" : context.policies.joined(separator: ", ")))
            if let why = context.reasonAdmin { rows.append(("why", why)) }
            if let why = context.reasonUser { rows.append(("why", why)) }
            if !context.errors.isEmpty {
                rows.append(("errors", context.errors.map { "\($0.policy): \($0.message)" }.joined(separator: "; ")))
            }
            Render.fields(rows)
        }
        if !allowed { throw ExitCode(1) }
    }

    static func object(_ text: String, name: String) throws -> JSONObject {
        guard case .object(let object)? = try? JSONValue.parse(text) else {
            throw LanyardError(.invalidRequest, "--\(name) must be a JSON object.", field: name)
        }
        return object
    }
}

/// `TYPE:ID` on the command line: the id starts after the first ':' that is not part of a '::' in the type, so
/// `Lanyard::Identity:support-bot` is type `Lanyard::Identity`, id `support-bot`.
enum EntityArgument {
    static func parse(_ text: String, option: String) throws -> EntityReference {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ":") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ":") {
                    index += 2
                    continue
                }
                let type = String(decoding: bytes[..<index], as: UTF8.self)
                let id = String(decoding: bytes[(index + 1)...], as: UTF8.self)
                guard !type.isEmpty, !id.isEmpty else { break }
                return EntityReference(type: type, id: id)
            }
            index += 1
        }
        throw LanyardError(.invalidRequest, "--\(option) must be TYPE:ID, such as user:alice or Lanyard::Identity:support-bot.", field: option)
    }
}
