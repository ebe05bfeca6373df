/// A Cedar extension function or method, resolved from its name once (when a policy is compiled or an `__extn`
/// value is decoded) so that calling it does not compare names.
enum ExtensionFunction: String, Sendable, CaseIterable {
    // Constructors, called as `f("literal")`.
    case decimal, ip, datetime, duration
    // Methods, called as `receiver.f(...)`; the receiver is the first argument.
    case lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case isIpv4, isIpv6, isLoopback, isMulticast, isInRange
    case offset, durationSince, toDate, toTime
    case toMilliseconds, toSeconds, toMinutes, toHours, toDays

    /// Whether this is a constructor (`decimal`, `ip`, `datetime`, `duration`).
    var isConstructor: Bool {
        switch self {
        case .decimal, .ip, .datetime, .duration: return true
        default: return false
        }
    }

    /// Number of arguments, the receiver of a method included.
    var arity: Int {
        switch self {
        case .decimal, .ip, .datetime, .duration: return 1
        case .isIpv4, .isIpv6, .isLoopback, .isMulticast, .toDate, .toTime: return 1
        case .toMilliseconds, .toSeconds, .toMinutes, .toHours, .toDays: return 1
        default: return 2
        }
    }

    /// Applies the function to evaluated arguments.
    /// - Throws: `wrongArity` when `args` has the wrong count, else what ``apply(_:_:)`` throws.
    func apply(_ args: [Value]) throws(EvaluationError) -> Value {
        guard args.count == arity else { throw wrongArity(args.count) }
        return try apply(args[0], args.count > 1 ? args[1] : nil)
    }

    /// The error for a call with `count` arguments.
    func wrongArity(_ count: Int) -> EvaluationError {
        EvaluationError(.wrongArity, "`\(rawValue)` expects \(arity) argument(s), got \(count)")
    }

    /// Applies the function to its first argument (a method's receiver) and, for functions of two arguments, the
    /// second.
    /// - Throws: `wrongArity` when `argument` is missing or extra, a type error when an argument has the wrong type,
    ///   `extensionError` for a malformed constructor literal, `overflow` for datetime arithmetic out of range.
    func apply(_ receiver: Value, _ argument: Value?) throws(EvaluationError) -> Value {
        guard (argument == nil) == (arity == 1) else { throw wrongArity(argument == nil ? 1 : 2) }
        // For a function of one argument, `b` is unused.
        let a = receiver
        let b = argument ?? receiver
        switch self {
        case .lessThan: return .bool(try Self.decimal(a) < Self.decimal(b))
        case .lessThanOrEqual: return .bool(try Self.decimal(a) <= Self.decimal(b))
        case .greaterThan: return .bool(try Self.decimal(a) > Self.decimal(b))
        case .greaterThanOrEqual: return .bool(try Self.decimal(a) >= Self.decimal(b))
        case .isIpv4: return .bool(try Self.ip(a).isV4)
        case .isIpv6: return .bool(!(try Self.ip(a).isV4))
        case .isLoopback: return .bool(try Self.ip(a).isLoopback)
        case .isMulticast: return .bool(try Self.ip(a).isMulticast)
        case .isInRange: return .bool(try Self.ip(a).isInRange(try Self.ip(b)))
        case .offset:
            let (v, o) = try Self.datetime(a).addingReportingOverflow(try Self.duration(b))
            if o { throw EvaluationError(.overflow, "overflow in datetime offset") }
            return .ext(.datetime(v))
        case .durationSince:
            let (v, o) = try Self.datetime(a).subtractingReportingOverflow(try Self.datetime(b))
            if o { throw EvaluationError(.overflow, "overflow in durationSince") }
            return .ext(.duration(v))
        case .toDate:
            guard let v = CedarDateTime.toDate(try Self.datetime(a)) else {
                throw EvaluationError(.overflow, "overflow in toDate")
            }
            return .ext(.datetime(v))
        case .toTime: return .ext(.duration(CedarDateTime.toTime(try Self.datetime(a))))
        case .toMilliseconds: return .long(try Self.duration(a))
        case .toSeconds: return .long(try Self.duration(a) / 1000)
        case .toMinutes: return .long(try Self.duration(a) / 60_000)
        case .toHours: return .long(try Self.duration(a) / 3_600_000)
        case .toDays: return .long(try Self.duration(a) / 86_400_000)
        case .decimal, .ip, .datetime, .duration:
            return .ext(try Self.constructed(self, a))
        }
    }

    /// The value a constructor makes from its literal; nil when the literal is malformed or this is not a constructor.
    func construct(_ literal: String) -> ExtensionValue? {
        switch self {
        case .decimal: return CedarDecimal(parsing: literal).map { .decimal($0) }
        case .ip: return IPAddr(parsing: literal).map { .ipaddr($0) }
        case .datetime: return CedarDateTime.parseDatetime(literal).map { .datetime($0) }
        case .duration: return CedarDateTime.parseDuration(literal).map { .duration($0) }
        default: return nil
        }
    }

    /// The value a constructor makes from its literal.
    /// - Throws: `extensionError` when the literal is malformed (or this is not a constructor).
    func constructing(_ literal: String) throws(EvaluationError) -> ExtensionValue {
        guard let v = construct(literal) else {
            throw EvaluationError(.extensionError, "invalid \(rawValue) literal \"\(escapeCedarString(literal))\"")
        }
        return v
    }

    private static func constructed(_ f: ExtensionFunction, _ arg: Value) throws(EvaluationError) -> ExtensionValue {
        guard case .string(let s) = arg else { throw .type("string", arg) }
        return try f.constructing(s.value)
    }

    /// The payload of an extension-valued argument, or a type error naming the `expected` type.
    private static func payload<T>(_ v: Value, _ expected: String, _ extract: (ExtensionValue) -> T?) throws(EvaluationError) -> T {
        guard case .ext(let e) = v, let x = extract(e) else { throw .type(expected, v) }
        return x
    }

    private static func decimal(_ v: Value) throws(EvaluationError) -> CedarDecimal { try payload(v, "decimal", \.decimal) }
    private static func ip(_ v: Value) throws(EvaluationError) -> IPAddr { try payload(v, "ipaddr", \.ipaddr) }
    private static func datetime(_ v: Value) throws(EvaluationError) -> Int64 { try payload(v, "datetime", \.datetime) }
    private static func duration(_ v: Value) throws(EvaluationError) -> Int64 { try payload(v, "duration", \.duration) }
}
