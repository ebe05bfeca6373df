public import CedarPolicy
import Foundation

/// The `lanyard cedar` commands as functions: typed options in, values out, typed errors thrown.
///
/// Nothing here prints or chooses an exit status; the command-line layer does both.
public enum CedarTool {
    /// Runs conformance test files (files, or directories searched for `*.json` test files).
    ///
    /// Paths that do not exist are reported in ``TestRunReport/missingPaths`` and the others still run.
    public static func runTests(_ options: TestRunOptions) -> TestRunReport {
        let missing = options.paths.filter { !FileManager.default.fileExists(atPath: $0) }
        let files = IntegrationTestRunner.collectTestFiles(options.paths)
        let results = IntegrationTestRunner(root: options.root).run(files: files)
        return TestRunReport(pathsGiven: !options.paths.isEmpty, missingPaths: missing, results: results)
    }

    /// Decides one request read from files.
    ///
    /// With a schema, entities and context are typed by it and the request is validated against it.
    /// - Throws: ``CedarToolError`` when a file cannot be read, an input does not parse, an entity uid is not
    ///   `Type::id`, or the request does not conform to the schema.
    public static func authorize(_ options: AuthorizeOptions) throws(CedarToolError) -> Response {
        do {
            let schema = try options.schemaPath.map { try Schema(cedarSchema: try readFile($0)) }
            let policies = try PolicySet(text: try readFile(options.policiesPath))
            let entities = try Entities(json: try readFile(options.entitiesPath), schema: schema)
            guard let p = uidJSON(options.principal), let a = uidJSON(options.action), let r = uidJSON(options.resource)
            else {
                throw CedarToolError(.missingArgument, "--principal, --action and --resource are required (Type::id)")
            }
            let context: JSONValue
            do { context = try JSONParser.parse(options.context ?? "{}") } catch {
                throw EntityJSONError(.invalidJSON, "invalid context JSON: \(error)")
            }
            let requestJSON = JSONValue.object([("principal", p), ("action", a), ("resource", r), ("context", context)])
            let request = try RequestJSON.parse(requestJSON, schema: schema, validate: schema != nil)
            return Authorizer.isAuthorized(request, policies: policies, entities: entities)
        } catch let error as CedarToolError {
            throw error
        } catch {
            throw CedarToolError(.invalidInput, "\(error)")
        }
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

    /// Validates a policy file (Cedar text, or the JSON policy format if it ends in `.json`) against a Cedar
    /// schema in strict mode.
    /// - Returns: the validation errors, empty when the policies are valid.
    /// - Throws: ``CedarToolError`` when a file cannot be read or does not parse.
    public static func validate(policiesPath: String, schemaPath: String) throws(CedarToolError) -> [ValidationError] {
        guard let policyText = try? readFile(policiesPath), let schemaText = try? readFile(schemaPath) else {
            throw CedarToolError(.unreadableFile, "cannot read input")
        }
        do {
            let schema = try Schema(cedarSchema: schemaText)
            let set = policiesPath.hasSuffix(".json") ? try PolicySet(jsonText: policyText) : try PolicySet(text: policyText)
            return Validator(schema: schema).validate(set)
        } catch {
            throw CedarToolError(.invalidInput, "\(error)")
        }
    }

    /// Reads a policy file (Cedar text, or the JSON policy format if it ends in `.json`) and renders it.
    /// - Returns: canonical Cedar text, or the JSON policy format (EST) followed by a newline.
    /// - Throws: ``CedarToolError`` when the file cannot be read or does not parse.
    public static func formatPolicies(path: String, as format: OutputFormat) throws(CedarToolError) -> String {
        try render(path: path, as: format) { text, isJSON in
            let set = isJSON ? try PolicySet(jsonText: text) : try PolicySet(text: text)
            return (PolicyFormatter.format(set), set.json)
        }
    }

    /// Reads a schema (Cedar schema text, or the JSON schema format if the path ends in `.json`) and renders it.
    /// - Returns: Cedar schema text, or the JSON schema format followed by a newline.
    /// - Throws: ``CedarToolError`` when the file cannot be read or does not parse.
    public static func formatSchema(path: String, as format: OutputFormat) throws(CedarToolError) -> String {
        try render(path: path, as: format) { text, isJSON in
            let schema = isJSON ? try Schema(jsonSchema: text) : try Schema(cedarSchema: text)
            return (schema.cedarText, schema.json)
        }
    }

    /// Reads `path`, parses it (as JSON if it ends in `.json`) and returns its Cedar text or its JSON and a newline.
    static func render(
        path: String, as format: OutputFormat, _ parse: (_ text: String, _ isJSON: Bool) throws -> (cedar: String, json: JSONValue)
    ) throws(CedarToolError) -> String {
        let text = try readFile(path)
        do {
            let parsed = try parse(text, path.hasSuffix(".json"))
            switch format {
            case .cedar: return parsed.cedar
            case .json: return parsed.json.serialized + "\n"
            }
        } catch {
            throw CedarToolError(.invalidInput, "\(error)")
        }
    }

    /// The contents of a file as UTF-8 text.
    static func readFile(_ path: String) throws(CedarToolError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CedarToolError(.unreadableFile, "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `Type::id` or `Type::"id"` as a JSON entity reference, or nil without a `::`.
    static func uidJSON(_ text: String) -> JSONValue? {
        guard let separator = text.range(of: "::", options: .backwards) else { return nil }
        var id = String(text[separator.upperBound...])
        if id.hasPrefix("\"") && id.hasSuffix("\"") && id.count >= 2 { id = String(id.dropFirst().dropLast()) }
        return .object([("type", .string(String(text[..<separator.lowerBound]))), ("id", .string(id))])
    }
}
