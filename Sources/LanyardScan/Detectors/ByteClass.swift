import Foundation

/// Character classes of bytes, as one table look-up each (the detectors run on every line of every file).
enum ByteClass {
    static let alnum: UInt8 = 1
    /// `[A-Za-z0-9_-]`: the characters of most token formats.
    static let word: UInt8 = 2
    /// `[A-Za-z0-9+/=]`.
    static let base64: UInt8 = 4
    /// `[A-Za-z0-9_-]` plus `.`: the characters of a compact JWS.
    static let jws: UInt8 = 8
    static let hex: UInt8 = 16
    static let upper: UInt8 = 32
    static let lower: UInt8 = 64
    static let digit: UInt8 = 128

    static let table: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        var flags: UInt8 = 0
        let isUpper = byte >= 0x41 && byte <= 0x5A
        let isLower = byte >= 0x61 && byte <= 0x7A
        let isDigit = byte >= 0x30 && byte <= 0x39
        if isUpper || isLower || isDigit { flags |= alnum | word | base64 | jws }
        if byte == 0x5F || byte == 0x2D { flags |= word | jws }
        if byte == 0x2B || byte == 0x2F || byte == 0x3D { flags |= base64 }
        if byte == 0x2E { flags |= jws }
        if isDigit || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46) { flags |= hex }
        if isUpper { flags |= upper }
        if isLower { flags |= lower }
        if isDigit { flags |= digit }
        return flags
    }

    /// Whether every byte of `bytes` has `flag`.
    static func all(_ bytes: ArraySlice<UInt8>, _ flag: UInt8) -> Bool {
        bytes.allSatisfy { table[Int($0)] & flag != 0 }
    }

    /// The end of the run of `flag` bytes starting at `start`.
    static func runEnd(_ line: ArraySlice<UInt8>, from start: Int, _ flag: UInt8) -> Int {
        let table = Self.table
        var end = start
        while end < line.endIndex, table[Int(line[end])] & flag != 0 { end += 1 }
        return end
    }

    /// The maximal runs of `flag` bytes in `line` at least `minimumLength` long.
    static func runs(in line: ArraySlice<UInt8>, of flag: UInt8, minimumLength: Int) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let table = Self.table
        var index = line.startIndex
        while index < line.endIndex {
            guard table[Int(line[index])] & flag != 0 else {
                index += 1
                continue
            }
            let end = runEnd(line, from: index, flag)
            if end - index >= minimumLength { found.append(index..<end) }
            index = end
        }
        return found
    }

    /// Whether `line` contains `needle` starting at `index`, ASCII case folded when `caseInsensitive`.
    static func hasPrefix(_ line: ArraySlice<UInt8>, at index: Int, _ needle: [UInt8], caseInsensitive: Bool = false) -> Bool {
        guard index >= line.startIndex, line.endIndex - index >= needle.count else { return false }
        for offset in 0..<needle.count {
            var byte = line[index + offset]
            if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            if byte != needle[offset] { return false }
        }
        return true
    }

    /// Every index where `needle` (lowercase when `caseInsensitive`) starts in `line`.
    static func occurrences(of needle: [UInt8], in line: ArraySlice<UInt8>, caseInsensitive: Bool = false) -> [Int] {
        guard let first = needle.first, line.count >= needle.count else { return [] }
        var found: [Int] = []
        var index = line.startIndex
        let last = line.endIndex - needle.count
        while index <= last {
            var byte = line[index]
            if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            if byte == first, hasPrefix(line, at: index, needle, caseInsensitive: caseInsensitive) { found.append(index) }
            index += 1
        }
        return found
    }

    /// Shannon entropy of `bytes`, in bits per character.
    static func entropy(_ bytes: ArraySlice<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var sum = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            sum -= p * log2(p)
        }
        return sum
    }
}
