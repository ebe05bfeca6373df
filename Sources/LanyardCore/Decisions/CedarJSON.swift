import CedarPolicy

/// JSON as the Cedar engine parses it (integers kept exact, member order kept): the decision point reads
/// AuthZEN bodies and writes its answers with it. Named apart from `LanyardModel.JSONValue`.
typealias CedarJSON = CedarPolicy.JSONValue
