import MerkleLog
import Testing

@Suite("RFC 9162 SHA-256 hasher")
struct HasherTests {
    @Test("the empty tree hash is SHA-256 of the empty string")
    func emptyRoot() {
        #expect(
            TestHex.encode(sha256Hasher.emptyRoot)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hasher.size == 32)
    }

    @Test("a leaf hash is SHA-256 of 0x00 followed by the leaf data")
    func leafHash() {
        // transparency-dev/merkle rfc6962/rfc6962_test.go vectors.
        #expect(
            TestHex.encode(sha256Hasher.hashLeaf([]))
                == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(
            TestHex.encode(sha256Hasher.hashLeaf(Array("L123456".utf8)))
                == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
    }

    @Test("a node hash is SHA-256 of 0x01 followed by the left and right child hashes")
    func nodeHash() {
        #expect(
            TestHex.encode(sha256Hasher.hashChildren(Array("N123".utf8), Array("N456".utf8)))
                == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")
    }

    @Test("leaf and node hashes are domain-separated and order-dependent")
    func domainSeparation() {
        let a = sha256Hasher.hashLeaf(Array("Hello".utf8))
        let b = sha256Hasher.hashLeaf(Array("World".utf8))
        #expect(a != b)
        let node = sha256Hasher.hashChildren(a, b)
        #expect(node != sha256Hasher.hashLeaf(a + b))
        #expect(node != sha256Hasher.hashChildren(b, a))
        #expect(sha256Hasher.hashLeaf([]) != sha256Hasher.emptyRoot)
    }

    @Test("the prefixes are 0x00 for leaves and 0x01 for nodes")
    func prefixes() {
        #expect(RFC9162SHA256Hasher.leafPrefix == 0x00)
        #expect(RFC9162SHA256Hasher.nodePrefix == 0x01)
    }
}
