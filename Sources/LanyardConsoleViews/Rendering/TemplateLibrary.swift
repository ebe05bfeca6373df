import Mustache

/// The console's templates, parsed once at first use from the string constants in `Templates/`.
///
/// Every page template extends `layout` (`{{<layout}}{{$main}}…{{/main}}{{/layout}}`), so no page ever inserts
/// markup unescaped: every value goes through the engine's HTML escaping (`{{name}}`).
enum TemplateLibrary {
    /// Template names and their sources.
    static let sources: [(name: String, text: String)] = [
        ("layout", Templates.layout), ("chart", Templates.chart), ("signin", Templates.signIn), ("message", Templates.message),
        ("overview", Templates.overview), ("inventory", Templates.inventory), ("identity", Templates.identity),
        ("requests", Templates.requests), ("request", Templates.request), ("findings", Templates.findings), ("audit", Templates.audit),
        ("campaigns", Templates.campaigns), ("campaign", Templates.campaign), ("policies", Templates.policies),
        ("policyVersion", Templates.policyVersion),
    ]

    /// The library, and the templates that did not parse (a programming error the tests catch).
    static let loaded: (library: MustacheLibrary, failures: [String]) = {
        var library = MustacheLibrary()
        var failures: [String] = []
        for source in sources {
            do {
                try library.register(source.text, named: source.name)
            } catch {
                failures.append("\(source.name): \(error)")
            }
        }
        return (library, failures)
    }()

    /// `context` rendered with the template `name`; a plain error page if the template is missing.
    static func render(_ context: [String: Any], template name: String) -> String {
        loaded.library.render(context, withTemplate: name)
            ?? "<!DOCTYPE html><html lang=\"en\"><title>Console error</title><p>The console page could not be rendered.</p></html>"
    }
}
