import Testing

@testable import LanyardAPI

@Suite("AuthZEN request reader")
struct AuthZENReaderTests {
    @Test("entity type names are identifiers joined by ::")
    func entityTypeNames() {
        for good in ["User", "_x", "App::User", "A1::b_2::C", String(repeating: "a", count: 256)] {
            #expect(AuthZENReader.isEntityTypeName(good), "\(good.prefix(20))")
        }
        for bad in [
            "", "1User", "App::", "::User", "App:User", "App:::User", "App::::User", "Ap p", "App::1x", "Üser", "User-1",
            String(repeating: "a", count: 257),
        ] {
            #expect(!AuthZENReader.isEntityTypeName(bad), "\(bad.prefix(20))")
        }
    }
}
