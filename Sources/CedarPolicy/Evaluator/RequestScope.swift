/// What evaluating policies for one request reads: the request, the entity store, and the entities of the
/// request's principal, action and resource, looked up once per request instead of once per policy.
///
/// Immutable, and a class so that the compiled closures and the candidate loop pass one reference rather than
/// copying (and retaining) the request's and the store's fields.
final class RequestScope: Sendable {
    /// The request.
    let request: Request
    /// The entity store.
    let entities: Entities
    /// The principal's entity, nil when the store has none.
    let principal: IndexedEntity?
    /// The action's entity, nil when the store has none.
    let action: IndexedEntity?
    /// The resource's entity, nil when the store has none.
    let resource: IndexedEntity?

    init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        principal = entities.entry(request.principal)
        action = entities.entry(request.action)
        resource = entities.entry(request.resource)
    }

    /// A request variable that stands for an entity: `principal`, `action` or `resource`.
    enum EntityVariable: Sendable {
        case principal, action, resource

        /// The entity variable `v` is; nil for `context`.
        init?(_ v: Var) {
            switch v {
            case .principal: self = .principal
            case .action: self = .action
            case .resource: self = .resource
            case .context: return nil
            }
        }
    }

    /// The uid of the request's principal, action or resource.
    func uid(_ v: EntityVariable) -> EntityUID {
        switch v {
        case .principal: return request.principal
        case .action: return request.action
        case .resource: return request.resource
        }
    }

    /// The entity of the request's principal, action or resource, nil when the store has none.
    func entity(_ v: EntityVariable) -> Entity? { entry(v)?.entity }

    /// The stored entry of the request's principal, action or resource, nil when the store has none.
    func entry(_ v: EntityVariable) -> IndexedEntity? {
        switch v {
        case .principal: return principal
        case .action: return action
        case .resource: return resource
        }
    }

    /// Whether the request's principal, action or resource is `target` or a (transitive) descendant of it.
    func isDescendant(_ v: EntityVariable, of target: EntityUID) -> Bool {
        uid(v) == target || entry(v)?.ancestors.contains(target) == true
    }

    /// Whether `uid` is `target` or a (transitive) descendant of it.
    func isDescendant(_ uid: EntityUID, of target: EntityUID) -> Bool {
        entities.isDescendant(uid, of: target)
    }

    /// The entity with this uid.
    /// - Throws: `entityDoesNotExist` when the store has none.
    func entity(_ uid: EntityUID) throws(EvaluationError) -> Entity {
        guard let e = entities[uid] else { throw EvaluationError.missingEntity(uid) }
        return e
    }
}
