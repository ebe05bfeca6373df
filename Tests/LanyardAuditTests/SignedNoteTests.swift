import Crypto
import Foundation
import LanyardAudit
import LanyardModel
import Testing

@Suite("Signed notes and checkpoints")
struct SignedNoteTests {
    @Test("the signed-note example of golang.org/x/mod/sumdb/note verifies with its published verifier key")
    func independentVector() throws {
        let parsed = try #require(SignedNote.parseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        #expect(parsed.name == "PeterNeumann")
        let note = try SignedNote(
            parsing: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n"
                + "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
        #expect(note.isSigned(keyName: parsed.name, publicKey: parsed.publicKey))
        var altered = note
        altered.text = altered.text.replacingOccurrences(of: "answer", with: "Answer")
        #expect(!altered.isSigned(keyName: parsed.name, publicKey: parsed.publicKey))
    }

    @Test("a signed checkpoint renders, parses back and verifies only with its key and name")
    func roundTrip() throws {
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = Array(key.publicKey.rawRepresentation)
        let body = CheckpointNote(origin: "lanyard.test/t/acme/audit", size: 12, rootHash: Array(repeating: 7, count: 32), time: 1_795_367_280)
        #expect(body.text == "lanyard.test/t/acme/audit\n12\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\ntime 2026-11-22T17:08:00Z\n")
        let rendered = try SignedNote.sign(body.text, keyName: body.origin, key: key).rendered
        let note = try SignedNote(parsing: rendered)
        #expect(try CheckpointNote(parsing: note.text) == body)
        #expect(note.isSigned(keyName: body.origin, publicKey: publicKey))
        #expect(!note.isSigned(keyName: "other.test/audit", publicKey: publicKey))
        #expect(!note.isSigned(keyName: body.origin, publicKey: Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
        let vkey = SignedNote.verifierKey(name: body.origin, publicKey: publicKey)
        #expect(SignedNote.parseVerifierKey(vkey)?.publicKey == publicKey)
        #expect(SignedNote.parseVerifierKey(vkey.replacingOccurrences(of: "+", with: "-")) == nil)
    }

    @Test("malformed notes and checkpoint bodies are refused", arguments: ["", "a\n", "a\n\nnot a signature\n", "a\n\n\u{2014} k !!\n"])
    func malformedNotes(text: String) {
        #expect(throws: LanyardError.self) { try SignedNote(parsing: text) }
    }

    @Test(
        "checkpoint bodies must have origin, size, a 32-byte root and a time",
        arguments: [
            "o\n-1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\ntime 2026-11-22T17:08:00Z\n",
            "o\n01\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\ntime 2026-11-22T17:08:00Z\n",
            "o\n1\nBwcH\ntime 2026-11-22T17:08:00Z\n", "o\n1\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n",
        ])
    func malformedCheckpoints(text: String) {
        #expect(throws: LanyardError.self) { try CheckpointNote(parsing: text) }
    }
}
