import Foundation
import LanyardAPI
import LanyardModel
import Testing

@Suite("MCP wire: JSON-RPC messages, revisions and routing headers")
struct MCPWireTests {
    func message(_ text: String) throws -> JSONRPCMessage { try JSONRPCMessage.parse(Array(text.utf8)) }

    func refusal(_ text: String) -> MCPProtocolError? {
        do {
            _ = try JSONRPCMessage.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("a request, a notification and a response are read with their id, method and params")
    func kinds() throws {
        let call = try message(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_ticket","arguments":{"id":"T-1"}}}"#)
        #expect(call.kind == .request(id: .int(7)) && call.method == "tools/call" && call.targetName == "read_ticket")
        let read = try message(#"{"jsonrpc":"2.0","id":"a","method":"resources/read","params":{"uri":"tickets://open"}}"#)
        #expect(read.targetName == "tickets://open" && read.id == .string("a"))
        let note = try message(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        #expect(note.kind == .notification && note.params.isEmpty && note.id == nil)
        let answer = try message(#"{"jsonrpc":"2.0","id":3,"result":{"action":"accept"}}"#)
        #expect(answer.kind == .response(id: .int(3)) && answer.method == nil)
    }

    @Test("batches, repeated members, bad ids, versions and shapes are refused with the JSON-RPC code and status")
    func refusals() {
        let cases: [(String, Int, Int)] = [
            ("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"b\"}}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{\"x\":1,\"x\":2}}}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600, 400),
            ("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", -32600, 400),
            ("{\"id\":1,\"method\":\"ping\"}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}", -32602, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}", -32600, 400),
            ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"", -32700, 400),
            ("\"text\"", -32600, 400),
        ]
        for (text, code, status) in cases {
            let error = refusal(text)
            #expect(error?.code == code && error?.status == status, "\(text): \(String(describing: error))")
        }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":\(deep)}}")?.code == -32700, "nesting is bounded")
        let big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":\"" + String(repeating: "x", count: JSONRPCMessage.maxBytes) + "\"}}"
        #expect(refusal(big)?.status == 413)
    }

    @Test("the revision comes from MCP-Protocol-Version; only initialize may come without it")
    func revisions() throws {
        let initialize = try message(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
        #expect(try MCPRevision.of(initialize, header: nil) == .handshake)
        #expect(try MCPRevision.of(initialize, header: "2026-07-28") == .stateless)
        let list = try message(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
        #expect(throws: MCPProtocolError.self) { try MCPRevision.of(list, header: nil) }
        do {
            _ = try MCPRevision.of(list, header: "2099-01-01")
            Issue.record("an unknown version was accepted")
        } catch {
            #expect(error.code == -32022 && error.status == 400)
            #expect(error.data == .object(["supported": .array([.string("2026-07-28"), .string("2025-11-25")]), "requested": .string("2099-01-01")]))
            #expect(error.body.compactText.contains("\"id\":2"))
        }
    }

    @Test("2026-07-28 headers must match the body: method, name (sentinel-decoded) and the _meta version")
    func routingHeaders() throws {
        let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}"#
        let call = try message(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"café tool",\#(meta),"arguments":{}}}"#)
        let encoded = "=?base64?" + Data("café tool".utf8).base64EncodedString() + "?="
        try MCPRoutingHeaders.check(call, version: .stateless, methods: ["tools/call"], names: [encoded])
        func code(_ methods: [String], _ names: [String], _ target: JSONRPCMessage = call) -> Int? {
            do {
                try MCPRoutingHeaders.check(target, version: .stateless, methods: methods, names: names)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(["tools/list"], [encoded]) == -32020, "method differs")
        #expect(code([], [encoded]) == -32020, "method missing")
        #expect(code(["tools/call", "tools/call"], [encoded]) == -32020, "method twice")
        #expect(code(["tools/call"], ["other"]) == -32020, "name differs")
        #expect(code(["tools/call"], []) == -32020, "name missing")
        #expect(code(["tools/call"], ["=?base64?@@@?="]) == -32020, "malformed sentinel")
        #expect(MCPRoutingHeaders.decode("plain") == "plain")
        let old = try message(#"{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-11-25"}}}"#)
        #expect(code(["tools/list"], [], old) == -32020, "the _meta version differs from the header's")
        let bare = try message(#"{"jsonrpc":"2.0","id":5,"method":"tools/list"}"#)
        #expect(code(["tools/list"], [], bare) == -32602, "2026-07-28 requests carry _meta")
    }
}
