public import Foundation
public import LanyardAPI
public import LanyardModel

/// The rules of federation trusts: what a trust may say (checked when it is added) and whether an external token's
/// verified claims satisfy it (checked at every exchange). Pure functions, no I/O.
public enum TrustRules {
    /// Limits on trust input.
    public enum Limits {
        public static let issuerLength = 512
        public static let audienceLength = 256
        public static let conditions = 16
        public static let claimNameLength = 128
        public static let claimValueLength = 256
        /// Trusts per identity.
        public static let trustsPerIdentity = 32
        /// Nesting depth of a dotted claim name.
        public static let pathDepth = 8
    }

    /// A trust request after validation.
    public struct Checked: Sendable, Hashable {
        public var issuer: String
        public var audience: String
        public var conditions: [ClaimCondition]
    }

    /// Validates a trust request.
    ///
    /// - Throws: ``LanyardError`` `invalid_field` naming `issuer`, `audience` or `conditions`.
    public static func check(_ request: AddTrustRequest) throws -> Checked {
        let issuer = try checkIssuer(request.issuer)
        let audience = request.audience
        guard !audience.isEmpty, audience.utf8.count <= Limits.audienceLength, !hasControlCharacters(audience) else {
            throw LanyardError.invalid("audience", "audience must be 1–\(Limits.audienceLength) characters without control characters.")
        }
        let conditions = request.conditions ?? []
        guard conditions.count <= Limits.conditions else {
            throw LanyardError.invalid("conditions", "At most \(Limits.conditions) claim conditions per trust.")
        }
        var names: Set<String> = []
        for condition in conditions {
            guard !condition.name.isEmpty, condition.name.utf8.count <= Limits.claimNameLength, !hasControlCharacters(condition.name),
                !condition.name.hasPrefix("."), !condition.name.hasSuffix("."), !condition.name.contains("..")
            else {
                throw LanyardError.invalid(
                    "conditions", "A claim name must be 1–\(Limits.claimNameLength) characters, without control characters or empty dotted parts.")
            }
            guard !condition.value.isEmpty, condition.value.utf8.count <= Limits.claimValueLength, !hasControlCharacters(condition.value) else {
                throw LanyardError.invalid(
                    "conditions", "The value of claim '\(condition.name)' must be 1–\(Limits.claimValueLength) characters without control characters.")
            }
            guard names.insert(condition.name).inserted else {
                throw LanyardError.invalid("conditions", "Claim '\(condition.name)' is named twice; give each claim one exact value.")
            }
            guard !["iss", "aud", "exp", "nbf", "iat"].contains(condition.name) else {
                throw LanyardError.invalid(
                    "conditions", "Claim '\(condition.name)' is checked by the trust itself (issuer, audience, times); it cannot be a condition.")
            }
        }
        return Checked(issuer: issuer, audience: audience, conditions: conditions)
    }

    /// Checks an issuer URL: `https` with a host, no user info, query or fragment; `http` only on a loopback host
    /// (`127.0.0.1`, `localhost`, `::1`), so that tests can run an issuer on this machine.
    ///
    /// - Throws: ``LanyardError`` `invalid_field` on `issuer`.
    public static func checkIssuer(_ text: String) throws -> String {
        guard text.utf8.count <= Limits.issuerLength, isFetchableURL(text) else {
            throw LanyardError.invalid(
                "issuer",
                "issuer must be an https URL of at most \(Limits.issuerLength) characters, without query or fragment "
                    + "(http only for 127.0.0.1, localhost or ::1).")
        }
        return text
    }

    /// Whether Lanyard may fetch `text` (an issuer's discovery document or JWKS): `https`, or `http` on a loopback host.
    public static func isFetchableURL(_ text: String) -> Bool {
        guard !hasControlCharacters(text), !text.contains(" "), let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return isLoopback(host: host)
        default: return false
        }
    }

    /// Whether `host` is a loopback host name or address.
    public static func isLoopback(host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }

    /// Why an external token's verified claims do not satisfy `trust`, or nil when they do.
    ///
    /// The reason names the trust and the claim at fault, never a claim's value.
    public static func mismatch(_ trust: FederationTrust, claims: [String: JSONValue]) -> String? {
        guard audiences(claims["aud"]).contains(trust.audience) else {
            return "The subject token's aud does not contain '\(trust.audience)' (trust \(trust.id))."
        }
        for condition in trust.conditions {
            guard let value = claim(named: condition.name, in: claims) else {
                return "The subject token has no claim '\(condition.name)' (required by trust \(trust.id))."
            }
            guard text(of: value) == condition.value else {
                return "The subject token's claim '\(condition.name)' does not match trust \(trust.id)."
            }
        }
        return nil
    }

    /// The `aud` claim as a list: a string is one audience, an array of strings several.
    public static func audiences(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let one)?: [one]
        case .array(let many)?: many.compactMap(\.stringValue)
        default: []
        }
    }

    /// The claim named `name`: the top-level claim of exactly that name, else a dotted path into nested objects in
    /// which each step is the longest run of dotted parts that is a key (so `kubernetes.io.namespace` reaches
    /// `{"kubernetes.io": {"namespace": …}}`).
    static func claim(named name: String, in claims: [String: JSONValue]) -> JSONValue? {
        if let direct = claims[name] { return direct }
        let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard path.count > 1, path.count <= Limits.pathDepth else { return nil }
        return resolve(path[...], in: claims)
    }

    private static func resolve(_ path: ArraySlice<String>, in object: [String: JSONValue]) -> JSONValue? {
        guard !path.isEmpty else { return nil }
        for length in stride(from: path.count, through: 1, by: -1) {
            let end = path.startIndex + length
            guard let value = object[path[path.startIndex..<end].joined(separator: ".")] else { continue }
            if end == path.endIndex { return value }
            if case .object(let nested) = value, let found = resolve(path[end...], in: nested.dictionary) { return found }
        }
        return nil
    }

    /// The text a condition is compared with: strings as they are, integral numbers without a fraction, booleans as
    /// `true`/`false`; nil (never equal) for anything else.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let exact):
            let number = exact.double
            if number.rounded() == number, abs(number) < 9.0e15 { return String(Int64(number)) }
            return String(number)
        default: return nil
        }
    }

    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
