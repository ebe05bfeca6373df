import Testing
@testable import CedarPolicy

@Suite("Extension types")
struct ExtensionTests {
    @Test("decimal needs digits on both sides of the dot and at most four fractional digits")
    func decimalSyntax() {
        #expect(CedarDecimal(parsing: "1") == nil)
        #expect(CedarDecimal(parsing: "1.12345") == nil)
        #expect(CedarDecimal(parsing: ".5") == nil)
        #expect(CedarDecimal(parsing: "-0.5")?.scaled == -5000)
        #expect(CedarDecimal(parsing: "922337203685477.5807")?.scaled == Int64.max)
        #expect(CedarDecimal(parsing: "-922337203685477.5808")?.scaled == Int64.min)
        #expect(CedarDecimal(parsing: "922337203685477.5808") == nil)
        #expect(run(#"decimal("-0.5").lessThan(decimal("0.0"))"#) == .value(.bool(true)))
        #expect(run(#"decimal("1")"#) == .evalError)
    }

    @Test("ipaddr rejects leading zeros and embedded IPv4, keeps host bits")
    func ipSyntax() {
        #expect(IPAddr(parsing: "127.0.0.01") == nil)
        #expect(IPAddr(parsing: "::ffff:127.0.0.1") == nil)
        #expect(IPAddr(parsing: "10.0.0.1/08") == nil)
        #expect(IPAddr(parsing: "10.0.0.1/33") == nil)
        #expect(run(#"ip("10.0.0.1/8") == ip("10.0.0.0/8")"#) == .value(.bool(false)))
        #expect(run(#"ip("10.0.0.1") == ip("10.0.0.1/32")"#) == .value(.bool(true)))
    }

    @Test("ipaddr methods: loopback, multicast, ranges, families")
    func ipMethods() {
        #expect(isTrue(#"ip("127.0.0.1").isLoopback()"#))
        #expect(isTrue(#"ip("::1").isLoopback()"#))
        #expect(isTrue(#"ip("224.0.0.1").isMulticast()"#))
        #expect(isTrue(#"ip("ff02::1").isMulticast()"#))
        #expect(isTrue(#"ip("10.1.2.3").isInRange(ip("10.0.0.0/8"))"#))
        #expect(!isTrue(#"ip("10.0.0.1").isInRange(ip("::/0"))"#))
        #expect(isTrue(#"ip("::").isIpv6() && ip("1.2.3.4").isIpv4()"#))
    }

    @Test("datetime formats, offsets, toDate and toTime")
    func datetime() {
        #expect(isTrue(#"datetime("2024-01-01T00:00:00+0100") == datetime("2023-12-31T23:00:00Z")"#))
        #expect(isTrue(#"datetime("1969-12-31T23:00:00Z").toTime() == duration("23h")"#))
        #expect(isTrue(#"datetime("1969-12-31T23:00:00Z").toDate() == datetime("1969-12-31")"#))
        #expect(isTrue(#"datetime("2024-01-01T00:00:00.123Z").toTime() == duration("123ms")"#))
        #expect(run(#"datetime("2024-02-30")"#) == .evalError)
        #expect(run(#"datetime("2024-01-01T00:00:00.12Z")"#) == .evalError)
        #expect(run(#"datetime("2024-01-01T00:00:00+2400")"#) == .evalError)
        #expect(isTrue(#"datetime("2024-01-01").durationSince(datetime("2023-01-01")) == duration("365d")"#))
    }

    @Test("duration units are ordered, unique, and checked for overflow")
    func duration() {
        #expect(isTrue(#"duration("1d2h3m4s5ms").toMilliseconds() == 93784005"#))
        #expect(isTrue(#"duration("-1d").toDays() == -1"#))
        #expect(run(#"duration("1h1d")"#) == .evalError)
        #expect(run(#"duration("")"#) == .evalError)
        #expect(run(#"duration("-")"#) == .evalError)
        #expect(run(#"duration("9223372036854775808ms")"#) == .evalError)
        #expect(isTrue(#"duration("-9223372036854775808ms").toMilliseconds() < 0"#))
    }

    @Test("a bad extension literal in a policy is an evaluation error, not a parse error")
    func runtimeConstructors() {
        #expect(run(#"ip("nope")"#) == .evalError)
    }
}
