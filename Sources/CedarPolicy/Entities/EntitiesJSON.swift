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
        // Position in `list` of each non-action entity (a repeated entry must equal the first).
        var position: [EntityUID: Int] = [:]
        // Action entities listed in the data (with a schema): uid -> parents as listed.
        var listedActions: [EntityUID: Set<EntityUID>] = [:]
        for item in items {
            guard case .object = item, let uidJSON = item["uid"] else { throw EntityJSONError(.invalidJSON, "entity requires `uid`") }
            let uid = try ValueDecoder.entityUID(uidJSON)
            // Rust accepts a repeated entry when it is equal (after parsing) to the first one:
            // same attribute and tag values, same parent set; otherwise "duplicate entity entry".
            let repeated = !seen.insert(uid).inserted
            let duplicate = EntityJSONError(.invalidJSON, "duplicate entity entry \(uid)")
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
                if schema.actions[uid] != nil {
                    // Action entities come from the schema; a listed one must agree with it (checked
                    // below, once all listed actions are known).
                    // (Listed attributes or tags never match: actions have none.)
                    if attrsJSON.objectMembers?.isEmpty != true
                        || (tagsJSON != nil && tagsJSON?.objectMembers?.isEmpty != true)
                    {
                        throw EntityJSONError(.actionMismatch, "action \(uid) in the entity data does not match its schema declaration")
                    }
                    if repeated, listedActions[uid] != parents { throw duplicate }
                    listedActions[uid] = parents
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
            let entity = Entity(uid: uid, attrs: attrs, parents: parents, tags: tags)
            if repeated {
                guard let i = position[uid], list[i] == entity else { throw duplicate }
                continue
            }
            position[uid] = list.count
            list.append(entity)
        }
        if let schema {
            try Entities.checkListedActions(listedActions, schema: schema)
            list.append(contentsOf: schema.actionEntities)
        }
        self.init(list)
        // Rust rejects entity data whose parent graph has a cycle (including `a in [a]`),
        // with or without a schema. In a cycle, at least one member lists itself among its
        // computed ancestors.
        for uid in seen where self[uid]?.ancestors.contains(uid) == true {
            throw EntityJSONError(.invalidParent, "the entity hierarchy has a cycle through \(uid)")
        }
    }

    /// Rust computes the transitive closure over the entity data first and then compares each
    /// listed action's ancestors with the schema's transitive ancestors. So a listed action may
    /// give only its direct parents when those parents are themselves listed with theirs
    /// (`write in [edit]` + `edit in [view]` matches `write`'s schema ancestors `{edit, view}`),
    /// but the ancestors reachable through the *data* must equal the schema's exactly.
    static func checkListedActions(_ listed: [EntityUID: Set<EntityUID>], schema: Schema) throws(EntityJSONError) {
        for (uid, direct) in listed {
            var closure: Set<EntityUID> = []
            var stack = Array(direct)
            while let p = stack.popLast() {
                guard closure.insert(p).inserted else { continue }
                stack.append(contentsOf: listed[p] ?? [])
            }
            if closure != (schema.actionAncestors[uid] ?? []) {
                throw EntityJSONError(.actionMismatch, "action \(uid) in the entity data does not match its schema declaration")
            }
        }
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
