public import LanyardModel

/// The `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9): which attributes a
/// response carries.
///
/// `schemas` and attributes returned `always` (`id`) are always there; `request` attributes only when asked for;
/// `never` attributes never. Sub-attributes may be named (`name.givenName`), and extension attributes with their
/// URN (`urn:…:enterprise:2.0:User:department`) or the URN alone for the whole extension.
public struct SCIMProjection: Sendable {
    private enum Mode: Sendable { case all, only([SCIMAttributePath]), except([SCIMAttributePath]) }
    private let mode: Mode

    /// Everything returned by default.
    public static let all = SCIMProjection(mode: .all)

    private init(mode: Mode) { self.mode = mode }

    /// The most attribute names either list may carry.
    public static let maxNames = 100

    /// Reads the two parameters (comma-separated paths). When both are given, `attributes` wins.
    /// - Throws: ``SCIMError`` 400 `invalidValue` for a name that is not an attribute path.
    public init(attributes: String?, excludedAttributes: String?, type: SCIMResourceType) throws(SCIMError) {
        if let attributes, !attributes.isEmpty {
            mode = .only(try Self.paths(attributes, type: type))
        } else if let excludedAttributes, !excludedAttributes.isEmpty {
            mode = .except(try Self.paths(excludedAttributes, type: type))
        } else {
            mode = .all
        }
    }

    private static func paths(_ list: String, type: SCIMResourceType) throws(SCIMError) -> [SCIMAttributePath] {
        let names = list.split(separator: ",").map { $0.trimmingPrefix(" ") }
        guard names.count <= maxNames else {
            throw .badRequest(.invalidValue, "At most \(maxNames) attribute names may be listed.")
        }
        var out: [SCIMAttributePath] = []
        for name in names {
            let text = String(name)
            if let schemaExtension = type.extension(text) {
                out.append(SCIMAttributePath(schema: schemaExtension.id, attribute: "*"))
                continue
            }
            guard let path = SCIMAttributePath(text) else {
                throw .badRequest(.invalidValue, "'\(text.prefix(100))' is not an attribute name.")
            }
            out.append(path)
        }
        return out
    }

    /// `resource` (as ``SCIMResourceType/render(id:attributes:meta:)`` made it) with only the chosen attributes.
    public func apply(to resource: JSONObject, type: SCIMResourceType) -> JSONObject {
        var out = JSONObject()
        for (key, value) in resource {
            if key == "schemas" || key == "id" {
                out[key] = value
                continue
            }
            if let schemaExtension = type.extension(key) {
                guard case .object(let members) = value else { continue }
                var kept = JSONObject()
                for (name, member) in members {
                    guard let attribute = schemaExtension.attribute(named: name) else { continue }
                    if let projected = project(member, attribute, schema: schemaExtension.id, type: type) {
                        kept[name] = projected
                    }
                }
                if !kept.isEmpty { out[key] = .object(kept) }
                continue
            }
            guard let attribute = type.schema.attribute(named: key) ?? SCIMSchema.common.attribute(named: key) else { continue }
            if let projected = project(value, attribute, schema: nil, type: type) { out[key] = projected }
        }
        return out
    }

    /// The value of one attribute after projection, or nil when it is left out.
    private func project(_ value: JSONValue, _ attribute: SCIMAttribute, schema: String?, type: SCIMResourceType) -> JSONValue? {
        if attribute.returned == .always { return value }
        if attribute.returned == .never { return nil }
        let matchingPaths = pathsNaming(attribute, schema: schema, type: type)
        switch mode {
        case .all:
            return attribute.returned == .request ? nil : value
        case .only:
            guard !matchingPaths.isEmpty else { return nil }
            if matchingPaths.contains(where: { $0.subAttribute == nil }) || attribute.type != .complex { return value }
            let subs = Set(matchingPaths.compactMap { $0.subAttribute?.lowercased() })
            return filterSubs(value) { sub in subs.contains(sub.lowercased()) }
        case .except:
            if attribute.returned == .request { return nil }
            guard !matchingPaths.isEmpty else { return value }
            if matchingPaths.contains(where: { $0.subAttribute == nil }) { return nil }
            let subs = Set(matchingPaths.compactMap { $0.subAttribute?.lowercased() })
            return filterSubs(value) { sub in !subs.contains(sub.lowercased()) }
        }
    }

    private func pathsNaming(_ attribute: SCIMAttribute, schema: String?, type: SCIMResourceType) -> [SCIMAttributePath] {
        let paths: [SCIMAttributePath]
        switch mode {
        case .all: return []
        case .only(let list), .except(let list): paths = list
        }
        return paths.filter { path in
            if let urn = path.schema {
                if path.attribute == "*" { return schema.map { SCIMSchemaURN.same($0, urn) } ?? false }
                let sameSchema = schema.map { SCIMSchemaURN.same($0, urn) } ?? SCIMSchemaURN.same(urn, type.schema.id)
                return sameSchema && SCIMSchemaURN.same(path.attribute, attribute.name)
            }
            return schema == nil && SCIMSchemaURN.same(path.attribute, attribute.name)
        }
    }

    /// A complex value (or each element of a multi-valued one) with only the sub-attributes `keep` accepts.
    private func filterSubs(_ value: JSONValue, keep: (String) -> Bool) -> JSONValue? {
        switch value {
        case .object(let object):
            var kept = JSONObject()
            for (name, member) in object where keep(name) { kept[name] = member }
            return kept.isEmpty ? nil : .object(kept)
        case .array(let items):
            let kept = items.compactMap { filterSubs($0, keep: keep) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return value
        }
    }
}
