"""Run an agent with the official MCP Python SDK (`mcp` 2.x) and hand back what happened in a testable form.

The agent speaks Streamable HTTP to a URL (the gateway `{issuer}/mcp/{server}`, or an upstream directly).
With `credentials` it authenticates the way a new user of the SDK would: the SDK's own
`PrivateKeyJWTOAuthProvider` (client_credentials + private_key_jwt, assertion signed by
`SignedJWTParameters`), which on the first 401 discovers Protected Resource Metadata, then the
authorization server's metadata, then asks the token endpoint for a token with `resource` = the MCP URL.

Every HTTP exchange (the MCP POSTs and the provider's discovery and token requests) is recorded in
`Outcome.trace`, so a test can assert what was fetched and what the token endpoint was sent.

Synchronous helpers (for pytest) run one connection each:

    tools = list_tools(url, credentials=creds)                      # -> Outcome, .tools = [names]
    out = call_tool(url, "read_ticket", {"id": "T-1"}, credentials=creds)
    out.ok, out.is_error, out.text, out.error_code, out.error_data

An approval hold is visible without the SDK's automatic retry loop: with `hold=True` an
`InputRequiredResult` (2026-07-28) comes back as `out.input_required` with `out.request_state`, and
`call_tool(..., request_state=out.request_state)` retries it on a fresh connection. Under the
2025-11-25 handshake (`mode="legacy"`) a hold can only be a JSON-RPC error (e.g. -32042
URLElicitationRequired): it lands in `out.error_code` / `out.error_data`.

`mode`: "auto" (the SDK default: probe `server/discover` at 2026-07-28, fall back to `initialize`),
"legacy" (force the 2025-11-25 `initialize` handshake) or "2026-07-28" (adopt without probing).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import httpx2
import jwt
from mcp import Client
from mcp.client.auth import OAuthFlowError, OAuthTokenError
from mcp.client.auth.extensions.client_credentials import PrivateKeyJWTOAuthProvider, SignedJWTParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken
from mcp.shared.exceptions import MCPDeprecationWarning, MCPError
from mcp.types import InputRequiredResult


@dataclass
class Credentials:
    """An identity's key: `client_id` is the Lanyard identity id (`idn_…`), `private_key_pem` its PKCS#8 key."""

    client_id: str
    private_key_pem: str
    algorithm: str = "EdDSA"
    issuer: str | None = None  # the authorization server's issuer; None = trust whatever discovery finds (deprecated in the SDK)
    scope: str | None = None
    lifetime_seconds: int = 300


class MemoryTokenStorage:
    """The SDK's `TokenStorage` protocol, in memory (one per agent run unless shared on purpose)."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


@dataclass
class Exchange:
    method: str
    url: str
    status: int | None = None
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str = ""

    def form(self) -> dict[str, str]:
        """The request body as a form (token requests)."""
        return {k: v[0] for k, v in parse_qs(self.request_body).items()}

    def json(self) -> Any:
        return json.loads(self.response_body)


@dataclass
class Outcome:
    """What one agent run produced. Exactly one of (result, error_code, exception) is set, or input_required."""

    ok: bool = False
    protocol_version: str | None = None
    tools: list[str] = field(default_factory=list)
    tool_defs: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None  # the result as the wire had it (by alias, JSON mode)
    is_error: bool | None = None  # CallToolResult.isError
    text: str = ""  # all text content blocks joined with "\n"
    input_required: bool = False
    request_state: str | None = None
    input_requests: dict[str, Any] | None = None
    error_code: int | None = None  # a JSON-RPC error (MCPError)
    error_message: str | None = None
    error_data: Any = None
    exception: str | None = None  # anything else: "OAuthFlowError: …", "HTTPStatusError: …"
    exception_type: str | None = None
    token_claims: dict[str, Any] | None = None  # the (unverified) claims of the access token the SDK obtained
    trace: list[Exchange] = field(default_factory=list)

    def fetched(self, method: str = "GET") -> list[str]:
        return [e.url for e in self.trace if e.method == method]

    def token_requests(self) -> list[Exchange]:
        return [e for e in self.trace if e.method == "POST" and "grant_type=" in e.request_body]


def provider_for(url: str, credentials: Credentials, storage: MemoryTokenStorage | None = None) -> PrivateKeyJWTOAuthProvider:
    """The SDK's client-credentials + private_key_jwt provider, built the way its docstring shows."""
    assertion = SignedJWTParameters(
        issuer=credentials.client_id,
        subject=credentials.client_id,
        signing_key=credentials.private_key_pem,
        signing_algorithm=credentials.algorithm,
        lifetime_seconds=credentials.lifetime_seconds,
    )
    with warnings.catch_warnings():
        # Omitting `issuer` is deprecated in the SDK (it warns); tests may do it on purpose.
        warnings.simplefilter("ignore", MCPDeprecationWarning)
        return PrivateKeyJWTOAuthProvider(
            server_url=url,
            storage=storage or MemoryTokenStorage(),
            client_id=credentials.client_id,
            assertion_provider=assertion.create_assertion_provider(),
            scope=credentials.scope,
            issuer=credentials.issuer,
        )


def _recording_hooks(trace: list[Exchange]) -> dict[str, list[Callable[..., Awaitable[None]]]]:
    async def on_request(request: httpx2.Request) -> None:
        body = request.content.decode("utf-8", "replace") if request.content else ""
        trace.append(Exchange(request.method, str(request.url), request_headers=dict(request.headers), request_body=body))

    async def on_response(response: httpx2.Response) -> None:
        for exchange in reversed(trace):
            if exchange.status is None and exchange.url == str(response.request.url):
                exchange.status = response.status_code
                exchange.response_headers = dict(response.headers)
                content_type = response.headers.get("content-type", "")
                if not content_type.startswith("text/event-stream"):
                    await response.aread()
                    exchange.response_body = response.text
                break

    return {"request": [on_request], "response": [on_response]}


@asynccontextmanager
async def connect(
    url: str,
    *,
    credentials: Credentials | None = None,
    bearer: str | None = None,
    headers: dict[str, str] | None = None,
    mode: str = "auto",
    storage: MemoryTokenStorage | None = None,
    trace: list[Exchange] | None = None,
    timeout: float = 30.0,
    elicitation_callback: Any = None,
    input_required_max_rounds: int = 10,
):
    """An entered SDK `Client` over Streamable HTTP, authenticated by the SDK's provider or a fixed bearer."""
    trace = trace if trace is not None else []
    auth = provider_for(url, credentials, storage) if credentials is not None else None
    fixed = dict(headers or {})
    if bearer is not None:
        fixed["Authorization"] = f"Bearer {bearer}"
    async with httpx2.AsyncClient(
        auth=auth,
        headers=fixed,
        timeout=httpx2.Timeout(timeout, read=timeout),
        event_hooks=_recording_hooks(trace),
    ) as http:
        transport = streamable_http_client(url, http_client=http)
        client = Client(
            transport,
            mode=mode,
            elicitation_callback=elicitation_callback,
            input_required_max_rounds=input_required_max_rounds,
            cache=None,
        )
        async with client:
            client._lanyard_auth = auth  # type: ignore[attr-defined]  # so helpers can read the token it got
            yield client


def _text_of(result: dict[str, Any]) -> str:
    parts = []
    for block in result.get("content") or result.get("contents") or []:
        if isinstance(block, dict) and "text" in block:
            parts.append(block["text"])
    for message in result.get("messages") or []:
        content = message.get("content", {})
        if isinstance(content, dict) and "text" in content:
            parts.append(content["text"])
    return "\n".join(parts)


def _claims_from(client: Any) -> dict[str, Any] | None:
    auth = getattr(client, "_lanyard_auth", None)
    tokens = auth.context.current_tokens if auth is not None else None
    if tokens is None:
        return None
    try:
        return jwt.decode(tokens.access_token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None


async def run(
    url: str,
    operation: Callable[[Client, Outcome], Awaitable[None]],
    **connect_args: Any,
) -> Outcome:
    """Connect, run `operation(client, outcome)`, close; every failure is caught into the Outcome."""
    outcome = Outcome()
    client_ref: list[Any] = []
    try:
        async with connect(url, trace=outcome.trace, **connect_args) as client:
            client_ref.append(client)
            outcome.protocol_version = client.protocol_version
            await operation(client, outcome)
            outcome.token_claims = _claims_from(client)
    except BaseException as error:  # noqa: BLE001 - the point is to report every failure
        if isinstance(error, KeyboardInterrupt):
            raise
        leaf = _leaf(error)
        if isinstance(leaf, MCPError):
            outcome.error_code = leaf.code
            outcome.error_message = leaf.message
            outcome.error_data = leaf.data
        else:
            outcome.exception_type = type(leaf).__name__
            outcome.exception = f"{type(leaf).__name__}: {leaf}"
        if client_ref:
            outcome.token_claims = _claims_from(client_ref[0])
        outcome.ok = False
    return outcome


def _leaf(error: BaseException) -> BaseException:
    """The first non-group exception inside (nested) ExceptionGroups raised by anyio task groups."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _absorb_result(outcome: Outcome, result: Any) -> None:
    if isinstance(result, InputRequiredResult):
        outcome.input_required = True
        outcome.request_state = result.request_state
        dumped = result.model_dump(by_alias=True, mode="json", exclude_none=True)
        outcome.input_requests = dumped.get("inputRequests")
        outcome.result = dumped
        outcome.ok = False
        return
    dumped = result.model_dump(by_alias=True, mode="json", exclude_none=True)
    outcome.result = dumped
    outcome.is_error = dumped.get("isError")
    outcome.text = _text_of(dumped)
    outcome.ok = not bool(outcome.is_error)


# ---- async operations ---------------------------------------------------------------------------------


async def alist_tools(url: str, **connect_args: Any) -> Outcome:
    async def op(client: Client, outcome: Outcome) -> None:
        listing = await client.list_tools()
        outcome.tool_defs = [t.model_dump(by_alias=True, mode="json", exclude_none=True) for t in listing.tools]
        outcome.tools = [t.name for t in listing.tools]
        outcome.result = listing.model_dump(by_alias=True, mode="json", exclude_none=True)
        outcome.ok = True

    return await run(url, op, **connect_args)


async def acall_tool(
    url: str,
    name: str,
    arguments: dict[str, Any] | None = None,
    *,
    hold: bool = False,
    request_state: str | None = None,
    input_responses: dict[str, Any] | None = None,
    list_first: bool = True,
    **connect_args: Any,
) -> Outcome:
    """Call one tool. `hold=True` returns an InputRequiredResult instead of letting the SDK retry it."""

    async def op(client: Client, outcome: Outcome) -> None:
        if list_first:
            # An agent lists before it calls; on 2026-07-28 the SDK also needs the listing for x-mcp-header.
            listing = await client.list_tools()
            outcome.tools = [t.name for t in listing.tools]
        if hold:
            result = await client.session.call_tool(
                name, arguments, input_responses=input_responses, request_state=request_state, allow_input_required=True
            )
        else:
            result = await client.call_tool(name, arguments, input_responses=input_responses, request_state=request_state)
        _absorb_result(outcome, result)

    return await run(url, op, **connect_args)


async def aread_resource(url: str, uri: str, **connect_args: Any) -> Outcome:
    async def op(client: Client, outcome: Outcome) -> None:
        _absorb_result(outcome, await client.read_resource(uri))

    return await run(url, op, **connect_args)


async def aget_prompt(url: str, name: str, arguments: dict[str, str] | None = None, **connect_args: Any) -> Outcome:
    async def op(client: Client, outcome: Outcome) -> None:
        _absorb_result(outcome, await client.get_prompt(name, arguments))

    return await run(url, op, **connect_args)


# ---- sync facades for pytest ----------------------------------------------------------------------------


def list_tools(url: str, **connect_args: Any) -> Outcome:
    return anyio.run(lambda: alist_tools(url, **connect_args))


def call_tool(url: str, name: str, arguments: dict[str, Any] | None = None, **kwargs: Any) -> Outcome:
    return anyio.run(lambda: acall_tool(url, name, arguments, **kwargs))


def read_resource(url: str, uri: str, **connect_args: Any) -> Outcome:
    return anyio.run(lambda: aread_resource(url, uri, **connect_args))


def get_prompt(url: str, name: str, arguments: dict[str, str] | None = None, **connect_args: Any) -> Outcome:
    return anyio.run(lambda: aget_prompt(url, name, arguments, **connect_args))


# ---- the SDK's 1.x line, in a venv of its own ----------------------------------------------------------

MCP_V1_REQUIREMENT = "mcp==1.30.0"  # the newest 1.x; speaks 2025-11-25 (initialize) at most
PEER_PROXY_REQUIREMENT = "mcp-proxy==0.13.0"  # the benchmark's peer; requires mcp<2, so it lives in the same venv


def ensure_v1_venv(directory: Path, *, with_peer_proxy: bool = True) -> Path:
    """Create (once) a virtualenv with `mcp` 1.x (and mcp-proxy) beside the suite's 2.x; returns its python.

    About 15 s from PyPI on this machine (3 s more for mcp-proxy)."""
    python = directory / "bin" / "python"
    wanted = [MCP_V1_REQUIREMENT] + ([PEER_PROXY_REQUIREMENT] if with_peer_proxy else [])
    marker = directory / ".mcp-v1-ready"
    if python.exists() and marker.exists() and set(wanted) <= set(marker.read_text().split()):
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted],
        check=True,
    )
    marker.write_text("\n".join(wanted) + "\n")
    return python


def peer_proxy_command(python: Path, port: int, upstream_url: str, bearer: str | None = None) -> list[str]:
    """mcp-proxy forwarding Streamable HTTP to Streamable HTTP at `http://127.0.0.1:{port}/mcp`.

    mcp-proxy has no direct HTTP-to-HTTP mode: its server side (Streamable HTTP, stateless) spawns a stdio child,
    which is mcp-proxy again in client mode connected to the upstream over Streamable HTTP. Two processes, one
    hop each way through a pipe; it speaks 2025-11-25 (mcp 1.x) to both sides."""
    proxy = str(python.parent / "mcp-proxy")
    child = [proxy, "--transport", "streamablehttp", "--log-level", "WARNING"]
    if bearer is not None:
        child += ["--headers", "Authorization", f"Bearer {bearer}"]
    child.append(upstream_url)
    return [proxy, "--host", "127.0.0.1", "--port", str(port), "--stateless", "--log-level", "WARNING", "--", *child]


def run_v1(
    python: Path,
    url: str,
    op: str,
    name: str | None = None,
    arguments: dict[str, Any] | None = None,
    *,
    client_id: str | None = None,
    key_file: str | Path | None = None,
    issuer: str | None = None,
    algorithm: str = "EdDSA",
    timeout: float = 60.0,
) -> dict[str, Any]:
    """Run `mcp_agent_v1.py` (list | call) with the 1.x venv's interpreter; its JSON outcome as a dict."""
    command = [str(python), str(Path(__file__).with_name("mcp_agent_v1.py")), "--url", url]
    if client_id:
        command += ["--client-id", client_id, "--key-file", str(key_file), "--alg", algorithm]
        if issuer:
            command += ["--issuer", issuer]
    command.append(op)
    if op == "call":
        command += [name or "", json.dumps(arguments or {})]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"mcp_agent_v1.py printed no outcome (rc {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def fetch_token(url: str, credentials: Credentials) -> Outcome:
    """Only the SDK's discovery + token request (one listing call triggers it); `.token_claims` is the token."""
    return list_tools(url, credentials=credentials)


__all__ = [
    "Credentials",
    "Exchange",
    "MemoryTokenStorage",
    "OAuthFlowError",
    "OAuthTokenError",
    "Outcome",
    "acall_tool",
    "aget_prompt",
    "alist_tools",
    "aread_resource",
    "call_tool",
    "connect",
    "ensure_v1_venv",
    "peer_proxy_command",
    "fetch_token",
    "get_prompt",
    "list_tools",
    "provider_for",
    "read_resource",
    "run",
    "run_v1",
]
