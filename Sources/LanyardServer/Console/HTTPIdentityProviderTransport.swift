public import AsyncHTTPClient
public import Foundation
public import LanyardCore
import NIOCore
import NIOHTTP1

/// ``IdentityProviderTransport`` over the server's outbound client (no redirects), with a deadline and a body cap.
public struct HTTPIdentityProviderTransport: IdentityProviderTransport {
    let client: HTTPClient

    public init(client: HTTPClient? = nil) {
        self.client = client ?? OutboundHTTPClient.shared
    }

    public func postForm(_ url: String, form: [(String, String)], headers: [(String, String)], maxBytes: Int, timeout: Duration) async throws
        -> (status: Int, body: Data)
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        let seconds = max(1, min(timeout.components.seconds, 60))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(seconds))
        } catch {
            throw IssuerFetchError("\(url) is unreachable or did not answer within \(seconds) s.")
        }
        do {
            let body = try await response.body.collect(upTo: maxBytes)
            return (Int(response.status.code), Data(body.readableBytesView))
        } catch {
            throw IssuerFetchError("\(url) sent more than \(maxBytes / 1024) KiB, or the body was cut off.")
        }
    }
}
