import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel
import LanyardClient

/// `lanyard policy …`: the tenant's versioned Cedar policy store.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "The tenant's Cedar policies, guardrails and schema: versioned, validated before they take effect.",
        subcommands: [
            Push.self, Pull.self, Diff.self, History.self, Rollback.self, Validate.self, Test.self, Link.self, Unlink.self, Links.self,
            SchemaCommand.self,
        ]
    )

    /// Reads a text file for a command, as an input error when it cannot be read.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LanyardError(.invalidRequest, "Cannot read \(path).")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw LanyardError(.invalidRequest, "\(path) is not UTF-8 text.") }
        return text
    }

    static func printVersion(_ version: PolicyVersion, output: OutputFormat) {
        if output == .json { return Render.json(version) }
        Render.fields([
            ("version", String(version.version)), ("author", version.author), ("message", version.message),
            ("created", Render.time(version.createdAt)), ("schema", version.schema == nil ? "none" : "present"),
        ])
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Push a Cedar policy file as the tenant's policies (or, with --guardrails, as its guardrails); refused unless it validates.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar policy file.") var file: String
        @Option(name: [.short, .long], help: "Why (kept in the history).") var message: String
        @Flag(help: "Replace the guardrail policies instead of the tenant's own.") var guardrails = false
        @Option(help: "Refuse unless the store is at this version (what you pulled).") var expectedVersion: Int?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let text = try PolicyCommand.read(file)
                let request =
                    guardrails
                    ? PushPoliciesRequest(guardrails: text, message: message, expectedVersion: expectedVersion)
                    : PushPoliciesRequest(policies: text, message: message, expectedVersion: expectedVersion)
                let version = try await client.makeClient().pushPolicies(request, tenant: client.resolvedTenant)
                PolicyCommand.printVersion(version, output: client.output)
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the policies in force (or of --version), to standard output or --out.")
        @OptionGroup var client: ClientOptions
        @Option(help: "A version number (default: the one in force).") var version: Int?
        @Flag(help: "The guardrail policies instead of the tenant's own.") var guardrails = false
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().policies(tenant: client.resolvedTenant, version: version)
                if client.output == .json && out == nil { return Render.json(found) }
                let text = guardrails ? found.guardrails : found.policies
                if let out {
                    guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
                        throw LanyardError(.invalidRequest, "Cannot write \(out).")
                    }
                } else {
                    // Exactly the stored text, so `pull > f && diff f` finds no difference.
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a local policy file differs from the policies in force (or of --version); exit 0 when equal, 1 when not.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar policy file.") var file: String
        @Option(help: "Compare with this version (default: the one in force).") var version: Int?
        @Flag(help: "Compare with the guardrail policies.") var guardrails = false

        func run() async throws {
            var differs = false
            try await reportingFailures(output: client.output) {
                let local = try PolicyCommand.read(file)
                let found = try await client.makeClient().policies(tenant: client.resolvedTenant, version: version)
                let lines = LineDiff.unified(
                    old: guardrails ? found.guardrails : found.policies, new: local, oldName: "server@\(found.version)", newName: file)
                differs = !lines.isEmpty
                for line in lines { print(line) }
            }
            if differs { throw ExitCode(1) }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List policy-store versions, newest first.")
        @OptionGroup var client: ClientOptions
        @Option(help: "At most this many versions per page (1–1000).") var limit = 50
        @OptionGroup var page: PageOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let api = client.makeClient()
                let list = try await Paging.read(page) { cursor in try await api.policyHistory(tenant: client.resolvedTenant, limit: limit, cursor: cursor) }
                Paging.render(list, output: client.output) { list in
                    Render.table(
                        ["VERSION", "CREATED", "AUTHOR", "POLICIES", "SCHEMA", "MESSAGE"],
                        list.versions.map {
                            [String($0.version), Render.time($0.createdAt), $0.author, String($0.policyCount), $0.hasSchema ? "yes" : "no", $0.message]
                        })
                }
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a new version with the content of an earlier one.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The version to return to.") var version: Int
        @Option(name: [.short, .long], help: "Why.") var message: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let made = try await client.makeClient().rollbackPolicies(to: version, message: message, tenant: client.resolvedTenant)
                PolicyCommand.printVersion(made, output: client.output)
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a policy file (and optionally a schema) against the tenant's schema and data, changing nothing; exit 0 when valid, 2 when not.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar policy file.") var file: String
        @Option(help: "Candidate schema file (default: the tenant's).") var schema: String?
        @Flag(help: "The file holds guardrail policies.") var guardrails = false

        func run() async throws {
            var valid = true
            try await reportingFailures(output: client.output) {
                let text = try PolicyCommand.read(file)
                let schemaText = try schema.map(PolicyCommand.read)
                let request =
                    guardrails
                    ? ValidatePoliciesRequest(guardrails: text, schema: schemaText) : ValidatePoliciesRequest(policies: text, schema: schemaText)
                let result = try await client.makeClient().validatePolicies(request, tenant: client.resolvedTenant)
                valid = result.valid
                if client.output == .json { return Render.json(result) }
                for problem in result.problems {
                    print("\(problem.document)\(problem.policy.map { " [\($0)]" } ?? ""): \(problem.message)")
                }
                print(result.valid ? "valid" + (result.schemaChecked ? " (strictly, against the schema)" : " (no schema: parsed only)") : "invalid")
            }
            if !valid { throw ExitCode(ExitStatus.invalidInput) }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run test cases against the policies in force or candidate files; ends with `N passed, N failed`.",
            discussion: #"A case file is {"cases": [{"name": …, "request": <AuthZEN evaluation>, "expected": true|false}]}."#)
        @OptionGroup var client: ClientOptions
        @Argument(help: "Test case files.") var files: [String]
        @Option(help: "Candidate policy file (default: the policies in force).") var policies: String?
        @Option(help: "Candidate guardrail file.") var guardrails: String?
        @Option(help: "Candidate schema file.") var schema: String?

        func run() async throws {
            var failed = 0
            try await reportingFailures(output: client.output) {
                var passed = 0
                for file in files {
                    let casesText = try PolicyCommand.read(file)
                    let parsed: JSONValue
                    do { parsed = try JSONValue.parse(casesText) } catch {
                        throw LanyardError(.invalidRequest, "\(file) is not valid JSON: \(error)")
                    }
                    guard let cases = parsed["cases"] else {
                        throw LanyardError(.invalidRequest, "\(file) must be a JSON object with 'cases'.")
                    }
                    var body: JSONObject = ["cases": cases]
                    if let policies { body["policies"] = .string(try PolicyCommand.read(policies)) }
                    if let guardrails { body["guardrails"] = .string(try PolicyCommand.read(guardrails)) }
                    if let schema { body["schema"] = .string(try PolicyCommand.read(schema)) }
                    let data = try await client.makeClient().testPolicies(json: JSONValue.object(body).compactText, tenant: client.resolvedTenant)
                    guard case .array(let results)? = try? JSONValue.parse(String(decoding: data, as: UTF8.self))["results"] else {
                        throw LanyardError(.internal, "The server's answer had an unexpected shape.")
                    }
                    for item in results {
                        let name = item["name"]?.stringValue ?? "?"
                        if item["passed"] == .bool(true) {
                            passed += 1
                            if client.output == .table { print("PASS \(file): \(name)") }
                        } else {
                            failed += 1
                            func text(_ key: String) -> String {
                                guard case .bool(let flag)? = item[key] else { return "?" }
                                return flag ? "true" : "false"
                            }
                            let why = item["error"]?.stringValue ?? "expected \(text("expected")), got \(text("decision"))"
                            print("FAIL \(file): \(name): \(why)")
                        }
                    }
                }
                print("\(passed) passed, \(failed) failed")
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a policy template (fill ?principal and/or ?resource): a new version, validated like a push.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "The template's @id.") var template: String
        @Option(help: "Id of the linked policy.") var id: String
        @Option(help: "?principal as TYPE:ID.") var principal: String?
        @Option(help: "?resource as TYPE:ID.") var resource: String?
        @Option(name: [.short, .long], help: "Why.") var message: String

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let link = PolicyLink(
                    id: id, template: template, principal: try principal.map { try EntityArgument.parse($0, option: "principal") },
                    resource: try resource.map { try EntityArgument.parse($0, option: "resource") })
                let version = try await client.makeClient().addPolicyLink(link, message: message, tenant: client.resolvedTenant)
                PolicyCommand.printVersion(version, output: client.output)
            }
        }
    }

    struct Unlink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a template-linked policy: a new version.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Id of the linked policy.") var id: String
        @Option(name: [.short, .long], help: "Why.") var message: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let version = try await client.makeClient().removePolicyLink(id, message: message, tenant: client.resolvedTenant)
                PolicyCommand.printVersion(version, output: client.output)
            }
        }
    }

    struct Links: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the template-linked policies in force.")
        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().policies(tenant: client.resolvedTenant)
                if client.output == .json { return Render.json(found.links) }
                func text(_ reference: EntityReference?) -> String { reference.map { "\($0.type)::\"\($0.id)\"" } ?? "" }
                Render.table(["ID", "TEMPLATE", "PRINCIPAL", "RESOURCE"], found.links.map { [$0.id, $0.template, text($0.principal), text($0.resource)] })
            }
        }
    }

    struct SchemaCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema", abstract: "The tenant's Cedar schema (Lanyard's own entity types are always added).",
            subcommands: [SchemaPush.self, SchemaPull.self])
    }

    struct SchemaPush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push", abstract: "Push a Cedar schema file; refused unless the policies and entities still validate.")
        @OptionGroup var client: ClientOptions
        @Argument(help: "Cedar schema file (.cedarschema); an empty file removes the schema.") var file: String
        @Option(name: [.short, .long], help: "Why.") var message: String?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let text = try PolicyCommand.read(file)
                let version = try await client.makeClient().pushPolicies(
                    PushPoliciesRequest(schema: text, message: message ?? "Schema from \(URL(fileURLWithPath: file).lastPathComponent)."),
                    tenant: client.resolvedTenant)
                PolicyCommand.printVersion(version, output: client.output)
            }
        }
    }

    struct SchemaPull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pull", abstract: "Print the tenant's schema (empty when none).")
        @OptionGroup var client: ClientOptions
        @Option(help: "A version number (default: the one in force).") var version: Int?

        func run() async throws {
            try await reportingFailures(output: client.output) {
                let found = try await client.makeClient().policies(tenant: client.resolvedTenant, version: version)
                print(found.schema ?? "", terminator: (found.schema ?? "").hasSuffix("\n") || found.schema == nil ? "" : "\n")
            }
        }
    }
}

/// A line diff (longest common subsequence) in unified style, for `policy diff`.
enum LineDiff {
    /// `---`/`+++` header then `-`, `+` and ` ` lines; empty when the texts are equal. Quadratic: for policy files.
    static func unified(old: String, new: String, oldName: String, newName: String) -> [String] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if a == b { return [] }
        guard a.count.multipliedReportingOverflow(by: b.count).partialValue <= 25_000_000 else {
            return ["--- \(oldName)", "+++ \(newName)", "(files too large for a line diff; they differ)"]
        }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out = ["--- \(oldName)", "+++ \(newName)"]
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                out.append(" " + a[i])
                i += 1
                j += 1
            } else if j < b.count && (i == a.count || lcs[i][j + 1] >= lcs[i + 1][j]) {
                out.append("+" + b[j])
                j += 1
            } else {
                out.append("-" + a[i])
                i += 1
            }
        }
        return out
    }
}
