public import LanyardModel

/// One operation of a PATCH request (RFC 7644 §3.5.2).
public struct SCIMPatchOperation: Sendable, Hashable {
    /// `add`, `replace` or `remove`, read without regard to case (Entra ID sends `Add`, `Replace`, `Remove`).
    public enum Kind: String, Sendable, Hashable {
        case add, replace, remove
    }

    public var kind: Kind
    /// The path as written; nil for a path-less `add` or `replace`.
    public var path: String?
    public var value: JSONValue?

    public init(kind: Kind, path: String?, value: JSONValue?) {
        self.kind = kind
        self.path = path
        self.value = value
    }

    /// The most operations one request may carry.
    public static let maxOperations = 1000

    /// Reads a PatchOp body: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[…]}`.
    /// An empty `Operations` list is valid and changes nothing (Entra ID's validator sends one).
    /// - Throws: ``SCIMError`` 400 `invalidSyntax`, or `invalidValue` for an unknown `op`.
    public static func operations(of body: JSONValue) throws(SCIMError) -> [SCIMPatchOperation] {
        guard case .object(let object) = body else { throw .badRequest(.invalidSyntax, "A PATCH body must be a JSON object.") }
        guard case .array(let schemas)? = SCIMObjectAccess.member(object, "schemas"),
            schemas.contains(where: { $0.stringValue.map { SCIMSchemaURN.same($0, SCIMSchemaURN.patchOp) } ?? false })
        else {
            throw .badRequest(.invalidSyntax, "A PATCH body must list the schema \(SCIMSchemaURN.patchOp).")
        }
        guard case .array(let items)? = SCIMObjectAccess.member(object, "Operations") else {
            throw .badRequest(.invalidSyntax, "A PATCH body must have an Operations list.")
        }
        guard items.count <= maxOperations else {
            throw .badRequest(.invalidValue, "A PATCH request may carry at most \(maxOperations) operations.")
        }
        var out: [SCIMPatchOperation] = []
        for (index, item) in items.enumerated() {
            guard case .object(let operation) = item, case .string(let opText)? = SCIMObjectAccess.member(operation, "op") else {
                throw .badRequest(.invalidSyntax, "Operation \(index + 1) must be an object with an op.")
            }
            guard let kind = Kind(rawValue: opText.lowercased()) else {
                throw .badRequest(.invalidSyntax, "Operation \(index + 1) has op '\(opText.prefix(40))'; use add, replace or remove.")
            }
            var path: String?
            switch SCIMObjectAccess.member(operation, "path") {
            case nil, .null?: path = nil
            case .string(let text)?: path = text.isEmpty ? nil : text
            default: throw .badRequest(.invalidPath, "Operation \(index + 1) has a path that is not a string.")
            }
            out.append(SCIMPatchOperation(kind: kind, path: path, value: SCIMObjectAccess.member(operation, "value")))
        }
        return out
    }
}
