import LanyardModel
import Synchronization

/// Templates by tenant and name. Safe to cache without invalidation: a template is never changed or replaced
/// once created.
final class TemplateCache: Sendable {
    private let entries = Mutex([String: IdentityTemplate]())

    func get(tenant: String, name: String) -> IdentityTemplate? {
        entries.withLock { $0["\(tenant)\u{0}\(name)"] }
    }

    func put(_ template: IdentityTemplate, tenant: String) {
        entries.withLock { $0["\(tenant)\u{0}\(template.name)"] = template }
    }
}
