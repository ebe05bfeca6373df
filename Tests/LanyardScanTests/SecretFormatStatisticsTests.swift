@testable import LanyardScan
import LanyardModel
import Testing

/// The acceptance figures for self-identifying secrets: no false positives on ten million random strings — random
/// hex (SHA-1 and SHA-256 shaped), base64, UUIDs, and strings that carry a valid Lanyard prefix with a random body
/// so that only the checksum can reject them — and every one of 100,000 generated secrets of each kind found.
@Suite("Self-identifying secrets: false positives and recall")
struct SecretFormatStatisticsTests {
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let hex = Array("0123456789abcdef".utf8)
    static let prefixes = [SecretFormat.adminPrefix, SecretFormat.pepPrefix, SecretFormat.provisioningPrefix, SecretFormat.revocationPrefix]
        .map { Array($0.utf8) }

    /// How many of `count` random strings of shard `shard` any token detector (or the webhook-key check) accepts.
    static func falsePositives(shard: UInt64, count: Int) -> Int {
        var generator = SplitMix(seed: 0x5EC2_E7 &+ shard)
        var found = 0
        // One reused buffer written through a pointer, and 8 characters per 64-bit draw: generating ten million
        // strings must stay cheap in a debug build, so the time goes to the checks under test.
        var storage = [UInt8](repeating: 0, count: 80)
        var matches: [Match] = []
        for index in 0..<count {
            let length: Int = storage.withUnsafeMutableBufferPointer { buffer in
                var bits = generator.next()
                var left = 8
                func byte() -> Int {
                    if left == 0 {
                        bits = generator.next()
                        left = 8
                    }
                    let value = Int(bits & 0xFF)
                    bits >>= 8
                    left -= 1
                    return value
                }
                switch index % 10 {
                case 0, 1:  // SHA-1 / SHA-256 hex digests
                    let length = index % 20 == 0 ? 40 : 64
                    for position in 0..<length { buffer[position] = hex[byte() & 15] }
                    return length
                case 2, 3:  // base64 of 15 to 48 random bytes
                    let length = 20 + byte() % 45
                    for position in 0..<length { buffer[position] = base64[byte() & 63] }
                    return length
                case 4, 5:  // UUIDs
                    for position in 0..<36 { buffer[position] = hex[byte() & 15] }
                    for position in [8, 13, 18, 23] { buffer[position] = UInt8(ascii: "-") }
                    return 36
                case 6, 7, 8:  // a valid Lanyard prefix and a random base62 body: only the checksum can reject it
                    let prefix = prefixes[index % 4]
                    for (position, byte) in prefix.enumerated() { buffer[position] = byte }
                    for position in prefix.count..<(prefix.count + 46) { buffer[position] = base62[byte() % 62] }
                    return prefix.count + 46
                default:  // a Lanyard webhook key's marker followed by random bytes: only its CRC-32 can reject it
                    for position in 0..<3 { buffer[position] = WebhookSecretFormat.marker[position] }
                    for position in 3..<32 { buffer[position] = UInt8(truncatingIfNeeded: byte()) }
                    return -32
                }
            }
            if length < 0 {
                if WebhookSecretFormat.isLanyardKey(Array(storage[0..<32])) { found += 1 }
                continue
            }
            matches.removeAll(keepingCapacity: true)
            TokenDetector.detect(storage[0..<length], into: &matches)
            found += matches.count
        }
        return found
    }

    @Test("no false positive on 10,000,000 random strings (hex, base64, UUIDs, prefixed random bodies)")
    func noFalsePositives() async {
        let shards = 16
        let total = await withTaskGroup(of: Int.self) { group in
            for shard in 0..<shards { group.addTask { Self.falsePositives(shard: UInt64(shard), count: 10_000_000 / shards) } }
            return await group.reduce(0, +)
        }
        #expect(total == 0)
    }

    @Test("100,000 generated secrets of every kind are all found, with their kind")
    func fullRecall() async {
        let kinds = SecretFormat.kinds
        let missed = await withTaskGroup(of: Int.self) { group in
            for kind in kinds {
                group.addTask {
                    var generator = SplitMix(seed: UInt64(kind.prefix.utf8.count) &* 7919)
                    let random = GeneratorSource(generator: generator)
                    var missed = 0
                    for _ in 0..<100_000 {
                        let secret: String
                        if kind == WebhookSecretFormat.kind {
                            secret = WebhookSecretFormat.text(of: WebhookSecretFormat.makeKey(using: random))
                        } else {
                            secret = SecretFormat.make(prefix: kind.prefix, using: &generator)
                        }
                        var matches: [Match] = []
                        let line = Array("KEY=\(secret)".utf8)[...]
                        TokenDetector.detect(line, into: &matches)
                        ContextDetector.detect(line, next: nil, into: &matches)
                        if matches.map(\.kind) != [kind.name] || SecretFormat.kind(of: secret) != kind { missed += 1 }
                    }
                    return missed
                }
            }
            return await group.reduce(0, +)
        }
        #expect(missed == 0)
    }
}

/// A ``RandomSource`` over a seeded generator (webhook keys take a source).
final class GeneratorSource: RandomSource, @unchecked Sendable {
    private var generator: SplitMix

    init(generator: SplitMix) {
        self.generator = generator
    }

    func next() -> UInt64 { generator.next() }
}
