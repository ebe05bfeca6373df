/// Building requests from JSON (`{"principal", "action", "resource", "context"}`).
public enum RequestJSON {
    /// Parses a request object. Entity uids may be `{"type","id"}` or `{"__entity": …}`.
    /// With a schema, the context is typed by the action's declared context (as the reference
    /// harness does); with `validate` also true, the principal, action and resource are validated
    /// against the schema (failures throw `.invalidRequest`).
    public static func parse(_ json: JSONValue, schema: Schema?, validate: Bool = true) throws(EntityJSONError) -> Request {
        guard let pj = json["principal"], let aj = json["action"], let rj = json["resource"] else {
            throw EntityJSONError(.invalidRequest, "a request requires `principal`, `action` and `resource`")
        }
        let action = try ValueDecoder.entityUID(aj)
        let context = try ContextJSON.parse(json["context"] ?? .object([]), schema: schema, action: action)
        let request = Request(
            principal: try ValueDecoder.entityUID(pj), action: action,
            resource: try ValueDecoder.entityUID(rj), context: context)
        if validate, let schema {
            let errors = RequestValidator.validate(request, schema: schema)
            if !errors.isEmpty {
                throw EntityJSONError(.invalidRequest, "request validation failed: \(errors.joined(separator: "; "))")
            }
        }
        return request
    }

    /// Parses a request from JSON text.
    public static func parse(_ text: String, schema: Schema?, validate: Bool = true) throws(EntityJSONError) -> Request {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw EntityJSONError(.invalidJSON, "invalid JSON: \(error)") }
        return try parse(json, schema: schema, validate: validate)
    }
}
