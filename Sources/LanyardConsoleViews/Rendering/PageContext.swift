/// The sections of the console's navigation, in order.
enum NavItem: CaseIterable {
    case overview, inventory, requests, reviews, findings, posture, audit, policies

    var label: String {
        switch self {
        case .overview: "Overview"
        case .inventory: "Inventory"
        case .requests: "Requests"
        case .reviews: "Reviews"
        case .findings: "Findings"
        case .posture: "Posture"
        case .audit: "Audit"
        case .policies: "Policies"
        }
    }

    /// The section's path below the console's base path.
    var path: String {
        switch self {
        case .overview: ""
        case .inventory: "/identities"
        case .requests: "/requests"
        case .reviews: "/reviews"
        case .findings: "/findings"
        case .posture: "/posture"
        case .audit: "/audit"
        case .policies: "/policies"
        }
    }
}

/// The layout's part of a page's template context: title, stylesheet, header, navigation, user, sign-out, notice.
enum PageContext {
    /// A signed-in page: the chrome's navigation with `current` marked.
    static func signedIn(_ chrome: ConsoleChrome, title: String, current: NavItem?) -> [String: Any] {
        let base = chrome.basePath
        let nav: [[String: Any]] = NavItem.allCases.map { item in
            ["label": item.label, "href": base + item.path, "current": item == current]
        }
        return [
            "title": title, "stylesheet": base + "/assets/console.css", "hasStylesheet": true, "home": base, "hasHome": true,
            "tenant": chrome.tenant, "chrome": true, "nav": nav, "userName": chrome.userName, "userEmail": chrome.userEmail,
            "role": chrome.role, "signOut": base + "/signout", "csrf": chrome.csrfToken, "base": base,
            "hasNotice": !(chrome.notice ?? "").isEmpty, "notice": chrome.notice ?? "",
        ]
    }

    /// A page outside a session (sign-in, errors): no navigation, no user.
    static func signedOut(title: String, tenant: String, basePath: String?) -> [String: Any] {
        [
            "title": title, "stylesheet": (basePath ?? "") + "/assets/console.css", "hasStylesheet": basePath != nil, "home": basePath ?? "",
            "hasHome": basePath != nil, "tenant": tenant, "chrome": false, "nav": [[String: Any]](), "hasNotice": false, "notice": "",
            "base": basePath ?? "",
        ]
    }
}
