/// Finds personal and payment data in text: the data-class labels a decision can weigh (an MCP call's arguments
/// carrying a card number, say), as opposed to the secrets ``LineScanner`` finds.
///
/// Each detector checks what can be checked, so that ordinary numbers and words are not labelled: a payment card is
/// 13–19 digits (single spaces or hyphens allowed between them) passing the Luhn check; an IBAN is a country code, two
/// check digits and 11–30 letters or digits (single spaces allowed) passing the ISO 7064 mod-97 check; a US social
/// security number is `AAA-GG-SSSS` outside the ranges never issued (area 000, 666, 900–999; group 00; serial 0000);
/// an email address is a local part, `@`, and a domain of at least two labels whose last is 2–63 letters. Linear in the
/// text's length.
public enum DataClassScanner {
    /// The labels.
    public enum Label: String, Sendable, CaseIterable {
        case email
        case paymentCard = "payment_card"
        case iban
        case usSSN = "us_ssn"
    }

    /// The labels of the data classes found in `text`.
    public static func labels(in text: String) -> Set<Label> {
        let bytes = Array(text.utf8)
        var found = Set<Label>()
        if hasEmail(bytes) { found.insert(.email) }
        if hasPaymentCard(bytes) { found.insert(.paymentCard) }
        if hasIBAN(bytes) { found.insert(.iban) }
        if hasSSN(bytes) { found.insert(.usSSN) }
        return found
    }

    // MARK: Email

    static func hasEmail(_ bytes: [UInt8]) -> Bool {
        for at in bytes.indices where bytes[at] == UInt8(ascii: "@") {
            var start = at
            while start > 0, at - start < 64, isLocal(bytes[start - 1]) { start -= 1 }
            guard start < at else { continue }
            var end = at + 1
            while end < bytes.count, end - at <= 253, isDomain(bytes[end]) { end += 1 }
            // A trailing dot ends the sentence, not the domain.
            while end > at + 1, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            let labels = bytes[(at + 1)..<end].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }), let last = labels.last,
                last.count >= 2, last.allSatisfy(isLetter)
            else { continue }
            return true
        }
        return false
    }

    static func isLocal(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    static func isDomain(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") }

    // MARK: Payment cards

    static func hasPaymentCard(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]) else {
                index += 1
                continue
            }
            // A run of digits, single separators allowed between them.
            var digits: [UInt8] = []
            var cursor = index
            while cursor < bytes.count {
                if isDigit(bytes[cursor]) {
                    digits.append(bytes[cursor] &- UInt8(ascii: "0"))
                    cursor += 1
                } else if bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "-"), cursor + 1 < bytes.count,
                    isDigit(bytes[cursor + 1]), isDigit(bytes[cursor - 1])
                {
                    cursor += 1
                } else {
                    break
                }
            }
            let ends = cursor == bytes.count || !isAlphanumeric(bytes[cursor])
            if ends, (13...19).contains(digits.count), Set(digits).count > 1, luhn(digits) { return true }
            index = max(cursor, index + 1)
        }
        return false
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    // MARK: IBAN

    static func hasIBAN(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 4 <= bytes.count {
            guard isUpper(bytes[index]), isUpper(bytes[index + 1]), isDigit(bytes[index + 2]), isDigit(bytes[index + 3]),
                index == 0 || !isAlphanumeric(bytes[index - 1])
            else {
                index += 1
                continue
            }
            // Up to 34 letters and digits, single spaces allowed; each place a token could end is tried.
            var compact: [UInt8] = []
            var cursor = index
            var ends: [Int] = []
            while cursor < bytes.count, compact.count < 34 {
                let byte = bytes[cursor]
                if isUpper(byte) || isDigit(byte) {
                    compact.append(byte)
                    cursor += 1
                    if cursor == bytes.count || !isAlphanumeric(bytes[cursor]) { ends.append(compact.count) }
                } else if byte == UInt8(ascii: " "), cursor + 1 < bytes.count, isUpper(bytes[cursor + 1]) || isDigit(bytes[cursor + 1]) {
                    cursor += 1
                } else {
                    break
                }
            }
            if ends.contains(where: { $0 >= 15 && mod97(compact[..<$0]) == 1 }) { return true }
            index += 4
        }
        return false
    }

    /// The ISO 7064 mod-97 remainder of an IBAN: its first four characters moved to the end, letters as 10–35.
    static func mod97(_ iban: ArraySlice<UInt8>) -> Int {
        var remainder = 0
        for byte in iban.dropFirst(4) + iban.prefix(4) {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte &- UInt8(ascii: "0"))) % 97
            } else {
                remainder = (remainder * 100 + Int(byte &- UInt8(ascii: "A")) + 10) % 97
            }
        }
        return remainder
    }

    // MARK: US social security numbers

    static func hasSSN(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 11 else { return false }
        for start in 0...(bytes.count - 11) {
            guard bytes[start + 3] == UInt8(ascii: "-"), bytes[start + 6] == UInt8(ascii: "-") else { continue }
            let digits = [0, 1, 2, 4, 5, 7, 8, 9, 10].map { bytes[start + $0] }
            guard digits.allSatisfy(isDigit), start == 0 || !isAlphanumeric(bytes[start - 1]),
                start + 11 == bytes.count || !(isAlphanumeric(bytes[start + 11]) || bytes[start + 11] == UInt8(ascii: "-"))
            else { continue }
            let values = digits.map { Int($0 &- UInt8(ascii: "0")) }
            let area = values[0] * 100 + values[1] * 10 + values[2]
            let group = values[3] * 10 + values[4]
            let serial = values[5] * 1000 + values[6] * 100 + values[7] * 10 + values[8]
            if area != 0, area != 666, area < 900, group != 0, serial != 0 { return true }
        }
        return false
    }

    // MARK: Bytes

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
}
