/// The RFC 8693 §4.1 `act` (actor) claim: the party the token was delegated to, with the prior actors nested
/// inside (the least recent most deeply nested).
///
/// A Lanyard token exchanged from another records its holder as the actor, so the chain of `act` claims is the
/// chain of exchanges; its length is bounded by the issuer.
public struct ActorClaim: Codable, Hashable, Sendable {
    /// The acting party (an identity id).
    public var sub: String
    /// Zero or one element: the prior actor (an array gives the recursive value storage).
    private var prior: [ActorClaim]

    public init(sub: String, act: ActorClaim?) {
        self.sub = sub
        self.prior = act.map { [$0] } ?? []
    }

    /// The prior actor, if any.
    public var act: ActorClaim? { prior.first }

    /// Number of actors in the chain, this one included.
    public var depth: Int {
        var count = 1
        var next = act
        while let current = next {
            count += 1
            next = current.act
        }
        return count
    }

    enum CodingKeys: String, CodingKey { case sub, act }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sub = try container.decode(String.self, forKey: .sub)
        prior = try container.decodeIfPresent(ActorClaim.self, forKey: .act).map { [$0] } ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(prior.first, forKey: .act)
        try container.encode(sub, forKey: .sub)
    }
}
