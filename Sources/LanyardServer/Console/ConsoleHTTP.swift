import Foundation
import HTTPTypes
import Hummingbird
import LanyardConsoleViews
import LanyardCore
import LanyardModel

/// The HTTP side of the console's pages: headers every page carries, cookies, and HTML answers.
enum ConsoleHTTP {
    /// The session cookie (its value is a `lycs_…` token; only its hash is stored).
    static let sessionCookie = "lanyard_console"
    /// The sign-in page's double-submit CSRF cookie (before there is a session to bind a token to).
    static let signInCookie = "lanyard_signin"

    /// No script may run, nothing may frame the page, forms post only here, styles only from the stylesheet.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Headers of every console answer.
    static func securityHeaders(_ fields: inout HTTPFields) {
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        for (name, value) in [("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")] {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        fields[.cacheControl] = "no-store"
    }

    /// An HTML page.
    static func page(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var fields: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        securityHeaders(&fields)
        for cookie in cookies { fields.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A `303 See Other` to `location` (always a path on this server, or the provider's authorization URL).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var fields: HTTPFields = [.location: location]
        securityHeaders(&fields)
        for cookie in cookies { fields.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: fields)
    }

    /// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Secure` unless `insecure`, scoped to `path`.
    static func cookie(_ name: String, _ value: String, path: String, maxAge: Int, insecure: Bool) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (insecure ? "" : "; Secure")
    }

    /// The value of cookie `name` in the request, if any (the first).
    static func cookie(_ name: String, in request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for part in field.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                guard pair.hasPrefix(name + "=") else { continue }
                let value = String(pair.dropFirst(name.count + 1))
                return value.isEmpty || value.utf8.count > 256 ? nil : value
            }
        }
        return nil
    }

    /// An error as a page, with the status the API would answer.
    static func error(_ error: any Error, basePath: String?) -> Response {
        if let error = error as? OAuthError {
            // The form parser's refusal (not a form, too large): the request is malformed, never a server fault.
            let status = ErrorMapping.status(for: error.code)
            return page(
                ConsoleViews.message(title: "This request is malformed", detail: error.description, status: Int(status.code), basePath: basePath),
                status: status)
        }
        if let error = error as? LanyardError {
            let status = ErrorMapping.status(for: error.code)
            let title: String =
                switch error.code {
                case .forbidden: "Not allowed"
                case .notFound: "Not found"
                case .unauthenticated: "Sign-in needed"
                default: "Something is wrong with this request"
                }
            return page(ConsoleViews.message(title: title, detail: error.message, status: Int(status.code), basePath: basePath), status: status)
        }
        return page(
            ConsoleViews.message(title: "Something went wrong", detail: "The server could not answer this page.", status: 500, basePath: basePath),
            status: .internalServerError)
    }
}
