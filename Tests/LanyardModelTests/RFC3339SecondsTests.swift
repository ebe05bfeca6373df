import LanyardModel
import Testing

@Suite("RFC 3339 whole seconds")
struct RFC3339SecondsTests {
    @Test("RFC 3339 seconds format and parse across eras, leap days included, and reject impossible dates")
    func times() {
        let vectors: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"), (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_164_799, "2024-02-28T23:59:59Z"), (1_709_164_800, "2024-02-29T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
        ]
        for (seconds, text) in vectors {
            #expect(RFC3339Seconds.format(seconds) == text)
            #expect(RFC3339Seconds.parse(text) == seconds)
        }
        for bad in ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+01:00", "2024-01-01"] {
            #expect(RFC3339Seconds.parse(bad) == nil, "\(bad)")
        }
        #expect((try? RFC3339Seconds.parse("2024-01-01", field: "since")) == 1_704_067_200)
    }
}
