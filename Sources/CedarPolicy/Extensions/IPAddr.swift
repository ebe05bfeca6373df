/// Cedar `ipaddr`: an IPv4 or IPv6 address with a prefix length (host bits are kept).
public struct IPAddr: Hashable, Sendable, CustomStringConvertible {
    /// Whether this is an IPv4 address.
    public let isV4: Bool
    /// High 64 bits of the address (IPv4 addresses live in the low 32 bits of `lo`).
    public let hi: UInt64
    /// Low 64 bits of the address.
    public let lo: UInt64
    /// Prefix length (32/128 when none was given).
    public let prefix: Int

    /// Parses `a.b.c.d[/n]` or an IPv6 address `[/n]`. Returns nil on malformed input.
    public init?(parsing text: String) {
        let bytes = text.utf8
        var addrPart = bytes[...]
        var prefixText: Substring.UTF8View?
        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            addrPart = bytes[bytes.startIndex..<slash]
            prefixText = bytes[bytes.index(after: slash)...]
        }
        if let v4 = IPAddr.parseV4(addrPart) {
            isV4 = true; hi = 0; lo = UInt64(v4)
        } else if let v6 = IPAddr.parseV6(Substring(String(decoding: addrPart, as: UTF8.self))) {
            isV4 = false; hi = v6.0; lo = v6.1
        } else {
            return nil
        }
        let maxPrefix = isV4 ? 32 : 128
        if let p = prefixText {
            guard let n = IPAddr.parsePrefix(p), n <= maxPrefix else { return nil }
            prefix = n
        } else {
            prefix = maxPrefix
        }
    }

    init(isV4: Bool, hi: UInt64, lo: UInt64, prefix: Int) {
        self.isV4 = isV4; self.hi = hi; self.lo = lo; self.prefix = prefix
    }

    private static func parsePrefix(_ bytes: Substring.UTF8View) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 3 else { return nil }
        if bytes.count > 1 && bytes.first == 48 { return nil }
        var n = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    /// `a.b.c.d`: four decimal groups of one to three digits, without leading zeros, each at most 255.
    private static func parseV4(_ bytes: Substring.UTF8View) -> UInt32? {
        var result: UInt32 = 0
        var group: UInt32 = 0
        var digits = 0
        var groups = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0, group <= 255, groups < 3 else { return nil }
                result = (result << 8) | group
                groups += 1
                group = 0
                digits = 0
                continue
            }
            guard b >= 48, b <= 57, digits < 3, digits == 0 || group != 0 else { return nil }
            group = group * 10 + UInt32(b - 48)
            digits += 1
        }
        guard digits > 0, group <= 255, groups == 3 else { return nil }
        return (result << 8) | group
    }

    private static func parseGroups(_ s: Substring) -> [UInt16]? {
        if s.isEmpty { return [] }
        var groups: [UInt16] = []
        for part in s.split(separator: ":", omittingEmptySubsequences: false) {
            let bytes = Array(part.utf8)
            guard !bytes.isEmpty, bytes.count <= 4 else { return nil }
            var n: UInt16 = 0
            for b in bytes {
                let d: UInt16
                switch b {
                case 48...57: d = UInt16(b - 48)
                case 97...102: d = UInt16(b - 87)
                case 65...70: d = UInt16(b - 55)
                default: return nil
                }
                n = n << 4 | d
            }
            groups.append(n)
        }
        return groups
    }

    private static func parseV6(_ s: Substring) -> (UInt64, UInt64)? {
        var groups: [UInt16]
        let chars = Array(s)
        var dc = -1
        for k in 0..<max(chars.count - 1, 0) where chars[k] == ":" && chars[k + 1] == ":" { dc = k; break }
        if dc >= 0 {
            let head = Substring(String(chars[0..<dc]))
            let tail = Substring(String(chars[(dc + 2)...]))
            if tail.hasPrefix(":") || tail.contains("::") || (tail.isEmpty == false && tail.last == ":") { return nil }
            guard let h = parseGroups(head), let t = parseGroups(tail) else { return nil }
            guard h.count + t.count <= 7 else { return nil }
            groups = h + Array(repeating: 0, count: 8 - h.count - t.count) + t
        } else {
            guard let g = parseGroups(s), g.count == 8 else { return nil }
            groups = g
        }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<4 { hi = hi << 16 | UInt64(groups[i]) }
        for i in 4..<8 { lo = lo << 16 | UInt64(groups[i]) }
        return (hi, lo)
    }

    /// The address range `[first, last]` as 128-bit pairs.
    private var range: (first: (UInt64, UInt64), last: (UInt64, UInt64)) {
        let bits = isV4 ? 32 : 128
        let hostBits = bits - prefix
        // Mask of host bits within a 128-bit space.
        let (mh, ml) = IPAddr.lowMask(hostBits)
        return ((hi & ~mh, lo & ~ml), (hi | mh, lo | ml))
    }

    private static func lowMask(_ n: Int) -> (UInt64, UInt64) {
        if n <= 0 { return (0, 0) }
        if n >= 128 { return (UInt64.max, UInt64.max) }
        if n >= 64 {
            let h = n == 64 ? UInt64(0) : (UInt64.max >> UInt64(128 - n))
            return (h, UInt64.max)
        }
        return (0, UInt64.max >> UInt64(64 - n))
    }

    private static func le(_ a: (UInt64, UInt64), _ b: (UInt64, UInt64)) -> Bool {
        a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1)
    }

    /// True if this address range is contained in `other`'s range (same family only).
    public func isInRange(_ other: IPAddr) -> Bool {
        guard isV4 == other.isV4 else { return false }
        let a = range, b = other.range
        return IPAddr.le(b.first, a.first) && IPAddr.le(a.last, b.last)
    }

    /// True if the address range lies in the loopback range (127.0.0.0/8 or ::1).
    public var isLoopback: Bool {
        if isV4 {
            return isInRange(IPAddr(isV4: true, hi: 0, lo: 0x7F00_0000, prefix: 8))
        }
        return isInRange(IPAddr(isV4: false, hi: 0, lo: 1, prefix: 128))
    }

    /// True if the address range lies in the multicast range (224.0.0.0/4 or ff00::/8).
    public var isMulticast: Bool {
        if isV4 {
            return isInRange(IPAddr(isV4: true, hi: 0, lo: 0xE000_0000, prefix: 4))
        }
        return isInRange(IPAddr(isV4: false, hi: 0xFF00_0000_0000_0000, lo: 0, prefix: 8))
    }

    public var description: String {
        if isV4 {
            let v = UInt32(truncatingIfNeeded: lo)
            return "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)/\(prefix)"
        }
        var groups: [String] = []
        for i in 0..<4 { groups.append(String((hi >> UInt64(48 - 16 * i)) & 0xFFFF, radix: 16)) }
        for i in 0..<4 { groups.append(String((lo >> UInt64(48 - 16 * i)) & 0xFFFF, radix: 16)) }
        return groups.joined(separator: ":") + "/\(prefix)"
    }
}
