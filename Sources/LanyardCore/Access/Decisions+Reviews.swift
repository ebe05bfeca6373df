extension Decisions {
    /// The recertification campaigns, over the same store, audit log, clock and randomness as ``entitlements``.
    public var reviews: Reviews {
        Reviews(store: entitlements.store, audit: entitlements.audit, clock: entitlements.clock, random: entitlements.random)
    }
}
