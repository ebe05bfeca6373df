/// Rendering of a resolved schema in the Cedar schema syntax and the JSON schema format.
///
/// Common types have already been inlined by resolution and annotations are not kept, so the
/// output is an equivalent schema rather than a copy of the source. Type references are fully
/// qualified (`__cedar::Long`, `NS::User`) so that they resolve identically in any namespace.
extension Schema {
    static func split(_ name: EntityTypeName) -> (ns: String, base: String) {
        let parts = name.value.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard let base = parts.last else { return ("", name.value) }
        return (parts.dropLast().joined(separator: "::"), base)
    }

    var namespaceNames: [String] {
        var names = Set(entityTypes.keys.map { Schema.split($0).ns })
        for a in actions.keys { names.insert(Schema.split(a.type).ns) }
        return names.sorted()
    }

    static func quoted(_ s: String) -> String { "\"\(escapeCedarString(s))\"" }

    static func attrName(_ s: String) -> String { PolicyFormatter.isIdentifier(s) ? s : quoted(s) }

    static func cedarType(_ t: SchemaType, _ indent: String) -> String {
        switch t {
        case .bool: return "__cedar::Bool"
        case .long: return "__cedar::Long"
        case .string: return "__cedar::String"
        case .ext(let n): return "__cedar::\(n)"
        case .entity(let n): return n.value
        case .set(let e): return "Set<\(cedarType(e, indent))>"
        case .record(let r): return cedarRecord(r, indent)
        }
    }

    static func cedarRecord(_ r: RecordType, _ indent: String) -> String {
        if r.attributes.isEmpty { return "{}" }
        let inner = indent + "  "
        let fields = r.attributes.sorted { $0.key < $1.key }.map {
            "\(inner)\(attrName($0.key.value))\($0.value.required ? "" : "?"): \(cedarType($0.value.type, inner))"
        }
        return "{\n" + fields.joined(separator: ",\n") + "\n\(indent)}"
    }

    /// The schema in the Cedar schema syntax.
    public var cedarText: String {
        var blocks: [String] = []
        for ns in namespaceNames {
            let indent = ns.isEmpty ? "" : "  "
            var decls: [String] = []
            for (name, def) in entityTypes.sorted(by: { $0.key < $1.key }) where Schema.split(name).ns == ns {
                let base = Schema.split(name).base
                if let ids = def.enumIDs {
                    decls.append("\(indent)entity \(base) enum [\(ids.map { Schema.quoted($0.value) }.joined(separator: ", "))];")
                    continue
                }
                var d = "\(indent)entity \(base)"
                if !def.memberOfTypes.isEmpty { d += " in [\(def.memberOfTypes.map(\.value).joined(separator: ", "))]" }
                if !def.shape.attributes.isEmpty { d += " = " + Schema.cedarRecord(def.shape, indent) }
                if let t = def.tags { d += " tags " + Schema.cedarType(t, indent) }
                decls.append(d + ";")
            }
            for (uid, def) in actions.sorted(by: { $0.key.id < $1.key.id }) where Schema.split(uid.type).ns == ns {
                var d = "\(indent)action \(Schema.quoted(uid.id.value))"
                if !def.memberOf.isEmpty {
                    d += " in [" + def.memberOf.map { "\($0.type.value)::\(Schema.quoted($0.id.value))" }.joined(separator: ", ") + "]"
                }
                if !def.principalTypes.isEmpty && !def.resourceTypes.isEmpty {
                    let inner = indent + "  "
                    d += " appliesTo {\n\(inner)principal: [\(def.principalTypes.map(\.value).joined(separator: ", "))],\n"
                    d += "\(inner)resource: [\(def.resourceTypes.map(\.value).joined(separator: ", "))],\n"
                    d += "\(inner)context: \(Schema.cedarRecord(def.context, inner))\n\(indent)}"
                }
                decls.append(d + ";")
            }
            blocks.append(ns.isEmpty ? decls.joined(separator: "\n") : "namespace \(ns) {\n" + decls.joined(separator: "\n") + "\n}")
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    static func jsonType(_ t: SchemaType) -> JSONValue {
        switch t {
        case .bool: return .object([("type", .string("Boolean"))])
        case .long: return .object([("type", .string("Long"))])
        case .string: return .object([("type", .string("String"))])
        case .ext(let n): return .object([("type", .string("Extension")), ("name", .string(n))])
        case .entity(let n): return .object([("type", .string("Entity")), ("name", .string(n.value))])
        case .set(let e): return .object([("type", .string("Set")), ("element", jsonType(e))])
        case .record(let r): return jsonRecord(r)
        }
    }

    static func jsonRecord(_ r: RecordType) -> JSONValue {
        let attrs: [(String, JSONValue)] = r.attributes.sorted { $0.key < $1.key }.map { k, a in
            guard case .object(var members) = jsonType(a.type) else { return (k.value, jsonType(a.type)) }
            if !a.required { members.append(("required", .bool(false))) }
            return (k.value, .object(members))
        }
        return .object([("type", .string("Record")), ("attributes", .object(attrs))])
    }

    /// The schema in the JSON schema format.
    public var json: JSONValue {
        var namespaces: [(String, JSONValue)] = []
        for ns in namespaceNames {
            var ets: [(String, JSONValue)] = []
            for (name, def) in entityTypes.sorted(by: { $0.key < $1.key }) where Schema.split(name).ns == ns {
                if let ids = def.enumIDs {
                    ets.append((Schema.split(name).base, .object([("enum", .array(ids.map { .string($0.value) }))])))
                    continue
                }
                var m: [(String, JSONValue)] = [
                    ("memberOfTypes", .array(def.memberOfTypes.map { .string($0.value) })),
                    ("shape", Schema.jsonRecord(def.shape)),
                ]
                if let t = def.tags { m.append(("tags", Schema.jsonType(t))) }
                ets.append((Schema.split(name).base, .object(m)))
            }
            var acts: [(String, JSONValue)] = []
            for (uid, def) in actions.sorted(by: { $0.key.id < $1.key.id }) where Schema.split(uid.type).ns == ns {
                var m: [(String, JSONValue)] = []
                if !def.memberOf.isEmpty {
                    m.append(
                        (
                            "memberOf",
                            .array(
                                def.memberOf.map {
                                    .object([("id", .string($0.id.value)), ("type", .string($0.type.value))])
                                })
                        ))
                }
                if !def.principalTypes.isEmpty && !def.resourceTypes.isEmpty {
                    m.append(
                        (
                            "appliesTo",
                            .object([
                                ("principalTypes", .array(def.principalTypes.map { .string($0.value) })),
                                ("resourceTypes", .array(def.resourceTypes.map { .string($0.value) })),
                                ("context", Schema.jsonRecord(def.context)),
                            ])
                        ))
                }
                acts.append((uid.id.value, .object(m)))
            }
            namespaces.append((ns, .object([("entityTypes", .object(ets)), ("actions", .object(acts))])))
        }
        return .object(namespaces)
    }
}
