import Foundation
import LanyardModel

extension ConsoleViews {
    /// The spans offered by the inventory's "Expiring within" filter.
    static let expiringChoices = ["1d", "7d", "30d", "90d"]

    /// The inventory page: a GET filter form (`q`, `kind`, `owner`, `environment`, `stage`, `status`, `template`,
    /// `expiring_within`, keeping `sort` and `order`), the identities as a table whose column headers link to the
    /// same filters sorted by that column, and a "Next page" link carrying the filters, the order and `cursor`.
    public static func inventory(_ v: InventoryView, chrome: ConsoleChrome) -> String {
        let base = chrome.basePath
        let list = base + "/identities"
        var context = PageContext.signedIn(chrome, title: "Inventory", current: .inventory)
        let filters = v.filters
        let order = v.descending ? "desc" : "asc"
        context["formAction"] = list
        context["q"] = filters.query ?? ""
        context["owner"] = filters.owner ?? ""
        context["template"] = filters.template ?? ""
        context["sort"] = v.sort.rawValue
        context["order"] = order
        context["sortLabel"] = columnLabel(v.sort)
        context["orderLabel"] = v.descending ? "descending" : "ascending"
        var expiring = expiringChoices
        if let current = filters.expiringWithin, !current.isEmpty, !expiring.contains(current) { expiring.append(current) }
        context["selects"] = [
            select("kind", "Kind", IdentityKind.allCases.map(\.rawValue), filters.kind?.rawValue),
            select("environment", "Environment", DeploymentEnvironment.allCases.map(\.rawValue), filters.environment?.rawValue),
            select("stage", "Stage", LifecycleStage.allCases.map(\.rawValue), filters.stage?.rawValue),
            select("status", "Status", IdentityStatus.allCases.map(\.rawValue), filters.status?.rawValue),
            select("expiring_within", "Expiring within", expiring, filters.expiringWithin),
        ]
        context["columns"] = InventorySortKey.allCases.map { key -> [String: Any] in
            let sorted = key == v.sort
            let nextOrder = sorted && !v.descending ? "desc" : "asc"
            return [
                "label": columnLabel(key), "sorted": sorted, "ariaSort": v.descending ? "descending" : "ascending",
                "arrow": v.descending ? "▼" : "▲", "href": Format.link(list, filters.queryItems + [("sort", key.rawValue), ("order", nextOrder)]),
            ]
        }
        let soon = v.now.map { $0.addingTimeInterval(7 * 86_400) }
        context["rows"] = v.rows.map { identity -> [String: Any] in
            [
                "href": Format.path(list, identity.id), "name": identity.name, "kind": identity.kind.rawValue, "owner": identity.owner,
                "environment": identity.environment.rawValue, "stage": identity.stage.rawValue, "status": identity.status.rawValue,
                "template": identity.template, "expires": Format.time(identity.expiresAt), "soon": soon.map { identity.expiresAt <= $0 } ?? false,
            ]
        }
        let shown = v.rows.count
        context["summary"] =
            switch v.total {
            case .some(let total): "\(total) \(total == 1 ? "identity matches" : "identities match"); showing \(shown)."
            case .none: "Showing \(shown) \(shown == 1 ? "identity" : "identities")."
            }
        context["hasNext"] = v.nextCursor != nil
        context["nextHref"] =
            v.nextCursor.map { Format.link(list, filters.queryItems + [("sort", v.sort.rawValue), ("order", order), ("cursor", $0)]) } ?? ""
        return TemplateLibrary.render(context, template: "inventory")
    }

    /// A filter `<select>`'s context: its options, the current one selected.
    private static func select(_ name: String, _ label: String, _ values: [String], _ current: String?) -> [String: Any] {
        [
            "name": name, "label": label,
            "options": values.map { value -> [String: Any] in ["value": value, "text": value, "selected": value == current] },
        ]
    }

    private static func columnLabel(_ key: InventorySortKey) -> String {
        switch key {
        case .name: "Name"
        case .kind: "Kind"
        case .owner: "Owner"
        case .environment: "Environment"
        case .stage: "Stage"
        case .status: "Status"
        case .template: "Template"
        case .expires: "Expires"
        }
    }
}
