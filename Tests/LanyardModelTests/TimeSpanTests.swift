import LanyardModel
import Testing

@Suite("Time spans as operators write them")
struct TimeSpanTests {
    @Test(
        "units and combinations parse to seconds",
        arguments: [
            ("90s", 90), ("15m", 900), ("12h", 43_200), ("30d", 2_592_000), ("2w", 1_209_600), ("1d12h", 129_600),
        ])
    func parses(text: String, seconds: Int64) throws {
        #expect(try TimeSpan(parsing: text, field: "ttl").seconds == seconds)
    }

    @Test("malformed spans are refused naming the field", arguments: ["", "30", "d", "1x", "-5d", "0s", "1.5d", "３d"])
    func refusesMalformed(text: String) {
        #expect(throws: LanyardError.invalid("ttl", "")) { try TimeSpan(parsing: text, field: "ttl") }
        do {
            _ = try TimeSpan(parsing: text, field: "ttl")
        } catch let error as LanyardError {
            #expect(error.field == "ttl")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("huge numbers are refused instead of overflowing")
    func refusesOverflow() {
        #expect(throws: LanyardError.self) { try TimeSpan(parsing: "99999999999999999999d", field: "ttl") }
        #expect(throws: LanyardError.self) { try TimeSpan(parsing: "3651d", field: "ttl") }
        #expect(throws: LanyardError.self) { try TimeSpan(parsing: "9223372036854775807s", field: "ttl") }
    }

    @Test("description is the shortest exact notation and round-trips")
    func describes() throws {
        for text in ["30d", "1d12h", "15m", "1h1m1s"] {
            let span = try TimeSpan(parsing: text, field: "x")
            #expect(span.description == text)
            #expect(try TimeSpan(parsing: span.description, field: "x") == span)
        }
    }
}
