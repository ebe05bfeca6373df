import Foundation

/// Library-side implementations of the `cedar-tool` commands.
public enum CommandLineTool {
    /// Runs conformance test files; prints failures and a final `N passed, N failed` line.
    /// Returns the process exit code (0 only if all pass).
    public static func runTests(root: String, paths: [String], jsonOut: String?, verbose: Bool) -> Int32 {
        let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
        for m in missing { print("error: no such file or directory: \(m)") }
        if paths.isEmpty { print("error: no test files or directories given") }
        let files = IntegrationTestRunner.collectTestFiles(paths)
        let results = IntegrationTestRunner(root: root).run(files: files)
        var passed = 0
        for r in results {
            if r.passed { passed += 1; continue }
            if verbose { print("FAIL \(r.path): \(r.failures.joined(separator: " | "))") }
        }
        if let jsonOut {
            if !FileManager.default.createFile(atPath: jsonOut, contents: Data(IntegrationTestRunner.resultsJSON(results).utf8)) {
                print("error: cannot write \(jsonOut)")
            }
        }
        print("\(passed) passed, \(results.count - passed) failed")
        return passed == results.count && missing.isEmpty && !paths.isEmpty ? 0 : 1
    }

    /// The response as `{"decision":"allow|deny","errors":[{"message":…,"policy":…}],"reason":[…]}`, sorted.
    public static func responseJSON(_ response: Response) -> String {
        let errors = response.errors.sorted { $0.policyID < $1.policyID }.map {
            JSONValue.object([("message", .string($0.error.message)), ("policy", .string($0.policyID))])
        }
        return JSONValue.object([
            ("decision", .string(response.decision.rawValue)), ("errors", .array(errors)),
            ("reason", .array(response.reason.sorted().map(JSONValue.string))),
        ]).serialized
    }

    /// Authorizes one request from files; prints ``responseJSON(_:)``. Exit status: 0 allow, 1 deny, 2 bad input.
    public static func authorize(options: [String: String]) -> Int32 {
        func read(_ key: String) -> String? {
            guard let p = options[key], let d = FileManager.default.contents(atPath: p) else { return nil }
            return String(decoding: d, as: UTF8.self)
        }
        func uid(_ key: String) -> EntityUID? {
            guard let s = options[key], let r = s.range(of: "::", options: .backwards) else { return nil }
            var id = String(s[r.upperBound...])
            if id.hasPrefix("\"") && id.hasSuffix("\"") && id.count >= 2 { id = String(id.dropFirst().dropLast()) }
            return EntityUID(String(s[..<r.lowerBound]), id)
        }
        do {
            let schema = try read("schema").map { (t: String) throws -> Schema in try Schema(cedarSchema: t) }
            let policies = try PolicySet(text: read("policies") ?? "")
            let entities = try Entities(json: read("entities") ?? "[]", schema: schema)
            guard let p = uid("principal"), let a = uid("action"), let r = uid("resource") else {
                print("error: --principal, --action and --resource are required (Type::id)")
                return 2
            }
            let context: JSONValue
            do { context = try JSONParser.parse(options["context"] ?? "{}") } catch {
                throw EntityJSONError(.invalidJSON, "invalid context JSON: \(error)")
            }
            let requestJSON = JSONValue.object([
                ("principal", ExprJSON.entityJSON(p)), ("action", ExprJSON.entityJSON(a)),
                ("resource", ExprJSON.entityJSON(r)), ("context", context),
            ])
            let request = try RequestJSON.parse(requestJSON, schema: schema, validate: schema != nil)
            let resp = Authorizer.isAuthorized(request, policies: policies, entities: entities)
            print(responseJSON(resp))
            return resp.decision == .allow ? 0 : 1
        } catch {
            print("error: \(error)")
            return 2
        }
    }
}

extension CommandLineTool {
    /// Evaluates one expression with an empty request and entity store; prints the value
    /// or `error: ...`, or `parse error: ...`.
    public static func evaluate(expression: String) -> Int32 {
        do {
            let e = try CedarParser.parseExpression(expression)
            let req = Request(
                principal: EntityUID("User", "alice"), action: EntityUID("Action", "view"),
                resource: EntityUID("Photo", "p"))
            do {
                print(try Evaluator(request: req, entities: Entities()).evaluate(e))
                return 0
            } catch {
                print("error: \(error.message)")
                return 1
            }
        } catch {
            print("parse error: \(error)")
            return 2
        }
    }
}

extension CommandLineTool {
    static func readFile(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Prints a policy file (Cedar text, or EST JSON if it ends in `.json`) in the given
    /// format: `cedar` (formatted text) or `json` (EST).
    public static func convert(path: String, to format: String) -> Int32 {
        guard let text = readFile(path) else { print("error: cannot read \(path)"); return 2 }
        do {
            let set = path.hasSuffix(".json") ? try PolicySet(jsonText: text) : try PolicySet(text: text)
            print(format == "json" ? set.json.serialized : PolicyFormatter.format(set), terminator: format == "json" ? "\n" : "")
            return 0
        } catch {
            print("error: \(error)")
            return 2
        }
    }

    /// Validates a policy file against a Cedar schema in strict mode; prints each error.
    public static func validate(policies: String, schema: String) -> Int32 {
        guard let pt = readFile(policies), let st = readFile(schema) else { print("error: cannot read input"); return 2 }
        do {
            let s = try Schema(cedarSchema: st)
            let set = policies.hasSuffix(".json") ? try PolicySet(jsonText: pt) : try PolicySet(text: pt)
            let errors = Validator(schema: s).validate(set)
            for e in errors { print(e) }
            print(errors.isEmpty ? "valid" : "invalid (\(errors.count) errors)")
            return errors.isEmpty ? 0 : 1
        } catch {
            print("error: \(error)")
            return 2
        }
    }
}

extension CommandLineTool {
    /// Prints a schema (Cedar syntax, or JSON if the path ends in `.json`) as Cedar text or JSON.
    public static func convertSchema(path: String, toJSON: Bool) -> Int32 {
        guard let text = readFile(path) else { print("error: cannot read \(path)"); return 2 }
        do {
            let schema = path.hasSuffix(".json") ? try Schema(jsonSchema: text) : try Schema(cedarSchema: text)
            print(toJSON ? schema.json.serialized : schema.cedarText, terminator: toJSON ? "\n" : "")
            return 0
        } catch {
            print("error: \(error)")
            return 2
        }
    }
}
