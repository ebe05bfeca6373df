/// Decodes Cedar values from JSON, optionally directed by a schema type.
enum ValueDecoder {
    static func entityUID(_ json: JSONValue) throws(EntityJSONError) -> EntityUID {
        var obj = json
        if let inner = json["__entity"] { obj = inner }
        guard case .object = obj, let t = obj["type"]?.stringValue, let id = obj["id"]?.stringValue else {
            throw EntityJSONError(.invalidJSON, "expected an entity reference `{\"type\": ..., \"id\": ...}`")
        }
        return EntityUID(type: CedarString(t), id: CedarString(id))
    }

    static func extensionValue(_ body: JSONValue) throws(EntityJSONError) -> Value {
        guard let fn = body["fn"]?.stringValue else { throw EntityJSONError(.invalidExtension, "`__extn` requires `fn`") }
        // The common form, a constructor on a string: parse the string in place.
        if case .string(let literal)? = body["arg"], let f = ExtensionFunction(rawValue: fn), f.isConstructor {
            do {
                return .ext(try f.constructing(literal))
            } catch {
                throw EntityJSONError(.invalidExtension, "invalid extension value: \(error.message)")
            }
        }
        var args: [Value] = []
        if let arg = body["arg"] {
            args = [try decode(arg, nil, depth: 1)]
        } else if case .array(let items)? = body["args"] {
            for a in items { args.append(try decode(a, nil, depth: 1)) }
        } else {
            throw EntityJSONError(.invalidExtension, "`__extn` requires `arg` or `args`")
        }
        do {
            return try ExtensionFunctions.call(fn, args)
        } catch {
            throw EntityJSONError(.invalidExtension, "invalid extension value: \(error.message)")
        }
    }

    /// Decodes a value. With `expected` set, bare strings become extension values and
    /// `{"type","id"}` becomes an entity reference, and the value must conform to the type.
    static func decode(_ json: JSONValue, _ expected: SchemaType?, depth: Int) throws(EntityJSONError) -> Value {
        guard depth < 200 else { throw EntityJSONError(.invalidJSON, "value nesting too deep") }
        if let expected { return try decodeTyped(json, expected, depth: depth) }
        switch json {
        case .bool(let b): return .bool(b)
        case .int(let i): return .long(i)
        case .number(let s): throw EntityJSONError(.invalidJSON, "number `\(s)` is not a 64-bit integer")
        case .null: throw EntityJSONError(.invalidJSON, "null is not a Cedar value")
        case .string(let s): return .string(CedarString(s))
        case .array(let items):
            var set = Set<Value>()
            for i in items { set.insert(try decode(i, nil, depth: depth + 1)) }
            return .set(set)
        case .object(let members):
            if members.count == 1 {
                if members[0].0 == "__entity" { return .entity(try entityUID(json)) }
                if members[0].0 == "__extn" { return try extensionValue(members[0].1) }
            }
            var r: [CedarString: Value] = [:]
            for (k, v) in members {
                let key = CedarString(k)
                if r[key] != nil { throw EntityJSONError(.invalidJSON, "duplicate key `\(k)` in record") }
                r[key] = try decode(v, nil, depth: depth + 1)
            }
            return .record(r)
        }
    }

    static func decodeTyped(_ json: JSONValue, _ type: SchemaType, depth: Int) throws(EntityJSONError) -> Value {
        switch type {
        case .bool:
            guard case .bool(let b) = json else { throw mismatch("Bool", json) }
            return .bool(b)
        case .long:
            guard case .int(let i) = json else { throw mismatch("Long", json) }
            return .long(i)
        case .string:
            guard case .string(let s) = json else { throw mismatch("String", json) }
            return .string(CedarString(s))
        case .entity(let t):
            let uid = try entityUID(json)
            guard uid.type == t else {
                throw EntityJSONError(.typeMismatch, "expected an entity of type `\(t)`, got `\(uid.type)`")
            }
            return .entity(uid)
        case .set(let inner):
            guard case .array(let items) = json else { throw mismatch("Set", json) }
            var set = Set<Value>()
            for i in items { set.insert(try decodeTyped(i, inner, depth: depth + 1)) }
            return .set(set)
        case .record(let rt):
            return .record(try decodeRecord(json, rt, depth: depth))
        case .ext(let name):
            let v: Value
            if case .string(let s) = json {
                let fn = name == "ipaddr" ? "ip" : name
                guard let e = ExtensionFunctions.construct(fn, s) else {
                    throw EntityJSONError(.invalidExtension, "invalid \(name) literal `\(s)`")
                }
                v = .ext(e)
            } else if let body = json["__extn"] {
                v = try extensionValue(body)
            } else {
                throw mismatch(name, json)
            }
            guard case .ext(let e) = v, e.typeName == name else { throw EntityJSONError(.typeMismatch, "expected \(name), got \(v.typeName)") }
            return v
        }
    }

    static func decodeRecord(_ json: JSONValue, _ rt: RecordType, depth: Int) throws(EntityJSONError) -> [CedarString: Value] {
        guard case .object(let members) = json else { throw mismatch("record", json) }
        let layout = rt.layout
        var r: [CedarString: Value] = Dictionary(minimumCapacity: members.count)
        // Attributes seen so far, by position in the layout (a bit each up to 64 attributes, else the record itself).
        var seen: UInt64 = 0
        var required = 0
        for (k, v) in members {
            guard let p = layout.position(of: k) else {
                throw EntityJSONError(.unknownAttribute, "attribute `\(k)` is not declared in the schema")
            }
            let key = layout.names.keys[p]
            let repeated = p < 64 ? seen & (1 << UInt64(p)) != 0 : r[key] != nil
            if repeated { throw EntityJSONError(.invalidJSON, "duplicate key `\(k)` in record") }
            if p < 64 { seen |= 1 << UInt64(p) }
            let at = layout.types[p]
            if at.required { required += 1 }
            r[key] = try decodeTyped(v, at.type, depth: depth + 1)
        }
        if required < layout.requiredCount {
            for (p, at) in layout.types.enumerated() where at.required && r[layout.names.keys[p]] == nil {
                throw EntityJSONError(.missingAttribute, "required attribute `\(layout.names.keys[p])` is missing")
            }
        }
        return r
    }

    static func mismatch(_ expected: String, _ json: JSONValue) -> EntityJSONError {
        EntityJSONError(.typeMismatch, "type mismatch: expected \(expected), got \(json.serialized.prefix(80))")
    }
}
