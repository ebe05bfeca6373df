import ArgumentParser
import CedarPolicy
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
            let code = CommandLineTool.runTests(
                root: root ?? FileManager.default.currentDirectoryPath, paths: paths, jsonOut: json, verbose: verbose
            )
            if code != 0 { throw ExitCode(code) }
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

        func run() throws {
            var options = ["policies": policies, "entities": entities, "principal": principal, "action": action, "resource": resource]
            options["schema"] = schema
            options["context"] = context
            let code = CommandLineTool.authorize(options: options)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Strictly validate a policy file against a schema.")
        @Option(help: "Policy file.") var policies: String
        @Option(help: "Schema file (.cedarschema).") var schema: String

        func run() throws {
            let code = CommandLineTool.validate(policies: policies, schema: schema)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a policy file in canonical Cedar text, or in the JSON policy format.")
        @Flag(help: "Print the JSON policy format (EST) instead of Cedar text.") var json = false
        @Argument(help: "Policy file.") var file: String

        func run() throws {
            let code = CommandLineTool.convert(path: file, to: json ? "json" : "cedar")
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a schema and print it as Cedar schema text or JSON.")
        @Flag(help: "Print the JSON schema format.") var json = false
        @Argument(help: "Schema file.") var file: String

        func run() throws {
            let code = CommandLineTool.convertSchema(path: file, toJSON: json)
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the engine on a test file (see scripts/bench-cedar).")
        @Option(help: "Directory that paths inside the test file are relative to.") var root: String
        @Option(help: "Timed rounds.") var rounds = 3
        @Argument(help: "Test file with the requests to time.") var file: String

        func run() {
            print(Benchmark.run(root: root, file: file, rounds: rounds))
        }
    }
}
