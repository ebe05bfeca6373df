#!/usr/bin/env python3
"""A real upstream MCP server for the gateway tests, written with the official SDK (`mcp` 2.x).

Streamable HTTP at `http://127.0.0.1:PORT/mcp`. By default it runs the SDK's *stateless* mode with
JSON responses (no `Mcp-Session-Id`; every POST stands alone; answers `application/json`), which serves
both the 2026-07-28 per-request envelope (`server/discover`, no `initialize`) and the 2025-11-25
`initialize` handshake. `--stateful` turns on SDK sessions (`Mcp-Session-Id`, GET stream, DELETE) for
the 2025-11-25 era; `--sse` answers requests with `text/event-stream` instead of JSON.

Every request must carry `Authorization: Bearer <JWT>` signed by a key in the given JWKS (URL or file)
with exactly the expected audience (`aud` equal to `--audience`, or a one-element list holding it),
a future `exp`, and — when `--issuer` is given — that `iss`. Anything else: 401 with
`WWW-Authenticate: Bearer error="invalid_token"`. `--no-auth` turns the check off (direct benchmarks).

Every tool it executes is counted in `--count-file` (a small JSON summary, rewritten atomically after
every request) and journaled in `<count-file>.jsonl` (one line per executed call or refusal):

    summary: {"calls": N, "by_name": {"read_ticket": 1, …}, "requests": M, "refused": R, "last_refusal": "…"}
    journal: {"tool", "arguments", "sub", "aud", "iss", "jti", "at"}  |  {"refused": reason, "at"}

`requests` counts authenticated HTTP requests (any method), `refused` the 401s. `read_calls(count_file)`
(importable from this module) returns the summary plus `records`, `names` and `refusals`. A test compares
`calls` with the gateway's audit log, and checks `records[*].aud` to prove the upstream never saw the
agent's token.

    python3 IntegrationTests/mcp_upstream.py --port 9101 --jwks http://127.0.0.1:8080/t/default/.well-known/jwks.json \
        --audience http://127.0.0.1:9101/mcp --count-file /tmp/upstream-calls.json

Prints `READY http://127.0.0.1:PORT/mcp` on stdout once it listens.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import jwt
import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations

# A fake AWS key pair (right shape, never issued) that `leaky_config` returns, so the gateway's result
# redaction has something to find. The same key ID shape is used elsewhere in the suites.
FAKE_AWS_ACCESS_KEY_ID = "AKIAZ7QW3HXJ5LMN2PQR"
FAKE_AWS_SECRET_ACCESS_KEY = "q8Vb3Jm0XrT5nK2wLp9Zs4Hd7Gf1Ce6Ya0Ub3Nx8"

TICKETS = {
    "T-1": {"id": "T-1", "title": "Printer on fire", "status": "open"},
    "T-2": {"id": "T-2", "title": "VPN drops every hour", "status": "pending"},
}


class CallLog:
    """What this upstream executed and refused.

    The summary (`--count-file`, JSON, constant size, rewritten atomically after every request) holds the
    counters; one line per executed tool call is appended to `<count-file>.jsonl` (flushed at once). Rewriting
    a growing record list per call would cost more than the call itself at benchmark rates."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.state: dict[str, Any] = {"calls": 0, "by_name": {}, "requests": 0, "refused": 0, "last_refusal": None}
        self.journal = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.journal = open(f"{path}.jsonl", "a", buffering=1)
        self._flush()

    def _flush(self) -> None:
        if self.path is None:
            return
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".count-")
        with os.fdopen(fd, "w") as handle:
            json.dump(self.state, handle)
        os.replace(tmp, self.path)

    def tool_call(self, name: str, arguments: dict[str, Any], claims: dict[str, Any] | None) -> None:
        claims = claims or {}
        with self.lock:
            self.state["calls"] += 1
            self.state["by_name"][name] = self.state["by_name"].get(name, 0) + 1
            if self.journal is not None:
                record = {
                    "tool": name,
                    "arguments": arguments,
                    "sub": claims.get("sub"),
                    "aud": claims.get("aud"),
                    "iss": claims.get("iss"),
                    "jti": claims.get("jti"),
                    "at": time.time(),
                }
                self.journal.write(json.dumps(record) + "\n")
            self._flush()

    def request(self) -> None:
        with self.lock:
            self.state["requests"] += 1
            self._flush()

    def refusal(self, reason: str) -> None:
        with self.lock:
            self.state["refused"] += 1
            self.state["last_refusal"] = reason
            if self.journal is not None:
                self.journal.write(json.dumps({"refused": reason, "at": time.time()}) + "\n")
            self._flush()


def read_calls(count_file: str | Path) -> dict[str, Any]:
    """For tests: the summary plus `records` (executed calls, in order) and `refusals` from the journal."""
    path = Path(count_file)
    summary = json.loads(path.read_text()) if path.exists() else {"calls": 0, "by_name": {}, "requests": 0, "refused": 0}
    records: list[dict[str, Any]] = []
    refusals: list[dict[str, Any]] = []
    journal = Path(f"{path}.jsonl")
    if journal.exists():
        for line in journal.read_text().splitlines():
            if line.strip():
                entry = json.loads(line)
                (refusals if "refused" in entry else records).append(entry)
    summary["records"] = records
    summary["names"] = [r["tool"] for r in records]
    summary["refusals"] = refusals
    return summary


class Keys:
    """The JWKS the upstream trusts: fetched from a URL (refetched when a `kid` is unknown) or read from a file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.by_kid: dict[str | None, Any] = {}
        self.fetched_at = 0.0
        self.lock = threading.Lock()

    def _load(self) -> None:
        if self.source.startswith(("http://", "https://")):
            with urllib.request.urlopen(self.source, timeout=5) as response:  # noqa: S310 (loopback in tests)
                document = json.load(response)
        else:
            document = json.loads(Path(self.source).read_text())
        keys: dict[str | None, Any] = {}
        for jwk in document.get("keys", []):
            try:
                key = jwt.PyJWK(jwk)
            except jwt.PyJWKError:
                continue  # an algorithm this PyJWT cannot use: not one we can verify with
            keys[jwk.get("kid")] = key
        self.by_kid = keys
        self.fetched_at = time.monotonic()

    def key_for(self, kid: str | None) -> Any:
        with self.lock:
            if kid not in self.by_kid and time.monotonic() - self.fetched_at > 1.0:
                self._load()
            if kid in self.by_kid:
                return self.by_kid[kid]
            if kid is None and len(self.by_kid) == 1:
                return next(iter(self.by_kid.values()))
            raise jwt.InvalidTokenError(f"no key with kid {kid!r} in the JWKS")


class TokenCheck:
    """Verifies `Authorization: Bearer` exactly as the brief of the upstream asks."""

    def __init__(self, keys: Keys, audience: str, issuer: str | None) -> None:
        self.keys = keys
        self.audience = audience
        self.issuer = issuer

    def verify(self, header: str | None) -> dict[str, Any]:
        if not header or not header.startswith("Bearer "):
            raise jwt.InvalidTokenError("no bearer token")
        token = header[len("Bearer ") :].strip()
        unverified = jwt.get_unverified_header(token)
        if unverified.get("alg") in (None, "none") or unverified.get("alg", "").startswith("HS"):
            raise jwt.InvalidTokenError(f"algorithm {unverified.get('alg')!r} refused")
        key = self.keys.key_for(unverified.get("kid"))
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[unverified["alg"]],
            options={"require": ["exp", "aud"], "verify_aud": False},
            leeway=5,
            issuer=self.issuer,
        )
        audience = claims["aud"]
        if isinstance(audience, list):
            if audience != [self.audience]:
                raise jwt.InvalidAudienceError(f"audience {audience!r} is not exactly [{self.audience!r}]")
        elif audience != self.audience:
            raise jwt.InvalidAudienceError(f"audience {audience!r} is not {self.audience!r}")
        return claims


def build_server(log: CallLog) -> MCPServer:
    server = MCPServer("lanyard-test-upstream", version="1.0.0", instructions="Test upstream for the Lanyard gateway.")

    def claims_of(ctx: Any) -> dict[str, Any] | None:
        headers = ctx.headers or {}
        header = headers.get("authorization")
        if not header or not header.startswith("Bearer "):
            return None
        try:
            return jwt.decode(header[len("Bearer ") :], options={"verify_signature": False})
        except jwt.InvalidTokenError:
            return None

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False))
    def read_ticket(id: str, ctx: Context) -> str:
        """Read one support ticket by id."""
        log.tool_call("read_ticket", {"id": id}, claims_of(ctx))
        ticket = TICKETS.get(id)
        return json.dumps(ticket) if ticket else f"no ticket {id}"

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False))
    def search_crm(query: str, ctx: Context) -> str:
        """Search the CRM for customers matching a query."""
        log.tool_call("search_crm", {"query": query}, claims_of(ctx))
        return json.dumps([{"customer": "ACME Corp", "match": query}])

    @server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True))
    def delete_record(id: str, ctx: Context) -> str:
        """Delete a record for good."""
        log.tool_call("delete_record", {"id": id}, claims_of(ctx))
        return f"deleted {id}"

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False))
    def echo(text: str, ctx: Context) -> str:
        """Return the text unchanged."""
        log.tool_call("echo", {"text": text}, claims_of(ctx))
        return text

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False))
    def leaky_config(service: str, ctx: Context) -> str:
        """Return a service's configuration (which, carelessly, holds an AWS key pair)."""
        log.tool_call("leaky_config", {"service": service}, claims_of(ctx))
        return (
            f"[{service}]\nregion = eu-west-1\n"
            f"aws_access_key_id = {FAKE_AWS_ACCESS_KEY_ID}\n"
            f"aws_secret_access_key = {FAKE_AWS_SECRET_ACCESS_KEY}\n"
        )

    @server.resource("tickets://open", name="open-tickets", mime_type="application/json")
    def open_tickets() -> str:
        """The open tickets."""
        return json.dumps([t for t in TICKETS.values() if t["status"] == "open"])

    @server.prompt(name="triage")
    def triage(ticket: str) -> str:
        """Ask the model to triage one ticket."""
        return f"Triage ticket {ticket}: decide its priority and the team that owns it."

    return server


class Guard:
    """ASGI wrapper: bearer check before the SDK's app sees the request."""

    def __init__(self, app: Any, check: TokenCheck | None, log: CallLog, prm: dict[str, Any] | None, prm_path: str) -> None:
        self.app = app
        self.check = check
        self.log = log
        self.prm = prm
        self.prm_path = prm_path
        self.prm_url = None
        if prm is not None:
            origin = prm["resource"].split("/", 3)
            self.prm_url = f"{origin[0]}//{origin[2]}{prm_path}"

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.prm is not None and scope["path"] == self.prm_path:
            body = json.dumps(self.prm).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] != "http" or self.check is None:
            if scope["type"] == "http":
                self.log.request()
            await self.app(scope, receive, send)
            return
        header = None
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                header = value.decode("latin-1")
                break
        try:
            self.check.verify(header)
        except Exception as error:  # any failure to verify is a refusal, never a pass
            reason = f"{type(error).__name__}: {error}"
            self.log.refusal(reason)
            body = json.dumps({"error": "invalid_token", "error_description": reason}).encode()
            challenge = 'Bearer error="invalid_token"'
            if self.prm_url is not None:
                challenge += f', resource_metadata="{self.prm_url}"'
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"www-authenticate", challenge.encode()),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.log.request()
        await self.app(scope, receive, send)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--path", default="/mcp", help="the MCP endpoint path (default /mcp)")
    parser.add_argument("--jwks", help="JWKS URL (http/https) or file path of the keys that sign accepted tokens")
    parser.add_argument("--audience", help="the exact `aud` accepted")
    parser.add_argument("--issuer", help="the exact `iss` accepted (optional)")
    parser.add_argument("--no-auth", action="store_true", help="accept requests without a token")
    parser.add_argument("--count-file", type=Path, help="JSON file recording executed tool calls")
    parser.add_argument("--stateful", action="store_true", help="SDK sessions (Mcp-Session-Id) instead of stateless")
    parser.add_argument("--sse", action="store_true", help="answer requests with SSE streams instead of JSON")
    parser.add_argument(
        "--authorization-server",
        help="act as an RFC 9728 protected resource: serve /.well-known/oauth-protected-resource{path} naming this "
        "authorization server (issuer URL), with resource = --audience, and name it in 401 challenges",
    )
    parser.add_argument(
        "--reuse-port",
        action="store_true",
        help="bind with SO_REUSEPORT so several upstream processes can share one port (benchmarks: one Python "
        "process serves a few hundred calls/s on this machine); give each its own --count-file",
    )
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)

    if not args.no_auth and not (args.jwks and args.audience):
        parser.error("--jwks and --audience are required unless --no-auth")

    log = CallLog(args.count_file)
    server = build_server(log)
    app = server.streamable_http_app(
        streamable_http_path=args.path,
        json_response=not args.sse,
        stateless_http=not args.stateful,
        host=args.host,
    )
    check = None if args.no_auth else TokenCheck(Keys(args.jwks), args.audience, args.issuer)
    prm = None
    prm_path = "/.well-known/oauth-protected-resource" + args.path
    if args.authorization_server:
        prm = {
            "resource": args.audience,
            "authorization_servers": [args.authorization_server],
            "bearer_methods_supported": ["header"],
            "resource_name": "lanyard-test-upstream",
        }
    config = uvicorn.Config(Guard(app, check, log, prm, prm_path), host=args.host, port=args.port, log_level=args.log_level)
    uv = uvicorn.Server(config)

    original_startup = uv.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        print(f"READY http://{args.host}:{args.port}{args.path}", flush=True)

    uv.startup = startup  # type: ignore[method-assign]
    if args.reuse_port:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        # Accepted connections inherit it: small answers are not held back by Nagle's algorithm waiting for an ACK.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((args.host, args.port))
        uv.run(sockets=[sock])
    else:
        uv.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
