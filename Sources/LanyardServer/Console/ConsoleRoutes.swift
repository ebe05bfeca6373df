import Foundation
import HTTPTypes
import Hummingbird
import LanyardAPI
import LanyardAudit
import LanyardConsoleViews
import LanyardCore
import LanyardCredentials
import LanyardModel

/// `/t/{tenant}/console…`: the web console. Server-rendered pages (``ConsoleViews``) for a person signed in through
/// the tenant's OpenID Provider or, break glass, with an administrator token. Every page and action is authorized by
/// the same admin policies as the API, as the session's role; every form that changes something carries the
/// session's CSRF token; every answer carries a strict Content-Security-Policy and refuses framing.
struct ConsoleRoutes {
    let dependencies: ServerDependencies

    /// A signed-in person on one request.
    struct Visitor {
        var session: ConsoleSession
        var token: String
        var principal: Principal
        var chrome: ConsoleChrome
    }

    static let pageSize = 50

    func register(on router: Router<LanyardRequestContext>) {
        guard let console = dependencies.console else { return }
        let dependencies = self.dependencies
        let base = "/t/:tenant/console"

        // Who is signed in, or nil.
        @Sendable func visitor(_ request: Request, _ context: LanyardRequestContext) async throws -> Visitor? {
            let tenant = try tenant(context)
            guard let token = ConsoleHTTP.cookie(ConsoleHTTP.sessionCookie, in: request),
                let session = try await console.session(token: token, tenant: tenant)
            else { return nil }
            let principal = ConsoleSignIn.principal(of: session)
            let chrome = ConsoleChrome(
                tenant: tenant, basePath: dependencies.consolePath(of: tenant), userName: session.name, userEmail: session.email,
                role: session.role.rawValue, csrfToken: ConsoleSignIn.csrfToken(sessionToken: token),
                canAdminister: session.role == .tenantAdmin || session.role == .platformAdmin)
            return Visitor(session: session, token: token, principal: principal, chrome: chrome)
        }

        /// A page for a signed-in person: others are sent to sign in and come back here afterwards.
        func page(
            _ path: String, _ body: @escaping @Sendable (Request, LanyardRequestContext, Visitor) async throws -> Response
        ) {
            router.get(RouterPath(base + path)) { request, context in
                let tenant = try tenant(context)
                let consolePath = dependencies.consolePath(of: tenant)
                do {
                    guard let visitor = try await visitor(request, context) else {
                        let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                        return ConsoleHTTP.redirect(consolePath + "/signin?return_to=" + PercentEncoding.encode(back))
                    }
                    return try await body(request, context, visitor)
                } catch {
                    return ConsoleHTTP.error(error, basePath: consolePath)
                }
            }
        }

        /// A form post of a signed-in person, with the session's CSRF token; it answers with a redirect.
        func action(
            _ path: String, _ body: @escaping @Sendable (Request, LanyardRequestContext, Visitor, [String: String]) async throws -> Response
        ) {
            router.post(RouterPath(base + path)) { request, context in
                let consolePath = dependencies.consolePath(of: try tenant(context))
                do {
                    let form = try await FormBody.decode(
                        request, maxBytes: FormBody.consoleLimits.maxBytes, maxParameters: FormBody.consoleLimits.maxParameters)
                    guard let visitor = try await visitor(request, context) else {
                        throw LanyardError(.unauthenticated, "Your console session has ended; sign in again.")
                    }
                    guard ConsoleSignIn.checkCSRF(form["csrf"], sessionToken: visitor.token) else {
                        throw LanyardError(.forbidden, "This form's CSRF token is missing or not this session's; reload the page and try again.")
                    }
                    return try await body(request, context, visitor, form)
                } catch {
                    return ConsoleHTTP.error(error, basePath: consolePath)
                }
            }
        }

        router.get(RouterPath(base + "/assets/console.css")) { _, _ in
            var fields: HTTPFields = [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"]
            fields[.contentSecurityPolicy] = ConsoleHTTP.contentSecurityPolicy
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleViews.stylesheet)))
        }

        // MARK: Signing in and out

        router.get(RouterPath(base + "/signin")) { request, context in
            let tenant = try tenant(context)
            let consolePath = dependencies.consolePath(of: tenant)
            let configured = try await console.configuration(tenant: tenant) != nil
            let csrf = console.signInFormToken()
            let returnTo = ConsoleSignIn.safeReturn(request.uri.queryParameters.get("return_to"), consolePath: consolePath)
            let html = ConsoleViews.signIn(
                tenant: tenant, basePath: consolePath, ssoConfigured: configured, returnTo: returnTo, error: nil, csrfToken: csrf)
            return ConsoleHTTP.page(
                html,
                cookies: [
                    ConsoleHTTP.cookie(ConsoleHTTP.signInCookie, csrf, path: consolePath, maxAge: 600, insecure: dependencies.insecureCookies)
                ])
        }
        router.get(RouterPath(base + "/sso/start")) { request, context in
            let tenant = try tenant(context)
            let consolePath = dependencies.consolePath(of: tenant)
            do {
                let location = try await console.begin(
                    tenant: tenant, returnTo: request.uri.queryParameters.get("return_to"),
                    redirectURI: dependencies.consoleURL(of: tenant) + "/sso/callback", consolePath: consolePath)
                return ConsoleHTTP.redirect(location)
            } catch {
                return ConsoleHTTP.error(error, basePath: consolePath)
            }
        }
        router.get(RouterPath(base + "/sso/callback")) { request, context in
            let tenant = try tenant(context)
            let consolePath = dependencies.consolePath(of: tenant)
            let query = request.uri.queryParameters
            do {
                if let error = query.get("error") {
                    throw LanyardError(.unauthenticated, "The identity provider refused the sign-in (\(error.prefix(64))).")
                }
                let signedIn = try await console.complete(
                    tenant: tenant, state: query.get("state") ?? "", code: query.get("code") ?? "",
                    redirectURI: dependencies.consoleURL(of: tenant) + "/sso/callback")
                return ConsoleHTTP.redirect(signedIn.returnTo, cookies: sessionCookies(signedIn, consolePath))
            } catch {
                return ConsoleHTTP.error(error, basePath: consolePath)
            }
        }
        router.post(RouterPath(base + "/signin/token")) { request, context in
            let tenant = try tenant(context)
            let consolePath = dependencies.consolePath(of: tenant)
            do {
                let form = try await FormBody.decode(request)
                guard let expected = ConsoleHTTP.cookie(ConsoleHTTP.signInCookie, in: request), let presented = form["csrf"],
                    TokenHasher.constantTimeEquals(expected, presented)
                else { throw LanyardError(.forbidden, "This sign-in form's CSRF token is missing or wrong; reload the sign-in page.") }
                guard let token = form["token"], !token.isEmpty else { throw LanyardError.invalid("token", "Enter an administrator token.") }
                var signedIn = try await console.signIn(adminToken: token, tenant: tenant, consolePath: consolePath)
                signedIn.returnTo = ConsoleSignIn.safeReturn(form["return_to"], consolePath: consolePath)
                return ConsoleHTTP.redirect(signedIn.returnTo, cookies: sessionCookies(signedIn, consolePath))
            } catch {
                return ConsoleHTTP.error(error, basePath: consolePath)
            }
        }
        action("/signout") { request, context, visitor, _ in
            let consolePath = visitor.chrome.basePath
            try await console.signOut(token: visitor.token, tenant: visitor.session.tenant)
            return ConsoleHTTP.redirect(
                consolePath + "/signin",
                cookies: [ConsoleHTTP.cookie(ConsoleHTTP.sessionCookie, "", path: consolePath, maxAge: 0, insecure: dependencies.insecureCookies)])
        }

        @Sendable func sessionCookies(_ signedIn: ConsoleSignIn.SignedIn, _ consolePath: String) -> [String] {
            [
                ConsoleHTTP.cookie(
                    ConsoleHTTP.sessionCookie, signedIn.token, path: consolePath, maxAge: Int(ConsoleLimits.absoluteTimeout),
                    insecure: dependencies.insecureCookies),
                ConsoleHTTP.cookie(ConsoleHTTP.signInCookie, "", path: consolePath, maxAge: 0, insecure: dependencies.insecureCookies),
            ]
        }

        ConsolePages(dependencies: dependencies, console: console).register(page: page, action: action)
    }
}

extension ServerDependencies {
    /// The console's path for `tenant`.
    func consolePath(of tenant: String) -> String { "/t/\(tenant)/console" }
}
