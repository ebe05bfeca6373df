/// What every signed-in page of the console shows around its content: the tenant, the signed-in person, their
/// role, the session's CSRF token (put into every form that changes state) and a one-line notice.
public struct ConsoleChrome: Sendable, Hashable {
    /// The tenant's name, shown in the header.
    public var tenant: String
    /// Where the tenant's console is mounted, without a trailing slash: `/t/{tenant}/console`. Every link and form
    /// action of the pages starts with it.
    public var basePath: String
    /// The signed-in person's display name.
    public var userName: String
    /// The signed-in person's email address.
    public var userEmail: String
    /// The role the session carries (`security-reviewer`, `tenant-admin`, …).
    public var role: String
    /// The session's CSRF token: the hidden `csrf` field of every POST form, the sign-out form included.
    public var csrfToken: String
    /// Whether to show administrator-only navigation (Policies). Hiding a link is a convenience only: every action is
    /// authorized again by the server.
    public var canAdminister: Bool
    /// A one-line flash message shown above the content (`Identity extended to 2026-12-01T00:00:00Z`).
    public var notice: String?

    /// Creates the chrome of a signed-in page.
    public init(
        tenant: String, basePath: String, userName: String, userEmail: String, role: String, csrfToken: String, canAdminister: Bool,
        notice: String? = nil
    ) {
        self.tenant = tenant
        self.basePath = basePath
        self.userName = userName
        self.userEmail = userEmail
        self.role = role
        self.csrfToken = csrfToken
        self.canAdminister = canAdminister
        self.notice = notice
    }
}
