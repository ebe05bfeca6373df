/// Parsing and arithmetic for Cedar `datetime` and `duration` (both i64 milliseconds).
public enum CedarDateTime {
    static let msPerDay: Int64 = 86_400_000

    /// Parses a Cedar datetime string into milliseconds since the epoch.
    public static func parseDatetime(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseDatetime($0) }
    }

    private static func parseDatetime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func digits(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= b.count else { return nil }
            var n: Int64 = 0
            for i in start..<(start + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int64(b[i] - 48)
            }
            return n
        }
        guard b.count >= 10, let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), b[7] == UInt8(ascii: "-"), let day = digits(8, 2)
        else { return nil }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else { return nil }
        let days = daysFromCivil(year, month, day)
        var ms = days * msPerDay
        if b.count == 10 { return ms }
        guard b.count >= 20, b[10] == UInt8(ascii: "T"), let hh = digits(11, 2), b[13] == UInt8(ascii: ":"),
            let mm = digits(14, 2), b[16] == UInt8(ascii: ":"), let ss = digits(17, 2)
        else { return nil }
        guard hh < 24, mm < 60, ss < 60 else { return nil }
        ms += ((hh * 60 + mm) * 60 + ss) * 1000
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            guard let milli = digits(i + 1, 3) else { return nil }
            ms += milli
            i += 4
        }
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") {
            return i + 1 == b.count ? ms : nil
        }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 5 == b.count,
            let oh = digits(i + 1, 2), let om = digits(i + 3, 2), oh < 24, om < 60
        else { return nil }
        let offset = (oh * 60 + om) * 60_000
        return b[i] == UInt8(ascii: "+") ? ms - offset : ms + offset
    }

    static func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (years 0...9999).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses a Cedar duration string (`-?` then ordered `Nd Nh Nm Ns Nms`) into milliseconds.
    public static func parseDuration(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < b.count else { return nil }
        // Units in order: d, h, m, s, ms.
        let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
        var nextUnit = 0
        var total: Int64 = 0
        while i < b.count {
            var n: Int64 = 0
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                let (m1, o1) = n.multipliedReportingOverflow(by: 10)
                let digit = Int64(b[i] - 48)
                let (a1, o2) = negative ? m1.subtractingReportingOverflow(digit) : m1.addingReportingOverflow(digit)
                if o1 || o2 { return nil }
                n = a1; count += 1; i += 1
            }
            guard count > 0, i < b.count else { return nil }
            var unit: String
            if b[i] == UInt8(ascii: "m"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "s") {
                unit = "ms"; i += 2
            } else {
                unit = String(UnicodeScalar(b[i])); i += 1
            }
            guard let idx = units.firstIndex(where: { $0.0 == unit }), idx >= nextUnit else { return nil }
            nextUnit = idx + 1
            let (v, o3) = n.multipliedReportingOverflow(by: units[idx].1)
            if o3 { return nil }
            let (t, o4) = total.addingReportingOverflow(v)
            if o4 { return nil }
            total = t
        }
        return total
    }

    /// Floors a datetime to midnight (UTC) of its day.
    static func toDate(_ ms: Int64) -> Int64? {
        let r = ms % msPerDay
        if r == 0 { return ms }
        if ms >= 0 { return ms - r }
        let (v, o) = (ms - r).subtractingReportingOverflow(msPerDay)
        return o ? nil : v
    }

    /// Milliseconds since midnight (always non-negative).
    static func toTime(_ ms: Int64) -> Int64 {
        let r = ms % msPerDay
        return r < 0 ? r + msPerDay : r
    }
}

extension CedarDateTime {
    /// Formats milliseconds since the epoch as `YYYY-MM-DDThh:mm:ss.SSSZ` (UTC). Values whose
    /// year falls outside 0000–9999 (not producible by the parser, but reachable with `offset`)
    /// are rendered with the year as computed, which Cedar's parser would reject.
    public static func formatDatetime(_ ms: Int64) -> String {
        let dayMs = msPerDay
        var days = ms / dayMs
        var rem = ms % dayMs
        if rem < 0 { rem += dayMs; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(v.magnitude)
            return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, n - s.count)) + s
        }
        let hh = rem / 3_600_000, mm = (rem / 60_000) % 60, ss = (rem / 1000) % 60, milli = rem % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2)).\(pad(milli, 3))Z"
    }

    /// Proleptic Gregorian date for a day count since 1970-01-01 (inverse of `daysFromCivil`).
    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let doe = z &- era &* 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe &+ era &* 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y &+ 1 : y, m, d)
    }

    /// Formats milliseconds as a Cedar duration literal (`-?Nms`).
    public static func formatDuration(_ ms: Int64) -> String { "\(ms)ms" }
}
