public import LanyardModel

extension SCIMFilter {
    /// Checks that every attribute the filter names exists on `type` and is compared with a fitting operator, so a
    /// filter on an unknown attribute is refused even when there is nothing to match it against.
    /// - Throws: ``SCIMError`` 400 `invalidFilter`.
    public func check(against type: SCIMResourceType) throws(SCIMError) {
        _ = try matches([:], type: type)
    }

    /// Whether `resource` (a resource as the server returns it) matches the filter.
    ///
    /// A comparison on a multi-valued attribute matches when any value does; `ne` matches when no value equals;
    /// strings compare with their case only for `caseExact` attributes; date-times compare as instants.
    /// - Throws: ``SCIMError`` 400 `invalidFilter` for unknown attributes and operators that do not fit the type.
    public func matches(_ resource: JSONObject, type: SCIMResourceType) throws(SCIMError) -> Bool {
        try evaluate(resource, scope: .resource(type))
    }

    /// What paths in a filter are relative to: the resource, or an element of a multi-valued complex attribute.
    private enum Scope {
        case resource(SCIMResourceType)
        case element(SCIMAttribute)
    }

    private func evaluate(_ object: JSONObject, scope: Scope) throws(SCIMError) -> Bool {
        switch self {
        case .and(let left, let right):
            let first = try left.evaluate(object, scope: scope)
            let second = try right.evaluate(object, scope: scope)
            return first && second
        case .or(let left, let right):
            let first = try left.evaluate(object, scope: scope)
            let second = try right.evaluate(object, scope: scope)
            return first || second
        case .not(let inner):
            return !(try inner.evaluate(object, scope: scope))
        case .present(let path):
            let (values, _) = try Self.values(path, in: object, scope: scope)
            return values.contains { Self.isPresent($0) }
        case .compare(let path, let comparison, let literal):
            let (values, definition) = try Self.values(path, in: object, scope: scope)
            try Self.checkFits(comparison, literal, definition)
            switch comparison {
            case .ne:
                for value in values where try Self.compare(value, .eq, literal, definition) { return false }
                return true
            default:
                if case .null = literal { return comparison == .eq && !values.contains { Self.isPresent($0) } }
                for value in values where try Self.compare(value, comparison, literal, definition) { return true }
                return false
            }
        case .valuePath(let path, let inner):
            guard case .resource(let type) = scope else {
                throw SCIMFilterLexer.invalid("value filters cannot nest")
            }
            let resolved = try type.resolve(path, errorKind: .invalidFilter)
            guard resolved.attribute.type == .complex, resolved.attribute.multiValued else {
                throw SCIMFilterLexer.invalid("\(resolved.attribute.name) is not a multi-valued complex attribute")
            }
            var elements: [JSONObject] = []
            if case .array(let items)? = SCIMObjectAccess.value(of: resolved, in: object) {
                for case .object(let element) in items { elements.append(element) }
            }
            // Evaluated once against an empty element, so attribute errors show up even without values.
            _ = try inner.evaluate([:], scope: .element(resolved.attribute))
            for element in elements where try inner.evaluate(element, scope: .element(resolved.attribute)) { return true }
            return false
        }
    }

    /// The values a path addresses in `object`, and the definition they follow.
    private static func values(
        _ path: SCIMAttributePath, in object: JSONObject, scope: Scope
    ) throws(SCIMError) -> ([JSONValue], SCIMAttribute) {
        switch scope {
        case .element(let parent):
            guard path.schema == nil, path.subAttribute == nil, let sub = parent.subAttribute(named: path.attribute) else {
                throw SCIMFilterLexer.invalid("\(parent.name) has no sub-attribute named \(path)")
            }
            return (SCIMObjectAccess.member(object, sub.name).map { [$0] } ?? [], sub)
        case .resource(let type):
            let resolved = try type.resolve(path, errorKind: .invalidFilter)
            let attribute = resolved.attribute
            let top = SCIMObjectAccess.value(of: resolved, in: object)
            var definition = resolved.leaf
            if resolved.subAttribute == nil, attribute.type == .complex, attribute.multiValued,
                let value = attribute.subAttribute(named: "value")
            {
                definition = value
            }
            var out: [JSONValue] = []
            if attribute.multiValued {
                guard case .array(let items)? = top else { return ([], definition) }
                for item in items {
                    if let sub = resolved.subAttribute {
                        if case .object(let element) = item, let found = SCIMObjectAccess.member(element, sub.name) {
                            out.append(found)
                        }
                    } else if attribute.type == .complex {
                        if case .object(let element) = item, let found = SCIMObjectAccess.member(element, "value") {
                            out.append(found)
                        }
                    } else {
                        out.append(item)
                    }
                }
            } else if let sub = resolved.subAttribute {
                if case .object(let complex)? = top, let found = SCIMObjectAccess.member(complex, sub.name) { out.append(found) }
            } else if let top {
                out.append(top)
            }
            return (out, definition)
        }
    }

    private static func isPresent(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let object): !object.isEmpty
        default: true
        }
    }

    /// Refuses operators and literals that do not fit the attribute's type, before any value is looked at.
    private static func checkFits(
        _ comparison: SCIMFilterOperator, _ literal: SCIMFilterValue, _ definition: SCIMAttribute
    ) throws(SCIMError) {
        if case .null = literal {
            guard comparison == .eq || comparison == .ne else {
                throw SCIMFilterLexer.invalid("null can only be compared with eq or ne")
            }
            return
        }
        switch definition.type {
        case .complex:
            throw SCIMFilterLexer.invalid("\(definition.name) is complex: compare one of its sub-attributes")
        case .boolean:
            guard case .bool = literal, comparison == .eq || comparison == .ne else {
                throw SCIMFilterLexer.invalid("\(definition.name) is a boolean: compare it with eq or ne to true or false")
            }
        case .integer, .decimal:
            guard case .number = literal, ![.co, .sw, .ew].contains(comparison) else {
                throw SCIMFilterLexer.invalid("\(definition.name) is a number: compare it to a number with eq ne gt ge lt le")
            }
        case .dateTime:
            guard case .string(let text) = literal, SCIMDateTime(text) != nil, ![.co, .sw, .ew].contains(comparison) else {
                throw SCIMFilterLexer.invalid(
                    "\(definition.name) is a date-time: compare it to a quoted date-time with eq ne gt ge lt le")
            }
        case .string, .reference, .binary:
            guard case .string = literal else {
                throw SCIMFilterLexer.invalid("\(definition.name) is a string: compare it to a quoted string")
            }
        }
    }

    private static func compare(
        _ value: JSONValue, _ comparison: SCIMFilterOperator, _ literal: SCIMFilterValue, _ definition: SCIMAttribute
    ) throws(SCIMError) -> Bool {
        switch (value, literal) {
        case (.bool(let actual), .bool(let wanted)):
            return actual == wanted
        case (.number(let actual), .number(let wanted)):
            return ordered(actual.double, comparison, wanted.double)
        case (.string(let actual), .string(let wanted)):
            if definition.type == .dateTime {
                guard let left = SCIMDateTime(actual), let right = SCIMDateTime(wanted) else { return false }
                return ordered(left, comparison, right)
            }
            let left = definition.caseExact ? actual : actual.lowercased()
            let right = definition.caseExact ? wanted : wanted.lowercased()
            switch comparison {
            case .co: return left.contains(right)
            case .sw: return left.hasPrefix(right)
            case .ew: return left.hasSuffix(right)
            default: return ordered(left, comparison, right)
            }
        default:
            return false
        }
    }

    private static func ordered<T: Comparable>(_ left: T, _ comparison: SCIMFilterOperator, _ right: T) -> Bool {
        switch comparison {
        case .eq: left == right
        case .ne: left != right
        case .gt: left > right
        case .ge: left >= right
        case .lt: left < right
        case .le: left <= right
        case .co, .sw, .ew: false
        }
    }
}

extension SCIMFilter {
    /// Whether one element of the multi-valued complex `attribute` matches this filter, whose paths name the
    /// attribute's sub-attributes (the inside of `emails[type eq "work"]`).
    /// - Throws: ``SCIMError`` 400 `invalidFilter` when the filter names something that is not a sub-attribute.
    public func matchesElement(_ element: JSONObject, of attribute: SCIMAttribute) throws(SCIMError) -> Bool {
        try evaluate(element, scope: .element(attribute))
    }

    /// The sub-attribute values this filter requires by `eq` alone (`type eq "work" and primary eq true`), used to
    /// build the element a filtered PATCH adds when the attribute has no values yet; nil when the filter says more.
    public var equalityTerms: [(name: String, value: SCIMFilterValue)]? {
        switch self {
        case .compare(let path, .eq, let value) where path.schema == nil && path.subAttribute == nil:
            return [(path.attribute, value)]
        case .and(let left, let right):
            guard let first = left.equalityTerms, let second = right.equalityTerms else { return nil }
            return first + second
        default:
            return nil
        }
    }
}
