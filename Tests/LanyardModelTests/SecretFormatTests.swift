import LanyardModel
import Testing

@Suite("Self-identifying secrets")
struct SecretFormatTests {
    @Test("a new admin token is well formed and carries its prefix")
    func wellFormed() {
        var generator = SystemRandomNumberGenerator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        #expect(token.hasPrefix("lyadm_"))
        #expect(token.count == 6 + 46)
        #expect(SecretFormat.isWellFormed(token, prefix: SecretFormat.adminPrefix))
    }

    @Test("one changed character breaks the checksum")
    func checksumCatchesTypos() {
        var generator = SystemRandomNumberGenerator()
        let token = SecretFormat.make(prefix: SecretFormat.adminPrefix, using: &generator)
        var characters = Array(token)
        characters[10] = characters[10] == "a" ? "b" : "a"
        #expect(!SecretFormat.isWellFormed(String(characters), prefix: SecretFormat.adminPrefix))
        #expect(!SecretFormat.isWellFormed(String(token.dropLast()), prefix: SecretFormat.adminPrefix))
        #expect(!SecretFormat.isWellFormed("lyxxx_" + token.dropFirst(6), prefix: SecretFormat.adminPrefix))
    }

    @Test("identifiers are prefixed and distinct")
    func identifiers() {
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<1000).map { _ in IdentifierFormat.make(prefix: "idn", using: &generator) }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasPrefix("idn_") && $0.count == 30 })
    }
}
