extension AccessRequest {
    /// Most actions a request may name.
    public static let maxActions = 32
    /// Most scopes a request may name.
    public static let maxScopes = 32
    /// Most approvers a request may need.
    public static let maxRequiredApprovals = 5
    /// Longest action or scope name, in UTF-8 bytes.
    public static let maxNameLength = 256
    /// Longest resource reference, in UTF-8 bytes.
    public static let maxResourceLength = 1024

    /// Checks a new request's inputs and returns the justification trimmed.
    ///
    /// - Parameters:
    ///   - duration: seconds the grant lasts: 1 … the cap for `tier` (or the break-glass cap).
    ///   - justification: 1–2000 characters after trimming.
    ///   - actions: at most 32 names (empty means the tier's ``AccessTier/defaultActions``).
    ///   - scopes: at most 32 names.
    ///   - resource: a non-empty entity reference of at most 1024 bytes.
    ///   - requiredApprovals: 1–5.
    ///   - caps: the tenant's duration caps.
    /// - Throws: `invalid_field` naming the first field at fault; nothing is changed.
    public static func validate(
        tier: AccessTier, duration: Int64, justification: String, actions: [String], scopes: [String], resource: String,
        requiredApprovals: Int, caps: AccessDurationCaps = AccessDurationCaps(), breakGlass: Bool = false
    ) throws -> String {
        let cap = caps.max(for: tier, breakGlass: breakGlass)
        guard duration >= 1, duration <= cap else {
            throw LanyardError.invalid("duration", "The duration must be 1–\(cap) seconds for \(breakGlass ? "break-glass" : "the \(tier) tier").")
        }
        let trimmed = try AccessActor.reason(justification, field: "justification")
        try checkNames(actions, field: "actions", max: maxActions)
        try checkNames(scopes, field: "scopes", max: maxScopes)
        guard !resource.isEmpty, resource.utf8.count <= maxResourceLength, !resource.unicodeScalars.contains(where: isControl) else {
            throw LanyardError.invalid("resource", "The resource must be an entity reference of 1–\(maxResourceLength) bytes.")
        }
        guard (1...maxRequiredApprovals).contains(requiredApprovals) else {
            throw LanyardError.invalid("requiredApprovals", "The number of approvals must be 1–\(maxRequiredApprovals).")
        }
        return trimmed
    }

    /// Checks who may ask for access to `identity`: a person or an administrator for any identity, a workload only
    /// for itself (an agent asks for its own elevation, never another identity's).
    /// - Throws: `forbidden` when a workload asks for another identity; `invalid_field` for a malformed requester.
    public static func checkRequester(_ requester: String, for identity: String) throws {
        try AccessActor.check(requester, field: "requester")
        guard !AccessActor.isWorkload(requester) || requester == AccessActor.workload(identity) else {
            throw LanyardError(.forbidden, "A workload can only ask for access for its own identity.")
        }
    }

    private static func checkNames(_ names: [String], field: String, max: Int) throws {
        guard names.count <= max else { throw LanyardError.invalid(field, "At most \(max) \(field) may be named.") }
        for name in names {
            guard !name.isEmpty, name.utf8.count <= maxNameLength, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && !isControl($0) }) else {
                throw LanyardError.invalid(field, "Each of the \(field) must be 1–\(maxNameLength) bytes without spaces or control characters.")
            }
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }
}
