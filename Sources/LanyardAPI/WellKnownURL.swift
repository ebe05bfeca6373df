/// Where a metadata document of an issuer or a protected resource is published: RFC 8615 well-known URIs with the
/// path insertion of RFC 8414 §3.1 (authorization servers) and RFC 9728 §3.1 (protected resources).
///
/// The well-known segment goes between the URL's authority and its path, after any terminating `/` of the path is
/// dropped: the metadata of the issuer `https://lanyard.example/t/acme` is at
/// `https://lanyard.example/.well-known/oauth-authorization-server/t/acme`, not under the issuer.
public enum WellKnownURL {
    /// RFC 8414 §3: authorization server metadata.
    public static let authorizationServer = "oauth-authorization-server"
    /// RFC 9728 §3: protected resource metadata.
    public static let protectedResource = "oauth-protected-resource"

    /// `identifier` (an absolute `http(s)` URL: an issuer or a resource identifier) with `/.well-known/{name}` inserted
    /// after its authority; nil when `identifier` has no `scheme://authority`.
    public static func inserting(_ name: String, into identifier: String) -> String? {
        guard let schemeEnd = identifier.firstRange(of: "://"), schemeEnd.lowerBound > identifier.startIndex else { return nil }
        let afterScheme = identifier[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? identifier.endIndex
        guard pathStart > schemeEnd.upperBound else { return nil }
        var path = identifier[pathStart...]
        if path.hasSuffix("/") { path = path.dropLast() }
        return identifier[..<pathStart] + "/.well-known/" + name + path
    }
}
