public import LanyardModel

/// A SCIM filter expression (RFC 7644 §3.4.2.2), parsed by ``SCIMFilterParser``.
///
/// Inside a value path (`emails[type eq "work"]`) the inner filter's paths name sub-attributes of the outer
/// attribute.
public indirect enum SCIMFilter: Sendable, Hashable {
    /// `attr pr`: the attribute has a non-empty value.
    case present(SCIMAttributePath)
    /// `attr op value`.
    case compare(SCIMAttributePath, SCIMFilterOperator, SCIMFilterValue)
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)
    /// `attr[filter]`: some value of the multi-valued complex attribute matches the inner filter.
    case valuePath(SCIMAttributePath, SCIMFilter)
}

/// The comparison operators of RFC 7644 §3.4.2.2, Table 3 (`pr` is ``SCIMFilter/present(_:)``).
public enum SCIMFilterOperator: String, Sendable, Hashable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le
}

/// A literal in a filter: `compValue = false / null / true / number / string`.
public enum SCIMFilterValue: Sendable, Hashable {
    case string(String)
    case number(JSONNumber)
    case bool(Bool)
    case null
}
