public import Foundation
public import LanyardModel

/// Which endpoint URLs the server accepts: `https` with a host, no credentials and no fragment, never a literal
/// private, link-local or unspecified address; plain `http` only to a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), and only when ``allowLoopbackHTTP`` is set (the server runs
/// with `--dev`, or with `--webhook-allow-loopback-http`). At delivery time the address a host name resolves to is
/// checked again (``checkResolved(_:host:)``).
public struct WebhookURLPolicy: Sendable, Hashable {
    /// Whether `http://` to a loopback host is accepted (for local receivers and tests).
    public var allowLoopbackHTTP: Bool

    /// The longest URL accepted.
    public static let maxLength = 2048

    public init(allowLoopbackHTTP: Bool) {
        self.allowLoopbackHTTP = allowLoopbackHTTP
    }

    /// Checks `text` and returns it unchanged when accepted.
    /// - Throws: `invalid_field` (`field`) saying what is wrong.
    public func check(_ text: String, field: String = "url") throws -> String {
        guard !text.isEmpty, text.utf8.count <= Self.maxLength else {
            throw LanyardError.invalid(field, "A webhook URL must be 1 to \(Self.maxLength) bytes long.")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw LanyardError.invalid(field, "'\(text.prefix(128))' is not an absolute URL with a host.")
        }
        guard components.user == nil, components.password == nil, components.fragment == nil else {
            throw LanyardError.invalid(field, "A webhook URL may carry neither credentials nor a fragment.")
        }
        guard !Self.isPrivateAddress(host) else {
            throw LanyardError.invalid(
                field, "A webhook URL may not name a private, link-local or unspecified address ('\(host.prefix(64))'); use a public host name.")
        }
        switch scheme {
        case "https":
            return text
        case "http" where Self.isLoopback(host):
            guard allowLoopbackHTTP else {
                throw LanyardError.invalid(
                    field, "Plain http is accepted only to a loopback host, on a server started with --dev or --webhook-allow-loopback-http.")
            }
            return text
        default:
            throw LanyardError.invalid(field, "A webhook URL must use https (plain http only to a loopback host, in development).")
        }
    }

    /// Checks the address a webhook host name resolved to, at delivery time, so that a name which resolves (or is
    /// re-pointed, DNS rebinding) to an internal address is never reached: a private, carrier-grade NAT, link-local or
    /// unspecified address is refused, and a loopback one unless ``allowLoopbackHTTP`` is set. The transport then
    /// connects to exactly this address.
    /// - Throws: `forbidden`, naming the host and the address.
    public func checkResolved(_ address: String, host: String) throws {
        if Self.isPrivateAddress(address) {
            throw LanyardError(
                .forbidden, "Webhook host '\(host.prefix(64))' resolves to \(address), a private, link-local or unspecified address; not delivered.")
        }
        if Self.isLoopback(address) && !allowLoopbackHTTP {
            throw LanyardError(
                .forbidden, "Webhook host '\(host.prefix(64))' resolves to \(address), a loopback address; allowed only with --webhook-allow-loopback-http.")
        }
    }

    /// Whether `host` is a literal address in a private (RFC 1918, RFC 4193), carrier-grade NAT, link-local (cloud
    /// metadata services live there) or unspecified range. Host names are not resolved here.
    static func isPrivateAddress(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host.contains(":") {
            return host == "::" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe8") || host.hasPrefix("fe9")
                || host.hasPrefix("fea") || host.hasPrefix("feb") || host.hasPrefix("::ffff:")
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard parts.count == 4 else { return false }
        switch (parts[0], parts[1]) {
        case (0, _), (10, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }

    /// Whether `host` (as `URLComponents` gives it, brackets removed) names this machine.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { String($0) == part } ?? false }
    }
}
