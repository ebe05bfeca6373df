#!/usr/bin/env python3
"""A minimal OAuth authorization server that the MCP Python SDK's `PrivateKeyJWTOAuthProvider` accepts.

Test fixture and reference, not a product: it shows the smallest RFC 8414 document the SDK 2.x validates
(see docs/mcp-wire-notes.md) and lets `mcp_agent.py` be checked end to end against `mcp_upstream.py`
without Lanyard. Issuer `http://127.0.0.1:PORT/t/ref` (an issuer with a path, like Lanyard's tenants).

- `GET /.well-known/oauth-authorization-server/t/ref` — RFC 8414 metadata (path inserted after the well-known
  prefix; the first URL the SDK tries for an issuer with a path).
- `GET /t/ref/jwks.json` — the key that signs access tokens (EdDSA).
- `POST /t/ref/token` — client_credentials with private_key_jwt: verifies the assertion against the client's
  registered public JWK (`--client-id`, `--client-jwk`), `aud` must be the issuer or the token endpoint, then
  mints an `at+jwt` with `aud` = the `resource` parameter (RFC 8707), 300 s.
- `GET /t/ref/requests` — every token request received: the form and the assertion's header and claims.

    python3 IntegrationTests/mcp_reference_as.py --port 9201 --client-id agent-1 --client-jwk agent.jwk

Prints `READY http://127.0.0.1:PORT/t/ref` once it listens.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def build_app(base: str, client_id: str, client_jwk: dict[str, Any], omit: set[str]) -> Starlette:
    issuer = f"{base}/t/ref"
    signing_key = Ed25519PrivateKey.generate()
    public_jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(signing_key.public_key()))
    public_jwk.update({"kid": "ref-1", "use": "sig", "alg": "EdDSA"})
    client_key = jwt.PyJWK(client_jwk)
    seen: list[dict[str, Any]] = []

    metadata = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks.json",
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["EdDSA", "ES256"],
        "response_types_supported": ["code"],
    }
    for key in omit:
        metadata.pop(key, None)

    async def well_known(_: Request) -> JSONResponse:
        return JSONResponse(metadata)

    async def jwks(_: Request) -> JSONResponse:
        return JSONResponse({"keys": [public_jwk]})

    async def requests(_: Request) -> JSONResponse:
        return JSONResponse(seen)

    def refuse(error: str, description: str, status: int = 400) -> JSONResponse:
        return JSONResponse({"error": error, "error_description": description}, status_code=status)

    async def token(request: Request) -> JSONResponse:
        form = dict((await request.form()).items())
        record: dict[str, Any] = {"form": {k: v for k, v in form.items() if k != "client_assertion"}}
        seen.append(record)
        assertion = form.get("client_assertion")
        if form.get("grant_type") != "client_credentials":
            return refuse("unsupported_grant_type", f"grant_type {form.get('grant_type')!r}")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not assertion:
            return refuse("invalid_client", "private_key_jwt required", 401)
        try:
            record["assertion_header"] = jwt.get_unverified_header(assertion)
            record["assertion_claims"] = jwt.decode(assertion, options={"verify_signature": False})
            claims = jwt.decode(
                assertion,
                key=client_key.key,
                algorithms=[record["assertion_header"]["alg"]],
                audience=[issuer, f"{issuer}/token"],
                options={"require": ["iss", "sub", "aud", "exp", "jti"]},
            )
        except jwt.InvalidTokenError as error:
            return refuse("invalid_client", f"assertion: {error}", 401)
        if claims["iss"] != client_id or claims["sub"] != client_id:
            return refuse("invalid_client", "iss and sub must be the client id", 401)
        resource = form.get("resource")
        if not resource:
            return refuse("invalid_target", "resource (RFC 8707) is required here")
        now = int(time.time())
        access = jwt.encode(
            {
                "iss": issuer,
                "sub": client_id,
                "client_id": client_id,
                "aud": resource,
                "iat": now,
                "nbf": now,
                "exp": now + 300,
                "jti": str(uuid.uuid4()),
                "scope": form.get("scope", ""),
            },
            signing_key,
            algorithm="EdDSA",
            headers={"kid": "ref-1", "typ": "at+jwt"},
        )
        return JSONResponse({"access_token": access, "token_type": "Bearer", "expires_in": 300})

    return Starlette(
        routes=[
            Route("/.well-known/oauth-authorization-server/t/ref", well_known),
            Route("/t/ref/jwks.json", jwks),
            Route("/t/ref/token", token, methods=["POST"]),
            Route("/t/ref/requests", requests),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-jwk", type=Path, required=True, help="the client's public key as a JWK file")
    parser.add_argument("--omit", action="append", default=[], help="leave this field out of the metadata (to see the SDK refuse)")
    args = parser.parse_args(argv)
    base = f"http://127.0.0.1:{args.port}"
    app = build_app(base, args.client_id, json.loads(args.client_jwk.read_text()), set(args.omit))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=args.port, log_level="warning"))
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        print(f"READY {base}/t/ref", flush=True)

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
