import Testing

@testable import CedarPolicy

@Suite("SipHash")
struct SipHashTests {
    /// The key of the reference test vectors: bytes 00 01 … 0f.
    private let referenceKey: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)

    private func sipHash24(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { SipHash.hash($0, key: referenceKey, compressionRounds: 2, finalizationRounds: 4) }
    }

    @Test("SipHash-2-4 matches the reference vectors (the same code runs SipHash-1-3)")
    func referenceVectors() {
        #expect(sipHash24([]) == 0x726f_db47_dd0e_0e31)
        #expect(sipHash24(Array(0..<15)) == 0xa129_ca61_49be_45e5)
    }

    @Test("every length up to 24 bytes hashes its own bytes: changing any one byte changes the hash")
    func everyLength() {
        for n in 1...24 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let base = bytes.withUnsafeBytes { SipHash.hash($0) }
            for i in 0..<n {
                var changed = bytes
                changed[i] ^= 0x01
                #expect(changed.withUnsafeBytes { SipHash.hash($0) } != base, "length \(n), byte \(i)")
            }
            #expect(Array(bytes.dropLast()).withUnsafeBytes { SipHash.hash($0) } != base, "length \(n) vs \(n - 1)")
        }
    }
}
