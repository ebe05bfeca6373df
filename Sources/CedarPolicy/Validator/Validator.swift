/// A policy validation error.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Id of the offending policy.
    public let policyID: String
    /// Stable code.
    public let code: String
    /// Human-readable sentence.
    public let message: String

    public var description: String { "\(policyID): \(message)" }
}

/// Strict-mode validator: checks policies against a schema the way Cedar's validator does
/// (unknown entity types and actions, enumerated ids, action applicability, and typechecking
/// under every request environment).
public struct Validator: Sendable {
    /// The schema policies are checked against.
    public let schema: Schema

    /// Creates a validator for a schema.
    public init(schema: Schema) { self.schema = schema }

    /// Validates every static policy and template in the set; an empty result means valid.
    public func validate(_ policies: PolicySet) -> [ValidationError] {
        var errors: [ValidationError] = []
        let linked = Set(policies.links.map(\.newID))
        for p in policies.policies where !linked.contains(p.id) { errors.append(contentsOf: validate(p)) }
        for t in policies.templates.values.sorted(by: { $0.id < $1.id }) { errors.append(contentsOf: validate(t)) }
        for l in policies.links {
            for (_, uid) in l.values.sorted(by: { $0.key.rawValue < $1.key.rawValue })
            where schema.entityTypes[uid.type] == nil && !schema.actionTypes.contains(uid.type) {
                errors.append(
                    ValidationError(
                        policyID: l.newID, code: "unrecognized_entity_type",
                        message: "unrecognized entity type `\(uid.type)` in template link"))
            }
            if let p = policies.policies.first(where: { $0.id == l.newID }), !actionApplicationPossible(p) {
                errors.append(
                    ValidationError(
                        policyID: l.newID, code: "invalid_action_application",
                        message: "no action in the schema applies to the linked principal and resource"))
            }
        }
        return errors
    }

    /// Validates one policy or template.
    public func validate(_ policy: Policy) -> [ValidationError] {
        var errors: [ValidationError] = []
        func add(_ code: String, _ msg: String) {
            let e = ValidationError(policyID: policy.id, code: code, message: msg)
            if !errors.contains(e) { errors.append(e) }
        }
        let refs = PolicyReferences(policy)
        // Rust never reports an action entity type (basename `Action`, in any namespace) as an
        // unrecognized entity type: `principal is Foo::Action` validates (it is just false), while a
        // literal `Foo::Action::"a"` is still an unrecognized action (below).
        for t in refs.entityTypes.sorted() where schema.entityTypes[t] == nil && !Schema.isActionType(t) {
            add("unrecognized_entity_type", "unrecognized entity type `\(t)`")
        }
        for u in refs.entityUIDs {
            if Schema.isActionType(u.type) {
                if schema.actions[u] == nil { add("unrecognized_action_id", "unrecognized action \(u)") }
            } else if let ids = schema.entityTypes[u.type]?.enumIDs, !ids.contains(u.id) {
                add("invalid_enum_entity", "entity \(u) is not a valid member of its enumerated type")
            }
        }
        if !actionApplicationPossible(policy) {
            add("invalid_action_application", "no action in the schema applies to the principal and resource constraints of this policy")
        }
        let cond = policy.conditionExpr
        for env in requestEnvs(policy) {
            var tc = Typechecker(schema: schema, policyID: policy.id, env: env)
            tc.checkCondition(cond)
            for m in tc.errors { add("type_error", m) }
        }
        return errors
    }

    /// All request environments from the schema, linked with possible slot types.
    func requestEnvs(_ policy: Policy) -> [RequestEnv] {
        var envs: [RequestEnv] = []
        let allTypes = schema.entityTypes.keys.sorted()
        func slotLinks(_ c: ScopeConstraint, _ varType: EntityTypeName) -> [EntityTypeName?] {
            switch c {
            case .eq(.slot): return [varType]
            case .in(.slot), .isTypeIn(_, .slot):
                return allTypes.filter { schema.entityTypesIn($0).contains(varType) } + [varType]
            default: return [nil]
            }
        }
        for (uid, def) in schema.actions.sorted(by: { $0.key.id < $1.key.id }) {
            let ctx = VType(record: def.context)
            for p in def.principalTypes {
                for r in def.resourceTypes {
                    for ps in slotLinks(policy.principal, p) {
                        for rs in slotLinks(policy.resource, r) {
                            envs.append(
                                RequestEnv(
                                    principal: p, action: uid, resource: r, context: ctx,
                                    principalSlot: ps, resourceSlot: rs))
                        }
                    }
                }
            }
        }
        return envs
    }

    func entityTypes(satisfying c: ScopeConstraint) -> Set<EntityTypeName> {
        switch c {
        case .any, .eq(.slot), .in(.slot): return Set(schema.entityTypes.keys)
        case .eq(.entity(let e)): return [e.type]
        case .in(.entity(let e)): return schema.entityTypesIn(e.type)
        case .isType(let t), .isTypeIn(let t, .slot): return schema.entityTypes[t] != nil ? [t] : []
        case .isTypeIn(let t, .entity(let e)): return schema.entityTypesIn(e.type).filter { $0 == t }
        }
    }

    func actionApplicationPossible(_ policy: Policy) -> Bool {
        let actions: [EntityUID]
        switch policy.action {
        case .any: actions = Array(schema.actions.keys)
        case .eq(let e): actions = [e]
        case .inEntity(let e): actions = Array(schema.actionsIn([e]) ?? [])
        case .in(let es): actions = Array(schema.actionsIn(es) ?? [])
        }
        let principals = entityTypes(satisfying: policy.principal)
        let resources = entityTypes(satisfying: policy.resource)
        return actions.contains { a in
            guard let def = schema.actions[a] else { return false }
            return !principals.isDisjoint(with: def.principalTypes) && !resources.isDisjoint(with: def.resourceTypes)
        }
    }
}

/// Entity types and entity literals mentioned by a policy (scope and conditions).
struct PolicyReferences {
    var entityTypes: Set<EntityTypeName> = []
    var entityUIDs: [EntityUID] = []

    init(_ p: Policy) {
        func ref(_ r: EntityReference) {
            if case .entity(let e) = r { uid(e) }
        }
        func scope(_ c: ScopeConstraint) {
            switch c {
            case .any: break
            case .eq(let r), .in(let r): ref(r)
            case .isType(let t): entityTypes.insert(t)
            case .isTypeIn(let t, let r): entityTypes.insert(t); ref(r)
            }
        }
        func uid(_ e: EntityUID) {
            entityTypes.insert(e.type)
            if !entityUIDs.contains(e) { entityUIDs.append(e) }
        }
        scope(p.principal)
        scope(p.resource)
        switch p.action {
        case .any: break
        case .eq(let e), .inEntity(let e): uid(e)
        case .in(let es): es.forEach(uid)
        }
        var stack = p.conditions.map { $0.body }
        while let e = stack.popLast() {
            switch e {
            case .lit(.entity(let u)): uid(u)
            case .lit, .variable, .slot: break
            case .ite(let a, let b, let c): stack.append(contentsOf: [a, b, c])
            case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b): stack.append(contentsOf: [a, b])
            case .not(let a), .neg(let a), .getAttr(let a, _), .hasAttr(let a, _), .like(let a, _), .isEmpty(let a):
                stack.append(a)
            case .isType(let a, let t): entityTypes.insert(t); stack.append(a)
            case .set(let items), .call(_, let items): stack.append(contentsOf: items)
            case .record(let fields): stack.append(contentsOf: fields.map { $0.value })
            }
        }
    }
}
