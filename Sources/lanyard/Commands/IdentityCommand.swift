import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardClient

struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "Register and govern non-human identities.",
        subcommands: [
            Register.self, List.self, Show.self, Extend.self, Suspend.self, Resume.self, Offboard.self, Transfer.self, Graduate.self, IdentityTrustCommand.self,
        ]
    )

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an identity with an owner, a purpose and an expiry.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Unique name (a-z, 0-9, '.', '_', '-').") var name: String
        @Option(help: "prototype, app, agent, pipeline, service or tool.") var kind: String
        @Option(help: "The accountable human (required).") var owner: String?
        @Option(help: "A second accountable human or team.") var backupOwner: String?
        @Option(help: "Why the identity exists (required).") var purpose: String?
        @Option(help: "sandbox, dev, staging or production (default: the template's first).") var environment: String?
        @Option(help: "Template for defaults and caps (default: by kind).") var template: String?
        @Option(help: "Lifetime such as 30d (default: the template's; never above its cap).") var expiresIn: String?
        @Option(help: "public, internal, confidential or regulated.") var dataClass: String?
        @Option(name: .customLong("destination"), help: "A system the identity may call (repeatable).") var destinations: [String] = []
        @Option(help: "A JWK or JWKS file with the workload's public key(s).") var publicKeyFile: String?
        @Option(help: "expiry, task-end, owner-departure, graduation, inactivity or manual.") var offboardingTrigger: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let keys = try publicKeyFile.map(Self.readKeys) ?? nil
                let request = RegisterIdentityRequest(
                    name: name, kind: kind, owner: owner, backupOwner: backupOwner, purpose: purpose,
                    environment: environment, template: template, expiresIn: expiresIn, dataClass: dataClass,
                    allowedDestinations: destinations.isEmpty ? nil : destinations, publicKeys: keys,
                    offboardingTrigger: offboardingTrigger
                )
                let identity = try await client.makeClient().register(request, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(identity) : Render.identity(identity)
            }
        }

        /// Reads a JWK (one object) or a JWKS (`{"keys": [...]}`).
        static func readKeys(_ path: String) throws -> [JSONValue] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LanyardError.invalid("public-key-file", "Cannot read \(path).")
            }
            guard data.count <= 16 * 1024, let value = try? LanyardJSON.decoder().decode(JSONValue.self, from: data) else {
                throw LanyardError.invalid("public-key-file", "\(path) is not a JWK or JWKS JSON file (at most 16 KiB).")
            }
            if case .array(let keys)? = value["keys"] { return keys }
            return [value]
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List identities.")
        @OptionGroup var client: ClientOptions
        @Option(help: "Only this owner's.") var owner: String?
        @Option(help: "Only this status (active, suspended, orphaned, expired, offboarded).") var status: String?
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only those expiring within this span, such as 7d.") var expiringWithin: String?
        @Option(help: "At most this many per page (1–1000, default 500).") var limit: Int?
        @Option(help: "Only names after this one.") var after: String?
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in
                    try await api.identities(
                        tenant: client.resolvedTenant, owner: owner, status: status, kind: kind, expiringWithin: expiringWithin, limit: limit,
                        after: after, cursor: cursor)
                }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["ID", "NAME", "KIND", "OWNER", "ENV", "STATUS", "EXPIRES"],
                        list.identities.map {
                            [$0.id, $0.name, $0.kind.rawValue, $0.owner, $0.environment.rawValue, $0.status.rawValue, Render.time($0.expiresAt)]
                        }
                    )
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one identity (by id or name).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let identity = try await client.makeClient().identity(id, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(identity) : Render.identity(identity)
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Push an identity's expiry later, within its template's cap.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "How much later, such as 7d.") var by: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let identity = try await client.makeClient().extend(id, by: by, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(identity) : Render.identity(identity)
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an active identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "Why.") var reason: String?
        func run() async throws { try await changeState(client: client, id: id, verb: "suspend", reason: reason) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended identity.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "Why.") var reason: String?
        func run() async throws { try await changeState(client: client, id: id, verb: "resume", reason: reason) }
    }

    struct Offboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Offboard an identity for good (terminal).")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "Why (required).") var reason: String
        func run() async throws { try await changeState(client: client, id: id, verb: "offboard", reason: reason) }
    }

    struct Graduate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a prototype into a managed identity (new owner, template, keys, expiry); the prototype is retired.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The prototype's id or name.") var id: String
        @Option(help: "The managed identity's name.") var name: String
        @Option(help: "Its owner.") var owner: String
        @Option(help: "A template of the managed stage.") var template: String
        @Option(help: "Why (required).") var reason: String
        @Option(help: "Its kind (default: the prototype's; app for a prototype-kind one).") var kind: String?
        @Option(help: "Why it exists (default: the prototype's purpose).") var purpose: String?
        @Option(help: "A second accountable human or team (default: the prototype's).") var backupOwner: String?
        @Option(help: "sandbox, dev, staging or production (default: the template's first).") var environment: String?
        @Option(help: "Lifetime such as 90d (default: the template's).") var expiresIn: String?
        @Option(help: "public, internal, confidential or regulated.") var dataClass: String?
        @Option(help: "A JWK or JWKS file with the managed workload's new public key(s).") var publicKeyFile: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let request = GraduateIdentityRequest(
                    name: name, owner: owner, template: template, reason: reason, kind: kind, purpose: purpose, backupOwner: backupOwner,
                    environment: environment, expiresIn: expiresIn, dataClass: dataClass, publicKeys: try publicKeyFile.map(Register.readKeys) ?? nil)
                let graduation = try await client.makeClient().graduate(id, into: request, tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(graduation) }
                Render.identity(graduation.identity)
                print("Retired prototype \(graduation.prototype.name) (\(graduation.prototype.id)): its credentials are revoked.")
            }
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an identity to a new, active owner; an orphaned one becomes active again under them.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Identity id or name.") var id: String
        @Option(help: "The new owner (a user name).") var to: String
        @Option(help: "Why (required).") var reason: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let identity = try await client.makeClient().transfer(id, to: to, reason: reason, tenant: client.resolvedTenant)
                client.output == .json ? Render.json(identity) : Render.identity(identity)
            }
        }
    }
}

private func changeState(client: ClientOptions, id: String, verb: String, reason: String?) async throws {
    try await reportingFailures(output: client.output) {
        let identity = try await client.makeClient().changeState(id, verb: verb, reason: reason, tenant: client.resolvedTenant)
        client.output == .json ? Render.json(identity) : Render.identity(identity)
    }
}
