import CedarPolicy
public import LanyardModel

/// A Cedar entity reference as entitlements name their principal and resource: `Type::"id"` (that entity, and for a
/// resource everything in it), or `Type::*` for every resource of a type.
public struct EntityReference: Sendable, Hashable, CustomStringConvertible {
    /// The entity type, fully qualified (`Lanyard::Dataset`).
    public let type: String
    /// The id; `nil` for `Type::*`.
    public let id: String?

    /// The most characters of a reference.
    public static let maxLength = 512

    /// An identity's reference.
    public static func identity(_ id: String) -> EntityReference {
        EntityReference(type: LanyardCedarModel.identityType, id: id)
    }

    init(type: String, id: String?) {
        self.type = type
        self.id = id
    }

    /// Parses `text`; `allowWildcard` admits `Type::*`.
    /// - Throws: `invalid_field` (`field`) for anything that is not one.
    public static func parse(_ text: String, field: String, allowWildcard: Bool) throws -> EntityReference {
        let usage = allowWildcard ? #"Type::"id" or Type::*"# : #"Type::"id""#
        guard !text.isEmpty, text.utf8.count <= maxLength else {
            throw LanyardError.invalid(field, "\(field) must be a Cedar entity reference (\(usage)) of at most \(maxLength) characters.")
        }
        if allowWildcard, text.hasSuffix("::*") {
            let type = String(text.dropLast(3))
            // The type must be one Cedar accepts: check it with a placeholder id.
            guard case .lit(.entity(let uid))? = try? CedarParser.parseExpression("\(type)::\"x\""), uid.type.value == type else {
                throw LanyardError.invalid(field, "'\(text.prefix(64))' is not a Cedar entity type followed by ::*.")
            }
            return EntityReference(type: type, id: nil)
        }
        guard case .lit(.entity(let uid))? = try? CedarParser.parseExpression(text), !uid.isAction else {
            throw LanyardError.invalid(field, "'\(text.prefix(64))' is not a Cedar entity reference (\(usage)).")
        }
        return EntityReference(type: uid.type.value, id: uid.id.value)
    }

    /// The Cedar source form: `Type::"id"` (escaped) or `Type::*`.
    public var description: String {
        guard let id else { return "\(type)::*" }
        return EntityUID(type, id).description
    }

    /// The Cedar scope constraint on `variable`: `in Type::"id"` or `is Type`.
    var scopeConstraint: String {
        guard let id else { return "is \(type)" }
        return "in \(EntityUID(type, id).description)"
    }
}
