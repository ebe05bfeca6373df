import Foundation
import LanyardAudit
public import LanyardModel
import LanyardScan

/// The scanner's detectors over the strings of a JSON value: what MCP arguments carry in (refused) and results carry
/// out (redacted). Keys are scanned too, since a secret can be smuggled as a member name.
public enum MCPSecretScan {
    /// The text put in place of a secret in a result.
    public static func placeholder(_ kind: String) -> String { "[redacted by Lanyard: \(kind)]" }

    /// The kinds of secret found in `value`'s strings, sorted, each once.
    public static func kinds(in value: JSONValue) -> [String] {
        var found = Set<String>()
        visit(value) { text in
            for finding in LineScanner.scan(text, path: "mcp") { found.insert(finding.kind) }
        }
        return found.sorted()
    }

    /// The data-class labels (``DataClassScanner``: `email`, `payment_card`, `iban`, `us_ssn`) of `value`'s strings,
    /// sorted, each once.
    public static func dataClasses(in value: JSONValue) -> [String] {
        var found = Set<DataClassScanner.Label>()
        visit(value) { text in
            guard found.count < DataClassScanner.Label.allCases.count else { return }
            found.formUnion(DataClassScanner.labels(in: text))
        }
        return found.map(\.rawValue).sorted()
    }

    /// `value` with every secret in its strings replaced by ``placeholder(_:)``, and how many were replaced.
    public static func redacted(_ value: JSONValue) -> (value: JSONValue, count: Int) {
        var count = 0
        func clean(_ text: String) -> String {
            let findings = LineScanner.scan(text, path: "mcp")
            guard !findings.isEmpty else { return text }
            var out = text
            for finding in findings.sorted(by: { $0.secret.count > $1.secret.count }) where out.contains(finding.secret) {
                out = out.replacingOccurrences(of: finding.secret, with: placeholder(finding.kind))
                count += 1
            }
            return out
        }
        func walk(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text): return .string(clean(text))
            case .array(let items): return .array(items.map(walk))
            case .object(let object): return .object(JSONObject(object.members.map { (clean($0.key), walk($0.value)) }))
            default: return value
            }
        }
        let result = walk(value)
        return (result, count)
    }

    /// `sha256:` and the hex SHA-256 of `value`'s canonical JSON (sorted keys, no spaces): the same arguments always give
    /// the same digest, whatever their key order.
    public static func digest(_ value: JSONValue) -> String {
        var text = ""
        CanonicalJSON.write(value, into: &text)
        return "sha256:" + TokenHasher.hash(text)
    }

    static func visit(_ value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .string(let text): body(text)
        case .array(let items): for item in items { visit(item, body) }
        case .object(let object):
            for member in object.members {
                body(member.key)
                visit(member.value, body)
            }
        default: break
        }
    }
}
