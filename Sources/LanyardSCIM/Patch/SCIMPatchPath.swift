/// A PATCH `path` (RFC 7644 §3.5.2): `attrPath`, or `attrPath "[" valFilter "]" ["." subAttr]`, e.g. `active`,
/// `name.givenName`, `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
public struct SCIMPatchPath: Sendable, Hashable {
    /// The attribute (with its sub-attribute when there is no filter).
    public var attribute: SCIMAttributePath
    /// The value filter on a multi-valued attribute.
    public var filter: SCIMFilter?
    /// The sub-attribute after a value filter.
    public var subAttribute: String?

    /// Reads a path.
    /// - Throws: ``SCIMError`` 400 `invalidPath`.
    public init(_ text: String) throws(SCIMError) {
        guard text.utf8.count <= SCIMFilterParser.maxLength else {
            throw .badRequest(.invalidPath, "The path is longer than \(SCIMFilterParser.maxLength) characters.")
        }
        guard let open = text.firstIndex(of: "[") else {
            guard let path = SCIMAttributePath(text) else { throw Self.invalid(text) }
            attribute = path
            return
        }
        guard let close = text.lastIndex(of: "]"), close > open,
            let path = SCIMAttributePath(String(text[..<open])), path.subAttribute == nil
        else { throw Self.invalid(text) }
        let rest = text[text.index(after: close)...]
        if rest.isEmpty {
            subAttribute = nil
        } else {
            guard rest.first == ".", SCIMAttributePath.isName(rest.dropFirst()) else { throw Self.invalid(text) }
            subAttribute = String(rest.dropFirst())
        }
        attribute = path
        do {
            filter = try SCIMFilterParser.parse(String(text[text.index(after: open)..<close]))
        } catch {
            throw .badRequest(.invalidPath, "The path \(text) has an invalid value filter: \(error.detail)")
        }
    }

    private static func invalid(_ text: String) -> SCIMError {
        .badRequest(
            .invalidPath,
            "'\(text.prefix(200))' is not an attribute path (write e.g. name.givenName or emails[type eq \"work\"].value).")
    }
}
