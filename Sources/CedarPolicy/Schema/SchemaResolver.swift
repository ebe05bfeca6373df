/// Resolves raw schema declarations into a `Schema` (name resolution, common types, actions).
enum SchemaResolver {
    static let builtins: [String: SchemaType] = [
        "Long": .long, "String": .string, "Bool": .bool,
        "ipaddr": .ext("ipaddr"), "decimal": .ext("decimal"), "datetime": .ext("datetime"), "duration": .ext("duration"),
    ]

    static let reservedTypeNames: Set<String> = [
        "Bool", "Boolean", "Entity", "EntityOrCommon", "Extension", "Long", "Record", "Set", "String",
    ]

    struct Context {
        var commonTypes: [String: (ns: [String], type: SchemaParser.RawType)] = [:]
        var entityNames: Set<String> = []
    }

    static func qualify(_ ns: [String], _ name: String) -> String {
        ns.isEmpty ? name : ns.joined(separator: "::") + "::" + name
    }

    static func resolve(_ namespaces: [SchemaParser.RawNamespace]) throws(SchemaError) -> Schema {
        var ctx = Context()
        var seenNamespaces: Set<[String]> = []
        for ns in namespaces where !ns.path.isEmpty {
            if !seenNamespaces.insert(ns.path).inserted {
                throw SchemaError(.duplicate, "duplicate namespace `\(ns.path.joined(separator: "::"))`")
            }
        }
        let rootNames = Set(
            (namespaces.first { $0.path.isEmpty }?.commonTypes.map { $0.0 } ?? [])
                + (namespaces.first { $0.path.isEmpty }?.entities.flatMap { $0.names } ?? []))
        for ns in namespaces where !ns.path.isEmpty {
            for n in ns.commonTypes.map({ $0.0 }) + ns.entities.flatMap({ $0.names }) where rootNames.contains(n) {
                throw SchemaError(.shadowing, "definition of `\(qualify(ns.path, n))` illegally shadows the existing definition of `\(n)`")
            }
        }
        for ns in namespaces {
            for n in ns.commonTypes.map({ $0.0 }) + ns.entities.flatMap({ $0.names }) where n.contains("__cedar") {
                throw SchemaError(.reserved, "use of the reserved `__cedar` namespace in `\(n)`")
            }
            for n in ns.entities.flatMap({ $0.names }) where n == "Action" {
                throw SchemaError(.reserved, "entity type `Action` cannot be declared")
            }
            for (n, _) in ns.commonTypes where reservedTypeNames.contains(n) {
                throw SchemaError(.reserved, "`\(n)` is a reserved schema keyword")
            }
        }
        for ns in namespaces {
            if ns.path.contains(where: { $0.contains("__cedar") }) { throw SchemaError(.reserved, "`__cedar` is a reserved namespace") }
            for (n, t) in ns.commonTypes {
                let full = qualify(ns.path, n)
                if ctx.commonTypes[full] != nil { throw SchemaError(.duplicate, "duplicate common type `\(full)`") }
                ctx.commonTypes[full] = (ns.path, t)
            }
            for e in ns.entities {
                for n in e.names {
                    let full = qualify(ns.path, n)
                    if ctx.entityNames.contains(full) { throw SchemaError(.duplicate, "duplicate entity type `\(full)`") }
                    ctx.entityNames.insert(full)
                }
            }
        }
        // Every common type must resolve (this also rejects cycles).
        for (_, c) in ctx.commonTypes { _ = try resolveType(c.type, c.ns, ctx, 0) }
        var schema = Schema()
        for ns in namespaces {
            for e in ns.entities {
                var memberOf: [EntityTypeName] = []
                for p in e.memberOf { memberOf.append(CedarString(try entityRef(p, ns.path, ctx))) }
                var attributes: [CedarString: AttributeType] = [:]
                for a in e.shape {
                    let key = CedarString(a.name)
                    attributes[key] = AttributeType(type: try resolveType(a.type, ns.path, ctx, 0), required: a.required)
                }
                let shape = RecordType(attributes: attributes)
                var tags: SchemaType?
                if let t = e.tags { tags = try resolveType(t, ns.path, ctx, 0) }
                var enumIDs: [CedarString]?
                if let ids = e.enumIDs {
                    if ids.isEmpty { throw SchemaError(.invalidDeclaration, "enumerated entity type must have at least one id") }
                    enumIDs = ids.map { CedarString($0) }
                }
                for n in e.names {
                    let full = CedarString(qualify(ns.path, n))
                    schema.entityTypes[full] = EntityTypeDef(
                        name: full, memberOfTypes: memberOf, shape: shape,
                        tags: tags, enumIDs: enumIDs)
                }
            }
        }
        // Actions.
        var declared: Set<EntityUID> = []
        for ns in namespaces {
            let actionType = CedarString(qualify(ns.path, "Action"))
            for a in ns.actions {
                for n in a.names {
                    let uid = EntityUID(type: actionType, id: CedarString(n))
                    if declared.contains(uid) { throw SchemaError(.duplicate, "duplicate action `\(uid)`") }
                    declared.insert(uid)
                }
            }
        }
        for ns in namespaces {
            let actionType = CedarString(qualify(ns.path, "Action"))
            for a in ns.actions {
                var memberOf: [EntityUID] = []
                for r in a.memberOf {
                    var uid: EntityUID
                    if let p = r.path {
                        let joined = p.joined(separator: "::")
                        uid = EntityUID(type: CedarString(joined), id: CedarString(r.name))
                        let qualified = EntityUID(type: CedarString(qualify(ns.path, joined)), id: CedarString(r.name))
                        if !declared.contains(uid) && declared.contains(qualified) { uid = qualified }
                    } else {
                        uid = EntityUID(type: actionType, id: CedarString(r.name))
                    }
                    guard declared.contains(uid) else { throw SchemaError(.unknownName, "undeclared action group `\(uid)`") }
                    memberOf.append(uid)
                }
                var principals: [EntityTypeName] = []
                for p in a.principals ?? [] { principals.append(CedarString(try entityRef(p, ns.path, ctx))) }
                var resources: [EntityTypeName] = []
                for p in a.resources ?? [] { resources.append(CedarString(try entityRef(p, ns.path, ctx))) }
                var context = RecordType()
                if let c = a.context {
                    guard case .record(let r) = try resolveType(c, ns.path, ctx, 0) else {
                        throw SchemaError(.invalidDeclaration, "action context must be a record type")
                    }
                    context = r
                }
                for n in a.names {
                    let uid = EntityUID(type: actionType, id: CedarString(n))
                    schema.actions[uid] = ActionDef(
                        uid: uid, memberOf: memberOf, principalTypes: principals,
                        resourceTypes: resources, context: context)
                }
            }
        }
        for name in schema.entityTypes.keys { schema.entityDescendants[name] = schema.computeEntityTypesIn(name) }
        // Action group closure; cycles are an error.
        for uid in schema.actions.keys {
            var seen: Set<EntityUID> = []
            var stack = schema.actions[uid]?.memberOf ?? []
            while let n = stack.popLast() {
                if n == uid { throw SchemaError(.cycle, "cycle in action hierarchy at `\(uid)`") }
                if seen.insert(n).inserted { stack.append(contentsOf: schema.actions[n]?.memberOf ?? []) }
            }
            schema.actionAncestors[uid] = seen
        }
        return schema
    }

    static func entityRef(_ p: [String], _ ns: [String], _ ctx: Context) throws(SchemaError) -> String {
        let joined = p.joined(separator: "::")
        if p.count == 1 {
            let q = qualify(ns, joined)
            if ctx.entityNames.contains(q) { return q }
        }
        if ctx.entityNames.contains(joined) { return joined }
        throw SchemaError(.unknownName, "undeclared entity type `\(joined)`")
    }

    static func resolveType(_ t: SchemaParser.RawType, _ ns: [String], _ ctx: Context, _ depth: Int) throws(SchemaError) -> SchemaType {
        guard depth < 64 else { throw SchemaError(.cycle, "common type definitions are cyclic or too deep") }
        switch t {
        case .set(let inner): return .set(try resolveType(inner, ns, ctx, depth + 1))
        case .record(let attrs):
            var attributes: [CedarString: AttributeType] = [:]
            for a in attrs {
                let key = CedarString(a.name)
                attributes[key] = AttributeType(type: try resolveType(a.type, ns, ctx, depth + 1), required: a.required)
            }
            return .record(RecordType(attributes: attributes))
        case .path(let p):
            let joined = p.joined(separator: "::")
            if p.count == 1 {
                let q = qualify(ns, joined)
                if let c = ctx.commonTypes[q] { return try resolveType(c.type, c.ns, ctx, depth + 1) }
                if ctx.entityNames.contains(q) { return .entity(CedarString(q)) }
                if let c = ctx.commonTypes[joined] { return try resolveType(c.type, c.ns, ctx, depth + 1) }
                if ctx.entityNames.contains(joined) { return .entity(CedarString(joined)) }
                if let b = builtins[joined] { return b }
                throw SchemaError(.unknownName, "unknown type `\(joined)`")
            }
            if p.count == 2 && p[0] == "__cedar", let b = builtins[p[1]] { return b }
            if let c = ctx.commonTypes[joined] { return try resolveType(c.type, c.ns, ctx, depth + 1) }
            if ctx.entityNames.contains(joined) { return .entity(CedarString(joined)) }
            throw SchemaError(.unknownName, "unknown type `\(joined)`")
        }
    }
}
