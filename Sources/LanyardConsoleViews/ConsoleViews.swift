/// The console's pages as pure functions: already-loaded domain values in, a complete HTML document out.
///
/// Nothing here does I/O or knows about HTTP: the caller loads the data, authorizes, sets the headers (the
/// Content-Security-Policy the pages are written for is `default-src 'none'; style-src 'self'; img-src 'self' data:;
/// form-action 'self'; frame-ancestors 'none'`) and serves ``stylesheet`` at `{basePath}/assets/console.css`.
///
/// Every value reaches the HTML through the template engine's escaping. The pages carry no script, no inline style
/// and no `<style>` element; every POST form carries the hidden `csrf` field with the given token; every form
/// control has a label.
public enum ConsoleViews {
    /// The one stylesheet of every page (light and dark by `prefers-color-scheme`), to serve as `text/css` at
    /// `{basePath}/assets/console.css`.
    public static let stylesheet: String = Stylesheet.css

    /// The sign-in page: a "Sign in with your company SSO" link to `{basePath}/sso/start?return_to=…` when SSO is
    /// configured, and a break-glass form posting an administrator token (`token`) with `return_to` and `csrf` to
    /// `{basePath}/signin/token`.
    ///
    /// - Parameters:
    ///   - tenant: the tenant's name.
    ///   - basePath: the console's base path (`/t/{tenant}/console`).
    ///   - ssoConfigured: whether the tenant has an IdP; without one only the break-glass form is offered (open).
    ///   - returnTo: where to go after signing in (a path the caller has checked is inside the console).
    ///   - error: why the last attempt failed, shown as an alert.
    ///   - csrfToken: the pre-session CSRF token for the break-glass form.
    public static func signIn(tenant: String, basePath: String, ssoConfigured: Bool, returnTo: String, error: String?, csrfToken: String) -> String {
        var context = PageContext.signedOut(title: "Sign in", tenant: tenant, basePath: basePath)
        context["ssoConfigured"] = ssoConfigured
        context["ssoHref"] = Format.link(basePath + "/sso/start", [("return_to", returnTo)])
        context["tokenAction"] = basePath + "/signin/token"
        context["returnTo"] = returnTo
        context["csrf"] = csrfToken
        context["hasError"] = !(error ?? "").isEmpty
        context["error"] = error ?? ""
        context["detailsOpen"] = !ssoConfigured || !(error ?? "").isEmpty
        return TemplateLibrary.render(context, template: "signin")
    }

    /// A page that only says something, for errors: not allowed, not found, sign-in failed.
    ///
    /// - Parameters:
    ///   - title: the heading (`Not allowed`).
    ///   - detail: one or two sentences for a person.
    ///   - status: the HTTP status the caller answers with, shown small.
    ///   - basePath: the console's base path for the stylesheet and a link back, or `nil` (an unknown tenant: no
    ///     link, no stylesheet).
    public static func message(title: String, detail: String, status: Int, basePath: String?) -> String {
        var context = PageContext.signedOut(title: title, tenant: "", basePath: basePath)
        context["heading"] = title
        context["detail"] = detail
        context["status"] = status
        return TemplateLibrary.render(context, template: "message")
    }
}
