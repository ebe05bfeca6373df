/// What `lanyard cedar test` runs.
public struct TestRunOptions: Sendable {
    /// Directory that paths inside the test files are relative to.
    public var root: String
    /// Test files, or directories searched for test files.
    public var paths: [String]

    /// Creates the options.
    public init(root: String, paths: [String]) {
        self.root = root
        self.paths = paths
    }
}

/// The outcome of ``CedarTool/runTests(_:)``.
public struct TestRunReport: Sendable {
    /// Whether any path was given at all.
    public let pathsGiven: Bool
    /// Given paths that do not exist.
    public let missingPaths: [String]
    /// One result per test file, in the order the files were collected.
    public let results: [TestFileResult]

    /// Number of test files that passed.
    public var passedCount: Int { results.count(where: \.passed) }
    /// Number of test files that failed.
    public var failedCount: Int { results.count - passedCount }
    /// True only if paths were given, all exist, and every test file passed.
    public var succeeded: Bool { pathsGiven && missingPaths.isEmpty && failedCount == 0 }
    /// The last line of `lanyard cedar test`: `N passed, N failed`.
    public var summary: String { "\(passedCount) passed, \(failedCount) failed" }
    /// Per-file results as a JSON document (see ``IntegrationTestRunner/resultsJSON(_:)``).
    public var json: String { IntegrationTestRunner.resultsJSON(results) }
}

/// What `lanyard cedar authorize` decides: files to read and the request's parts.
public struct AuthorizeOptions: Sendable {
    /// Policy file (Cedar text).
    public var policiesPath: String
    /// Entities file (Cedar JSON entity format).
    public var entitiesPath: String
    /// Schema file (Cedar schema text); when set, entities and context are typed by it and the request is validated.
    public var schemaPath: String?
    /// Principal as `Type::"id"` (or `Type::id`).
    public var principal: String
    /// Action as `Type::"id"` (or `Type::id`).
    public var action: String
    /// Resource as `Type::"id"` (or `Type::id`).
    public var resource: String
    /// Context as JSON object text; nil means `{}`.
    public var context: String?

    /// Creates the options.
    public init(
        policiesPath: String, entitiesPath: String, schemaPath: String? = nil, principal: String, action: String,
        resource: String, context: String? = nil
    ) {
        self.policiesPath = policiesPath
        self.entitiesPath = entitiesPath
        self.schemaPath = schemaPath
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// How `lanyard cedar format` and `lanyard cedar schema` render what they read.
public enum OutputFormat: Sendable {
    /// Cedar text (policies) or Cedar schema text.
    case cedar
    /// The JSON policy format (EST) or the JSON schema format.
    case json
}

/// A failure of a `lanyard cedar` command: a stable code and the sentence shown after `error: `.
public struct CedarToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error categories.
    public enum Code: String, Sendable {
        /// A file could not be read.
        case unreadableFile = "unreadable_file"
        /// An input (policy, schema, entities, context, request) did not parse or validate.
        case invalidInput = "invalid_input"
        /// A required argument is missing or malformed.
        case missingArgument = "missing_argument"
        /// A file is not in the expected test-file shape.
        case invalidTestFile = "invalid_test_file"
    }
    /// Stable error category.
    public let code: Code
    /// The sentence describing the problem (for a parse error, the engine's own message).
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
