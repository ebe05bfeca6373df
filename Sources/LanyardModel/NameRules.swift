import Foundation

/// Rules for names that end up in URLs, SPIFFE IDs and audit records.
public enum NameRules {
    /// Identity and template names: 1–63 characters of `a-z 0-9 . _ -`, starting with a letter or digit.
    /// These are valid SPIFFE path segments.
    public static func checkName(_ name: String, field: String) throws {
        guard isName(name, maxLength: 63) else {
            throw LanyardError.invalid(
                field,
                "'\(name.prefix(64))' is not a valid \(field): use 1–63 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit."
            )
        }
    }

    /// Tenant names: 1–32 characters of `a-z 0-9 -`, starting with a letter.
    public static func checkTenantName(_ name: String) throws {
        let bytes = Array(name.utf8)
        let ok =
            !bytes.isEmpty && bytes.count <= 32
            && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && (bytes.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false)
        guard ok else {
            throw LanyardError.invalid(
                "name", "'\(name.prefix(40))' is not a valid tenant name: use 1–32 characters of a-z, 0-9 and '-', starting with a letter.")
        }
    }

    /// Free text such as an owner or a purpose: trimmed, non-empty, at most `maxLength` characters, no control characters.
    public static func checkText(_ text: String?, field: String, maxLength: Int, required: Bool) throws -> String? {
        guard let text else {
            if required { throw LanyardError.invalid(field, "\(field) is required.") }
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { throw LanyardError.invalid(field, "\(field) is required and may not be blank.") }
            return nil
        }
        guard trimmed.count <= maxLength else {
            throw LanyardError.invalid(field, "\(field) is longer than \(maxLength) characters.")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw LanyardError.invalid(field, "\(field) may not contain control characters.")
        }
        return trimmed
    }

    static func isName(_ name: String, maxLength: Int) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maxLength else { return false }
        let alnum: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        return alnum(first) && bytes.allSatisfy { alnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }
}
