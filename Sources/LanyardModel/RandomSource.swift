/// A source of randomness, injected beside ``WallClock``: identifiers, secrets, serial numbers and keys come from
/// it, so a test can fix it and pin what Lanyard issues (tokens, SVIDs, answers) in golden files.
///
/// Production uses ``SystemRandom`` (the operating system's cryptographically secure generator). An implementation
/// must be safe to call from several tasks at once.
public protocol RandomSource: Sendable {
    /// 64 random bits.
    func next() -> UInt64
}

extension RandomSource {
    /// A generator over this source, for APIs that take `inout some RandomNumberGenerator`.
    public func generator() -> RandomSourceGenerator {
        RandomSourceGenerator(source: self)
    }

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            withUnsafeBytes(of: next().littleEndian) { word in
                out.append(contentsOf: word.prefix(count - out.count))
            }
        }
        return out
    }
}

/// The `RandomNumberGenerator` view of a ``RandomSource``.
public struct RandomSourceGenerator: RandomNumberGenerator {
    let source: any RandomSource

    public mutating func next() -> UInt64 { source.next() }
}

/// The operating system's cryptographically secure generator (`SystemRandomNumberGenerator`).
public struct SystemRandom: RandomSource {
    public init() {}

    public func next() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
