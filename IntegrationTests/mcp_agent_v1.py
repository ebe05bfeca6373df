#!/usr/bin/env python3
"""The core agent flow with the SDK's 1.x line (`mcp` 1.30.x), for a separate virtualenv.

`mcp` 1.x and 2.x cannot share one environment (same import name), so the tests create a venv under a
temporary directory (`mcp_agent.ensure_v1_venv`) and run this script with its interpreter. It speaks the
2025-11-25 `initialize` handshake (the 1.x line's newest), authenticates with 1.x's own
`PrivateKeyJWTOAuthProvider` + `SignedJWTParameters`, and prints one JSON object on stdout:

    {"ok", "protocol_version", "tools", "result", "is_error", "text",
     "error_code", "error_message", "error_data", "exception", "fetched": [[method, url, status], …]}

    python mcp_agent_v1.py --url URL [--client-id ID --key-file key.pem --issuer ISS [--alg EdDSA]] list
    python mcp_agent_v1.py --url URL … call NAME '{"id": "T-1"}'
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

import anyio
import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.exceptions import McpError


class Memory:
    def __init__(self) -> None:
        self.tokens = None
        self.info = None

    async def get_tokens(self):  # noqa: ANN201
        return self.tokens

    async def set_tokens(self, tokens) -> None:  # noqa: ANN001
        self.tokens = tokens

    async def get_client_info(self):  # noqa: ANN201
        return self.info

    async def set_client_info(self, info) -> None:  # noqa: ANN001
        self.info = info


def leaf(error: BaseException) -> BaseException:
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"ok": False, "fetched": []}

    async def on_response(response: httpx.Response) -> None:
        out["fetched"].append([response.request.method, str(response.request.url), response.status_code])

    auth = None
    if args.client_id:
        from mcp.client.auth.extensions.client_credentials import PrivateKeyJWTOAuthProvider, SignedJWTParameters

        params = SignedJWTParameters(
            issuer=args.client_id,
            subject=args.client_id,
            signing_key=open(args.key_file).read(),
            signing_algorithm=args.alg,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            auth = PrivateKeyJWTOAuthProvider(
                server_url=args.url,
                storage=Memory(),
                client_id=args.client_id,
                assertion_provider=params.create_assertion_provider(),
                issuer=args.issuer,
            )

    def factory(headers=None, timeout=None, auth=None):  # noqa: ANN001, ANN202
        return httpx.AsyncClient(
            headers=headers, timeout=timeout, auth=auth, event_hooks={"response": [on_response]}
        )

    try:
        async with streamablehttp_client(args.url, auth=auth, httpx_client_factory=factory) as (read, write, _):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                out["protocol_version"] = init.protocolVersion
                listing = await session.list_tools()
                out["tools"] = [tool.name for tool in listing.tools]
                if args.op == "list":
                    out["ok"] = True
                else:
                    result = await session.call_tool(args.name, json.loads(args.arguments or "{}"))
                    dumped = result.model_dump(by_alias=True, mode="json", exclude_none=True)
                    out["result"] = dumped
                    out["is_error"] = dumped.get("isError")
                    out["text"] = "\n".join(b.get("text", "") for b in dumped.get("content", []) if isinstance(b, dict))
                    out["ok"] = not dumped.get("isError")
    except BaseException as error:  # noqa: BLE001
        error = leaf(error)
        if isinstance(error, McpError):
            out["error_code"] = error.error.code
            out["error_message"] = error.error.message
            out["error_data"] = error.error.data
        else:
            out["exception"] = f"{type(error).__name__}: {error}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--client-id")
    parser.add_argument("--key-file")
    parser.add_argument("--issuer")
    parser.add_argument("--alg", default="EdDSA")
    parser.add_argument("op", choices=["list", "call"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("arguments", nargs="?")
    args = parser.parse_args()
    print(json.dumps(anyio.run(main_async, args), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
