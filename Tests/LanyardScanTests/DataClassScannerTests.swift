import Testing

@testable import LanyardScan

@Suite("Data-class labels: what is checkable is checked, so ordinary text is not labelled")
struct DataClassScannerTests {
    func labels(_ text: String) -> Set<String> { Set(DataClassScanner.labels(in: text).map(\.rawValue)) }

    @Test("email addresses, with the sentence's full stop not part of the domain")
    func email() {
        #expect(labels("write to jane.doe+ops@example.co.uk.") == ["email"])
        #expect(labels("at the @ sign, user@localhost, a@b.c, me@example.c0m").isEmpty)
    }

    @Test("payment cards pass the Luhn check, grouped or not; other numbers do not")
    func paymentCards() {
        #expect(labels("card 4111 1111 1111 1111 exp 12/29") == ["payment_card"])
        #expect(labels("card 4111-1111-1111-1111") == ["payment_card"])
        #expect(labels("5555555555554444") == ["payment_card"])
        #expect(labels("card 4111 1111 1111 1112").isEmpty, "Luhn fails")
        #expect(labels("0000000000000000").isEmpty, "one digit repeated")
        #expect(labels("id 41111111111111110000000").isEmpty, "too long a run")
        #expect(labels("x4111111111111111").isEmpty, "part of a word")
        #expect(labels("order 2026-12-04 total 1,234").isEmpty)
    }

    @Test("IBANs pass the mod-97 check, spaced or compact")
    func ibans() {
        #expect(labels("pay GB82 WEST 1234 5698 7654 32 today") == ["iban"])
        #expect(labels("DE89370400440532013000") == ["iban"])
        #expect(labels("GB82 WEST 1234 5698 7654 33").isEmpty, "check digits wrong")
        #expect(labels("AB12 is a model number").isEmpty)
    }

    @Test("US social security numbers outside the ranges never issued")
    func ssns() {
        #expect(labels("ssn 123-45-6789") == ["us_ssn"])
        #expect(labels("666-45-6789 000-12-3456 900-12-3456 123-00-4567 123-45-0000").isEmpty)
        #expect(labels("call 555-123-4567").isEmpty, "a phone number is not one")
        #expect(labels("v1-123-45-6789-2").isEmpty)
    }

    @Test("several classes in one text")
    func several() {
        #expect(labels("jane@example.com, 4111111111111111, 123-45-6789") == ["email", "payment_card", "us_ssn"])
    }
}
