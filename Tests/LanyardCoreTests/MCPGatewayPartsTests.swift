import Foundation
import LanyardAPI
import LanyardModel
import Testing

@testable import LanyardCore

@Suite("MCP gateway parts: secret scan, arguments digest, upstream answers, forwarded messages")
struct MCPGatewayPartsTests {
    let awsKey = "AKIAZ7QW3HXJ5LMN2PQR"

    func json(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test("secrets are found in nested strings and in member names, and redacted in place")
    func secrets() throws {
        let arguments = try json(#"{"a":{"b":["fine","key \#(awsKey) here"]},"\#(awsKey)":1}"#)
        #expect(MCPSecretScan.kinds(in: arguments).contains { $0.hasPrefix("aws") })
        #expect(MCPSecretScan.kinds(in: try json(#"{"id":"T-1","note":"nothing secret"}"#)).isEmpty)
        let (clean, count) = MCPSecretScan.redacted(arguments)
        #expect(count == 2)
        #expect(!clean.compactText.contains(awsKey) && clean.compactText.contains("[redacted by Lanyard:"))
    }

    @Test("the arguments digest ignores member order and changes with any value")
    func digest() throws {
        let one = MCPSecretScan.digest(try json(#"{"id":"T-1","limit":5}"#))
        #expect(one == MCPSecretScan.digest(try json(#"{"limit":5,"id":"T-1"}"#)))
        #expect(one != MCPSecretScan.digest(try json(#"{"id":"T-2","limit":5}"#)))
        #expect(one.hasPrefix("sha256:") && one.count == 7 + 64)
    }

    @Test("an SSE answer yields the response with the request's id, after notifications and other ids")
    func sse() {
        let body = """
            event: message
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}

            data: {"jsonrpc":"2.0","id":9,"result":{"other":true}}

            data: {"jsonrpc":"2.0",
            data: "id":3,"result":{"content":[]}}

            """
        let response = MCPUpstreamResponse(status: 200, contentType: "text/event-stream", body: Array(body.utf8))
        let answer = MCPUpstreamAnswer.response(to: .int(3), contentType: response.contentType, body: response.body)
        #expect(answer?["result"] == .object(["content": .array([])]))
        #expect(MCPUpstreamAnswer.response(to: .int(4), contentType: response.contentType, body: response.body) == nil)
        let plain = MCPUpstreamResponse(status: 200, contentType: "application/json", body: Array(#"{"jsonrpc":"2.0","id":3,"result":{}}"#.utf8))
        #expect(MCPUpstreamAnswer.response(to: .int(3), contentType: plain.contentType, body: plain.body)?["id"] == .int(3))
    }

    @Test("a retried held call reaches the upstream without the gateway's members, and other messages unchanged")
    func forwarded() throws {
        let retried = try JSONRPCMessage.parse(
            Array(
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{"a":1},"inputResponses":{"approval":{"action":"accept"}},"requestState":"s"}}"#
                    .utf8))
        let sent = retried.upstreamBody.compactText
        #expect(!sent.contains("inputResponses") && !sent.contains("requestState") && sent.contains(#""arguments":{"a":1}"#))
        let plain = try JSONRPCMessage.parse(Array(#"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#.utf8))
        #expect(plain.upstreamBody == .object(plain.body))
    }

    @Test("routing header values: safe text as it is, anything else as a base64 sentinel that decodes back")
    func headerValues() {
        #expect(MCPRoutingHeaders.encode("read_ticket") == "read_ticket")
        for unsafe in ["café", " lead", "trail ", "line\nbreak", "=?base64?abc?="] {
            let encoded = MCPRoutingHeaders.encode(unsafe)
            #expect(encoded.hasPrefix("=?base64?") && MCPRoutingHeaders.decode(encoded) == unsafe, "\(unsafe)")
        }
    }

    @Test("URL elicitation is offered only to a client that declared it")
    func elicitationCapability() throws {
        func message(_ capabilities: String) throws -> JSONRPCMessage {
            try JSONRPCMessage.parse(
                Array(
                    #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"io.modelcontextprotocol/clientCapabilities":\#(capabilities)}}}"#
                        .utf8))
        }
        #expect((try message(#"{"elicitation":{"form":{},"url":{}}}"#)).acceptsURLElicitation)
        #expect(!(try message(#"{"elicitation":{}}"#)).acceptsURLElicitation)
        #expect(!(try message("{}")).acceptsURLElicitation)
    }

    @Test("tool annotations keep only the specification's hints with their types, for five minutes, per server URL")
    func annotations() throws {
        let raw = try json(#"{"title":"Delete","destructiveHint":true,"readOnlyHint":"no","openWorldHint":false,"x-custom":{"a":1}}"#)
        #expect(MCPToolAnnotations.standard(raw) == ["title": .string("Delete"), "destructiveHint": .bool(true), "openWorldHint": .bool(false)])
        #expect(MCPToolAnnotations.standard(.string("not an object")).isEmpty && MCPToolAnnotations.standard(nil).isEmpty)
        let table = MCPToolAnnotations()
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let server = MCPServer(tenant: "t", name: "crm", url: "http://10.0.0.1/mcp", toolAnnotationsTrusted: true, createdAt: at, createdBy: "admin")
        let tools = try json(#"[{"name":"drop","annotations":{"destructiveHint":true}},{"name":"plain"},{"annotations":{}}]"#)
        guard case .array(let listed) = tools else { throw CocoaError(.coderInvalidValue) }
        table.note(listed, tenant: "t", server: server, at: at)
        #expect(table.annotations(of: "drop", tenant: "t", server: server, at: at + 60) == ["destructiveHint": .bool(true)])
        #expect(table.annotations(of: "plain", tenant: "t", server: server, at: at) == [:], "listed without annotations: known, none")
        #expect(table.annotations(of: "other", tenant: "t", server: server, at: at) == nil)
        #expect(table.annotations(of: "drop", tenant: "t", server: server, at: at + MCPToolAnnotations.freshFor + 1) == nil, "stale")
        #expect(table.annotations(of: "drop", tenant: "u", server: server, at: at) == nil, "another tenant")
        var moved = server
        moved.url = "http://10.0.0.2/mcp"
        #expect(table.annotations(of: "drop", tenant: "t", server: moved, at: at) == nil, "registered again elsewhere")
    }
}
