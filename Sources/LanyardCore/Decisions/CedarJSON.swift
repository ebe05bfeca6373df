import CedarPolicy
import LanyardModel

/// JSON as the Cedar engine reads it (its own parse tree: member order kept, integers exact, other numbers as
/// text). Named apart from `LanyardModel.JSONValue`, Lanyard's JSON everywhere else.
typealias CedarJSON = CedarPolicy.JSONValue

extension CedarPolicy.JSONValue {
    /// The one bridge from Lanyard's JSON to the engine's: the same tree, member for member. An exact integer stays
    /// an `Int64` (a Cedar Long beyond 2^53 does not round); any other number keeps its text.
    init(_ value: LanyardModel.JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = number.int64.map(CedarPolicy.JSONValue.int) ?? .number(number.text)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(CedarPolicy.JSONValue.init))
        case .object(let object): self = .object(object.members.map { ($0.key, CedarPolicy.JSONValue($0.value)) })
        }
    }
}
