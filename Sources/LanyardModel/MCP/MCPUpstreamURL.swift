import Foundation

/// The rules for an upstream MCP server's URL, checked when the server is registered.
///
/// Upstreams are usually internal services, so plain `http` and private or loopback addresses are accepted; what is
/// refused is what no MCP endpoint needs and an attacker would: credentials in the URL (they would travel in every
/// request and show in every listing), a fragment (never sent to a server, so never part of an endpoint), schemes
/// other than `http`/`https`, and hosts that name the link-local range (where cloud metadata services answer) or the
/// unspecified address. Host names are checked as written, not resolved:
/// - a host name is labels of `a-z 0-9 -` whose last label starts with a letter, so that no spelling a resolver
///   would read as a number (`2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376`) slips past the address checks;
/// - an IPv4 address is a canonical dotted quad; an IPv6 address is bracketed, without zone, and not an
///   IPv4-mapped one.
///
/// - Warning: a host name may still resolve to a link-local address; whoever connects to the upstream must check the
///   address it connects to.
public enum MCPUpstreamURL {
    /// The longest URL accepted, in bytes.
    public static let maxLength = 2048

    /// Checks `text` and returns it unchanged when it is acceptable.
    /// - Throws: `invalid_field` (`field`) with a sentence saying which rule it breaks.
    public static func check(_ text: String, field: String = "url") throws -> String {
        guard !text.isEmpty, text.utf8.count <= maxLength else {
            throw LanyardError.invalid(field, "An MCP server URL must be 1 to \(maxLength) bytes long.")
        }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || !$0.isASCII }) else {
            throw LanyardError.invalid(field, "An MCP server URL may not contain spaces, control or non-ASCII characters; percent-encode them.")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), let host = components.host,
            !host.isEmpty
        else {
            throw LanyardError.invalid(field, "'\(text.prefix(128))' is not an absolute URL with a host.")
        }
        guard scheme == "http" || scheme == "https" else {
            throw LanyardError.invalid(field, "An MCP server URL must use http or https (Streamable HTTP), not '\(scheme.prefix(16))'.")
        }
        guard components.user == nil, components.password == nil else {
            throw LanyardError.invalid(field, "An MCP server URL may not carry credentials (user:password@); Lanyard authenticates to the upstream itself.")
        }
        guard components.fragment == nil else {
            throw LanyardError.invalid(field, "An MCP server URL may not have a fragment (#…): it is never sent to the server.")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw LanyardError.invalid(field, "The port of an MCP server URL must be 1–65535.")
        }
        try checkHost(host.lowercased(), field: field)
        return text
    }

    /// Checks an address a registered URL's host resolved to, by the rules of a literal host: the connection is made only
    /// to an address that could have been registered (never link-local — where cloud metadata services answer — or
    /// unspecified or IPv4-mapped).
    /// - Throws: `forbidden`.
    public static func checkResolved(_ address: String) throws {
        do {
            try checkHost(address.lowercased(), field: "url")
        } catch let error as LanyardError {
            throw LanyardError(.forbidden, "The upstream's host resolves to \(address.prefix(64)), which Lanyard does not connect to: \(error.message)")
        }
    }

    /// Checks the host as written (see the type's rules).
    static func checkHost(_ host: String, field: String) throws {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.contains(":") {
            try checkIPv6(bare, field: field)
        } else if let octets = ipv4(bare) {
            guard octets[0] != 0, !(octets[0] == 169 && octets[1] == 254) else {
                throw LanyardError.invalid(
                    field, "An MCP server URL may not name a link-local (169.254.0.0/16) or unspecified (0.0.0.0/8) address: '\(bare)'.")
            }
        } else if !isHostName(bare) {
            throw LanyardError.invalid(
                field,
                "'\(bare.prefix(64))' is not a host name Lanyard accepts: use labels of a-z, 0-9 and '-' whose last starts with a letter, a dotted IPv4 address or a bracketed IPv6 address."
            )
        }
    }

    private static func checkIPv6(_ address: String, field: String) throws {
        let allowed = address.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || $0 == ":" || $0 == "." }
        guard allowed, address.contains(":") else {
            throw LanyardError.invalid(field, "'\(address.prefix(64))' is not an IPv6 address Lanyard accepts (no zone identifiers).")
        }
        let unspecified = address.split(separator: ":").allSatisfy { $0.allSatisfy { $0 == "0" } }
        let linkLocal = ["fe8", "fe9", "fea", "feb"].contains { address.hasPrefix($0) }
        guard !unspecified, !linkLocal, !address.contains(".") && !address.hasPrefix("::ffff:") else {
            throw LanyardError.invalid(
                field, "An MCP server URL may not name a link-local, unspecified or IPv4-mapped IPv6 address: '[\(address.prefix(64))]'.")
        }
    }

    /// The four octets of a canonical dotted-quad IPv4 address (no leading zeros), or nil.
    static func ipv4(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> UInt8? in
            guard let value = UInt8(part), String(value) == part else { return nil }
            return value
        }
        return octets.count == 4 ? octets : nil
    }

    /// Whether `host` is a host name: labels of 1–63 characters of `a-z 0-9 -` (not starting or ending with `-`), the
    /// last one starting with a letter; one trailing dot allowed.
    static func isHostName(_ host: String) -> Bool {
        let name = host.hasSuffix(".") ? host.dropLast() : Substring(host)
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, name.utf8.count <= 253 else { return false }
        let labelsValid = labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            return !bytes.isEmpty && bytes.count <= 63 && bytes.first != 0x2D && bytes.last != 0x2D
                && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        }
        return labelsValid && labels.last?.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } == true
    }
}
