import Foundation
import LanyardCore
import LanyardModel
import LanyardServer
import Testing

/// The webhook transport applies the URL policy to the address a host resolves to when it delivers, not only to
/// the URL text when the endpoint is added (DNS rebinding).
@Suite("Webhook transport: resolved addresses are checked at delivery time")
struct WebhookTransportTests {
    func post(_ url: String, allowLoopback: Bool) async throws -> Int {
        let transport = HTTPWebhookTransport(urls: WebhookURLPolicy(allowLoopbackHTTP: allowLoopback))
        return try await transport.post(WebhookRequest(url: url, headers: [:], body: Array("{}".utf8)), timeout: .seconds(2))
    }

    /// Whether `error` is the policy's refusal of a resolved address.
    static func refused(_ error: any Error) -> Bool {
        (error as? LanyardError)?.code == .forbidden
    }

    @Test("a host name that resolves to a loopback address is refused unless loopback is allowed; then the POST is made")
    func loopbackName() async throws {
        await #expect { try await post("https://localhost:9/hook", allowLoopback: false) } throws: { error in
            Self.refused(error) && String(describing: error).contains("loopback")
        }
        // Allowed: the transport connects (port 9 answers nothing), so the error is the connection's, not the policy's.
        await #expect { try await post("http://localhost:9/hook", allowLoopback: true) } throws: { !Self.refused($0) }
    }

    @Test("literal private, link-local and unspecified addresses are refused whatever the loopback setting")
    func privateAddresses() async throws {
        for url in ["https://10.0.0.1/hook", "https://169.254.169.254/latest", "https://[fd00::1]/hook", "https://0.0.0.0/hook"] {
            await #expect("\(url)") { try await post(url, allowLoopback: true) } throws: { error in
                Self.refused(error) && String(describing: error).contains("private")
            }
        }
    }
}
