import Crypto
import LanyardCore
import LanyardCredentials

/// An upstream's `Mcp-Session-Id` (2025-11-25) as the agent sees it: the upstream's id and a MAC binding it to the
/// tenant, the server and the agent's identity, under a key derived from the KEK (so every node of a deployment
/// accepts it). Another agent presenting it, or a forged one, is an unknown session (the client initializes again).
struct MCPSessionWrapping: Sendable {
    private let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// The most bytes of an upstream session id carried.
    static let maxLength = 256

    func wrap(_ session: String, tenant: String, server: String, identity: String) -> String? {
        guard !session.isEmpty, session.utf8.count <= Self.maxLength, session.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return nil }
        return session + "." + mac(session, tenant: tenant, server: server, identity: identity)
    }

    func unwrap(_ presented: String, tenant: String, server: String, identity: String) -> String? {
        guard presented.utf8.count <= Self.maxLength + 64, let dot = presented.lastIndex(of: ".") else { return nil }
        let session = String(presented[..<dot])
        let tag = String(presented[presented.index(after: dot)...])
        guard !session.isEmpty, TokenHasher.constantTimeEquals(tag, mac(session, tenant: tenant, server: server, identity: identity)) else {
            return nil
        }
        return session
    }

    private func mac(_ session: String, tenant: String, server: String, identity: String) -> String {
        let message = Array("\(tenant)\u{0}\(server)\u{0}\(identity)\u{0}\(session)".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return Base64URL.encode(code)
    }
}
