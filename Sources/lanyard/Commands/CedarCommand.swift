import ArgumentParser
import CedarPolicy
import CedarPolicyTool
import Foundation

/// `lanyard cedar …`: the Cedar engine offline — no server needed.
struct CedarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cedar",
        abstract: "Authorize, validate, format and test Cedar policies offline (native Swift Cedar 4.x engine).",
        subcommands: [Test.self, Authorize.self, Validate.self, Format.self, Schema.self, Bench.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run test files in the cedar-integration-tests format; ends with `N passed, N failed`.",
            discussion: "Paths inside a test file are resolved against --root. Exits 0 only if every test file passes."
        )
        @Option(help: "Directory that paths inside the test files are relative to (default: the current directory).") var root: String?
        @Option(help: "Write per-test results as JSON to this file.") var json: String?
        @Flag(help: "Print every failure.") var verbose = false
        @Argument(help: "Test files or directories of test files.") var paths: [String]

        func run() throws {
            let report = CedarTool.runTests(TestRunOptions(root: root ?? FileManager.default.currentDirectoryPath, paths: paths))
            for missing in report.missingPaths { print("error: no such file or directory: \(missing)") }
            if !report.pathsGiven { print("error: no test files or directories given") }
            if verbose {
                for r in report.results where !r.passed { print("FAIL \(r.path): \(r.failures.joined(separator: " | "))") }
            }
            if let json, !FileManager.default.createFile(atPath: json, contents: Data(report.json.utf8)) {
                print("error: cannot write \(json)")
            }
            print(report.summary)
            if !report.succeeded { throw ExitCode(1) }
        }
    }

    struct Authorize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide one request; prints {\"decision\":\"allow|deny\",\"reason\":[…],\"errors\":[…]}."
        )
        @Option(help: "Policy file (Cedar text).") var policies: String
        @Option(help: "Entities file (Cedar JSON entity format).") var entities: String
        @Option(help: "Schema file (.cedarschema); entities and context are then typed by it.") var schema: String?
        @Option(help: "Principal, e.g. 'User::\"alice\"'.") var principal: String
        @Option(help: "Action, e.g. 'Action::\"view\"'.") var action: String
        @Option(help: "Resource, e.g. 'Photo::\"a.jpg\"'.") var resource: String
        @Option(help: "Context as a JSON object.") var context: String?

        /// Exit status: 0 allow, 1 deny, 2 bad input.
        func run() throws {
            let options = AuthorizeOptions(
                policiesPath: policies, entitiesPath: entities, schemaPath: schema, principal: principal, action: action,
                resource: resource, context: context)
            let response = try CedarCommand.reportingInputErrors { () throws(CedarToolError) in try CedarTool.authorize(options) }
            print(CedarTool.responseJSON(response))
            if response.decision != .allow { throw ExitCode(1) }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Strictly validate a policy file against a schema.")
        @Option(help: "Policy file.") var policies: String
        @Option(help: "Schema file (.cedarschema).") var schema: String

        /// Prints each error, then `valid` or `invalid (N errors)`. Exit status: 0 valid, 1 invalid, 2 bad input.
        func run() throws {
            let errors = try CedarCommand.reportingInputErrors { () throws(CedarToolError) in
                try CedarTool.validate(policiesPath: policies, schemaPath: schema)
            }
            for e in errors { print(e) }
            print(errors.isEmpty ? "valid" : "invalid (\(errors.count) errors)")
            if !errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a policy file in canonical Cedar text, or in the JSON policy format.")
        @Flag(help: "Print the JSON policy format (EST) instead of Cedar text.") var json = false
        @Argument(help: "Policy file.") var file: String

        func run() throws {
            let text = try CedarCommand.reportingInputErrors { () throws(CedarToolError) in
                try CedarTool.formatPolicies(path: file, as: json ? .json : .cedar)
            }
            print(text, terminator: "")
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a schema and print it as Cedar schema text or JSON.")
        @Flag(help: "Print the JSON schema format.") var json = false
        @Argument(help: "Schema file.") var file: String

        func run() throws {
            let text = try CedarCommand.reportingInputErrors { () throws(CedarToolError) in
                try CedarTool.formatSchema(path: file, as: json ? .json : .cedar)
            }
            print(text, terminator: "")
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the engine on a test file (see scripts/bench-cedar).")
        @Option(help: "Directory that paths inside the test file are relative to.") var root: String
        @Option(help: "Timed rounds.") var rounds = 3
        @Argument(help: "Test file with the requests to time.") var file: String

        func run() throws {
            print(
                try CedarCommand.reportingInputErrors { () throws(CedarToolError) in
                    try Benchmark.run(BenchmarkOptions(root: root, file: file, rounds: rounds))
                })
        }
    }

    /// Runs a Cedar tool function; on failure prints `error: <sentence>` on standard output (as scripts expect) and
    /// exits with status 2 (bad input).
    static func reportingInputErrors<T>(_ body: () throws(CedarToolError) -> T) throws(ExitCode) -> T {
        do {
            return try body()
        } catch {
            print("error: \(error)")
            throw ExitCode(2)
        }
    }
}
