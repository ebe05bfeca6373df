/// An authorization request.
public struct Request: Sendable, Hashable {
    /// The principal.
    public let principal: EntityUID
    /// The action.
    public let action: EntityUID
    /// The resource.
    public let resource: EntityUID
    /// The context record.
    public let context: [CedarString: Value]

    /// Creates a request.
    public init(principal: EntityUID, action: EntityUID, resource: EntityUID, context: [CedarString: Value] = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
