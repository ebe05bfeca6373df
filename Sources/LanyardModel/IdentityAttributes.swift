/// What kind of workload an identity stands for.
public enum IdentityKind: String, Sendable, Codable, CaseIterable {
    case prototype, app, agent, pipeline, service, tool
}

/// The environment an identity runs in; ordered from least to most sensitive.
public enum DeploymentEnvironment: String, Sendable, Codable, CaseIterable {
    case sandbox, dev, staging, production
}

/// The most sensitive class of data an identity may touch; ordered from least to most sensitive.
public enum DataClass: String, Sendable, Codable, CaseIterable, Comparable {
    case `public`, `internal`, confidential, regulated

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: DataClass, rhs: DataClass) -> Bool { lhs.rank < rhs.rank }
}

/// Where an identity is in its life: an experiment or a managed service.
public enum LifecycleStage: String, Sendable, Codable, CaseIterable {
    case prototype, managed
}

/// Whether an identity may act.
///
/// `active` ⇄ `suspended`; both become `expired` when `expiresAt` passes; anything but `offboarded`
/// can be offboarded, and `offboarded` is terminal. An active or suspended identity whose owner leaves (deactivated
/// or deleted in the directory, or marked inactive) becomes `orphaned`: it may not act, and unless it is transferred
/// to an active owner (back to `active`) within its template's grace period it is `suspended`. An identity one of
/// whose credentials was reported leaked is `compromised`: it may not act (as if suspended) until its owner or a
/// security administrator resumes it with a reason.
public enum IdentityStatus: String, Sendable, Codable, CaseIterable {
    case active, suspended, expired, offboarded, orphaned, compromised
}

/// What ends an identity's life.
public enum OffboardingTrigger: String, Sendable, Codable, CaseIterable {
    case expiry
    case taskEnd = "task-end"
    case ownerDeparture = "owner-departure"
    case graduation
    case inactivity
    case manual
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Parses a raw value, or throws an `invalid_field` error listing the accepted values.
    public static func parse(_ text: String, field: String) throws -> Self {
        if let value = Self(rawValue: text) { return value }
        let accepted = allCases.map(\.rawValue).joined(separator: ", ")
        throw LanyardError.invalid(field, "'\(text.prefix(64))' is not a valid \(field); use one of: \(accepted).")
    }
}
