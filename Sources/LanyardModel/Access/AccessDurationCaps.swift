/// The longest access a request or a break-glass may ask for, per tier. The caller passes the tenant's settings;
/// the defaults are 8 hours for requests and 60 minutes for break-glass.
public struct AccessDurationCaps: Sendable, Hashable {
    /// Longest duration in seconds per tier; tiers not listed use ``defaultMax``.
    public var perTier: [AccessTier: Int64]
    /// Longest duration in seconds for a tier without its own cap.
    public var defaultMax: Int64
    /// Longest break-glass access, in seconds, whatever the tier.
    public var breakGlassMax: Int64

    /// 8 hours.
    public static let defaultRequestMax: Int64 = 8 * 3600
    /// 60 minutes.
    public static let defaultBreakGlassMax: Int64 = 3600

    /// Creates caps.
    public init(perTier: [AccessTier: Int64] = [:], defaultMax: Int64 = defaultRequestMax, breakGlassMax: Int64 = defaultBreakGlassMax) {
        self.perTier = perTier
        self.defaultMax = defaultMax
        self.breakGlassMax = breakGlassMax
    }

    /// The cap in seconds for `tier`, or the break-glass cap when `breakGlass`.
    public func max(for tier: AccessTier, breakGlass: Bool = false) -> Int64 {
        breakGlass ? breakGlassMax : perTier[tier] ?? defaultMax
    }
}
