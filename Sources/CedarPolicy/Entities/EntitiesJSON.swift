/// Parsing of the Cedar JSON entity format and request contexts.
extension Entities {
    /// Parses a JSON array of `{uid, attrs, parents[, tags]}` entities.
    ///
    /// With a schema, values are typed by the schema (bare strings become extension values,
    /// `{"type","id"}` becomes an entity reference), entities are checked against their
    /// declarations, and action entities with their hierarchy are taken from the schema.
    public init(json text: String, schema: Schema? = nil) throws(EntityJSONError) {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw EntityJSONError(.invalidJSON, "invalid JSON: \(error)") }
        try self.init(jsonValue: root, schema: schema)
    }

    /// Parses entities from an already-parsed JSON value.
    public init(jsonValue root: JSONValue, schema: Schema? = nil) throws(EntityJSONError) {
        guard case .array(let items) = root else { throw EntityJSONError(.invalidJSON, "entities JSON must be an array") }
        var list: [Entity] = []
        var seen: Set<EntityUID> = []
        for item in items {
            guard case .object = item, let uidJSON = item["uid"] else { throw EntityJSONError(.invalidJSON, "entity requires `uid`") }
            let uid = try ValueDecoder.entityUID(uidJSON)
            guard !seen.contains(uid) else { throw EntityJSONError(.invalidJSON, "duplicate entity entry \(uid)") }
            seen.insert(uid)
            var parents: Set<EntityUID> = []
            guard case .array(let ps)? = item["parents"] else {
                throw EntityJSONError(.invalidJSON, "entity \(uid) requires a `parents` array")
            }
            for p in ps { parents.insert(try ValueDecoder.entityUID(p)) }
            var attrs: [CedarString: Value] = [:]
            var tags: [CedarString: Value] = [:]
            guard let attrsJSON = item["attrs"] else { throw EntityJSONError(.invalidJSON, "entity \(uid) requires `attrs`") }
            let tagsJSON = item["tags"]
            if let schema {
                if let def = schema.actions[uid] {
                    // Action entities come from the schema; a listed one must agree with it.
                    // Rust requires the listed parents to be exactly the transitive ancestors.
                    if parents != (schema.actionAncestors[def.uid] ?? []) || attrsJSON.objectMembers?.isEmpty == false {
                        throw EntityJSONError(.actionMismatch, "action \(uid) in the entity data does not match its schema declaration")
                    }
                    continue
                }
                guard let def = schema.entityTypes[uid.type] else {
                    if uid.isAction { throw EntityJSONError(.undeclaredType, "action \(uid) is not declared in the schema") }
                    throw EntityJSONError(.undeclaredType, "entity type `\(uid.type)` is not declared in the schema")
                }
                if let ids = def.enumIDs, !ids.contains(uid.id) {
                    throw EntityJSONError(.invalidEnum, "entity \(uid) is not one of the enumerated ids")
                }
                attrs = try ValueDecoder.decodeRecord(attrsJSON, def.shape, depth: 0)
                for p in parents where !def.memberOfTypes.contains(p.type) {
                    throw EntityJSONError(.invalidParent, "entity \(uid) cannot have a parent of type `\(p.type)`")
                }
                if let tagsJSON, case .object(let members) = tagsJSON {
                    if !members.isEmpty {
                        guard let tt = def.tags else { throw EntityJSONError(.invalidTags, "entity \(uid) cannot have tags") }
                        for (k, v) in members {
                            if tags[CedarString(k)] != nil { throw EntityJSONError(.invalidJSON, "duplicate tag `\(k)`") }
                            tags[CedarString(k)] = try ValueDecoder.decodeTyped(v, tt, depth: 1)
                        }
                    }
                }
            } else {
                guard case .record(let r) = try ValueDecoder.decode(attrsJSON, nil, depth: 0) else {
                    throw EntityJSONError(.invalidJSON, "`attrs` must be an object")
                }
                attrs = r
                if let tagsJSON {
                    guard case .object(let members) = tagsJSON else { throw EntityJSONError(.invalidJSON, "`tags` must be an object") }
                    for (k, v) in members {
                        if tags[CedarString(k)] != nil { throw EntityJSONError(.invalidJSON, "duplicate tag `\(k)`") }
                        tags[CedarString(k)] = try ValueDecoder.decode(v, nil, depth: 1)
                    }
                }
            }
            list.append(Entity(uid: uid, attrs: attrs, parents: parents, tags: tags))
        }
        if let schema { list.append(contentsOf: schema.actionEntities) }
        self.init(list)
    }
}

/// Helpers to build request contexts from JSON.
public enum ContextJSON {
    /// Parses a context object; with a schema, it is typed by the action's declared context.
    public static func parse(_ json: JSONValue, schema: Schema?, action: EntityUID) throws(EntityJSONError) -> [CedarString: Value] {
        if let schema, let def = schema.actions[action] {
            return try ValueDecoder.decodeRecord(json, def.context, depth: 0)
        }
        guard case .record(let r) = try ValueDecoder.decode(json, nil, depth: 0) else {
            throw EntityJSONError(.invalidJSON, "context must be a JSON object")
        }
        return r
    }

    /// Parses a context from JSON text.
    public static func parse(_ text: String, schema: Schema?, action: EntityUID) throws(EntityJSONError) -> [CedarString: Value] {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw EntityJSONError(.invalidJSON, "invalid JSON: \(error)") }
        return try parse(json, schema: schema, action: action)
    }
}
