/// Parsing of the Cedar JSON schema format into the same declarations as the Cedar syntax.
extension Schema {
    /// Parses a schema in the JSON schema format.
    public init(jsonSchema text: String) throws(SchemaError) {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw SchemaError(.syntax, "invalid JSON: \(error)") }
        self = try SchemaResolver.resolve(try SchemaJSONReader.namespaces(root))
    }
}

enum SchemaJSONReader {
    typealias Raw = SchemaParser

    static func namespaces(_ root: JSONValue) throws(SchemaError) -> [Raw.RawNamespace] {
        guard case .object(let nss) = root else { throw SchemaError(.syntax, "a JSON schema must be an object of namespaces") }
        var result: [Raw.RawNamespace] = [Raw.RawNamespace(path: [])]
        for (name, body) in nss {
            let path = name.isEmpty ? [] : name.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
            var ns = Raw.RawNamespace(path: path)
            if case .object(let cts)? = body["commonTypes"] {
                for (n, t) in cts { ns.commonTypes.append((n, try type(t, 0))) }
            }
            if case .object(let ets)? = body["entityTypes"] {
                for (n, e) in ets { ns.entities.append(try entity(n, e)) }
            } else {
                throw SchemaError(.syntax, "namespace `\(name)` requires `entityTypes`")
            }
            if case .object(let acts)? = body["actions"] {
                for (n, a) in acts { ns.actions.append(try action(n, a)) }
            } else {
                throw SchemaError(.syntax, "namespace `\(name)` requires `actions`")
            }
            if path.isEmpty {
                result[0].commonTypes.append(contentsOf: ns.commonTypes)
                result[0].entities.append(contentsOf: ns.entities)
                result[0].actions.append(contentsOf: ns.actions)
            } else {
                result.append(ns)
            }
        }
        return result
    }

    static func path(_ s: String) -> [String] { s.split(separator: "::", omittingEmptySubsequences: false).map(String.init) }

    static func entity(_ name: String, _ e: JSONValue) throws(SchemaError) -> Raw.RawEntity {
        if case .array(let ids)? = e["enum"] {
            return Raw.RawEntity(names: [name], memberOf: [], shape: [], tags: nil, enumIDs: ids.compactMap { $0.stringValue })
        }
        var memberOf: [[String]] = []
        if case .array(let ms)? = e["memberOfTypes"] { memberOf = ms.compactMap { $0.stringValue }.map(path) }
        var shape: [Raw.RawAttr] = []
        if let s = e["shape"] {
            guard case .record(let attrs) = try type(s, 0) else { throw SchemaError(.invalidDeclaration, "entity shape must be a record") }
            shape = attrs
        }
        var tags: Raw.RawType?
        if let t = e["tags"] { tags = try type(t, 0) }
        return Raw.RawEntity(names: [name], memberOf: memberOf, shape: shape, tags: tags, enumIDs: nil)
    }

    static func action(_ name: String, _ a: JSONValue) throws(SchemaError) -> Raw.RawAction {
        var memberOf: [Raw.RawActionRef] = []
        if case .array(let ms)? = a["memberOf"] {
            for m in ms {
                guard let id = m["id"]?.stringValue else { throw SchemaError(.invalidDeclaration, "action `memberOf` entries require `id`") }
                memberOf.append(Raw.RawActionRef(path: m["type"]?.stringValue.map(path), name: id))
            }
        }
        guard let applies = a["appliesTo"], applies != .null else {
            return Raw.RawAction(names: [name], memberOf: memberOf, principals: nil, resources: nil, context: nil, hasAppliesTo: false)
        }
        func types(_ k: String) -> [[String]] {
            guard case .array(let xs)? = applies[k] else { return [] }
            return xs.compactMap { $0.stringValue }.map(path)
        }
        var context: Raw.RawType?
        if let c = applies["context"] { context = try type(c, 0) }
        return Raw.RawAction(
            names: [name], memberOf: memberOf, principals: types("principalTypes"),
            resources: types("resourceTypes"), context: context, hasAppliesTo: true)
    }

    static func type(_ t: JSONValue, _ depth: Int) throws(SchemaError) -> Raw.RawType {
        guard depth < 64 else { throw SchemaError(.syntax, "type nesting too deep") }
        guard let kind = t["type"]?.stringValue else { throw SchemaError(.syntax, "a type requires a `type` field") }
        switch kind {
        case "Long": return .path(["__cedar", "Long"])
        case "String": return .path(["__cedar", "String"])
        case "Boolean": return .path(["__cedar", "Bool"])
        case "Set":
            guard let e = t["element"] else { throw SchemaError(.syntax, "`Set` requires `element`") }
            return .set(try type(e, depth + 1))
        case "Record":
            var attrs: [Raw.RawAttr] = []
            if case .object(let ms)? = t["attributes"] {
                for (n, at) in ms {
                    var required = true
                    if case .bool(let r)? = at["required"] { required = r }
                    attrs.append(Raw.RawAttr(name: n, required: required, type: try type(at, depth + 1)))
                }
            }
            return .record(attrs)
        case "Entity", "EntityOrCommon":
            guard let n = t["name"]?.stringValue else { throw SchemaError(.syntax, "`\(kind)` requires `name`") }
            return .path(path(n))
        case "Extension":
            guard let n = t["name"]?.stringValue else { throw SchemaError(.syntax, "`Extension` requires `name`") }
            return .path(["__cedar", n])
        default:
            return .path(path(kind))
        }
    }
}
