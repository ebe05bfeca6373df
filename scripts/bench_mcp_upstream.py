#!/usr/bin/env python3
"""A lean MCP upstream for scripts/bench-mcp-gateway: answers `tools/call` (and `initialize`, `tools/list`, `ping`)
over Streamable HTTP with JSON responses, checking every request's bearer token — signature against the issuer's JWKS
(ES256/EdDSA via PyJWT), exact audience, issuer, expiry — as the SDK upstream of the tests does. It exists because the
SDK server tops out near 530 calls/s on this machine's two cores, below the 1,000 calls/s the gateway's overhead is
judged at; it is the same upstream for every path, so what it costs cancels out.

A verified token is remembered (by its exact text) until it expires, so each call costs a dictionary lookup, not a
signature check — the same for the direct path and the gateway's path, since the gateway reuses the upstream's token.

    bench_mcp_upstream.py --port P --jwks URL --audience URL --issuer URL

Prints READY when listening. Stops on SIGTERM.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time

import jwt

RESULT = {"content": [{"type": "text", "text": "Ticket T-1: open, assigned to support."}], "isError": False}
TOOLS = [{"name": "read_ticket", "description": "Reads one ticket.", "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}},
          "annotations": {"readOnlyHint": True, "destructiveHint": False}}]
MAX_HEADER = 16 * 1024
MAX_BODY = 1024 * 1024


class Tokens:
    def __init__(self, jwks: str, audience: str, issuer: str) -> None:
        self.client = jwt.PyJWKClient(jwks, cache_keys=True)
        self.audience = audience
        self.issuer = issuer
        self.known: dict[str, float] = {}

    def check(self, header: str | None) -> bool:
        if not header or not header.lower().startswith("bearer "):
            return False
        token = header[7:].strip()
        now = time.time()
        expires = self.known.get(token)
        if expires is not None and expires > now:
            return True
        try:
            key = self.client.get_signing_key_from_jwt(token).key
            claims = jwt.decode(token, key, algorithms=["ES256", "EdDSA"], audience=self.audience, issuer=self.issuer)
        except Exception:  # noqa: BLE001 - any failure is a refusal
            return False
        if len(self.known) > 10_000:
            self.known.clear()
        self.known[token] = float(claims["exp"])
        return True


def answer(message: dict) -> dict:
    method = message.get("method")
    ident = message.get("id")
    if method == "tools/call":
        return {"jsonrpc": "2.0", "id": ident, "result": RESULT}
    if method == "tools/list":
        return {"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}}
    if method == "initialize":
        return {"jsonrpc": "2.0", "id": ident, "result": {"protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
                                                           "serverInfo": {"name": "bench-upstream", "version": "1"}}}
    if method == "ping":
        return {"jsonrpc": "2.0", "id": ident, "result": {}}
    return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "Method not found"}}


class Connection(asyncio.Protocol):
    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEADER:
                    self.reply(431, b"")
                    self.close()
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            headers: dict[str, str] = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if length > MAX_BODY:
                self.reply(413, b"")
                self.close()
                return
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4:end + 4 + length]
            self.buffer = self.buffer[end + 4 + length:]
            self.handle(head[0], headers, body)

    def handle(self, line: str, headers: dict[str, str], body: bytes) -> None:
        if not line.startswith("POST "):
            self.reply(405, b"")
            return
        if not self.tokens.check(headers.get("authorization")):
            self.reply(401, b'{"error":"invalid_token"}', extra="WWW-Authenticate: Bearer error=\"invalid_token\"\r\n")
            return
        try:
            message = json.loads(body)
        except ValueError:
            self.reply(400, b'{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}')
            return
        if not isinstance(message, dict) or "id" not in message:
            self.reply(202, b"")
            return
        self.reply(200, json.dumps(answer(message), separators=(",", ":")).encode())

    def reply(self, status: int, body: bytes, extra: str = "") -> None:
        reason = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized", 405: "Method Not Allowed", 413: "Payload Too Large",
                  431: "Request Header Fields Too Large"}[status]
        head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode()
        if self.transport is not None:
            self.transport.write(head + body)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def serve(port: int, tokens: Tokens) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(tokens), "127.0.0.1", port, backlog=1024)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print("READY", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jwks", required=True)
    parser.add_argument("--audience", required=True)
    parser.add_argument("--issuer", required=True)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, Tokens(args.jwks, args.audience, args.issuer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
