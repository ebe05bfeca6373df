public import LanyardModel

/// Applies PATCH operations (RFC 7644 §3.5.2) to a resource's attributes, as Okta and Entra ID send them.
///
/// `attributes` is the resource as ``SCIMResourceInput`` reads it (plus a Group's `members`); the answer is the new
/// attributes. Operations apply in order to a copy, so one failing operation leaves nothing applied. Beyond the
/// RFC, and on purpose:
/// - a path-less `add`/`replace` reads each key of its value object as a path (Entra ID's legacy
///   `{"name.givenName":"x"}`), and an extension URN key as that extension's attributes;
/// - `remove` of a multi-valued attribute with a `value` list removes only the listed values (Entra ID's member
///   removal), and removing something that is not there is a no-op (Okta and Entra ID repeat removals);
/// - a filtered `add`, or a filtered `replace` on an attribute with no values yet, adds an element built from the
///   filter's `eq` terms (Entra ID's `emails[type eq "work"].value` on a user without emails);
/// - a read-only attribute may be "changed" to the value it already has (clients echo `id`); any other change is
///   400 `mutability`. `password` is accepted and dropped.
public enum SCIMPatch {
    /// The new attributes after `operations`.
    /// - Throws: ``SCIMError`` 400 (`invalidPath`, `noTarget`, `mutability`, `invalidValue`, `invalidSyntax`).
    public static func apply(
        _ operations: [SCIMPatchOperation], to attributes: JSONObject, type: SCIMResourceType
    ) throws(SCIMError) -> JSONObject {
        var resource = attributes
        for operation in operations {
            guard let pathText = operation.path else {
                guard operation.kind != .remove else {
                    throw .badRequest(.noTarget, "A remove operation needs a path naming what to remove.")
                }
                guard case .object(let members)? = operation.value else {
                    throw .badRequest(.invalidSyntax, "An \(operation.kind.rawValue) without a path needs an object as its value.")
                }
                try applyObject(members, kind: operation.kind, prefix: nil, to: &resource, type: type)
                continue
            }
            if let schemaExtension = type.extension(pathText) {
                guard operation.kind != .remove else {
                    SCIMObjectAccess.set(&resource, schemaExtension.id, nil)
                    continue
                }
                guard case .object(let members)? = operation.value else {
                    throw .badRequest(.invalidSyntax, "The value for \(schemaExtension.id) must be an object.")
                }
                try applyObject(members, kind: operation.kind, prefix: schemaExtension.id, to: &resource, type: type)
                continue
            }
            try apply(operation.kind, path: SCIMPatchPath(pathText), value: operation.value, to: &resource, type: type)
        }
        try SCIMResourceInput.checkRequired(resource, type: type)
        return resource
    }

    /// A path-less value object: each key is a path (or an extension URN whose members are paths).
    private static func applyObject(
        _ members: JSONObject, kind: SCIMPatchOperation.Kind, prefix: String?, to resource: inout JSONObject,
        type: SCIMResourceType
    ) throws(SCIMError) {
        for (key, value) in members {
            if SCIMSchemaURN.same(key, "schemas") { continue }
            if prefix == nil, let schemaExtension = type.extension(key) {
                guard case .object(let inner) = value else {
                    throw .badRequest(.invalidSyntax, "The value for \(schemaExtension.id) must be an object.")
                }
                try applyObject(inner, kind: kind, prefix: schemaExtension.id, to: &resource, type: type)
                continue
            }
            let path = try SCIMPatchPath(prefix.map { "\($0):\(key)" } ?? key)
            try apply(kind, path: path, value: value, to: &resource, type: type)
        }
    }

    private static func apply(
        _ kind: SCIMPatchOperation.Kind, path: SCIMPatchPath, value: JSONValue?, to resource: inout JSONObject,
        type: SCIMResourceType
    ) throws(SCIMError) {
        let resolved = try type.resolve(path.attribute, errorKind: .invalidPath)
        let attribute = resolved.attribute
        var sub = resolved.subAttribute
        if let name = path.subAttribute {
            guard let found = attribute.subAttribute(named: name) else {
                throw .badRequest(.invalidPath, "\(attribute.name) has no sub-attribute named \(name).")
            }
            sub = found
        }
        let current = SCIMObjectAccess.value(of: resolved, in: resource)
        if attribute.mutability == .writeOnly { return }
        if attribute.mutability == .readOnly || sub?.mutability == .readOnly {
            if kind != .remove, path.filter == nil, let value, sub == nil,
                (try? SCIMValueCoercion.coerce(value, as: attribute)) == current
            {
                return
            }
            throw .badRequest(.mutability, "\(attribute.name)\(sub.map { "." + $0.name } ?? "") is read-only.")
        }
        var updated = current
        if let filter = path.filter {
            guard attribute.type == .complex, attribute.multiValued else {
                throw .badRequest(.invalidPath, "\(attribute.name) is not a multi-valued complex attribute; it takes no value filter.")
            }
            updated = try applyFiltered(kind, filter, sub: sub, value: value, to: current, attribute: attribute)
        } else if let sub {
            updated = try applySub(kind, sub, value: value, to: current, attribute: attribute)
        } else {
            updated = try applyWhole(kind, value: value, to: current, attribute: attribute)
        }
        store(updated, for: resolved, in: &resource)
    }

    /// `attr` with no filter and no sub-attribute.
    private static func applyWhole(
        _ kind: SCIMPatchOperation.Kind, value: JSONValue?, to current: JSONValue?, attribute: SCIMAttribute
    ) throws(SCIMError) -> JSONValue? {
        switch kind {
        case .remove:
            guard attribute.multiValued, let value else { return nil }
            // Remove only the listed values (Entra ID sends member removal this way).
            guard case .array(let existing)? = current else { return current }
            guard let listed = try SCIMValueCoercion.coerce(value, as: attribute), case .array(let doomed) = listed else {
                return current
            }
            let kept = existing.filter { element in !doomed.contains { sameValue($0, element, attribute) } }
            return kept.isEmpty ? nil : .array(kept)
        case .add, .replace:
            guard let value else {
                throw .badRequest(.invalidValue, "An \(kind.rawValue) of \(attribute.name) needs a value.")
            }
            guard let coerced = try SCIMValueCoercion.coerce(value, as: attribute) else {
                return kind == .replace ? nil : current
            }
            if attribute.multiValued, case .array(let added) = coerced {
                guard kind == .add, case .array(let existing)? = current else { return added.isEmpty ? nil : coerced }
                var merged = existing
                for element in added where !merged.contains(where: { sameValue($0, element, attribute) }) {
                    if isPrimary(element) { merged = merged.map(clearingPrimary) }
                    merged.append(element)
                }
                return .array(merged)
            }
            if attribute.type == .complex, case .object(let changes) = coerced, case .object(var existing)? = current {
                for (name, member) in changes { existing[name] = member }
                return .object(existing)
            }
            return coerced
        }
    }

    /// `attr.sub` with no filter: on a single complex attribute, or on every element of a multi-valued one.
    private static func applySub(
        _ kind: SCIMPatchOperation.Kind, _ sub: SCIMAttribute, value: JSONValue?, to current: JSONValue?,
        attribute: SCIMAttribute
    ) throws(SCIMError) -> JSONValue? {
        let coerced: JSONValue? = try kind == .remove ? nil : subValue(value, sub, attribute)
        if attribute.multiValued {
            guard case .array(let elements)? = current else {
                guard let coerced else { return current }
                return .array([.object([sub.name: coerced])])
            }
            return .array(elements.map { element in setting(sub, coerced, in: element) })
        }
        let updated = setting(sub, coerced, in: current ?? .object([:]))
        if case .object(let object) = updated, object.isEmpty { return nil }
        return updated
    }

    /// `attr[filter]` or `attr[filter].sub`.
    private static func applyFiltered(
        _ kind: SCIMPatchOperation.Kind, _ filter: SCIMFilter, sub: SCIMAttribute?, value: JSONValue?,
        to current: JSONValue?, attribute: SCIMAttribute
    ) throws(SCIMError) -> JSONValue? {
        var elements: [JSONValue] = []
        if case .array(let existing)? = current { elements = existing }
        var matched: [Int] = []
        for (index, element) in elements.enumerated() {
            if case .object(let object) = element, try filter.matchesElement(object, of: attribute) { matched.append(index) }
        }
        if kind == .remove {
            if let sub {
                guard sub.mutability != .immutable else { throw .badRequest(.mutability, "\(attribute.name).\(sub.name) is immutable.") }
                for index in matched { elements[index] = setting(sub, nil, in: elements[index]) }
            } else {
                for index in matched.reversed() { elements.remove(at: index) }
            }
            return elements.isEmpty ? nil : .array(elements)
        }
        let replacement: JSONValue?
        if let sub {
            replacement = try subValue(value, sub, attribute)
        } else {
            guard let value, let element = try SCIMValueCoercion.coerceSingle(value, as: attribute) else {
                throw .badRequest(.invalidValue, "An \(kind.rawValue) of \(attribute.name)[…] needs an object value.")
            }
            replacement = element
        }
        if matched.isEmpty {
            guard kind == .add || elements.isEmpty else {
                throw .badRequest(.noTarget, "No value of \(attribute.name) matches the path's filter.")
            }
            guard let terms = filter.equalityTerms else {
                throw .badRequest(.noTarget, "No value of \(attribute.name) matches the path's filter, and it does not say what to add.")
            }
            var element = JSONObject()
            for term in terms {
                guard let termSub = attribute.subAttribute(named: term.name) else {
                    throw .badRequest(.invalidPath, "\(attribute.name) has no sub-attribute named \(term.name).")
                }
                element[termSub.name] = literal(term.value)
            }
            var added = JSONValue.object(element)
            if let sub {
                added = setting(sub, replacement, in: added)
            } else if case .object(let members)? = replacement {
                for (name, member) in members { element[name] = member }
                added = .object(element)
            }
            elements.append(added)
            return .array(elements)
        }
        for index in matched {
            if let sub {
                guard sub.mutability != .immutable else { throw .badRequest(.mutability, "\(attribute.name).\(sub.name) is immutable.") }
                elements[index] = setting(sub, replacement, in: elements[index])
            } else if kind == .replace {
                elements[index] = replacement ?? elements[index]
            } else if case .object(var existing) = elements[index], case .object(let members)? = replacement {
                for (name, member) in members { existing[name] = member }
                elements[index] = .object(existing)
            }
        }
        return .array(elements)
    }

    private static func subValue(_ value: JSONValue?, _ sub: SCIMAttribute, _ attribute: SCIMAttribute) throws(SCIMError) -> JSONValue? {
        guard let value else { throw .badRequest(.invalidValue, "Setting \(attribute.name).\(sub.name) needs a value.") }
        return try SCIMValueCoercion.coerce(value, as: sub)
    }

    /// `element` with `sub` set to `value` (removed when nil).
    private static func setting(_ sub: SCIMAttribute, _ value: JSONValue?, in element: JSONValue) -> JSONValue {
        guard case .object(var object) = element else { return element }
        SCIMObjectAccess.set(&object, sub.name, value)
        return .object(object)
    }

    private static func literal(_ value: SCIMFilterValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .null: .null
        }
    }

    /// Two values of a multi-valued attribute are the same value: complex ones with a `value` sub-attribute when
    /// their `value`s are equal (members, emails), others when they are equal.
    private static func sameValue(_ a: JSONValue, _ b: JSONValue, _ attribute: SCIMAttribute) -> Bool {
        guard attribute.type == .complex, let valueAttribute = attribute.subAttribute(named: "value"),
            case .object(let left) = a, case .object(let right) = b,
            case .string(let first)? = left["value"], case .string(let second)? = right["value"]
        else { return a == b }
        return valueAttribute.caseExact ? first == second : first.lowercased() == second.lowercased()
    }

    private static func isPrimary(_ element: JSONValue) -> Bool {
        if case .object(let object) = element, case .bool(true)? = object["primary"] { return true }
        return false
    }

    private static func clearingPrimary(_ element: JSONValue) -> JSONValue {
        guard case .object(var object) = element, object["primary"] != nil else { return element }
        object["primary"] = .bool(false)
        return .object(object)
    }

    /// Writes an attribute's new value back (inside its extension's object, which disappears when empty).
    private static func store(_ value: JSONValue?, for resolved: ResolvedAttribute, in resource: inout JSONObject) {
        guard let container = resolved.container else {
            SCIMObjectAccess.set(&resource, resolved.attribute.name, value)
            return
        }
        var holder = JSONObject()
        if case .object(let existing)? = SCIMObjectAccess.member(resource, container) { holder = existing }
        SCIMObjectAccess.set(&holder, resolved.attribute.name, value)
        SCIMObjectAccess.set(&resource, container, holder.isEmpty ? nil : .object(holder))
    }
}
