import Foundation

/// Rules about the audit actors (`identity:idn_…`, `user:NAME`, `admin_token:…`, `policy:…`) that ask for,
/// approve, review and end access. Shared by ``AccessRequest``, ``BreakGlass`` and ``ReviewItem``.
public enum AccessActor {
    /// Longest actor text accepted, in UTF-8 bytes.
    public static let maxLength = 256
    /// Longest reason, justification or note, in characters (after trimming).
    public static let maxReasonLength = 2000

    /// The actor of a workload acting with its own token for `identity` (`identity:idn_…`).
    public static func workload(_ identity: String) -> String { "identity:\(identity)" }

    /// The actor of a person by user name (`user:NAME`).
    public static func user(_ name: String) -> String { "user:\(name)" }

    /// The party an administrator token acts for: the person it names (`user:SUBJECT`), else the token itself
    /// (`token:tok_…`). Two tokens of one person are one party, so neither approves what the other asked.
    public static func person(_ principal: Principal) -> String {
        principal.subject.map(user) ?? principal.actor
    }

    /// The actor recorded for an approval by policy (`policy:ID`).
    public static func policy(_ id: String) -> String { "policy:\(id)" }

    /// Whether `actor` is a workload (any `identity:` actor): workloads may ask for access, never grant or review it.
    public static func isWorkload(_ actor: String) -> Bool { actor.hasPrefix("identity:") }

    /// Whether two actors are the same party. `user:` names compare case-insensitively (directories treat user
    /// names so); every other actor compares exactly.
    public static func same(_ lhs: String, _ rhs: String) -> Bool {
        if lhs.hasPrefix("user:") && rhs.hasPrefix("user:") { return lhs.lowercased() == rhs.lowercased() }
        return lhs == rhs
    }

    /// Checks that `actor` is a non-empty, bounded actor text.
    /// - Throws: `invalid_field` naming `field`.
    public static func check(_ actor: String, field: String) throws {
        guard !actor.isEmpty, actor.utf8.count <= maxLength, actor.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw LanyardError.invalid(field, "The actor must be 1–\(maxLength) bytes without spaces or control characters.")
        }
    }

    /// `text` trimmed, checked to hold 1…`max` characters.
    /// - Throws: `invalid_field` naming `field` when it is empty after trimming or longer than `max`.
    public static func reason(_ text: String, field: String, max: Int = maxReasonLength) throws -> String {
        // Bound the work before trimming: a huge input is refused without scanning all of it.
        guard text.utf8.count <= max * 4 + 1024 else {
            throw LanyardError.invalid(field, "The \(field) must be at most \(max) characters.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw LanyardError.invalid(field, "The \(field) is required and cannot be blank.") }
        guard trimmed.count <= max else { throw LanyardError.invalid(field, "The \(field) must be at most \(max) characters.") }
        return trimmed
    }
}
