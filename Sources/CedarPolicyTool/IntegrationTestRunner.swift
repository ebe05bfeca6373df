import CedarPolicy
import Foundation
import Synchronization

/// Result of running one conformance test file.
public struct TestFileResult: Sendable {
    /// Path of the test file.
    public let path: String
    /// Whether every check in the file passed.
    public let passed: Bool
    /// Human-readable failure descriptions (empty when passed).
    public let failures: [String]
    /// Number of requests in the file.
    public let requestCount: Int
}

/// Runs test files in the cedar-integration-tests JSON format (see FORMAT.md).
public struct IntegrationTestRunner: Sendable {
    /// Directory that paths inside test files are relative to.
    public let root: String

    /// Creates a runner.
    public init(root: String) { self.root = root }

    /// Expands files and directories into the list of test files (`*.json` but not
    /// `*.entities.json`), sorted.
    public static func collectTestFiles(_ paths: [String]) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { continue }
            if !isDir.boolValue { result.append(p); continue }
            guard let e = fm.enumerator(atPath: p) else { continue }
            var found: [String] = []
            while let rel = e.nextObject() as? String {
                if rel.hasSuffix(".json") && !rel.hasSuffix(".entities.json") && !rel.hasSuffix("entities.json") {
                    found.append((p as NSString).appendingPathComponent(rel))
                }
            }
            result.append(contentsOf: found.sorted())
        }
        return result
    }

    func read(_ rel: String) throws(EntityJSONError) -> String {
        let path = rel.hasPrefix("/") ? rel : (root as NSString).appendingPathComponent(rel)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EntityJSONError(.io, "cannot read file `\(path)`")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs several files in parallel and returns results in input order.
    public func run(files: [String]) -> [TestFileResult] {
        let results = Mutex<[TestFileResult?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let result = runFile(files[i])
            results.withLock { $0[i] = result }
        }
        return results.withLock { $0 }.enumerated().map { i, r in
            r ?? TestFileResult(path: files[i], passed: false, failures: ["not run"], requestCount: 0)
        }
    }

    /// Runs one test file.
    public func runFile(_ path: String) -> TestFileResult {
        var failures: [String] = []
        var count = 0
        do {
            let testText: String
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EntityJSONError(.io, "cannot read test file")
            }
            testText = String(decoding: data, as: UTF8.self)
            let test: JSONValue
            do { test = try JSONParser.parse(testText) } catch { throw EntityJSONError(.invalidJSON, "invalid test JSON: \(error)") }
            guard case .string(let policiesPath)? = test["policies"], case .string(let entitiesPath)? = test["entities"],
                case .string(let schemaPath)? = test["schema"], case .bool(let shouldValidate)? = test["shouldValidate"],
                case .array(let requests)? = test["requests"]
            else {
                throw EntityJSONError(.invalidJSON, "test file is missing required fields")
            }
            try IntegrationTestRunner.checkFields(test, IntegrationTestRunner.testFields, "test file")
            let schemaJSON = test["schemaFormat"] == .string("json")
            let policiesJSON = test["policyFormat"] == .string("json")
            let schema: Schema
            do {
                let text = try read(schemaPath)
                schema = schemaJSON ? try Schema(jsonSchema: text) : try Schema(cedarSchema: text)
            } catch let e as SchemaError {
                throw EntityJSONError(.invalidJSON, "schema: \(e.message)")
            }
            let policies: PolicySet
            do {
                let text = try read(policiesPath)
                policies = policiesJSON ? try PolicySet(jsonText: text) : try PolicySet(text: text)
            } catch let e as ParseError {
                throw EntityJSONError(.invalidJSON, "policy parse error: \(e)")
            }
            let entities = try Entities(json: try read(entitiesPath), schema: schema)
            let validationErrors = Validator(schema: schema).validate(policies)
            if validationErrors.isEmpty != shouldValidate {
                failures.append(
                    shouldValidate
                        ? "validation failed but should pass: \(validationErrors.map { $0.description }.joined(separator: "; "))"
                        : "validation passed but should fail")
            }
            for (n, req) in requests.enumerated() {
                count += 1
                if let f = runRequest(req, schema: schema, policies: policies, entities: entities) {
                    failures.append("request \(n): \(f)")
                }
            }
        } catch {
            failures.append("\(error)")
        }
        return TestFileResult(path: path, passed: failures.isEmpty, failures: failures, requestCount: count)
    }

    static let testFields: Set<String> = [
        "policies", "policyFormat", "entities", "schema", "schemaFormat", "shouldValidate", "requests",
    ]
    static let requestFields: Set<String> = [
        "description", "principal", "action", "resource", "context", "validateRequest", "decision", "reason", "errors",
    ]

    /// Rejects unknown fields, as the reference harness does (`deny_unknown_fields`).
    static func checkFields(_ j: JSONValue, _ allowed: Set<String>, _ what: String) throws(EntityJSONError) {
        guard case .object(let members) = j else { return }
        for (k, _) in members where !allowed.contains(k) {
            throw EntityJSONError(.invalidJSON, "unknown field `\(k)` in \(what)")
        }
    }

    func runRequest(_ req: JSONValue, schema: Schema, policies: PolicySet, entities: Entities) -> String? {
        do {
            try IntegrationTestRunner.checkFields(req, IntegrationTestRunner.requestFields, "request")
            var validate = true
            if case .bool(let b)? = req["validateRequest"] { validate = b }
            let request = try RequestJSON.parse(req, schema: schema, validate: validate)
            let response = Authorizer.isAuthorized(request, policies: policies, entities: entities)
            var problems: [String] = []
            let expectedDecision = string(req["decision"]) ?? ""
            if response.decision.rawValue != expectedDecision {
                problems.append("decision \(response.decision.rawValue), expected \(expectedDecision)")
            }
            let expectedReason = Set(idList(req["reason"]))
            if response.reason != expectedReason {
                problems.append("reason \(response.reason.sorted()), expected \(expectedReason.sorted())")
            }
            let expectedErrors = Set(idList(req["errors"]))
            if response.errorPolicyIDs != expectedErrors {
                problems.append("errors \(response.errors.map { "\($0.policyID): \($0.error)" }), expected \(expectedErrors.sorted())")
            }
            return problems.isEmpty ? nil : problems.joined(separator: "; ")
        } catch {
            return "\(error)"
        }
    }

    func idList(_ j: JSONValue?) -> [String] {
        guard case .array(let items)? = j else { return [] }
        return items.compactMap { string($0) }
    }

    /// The text of a JSON string value, nil for anything else.
    func string(_ j: JSONValue?) -> String? {
        guard case .string(let s)? = j else { return nil }
        return s
    }

    /// Renders results as a JSON document.
    public static func resultsJSON(_ results: [TestFileResult]) -> String {
        let items: [JSONValue] = results.map {
            .object([
                ("file", .string($0.path)), ("passed", .bool($0.passed)), ("requests", .int(Int64($0.requestCount))),
                ("failures", .array($0.failures.map { .string($0) })),
            ])
        }
        let passed = results.filter { $0.passed }.count
        return JSONValue.object([
            ("passed", .int(Int64(passed))), ("failed", .int(Int64(results.count - passed))), ("results", .array(items)),
        ]).serialized
    }
}
