/// A set of static policies, templates, and template-linked policies.
public struct PolicySet: Sendable {
    /// Static and linked policies (evaluated by the authorizer), in insertion order.
    public private(set) var policies: [Policy] = []
    /// Templates by id.
    public private(set) var templates: [String: Policy] = [:]
    /// Template links, in the order they were made.
    public private(set) var links: [TemplateLink] = []
    /// `policies`, compiled for evaluation, at the same positions.
    private(set) var compiled: [CompiledPolicy] = []
    private var index: PolicyIndex = PolicyIndex()

    /// A template link: the template id, the new policy id and the slot values.
    public struct TemplateLink: Sendable, Hashable {
        /// Id of the linked template.
        public let templateID: String
        /// Id of the resulting policy.
        public let newID: String
        /// Entities bound to the template slots.
        public let values: [SlotID: EntityUID]
    }

    /// Creates an empty policy set.
    public init() {}

    /// Parses Cedar policy text. Templates (policies with slots) are stored as templates under
    /// their positional id; others become static policies.
    public init(text: String) throws(ParseError) {
        for p in try CedarParser.parsePolicies(text) {
            if p.isTemplate { templates[p.id] = p } else { add(p) }
        }
    }

    /// Creates a policy set from parsed policies.
    public init(policies: [Policy]) {
        for p in policies {
            if p.isTemplate { templates[p.id] = p } else { add(p) }
        }
    }

    /// Ids of the static policies (policies that are not template links).
    public var staticPolicies: [Policy] {
        let linked = Set(links.map(\.newID))
        return policies.filter { !linked.contains($0.id) }
    }

    /// Adds a static (or already linked) policy.
    public mutating func add(_ policy: Policy) {
        index.insert(policy, at: policies.count)
        policies.append(policy)
        compiled.append(CompiledPolicy(policy))
    }

    /// Adds a template.
    public mutating func addTemplate(_ template: Policy) {
        templates[template.id] = template
    }

    /// Errors raised by template linking.
    public struct LinkError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Human-readable sentence describing the problem.
        public let message: String
        public var description: String { message }
    }

    /// Links a template, producing a policy with id `newID` whose slots are replaced by `values`.
    public mutating func link(templateID: String, newID: String, values: [SlotID: EntityUID]) throws(LinkError) {
        guard let t = templates[templateID] else { throw LinkError(message: "no template with id `\(templateID)`") }
        if policies.contains(where: { $0.id == newID }) || templates[newID] != nil {
            throw LinkError(message: "a policy with id `\(newID)` already exists")
        }
        func sub(_ r: EntityReference) throws(LinkError) -> EntityReference {
            guard case .slot(let s) = r else { return r }
            guard let v = values[s] else { throw LinkError(message: "no value given for slot \(s.rawValue)") }
            return .entity(v)
        }
        func subScope(_ c: ScopeConstraint) throws(LinkError) -> ScopeConstraint {
            switch c {
            case .any, .isType: return c
            case .eq(let r): return .eq(try sub(r))
            case .in(let r): return .in(try sub(r))
            case .isTypeIn(let ty, let r): return .isTypeIn(ty, try sub(r))
            }
        }
        var p = t
        p.id = newID
        p.principal = try subScope(t.principal)
        p.resource = try subScope(t.resource)
        add(p)
        links.append(TemplateLink(templateID: templateID, newID: newID, values: values))
    }

    /// Calls `body` with the position of each policy whose scope may match the request (a superset of the matching
    /// ones), in ascending order, and whether its scope is known to match (see ``PolicyIndex``).
    func forEachCandidate(_ scope: RequestScope, _ body: (_ position: Int, _ scopeMatches: Bool) -> Void) {
        index.forEachCandidate(scope, body)
    }
}
