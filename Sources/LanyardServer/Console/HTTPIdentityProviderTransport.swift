public import AsyncHTTPClient
public import Foundation
import LanyardAPI
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
        request.body = .bytes(ByteBuffer(string: PercentEncoding.query(form)))
        let response = try await OutboundHTTPClient.execute(request, on: client, url: url, timeout: timeout)
        return (Int(response.status.code), try await OutboundHTTPClient.body(of: response, from: url, maxBytes: maxBytes))
    }
}
