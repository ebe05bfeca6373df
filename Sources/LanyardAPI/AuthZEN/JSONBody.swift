public import LanyardModel

/// A JSON request body read as a ``JSONValue`` (member order and exact numbers kept), for requests whose members
/// are read with their own errors (AuthZEN, policy tests).
public enum JSONBody {
    /// The body as a JSON object.
    /// - Throws: `invalid_request` for an empty body, text that is not JSON (with where and why), or JSON that is
    ///   not an object.
    public static func object(_ text: String) throws -> JSONValue {
        guard !text.isEmpty else { throw LanyardError(.invalidRequest, "The request needs a JSON object body.") }
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch {
            throw LanyardError(.invalidRequest, "The request body is not valid JSON: \(error)")
        }
        guard case .object = value else { throw LanyardError(.invalidRequest, "The request body must be a JSON object.") }
        return value
    }
}
