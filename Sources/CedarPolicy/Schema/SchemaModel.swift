/// A resolved schema type.
public indirect enum SchemaType: Hashable, Sendable {
    case bool
    case long
    case string
    case entity(EntityTypeName)
    case set(SchemaType)
    case record(RecordType)
    /// Extension type: `ipaddr`, `decimal`, `datetime` or `duration`.
    case ext(String)
}

/// An attribute of a record or entity shape.
public struct AttributeType: Hashable, Sendable {
    /// The attribute type.
    public let type: SchemaType
    /// Whether the attribute must be present.
    public let required: Bool
    /// Creates a value.
    public init(type: SchemaType, required: Bool) {
        self.type = type
        self.required = required
    }
}

/// A record type (closed: no attributes beyond those listed).
public struct RecordType: Hashable, Sendable {
    /// Attributes by name.
    public var attributes: [CedarString: AttributeType] {
        didSet { layout = RecordLayout(attributes) }
    }
    /// `attributes` as a list, for decoding and checking records.
    private(set) var layout: RecordLayout

    /// Creates a value.
    public init(attributes: [CedarString: AttributeType] = [:]) {
        self.attributes = attributes
        layout = RecordLayout(attributes)
    }

    public static func == (lhs: RecordType, rhs: RecordType) -> Bool { lhs.attributes == rhs.attributes }

    public func hash(into hasher: inout Hasher) { hasher.combine(attributes) }
}

/// Declaration of an entity type.
public struct EntityTypeDef: Sendable {
    /// Fully qualified entity type name.
    public let name: EntityTypeName
    /// Entity types this type may have as parents.
    public var memberOfTypes: [EntityTypeName]
    /// Attributes of entities of this type.
    public var shape: RecordType
    /// Type of tag values, if the entity type has tags.
    public var tags: SchemaType?
    /// Allowed ids for enumerated entity types.
    public var enumIDs: [CedarString]?
}

/// Declaration of an action.
public struct ActionDef: Sendable {
    /// Unique identifier.
    public let uid: EntityUID
    /// Action groups this action belongs to (direct).
    public var memberOf: [EntityUID]
    /// Principal entity types the action applies to.
    public var principalTypes: [EntityTypeName]
    /// Resource entity types the action applies to.
    public var resourceTypes: [EntityTypeName]
    /// Type of the context record.
    public var context: RecordType
}

/// A schema error (malformed or inconsistent schema).
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error categories.
    public enum Code: String, Sendable {
        case syntax, unknownName = "unknown_name", duplicate, reserved, shadowing, cycle
        case invalidDeclaration = "invalid_declaration"
    }
    /// Stable error category.
    public let code: Code
    /// Human-readable sentence describing the problem.
    public let message: String
    /// Creates a schema error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code.rawValue): \(message)" }
}

/// A Cedar schema: entity types and actions.
public struct Schema: Sendable {
    /// Declared entity types by name.
    public internal(set) var entityTypes: [EntityTypeName: EntityTypeDef] = [:]
    /// Declared actions by uid.
    public internal(set) var actions: [EntityUID: ActionDef] = [:]
    /// Transitive closure of action groups (action → all ancestor actions).
    public internal(set) var actionAncestors: [EntityUID: Set<EntityUID>] = [:]
    /// For each declared entity type, the entity types that may be its descendants (itself included).
    var entityDescendants: [EntityTypeName: Set<EntityTypeName>] = [:]

    /// Creates a value.
    public init() {}

    /// Parses a schema in the human-readable Cedar schema syntax.
    public init(cedarSchema text: String) throws(SchemaError) {
        let raw: [SchemaParser.RawNamespace]
        do {
            var p = SchemaParser(tokens: try Lexer.tokenize(text))
            raw = try p.parseSchema()
        } catch {
            throw SchemaError(.syntax, "schema parse error: \(error)")
        }
        self = try SchemaResolver.resolve(raw)
    }

    /// Action entities (with their group hierarchy) declared by the schema.
    public var actionEntities: [Entity] {
        actions.values.map { Entity(uid: $0.uid, parents: Set($0.memberOf)) }
    }

    /// Whether `type` is a declared entity type or an action entity type.
    func isKnownEntityType(_ type: EntityTypeName) -> Bool {
        entityTypes[type] != nil || actionTypes.contains(type)
    }

    /// The set of action entity types (`Action`, `NS::Action`).
    var actionTypes: Set<EntityTypeName> { Set(actions.keys.map { $0.type }) }
}

extension Schema {
    /// Entity types that may be descendants of `type` (including `type` itself).
    func entityTypesIn(_ type: EntityTypeName) -> Set<EntityTypeName> {
        if let cached = entityDescendants[type] { return cached }
        return computeEntityTypesIn(type)
    }

    func computeEntityTypesIn(_ type: EntityTypeName) -> Set<EntityTypeName> {
        var result: Set<EntityTypeName> = [type]
        var changed = true
        while changed {
            changed = false
            for (name, def) in entityTypes where !result.contains(name) {
                if def.memberOfTypes.contains(where: { result.contains($0) }) {
                    result.insert(name)
                    changed = true
                }
            }
        }
        return result
    }

    /// Actions that are `in` any of the given actions (including themselves), or nil if
    /// any of them is undeclared.
    func actionsIn(_ uids: [EntityUID]) -> Set<EntityUID>? {
        var result: Set<EntityUID> = []
        for u in uids {
            guard actions[u] != nil else { return nil }
            result.insert(u)
        }
        for (a, anc) in actionAncestors where !anc.isDisjoint(with: uids) { result.insert(a) }
        return result
    }

    /// Whether `name` is an action entity type name (basename `Action`).
    static func isActionType(_ name: EntityTypeName) -> Bool {
        name.value == "Action" || name.value.hasSuffix("::Action")
    }
}
