/// Evaluation of Cedar extension functions and methods.
enum ExtensionFunctions {
    /// Names of constructor functions callable as `f(...)`.
    static let constructors: Set<String> = ["decimal", "ip", "datetime", "duration"]

    /// Names of extension methods callable as `e.f(...)` with their arity (excluding receiver).
    static let methods: [String: Int] = [
        "lessThan": 1, "lessThanOrEqual": 1, "greaterThan": 1, "greaterThanOrEqual": 1,
        "isIpv4": 0, "isIpv6": 0, "isLoopback": 0, "isMulticast": 0, "isInRange": 1,
        "offset": 1, "durationSince": 1, "toDate": 0, "toTime": 0,
        "toMilliseconds": 0, "toSeconds": 0, "toMinutes": 0, "toHours": 0, "toDays": 0,
    ]

    static func arity(_ name: String) -> Int? {
        if constructors.contains(name) { return 1 }
        if let n = methods[name] { return n + 1 }
        return nil
    }

    /// Constructs an extension value from its constructor name and string argument.
    static func construct(_ name: String, _ arg: String) -> ExtensionValue? {
        switch name {
        case "decimal": return CedarDecimal(parsing: arg).map { .decimal($0) }
        case "ip": return IPAddr(parsing: arg).map { .ipaddr($0) }
        case "datetime": return CedarDateTime.parseDatetime(arg).map { .datetime($0) }
        case "duration": return CedarDateTime.parseDuration(arg).map { .duration($0) }
        default: return nil
        }
    }

    static func call(_ name: String, _ args: [Value]) throws(EvaluationError) -> Value {
        guard let n = arity(name) else {
            throw EvaluationError(.unknownFunction, "unknown extension function `\(name)`")
        }
        guard args.count == n else {
            throw EvaluationError(.wrongArity, "`\(name)` expects \(n) argument(s), got \(args.count)")
        }
        if constructors.contains(name) {
            guard case .string(let s) = args[0] else { throw .type("string", args[0]) }
            guard let v = construct(name, s.value) else {
                throw EvaluationError(.extensionError, "invalid \(name) literal \"\(escapeCedarString(s.value))\"")
            }
            return .ext(v)
        }
        switch name {
        case "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual":
            let a = try decimal(args[0]), b = try decimal(args[1])
            switch name {
            case "lessThan": return .bool(a < b)
            case "lessThanOrEqual": return .bool(a <= b)
            case "greaterThan": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case "isIpv4": return .bool(try ip(args[0]).isV4)
        case "isIpv6": return .bool(!(try ip(args[0]).isV4))
        case "isLoopback": return .bool(try ip(args[0]).isLoopback)
        case "isMulticast": return .bool(try ip(args[0]).isMulticast)
        case "isInRange": return .bool(try ip(args[0]).isInRange(try ip(args[1])))
        case "offset":
            let (v, o) = try datetime(args[0]).addingReportingOverflow(try duration(args[1]))
            if o { throw EvaluationError(.overflow, "overflow in datetime offset") }
            return .ext(.datetime(v))
        case "durationSince":
            let (v, o) = try datetime(args[0]).subtractingReportingOverflow(try datetime(args[1]))
            if o { throw EvaluationError(.overflow, "overflow in durationSince") }
            return .ext(.duration(v))
        case "toDate":
            guard let v = CedarDateTime.toDate(try datetime(args[0])) else {
                throw EvaluationError(.overflow, "overflow in toDate")
            }
            return .ext(.datetime(v))
        case "toTime": return .ext(.duration(CedarDateTime.toTime(try datetime(args[0]))))
        case "toMilliseconds": return .long(try duration(args[0]))
        case "toSeconds": return .long(try duration(args[0]) / 1000)
        case "toMinutes": return .long(try duration(args[0]) / 60_000)
        case "toHours": return .long(try duration(args[0]) / 3_600_000)
        case "toDays": return .long(try duration(args[0]) / 86_400_000)
        default:
            throw EvaluationError(.unknownFunction, "unknown extension function `\(name)`")
        }
    }

    private static func decimal(_ v: Value) throws(EvaluationError) -> CedarDecimal {
        if case .ext(.decimal(let d)) = v { return d }
        throw .type("decimal", v)
    }

    private static func ip(_ v: Value) throws(EvaluationError) -> IPAddr {
        if case .ext(.ipaddr(let d)) = v { return d }
        throw .type("ipaddr", v)
    }

    private static func datetime(_ v: Value) throws(EvaluationError) -> Int64 {
        if case .ext(.datetime(let d)) = v { return d }
        throw .type("datetime", v)
    }

    private static func duration(_ v: Value) throws(EvaluationError) -> Int64 {
        if case .ext(.duration(let d)) = v { return d }
        throw .type("duration", v)
    }
}
