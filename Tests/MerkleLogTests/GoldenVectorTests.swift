import Foundation
import MerkleLog
import Testing

/// Locates a test resource under `Resources/` (declared with `.copy("Resources")`).
/// The copied folder sits in the bundle root on Linux and in
/// `Contents/Resources` on Apple platforms, so both places are tried.
func resourceURL(_ relativePath: String) throws -> URL {
    var candidates = [Bundle.module.bundleURL.appendingPathComponent("Resources")]
    if let resources = Bundle.module.resourceURL {
        candidates.append(resources.appendingPathComponent("Resources"))
        candidates.append(resources)
    }
    for base in candidates {
        let url = base.appendingPathComponent(relativePath)
        if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    Issue.record("missing test resource Resources/\(relativePath)")
    throw CocoaError(.fileNoSuchFile)
}

func loadGolden<V: Decodable & Codable & Equatable & Sendable>(_ name: String, as: V.Type) throws -> GoldenFile<V> {
    try JSONDecoder().decode(GoldenFile<V>.self, from: Data(contentsOf: try resourceURL("golden/\(name)")))
}

@Suite("Golden vectors")
struct GoldenVectorTests {
    /// The source directory of the golden files (for regeneration and drift checks).
    static let sourceGoldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/golden")

    @Test("the checked-in golden files are exactly what the generator produces")
    func filesMatchGenerator() throws {
        let files: [(String, Data)] = [
            ("inclusion.json", try GoldenVectorGenerator.encode(GoldenVectorGenerator.inclusionFile())),
            ("consistency.json", try GoldenVectorGenerator.encode(GoldenVectorGenerator.consistencyFile())),
        ]
        if ProcessInfo.processInfo.environment["MERKLELOG_REGENERATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.sourceGoldenDir, withIntermediateDirectories: true)
            for (name, data) in files {
                try data.write(to: Self.sourceGoldenDir.appendingPathComponent(name))
            }
        }
        for (name, data) in files {
            let bundled = try Data(contentsOf: try resourceURL("golden/\(name)"))
            #expect(bundled == data, "\(name) is stale: regenerate with MERKLELOG_REGENERATE_GOLDEN=1 swift test --filter GoldenVectorTests")
        }
    }

    @Test("the golden files cover happy paths and every kind of tampering, and most tampered vectors must fail")
    func coverage() throws {
        let inclusion = try loadGolden("inclusion.json", as: GoldenInclusionVector.self).vectors
        let consistency = try loadGolden("consistency.json", as: GoldenConsistencyVector.self).vectors
        #expect(inclusion.filter { $0.desc.hasSuffix("happy path") }.count == 36)
        #expect(consistency.filter { $0.desc.hasSuffix("happy path") }.count == 45)
        #expect(inclusion.filter { $0.desc.hasSuffix("happy path") }.allSatisfy { !$0.wantErr })
        #expect(consistency.filter { $0.desc.hasSuffix("happy path") }.allSatisfy { !$0.wantErr })
        for kind in ["modified proof", "leafIndex + 1", "treeSize * 2", "truncated proof", "extended proof", "wrong leaf", "empty root"] {
            #expect(inclusion.contains { $0.desc.contains(kind) && $0.wantErr }, "\(kind)")
        }
        for kind in ["modified proof", "size1 + 1", "size2 * 2", "truncated proof", "extended proof", "swapped roots", "empty proof", "wrong root1"] {
            #expect(consistency.contains { $0.desc.contains(kind) && $0.wantErr }, "\(kind)")
        }
        let codes = Set((inclusion.compactMap(\.errorCode) + consistency.compactMap(\.errorCode)))
        #expect(
            codes == [
                "wrong_hash_length", "empty_tree", "index_out_of_range", "wrong_proof_length",
                "root_mismatch", "size_order",
            ])
    }

    @Test("every golden inclusion vector verifies, or fails with its recorded error code")
    func inclusionVectors() throws {
        let file = try loadGolden("inclusion.json", as: GoldenInclusionVector.self)
        #expect(file.vectors.count > 500)
        for v in file.vectors {
            let error = caughtError {
                try verifier.verifyInclusion(
                    leafIndex: v.leafIndex, size: v.treeSize, leafHash: TestHex.decode(v.leafHash),
                    proof: v.proof.map { TestHex.decode($0) }, root: TestHex.decode(v.root))
            }
            #expect((error != nil) == v.wantErr, "\(v.desc)")
            #expect(error?.code.rawValue == v.errorCode, "\(v.desc)")
        }
    }

    @Test("every golden consistency vector verifies, or fails with its recorded error code")
    func consistencyVectors() throws {
        let file = try loadGolden("consistency.json", as: GoldenConsistencyVector.self)
        #expect(file.vectors.count > 500)
        for v in file.vectors {
            let error = caughtError {
                try verifier.verifyConsistency(
                    size1: v.size1, size2: v.size2, root1: TestHex.decode(v.root1), root2: TestHex.decode(v.root2),
                    proof: v.proof.map { TestHex.decode($0) })
            }
            #expect((error != nil) == v.wantErr, "\(v.desc)")
            #expect(error?.code.rawValue == v.errorCode, "\(v.desc)")
        }
    }

    @Test("the tree reproduces every golden happy-path proof and root")
    func treeReproducesHappyPaths() throws {
        let inclusion = try loadGolden("inclusion.json", as: GoldenInclusionVector.self)
        let tree = try makeTree(inclusion.leaves.map { TestHex.decode($0) })
        for v in inclusion.vectors where v.desc.hasSuffix("happy path") {
            #expect(try tree.inclusionProof(leafIndex: v.leafIndex, size: v.treeSize).map(TestHex.encode) == v.proof)
            #expect(TestHex.encode(try tree.rootHash(size: v.treeSize)) == v.root)
            #expect(TestHex.encode(try tree.leafHash(at: v.leafIndex)) == v.leafHash)
        }
        let consistency = try loadGolden("consistency.json", as: GoldenConsistencyVector.self)
        for v in consistency.vectors where v.desc.hasSuffix("happy path") {
            #expect(try tree.consistencyProof(from: v.size1, to: v.size2).map(TestHex.encode) == v.proof)
        }
    }
}

/// The transparency-dev/merkle golden files copied verbatim into
/// `Resources/transparency-dev/` (base64 hashes, Go field names).
@Suite("transparency-dev/merkle golden vectors")
struct TransparencyDevVectorTests {
    struct InclusionProbe: Decodable {
        var leafIdx: UInt64?
        var leafIndex: UInt64?
        var treeSize: UInt64
        var root: String
        var leafHash: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    struct ConsistencyProbe: Decodable {
        var size1: UInt64
        var size2: UInt64
        var root1: String
        var root2: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    static func files(prefix: String) throws -> [URL] {
        let dir = try resourceURL("transparency-dev")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix(prefix) && $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func b64(_ s: String) throws -> [UInt8] {
        [UInt8](try #require(Data(base64Encoded: s), "bad base64 \(s)"))
    }

    @Test("every copied transparency-dev inclusion vector verifies or fails as its wantErr says")
    func inclusion() throws {
        let files = try Self.files(prefix: "inclusion-")
        #expect(files.count == 10)
        for url in files {
            let p = try JSONDecoder().decode(InclusionProbe.self, from: Data(contentsOf: url))
            let index = try #require(p.leafIdx ?? p.leafIndex)
            let error = caughtError {
                try verifier.verifyInclusion(
                    leafIndex: index, size: p.treeSize, leafHash: try Self.b64(p.leafHash),
                    proof: try (p.proof ?? []).map(Self.b64), root: try Self.b64(p.root))
            }
            #expect((error != nil) == p.wantErr, "\(url.lastPathComponent): \(p.desc) -> \(String(describing: error))")
        }
    }

    @Test("every copied transparency-dev consistency vector verifies or fails as its wantErr says")
    func consistency() throws {
        let files = try Self.files(prefix: "consistency-")
        #expect(files.count == 12)
        for url in files {
            let p = try JSONDecoder().decode(ConsistencyProbe.self, from: Data(contentsOf: url))
            let error = caughtError {
                try verifier.verifyConsistency(
                    size1: p.size1, size2: p.size2, root1: try Self.b64(p.root1), root2: try Self.b64(p.root2),
                    proof: try (p.proof ?? []).map(Self.b64))
            }
            #expect((error != nil) == p.wantErr, "\(url.lastPathComponent): \(p.desc) -> \(String(describing: error))")
        }
    }
}
