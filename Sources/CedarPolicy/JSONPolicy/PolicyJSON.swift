/// The Cedar JSON policy format (EST) for policies and policy sets.
extension Policy {
    /// The EST JSON form of this policy (without its id).
    public var json: JSONValue {
        func ref(_ r: EntityReference) -> (String, JSONValue) {
            switch r {
            case .entity(let u): return ("entity", ExprJSON.entityJSON(u))
            case .slot(let s): return ("slot", .string(s.rawValue))
            }
        }
        func scope(_ c: ScopeConstraint) -> JSONValue {
            switch c {
            case .any: return .object([("op", .string("All"))])
            case .eq(let r): return .object([("op", .string("==")), ref(r)])
            case .in(let r): return .object([("op", .string("in")), ref(r)])
            case .isType(let t): return .object([("op", .string("is")), ("entity_type", .string(t.value))])
            case .isTypeIn(let t, let r):
                return .object([("op", .string("is")), ("entity_type", .string(t.value)), ("in", .object([ref(r)]))])
            }
        }
        let action: JSONValue
        switch self.action {
        case .any: action = .object([("op", .string("All"))])
        case .eq(let u): action = .object([("op", .string("==")), ("entity", ExprJSON.entityJSON(u))])
        case .inEntity(let u): action = .object([("op", .string("in")), ("entity", ExprJSON.entityJSON(u))])
        case .in(let us) where us.count == 1:
            action = .object([("op", .string("in")), ("entity", ExprJSON.entityJSON(us[0]))])
        case .in(let us): action = .object([("op", .string("in")), ("entities", .array(us.map(ExprJSON.entityJSON)))])
        }
        var members: [(String, JSONValue)] = [
            ("effect", .string(effect.rawValue)), ("principal", scope(principal)), ("action", action),
            ("resource", scope(resource)),
            (
                "conditions",
                .array(
                    conditions.map {
                        .object([("kind", .string($0.isWhen ? "when" : "unless")), ("body", ExprJSON.toJSON($0.body))])
                    })
            ),
        ]
        if !annotationList.isEmpty {
            members.append(("annotations", .object(annotationList.map { ($0.key, $0.value.map { .string($0) } ?? .null) })))
        }
        return .object(members)
    }

    /// Parses a policy from its EST JSON form.
    public init(json: JSONValue, id: String) throws(ParseError) {
        func entity(_ j: JSONValue) throws(ParseError) -> EntityUID {
            do { return try ValueDecoder.entityUID(j) } catch { throw ExprJSON.fail(error.message) }
        }
        func ref(_ j: JSONValue, _ v: Var) throws(ParseError) -> EntityReference {
            if let s = j["slot"]?.stringValue {
                guard let slot = SlotID(rawValue: s), slot.rawValue == "?" + v.rawValue else {
                    throw ExprJSON.fail("invalid slot `\(s)` in the \(v.rawValue) scope")
                }
                return .slot(slot)
            }
            return .entity(try entity(try ExprJSON.field(j, "entity")))
        }
        func scope(_ j: JSONValue, _ v: Var) throws(ParseError) -> ScopeConstraint {
            switch try ExprJSON.string(j, "op") {
            case "All": return .any
            case "==": return .eq(try ref(j, v))
            case "in": return .in(try ref(j, v))
            case "is":
                let t = CedarString(try ExprJSON.string(j, "entity_type"))
                if let i = j["in"] { return .isTypeIn(t, try ref(i, v)) }
                return .isType(t)
            case let op: throw ExprJSON.fail("invalid scope operator `\(op)`")
            }
        }
        guard let effectText = json["effect"]?.stringValue, let effect = Effect(rawValue: effectText) else {
            throw ExprJSON.fail("`effect` must be \"permit\" or \"forbid\"")
        }
        let aj = try ExprJSON.field(json, "action")
        let action: ActionConstraint
        switch try ExprJSON.string(aj, "op") {
        case "All": action = .any
        case "==": action = .eq(try entity(try ExprJSON.field(aj, "entity")))
        case "in":
            if case .array(let items)? = aj["entities"] {
                var list: [EntityUID] = []
                for i in items { list.append(try entity(i)) }
                action = .in(list)
            } else {
                action = .inEntity(try entity(try ExprJSON.field(aj, "entity")))
            }
        case let op: throw ExprJSON.fail("invalid action scope operator `\(op)`")
        }
        var conditions: [Condition] = []
        if case .array(let cs)? = json["conditions"] {
            for c in cs {
                let kind = try ExprJSON.string(c, "kind")
                guard kind == "when" || kind == "unless" else { throw ExprJSON.fail("condition kind must be when or unless") }
                conditions.append(Condition(isWhen: kind == "when", body: try ExprJSON.fromJSON(try ExprJSON.field(c, "body"))))
            }
        }
        var annotations: [(key: String, value: String?)] = []
        if case .object(let members)? = json["annotations"] {
            for (k, v) in members { annotations.append((k, v.stringValue)) }
        }
        self.init(
            id: id, effect: effect, principal: try scope(try ExprJSON.field(json, "principal"), .principal),
            action: action, resource: try scope(try ExprJSON.field(json, "resource"), .resource),
            conditions: conditions, annotations: annotations)
    }
}

extension PolicySet {
    /// The EST JSON form: `{"staticPolicies", "templates", "templateLinks"}`.
    public var json: JSONValue {
        let links: [JSONValue] = self.links.map { l in
            .object([
                ("templateId", .string(l.templateID)), ("newId", .string(l.newID)),
                ("values", .object(l.values.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, ExprJSON.entityJSON($0.value)) })),
            ])
        }
        return .object([
            ("staticPolicies", .object(staticPolicies.map { ($0.id, $0.json) })),
            ("templates", .object(templates.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
            ("templateLinks", .array(links)),
        ])
    }

    /// Parses a policy set from EST JSON text.
    public init(jsonText: String) throws(ParseError) {
        try self.init(json: try JSONParser.parse(jsonText))
    }

    /// Parses a policy set from EST JSON.
    public init(json: JSONValue) throws(ParseError) {
        self.init()
        if case .object(let ps)? = json["staticPolicies"] {
            for (id, pj) in ps { add(try Policy(json: pj, id: id)) }
        }
        if case .object(let ts)? = json["templates"] {
            for (id, tj) in ts { addTemplate(try Policy(json: tj, id: id)) }
        }
        if case .array(let ls)? = json["templateLinks"] {
            for l in ls {
                var values: [SlotID: EntityUID] = [:]
                if case .object(let vs)? = l["values"] {
                    for (k, v) in vs {
                        guard let slot = SlotID(rawValue: k) else { throw ExprJSON.fail("invalid slot `\(k)`") }
                        do { values[slot] = try ValueDecoder.entityUID(v) } catch { throw ExprJSON.fail(error.message) }
                    }
                }
                let templateID = try ExprJSON.string(l, "templateId")
                let newID = try ExprJSON.string(l, "newId")
                do {
                    try link(templateID: templateID, newID: newID, values: values)
                } catch {
                    throw ExprJSON.fail(error.message)
                }
            }
        }
    }
}
