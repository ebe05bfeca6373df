#!/usr/bin/env python3
"""Does the MCP Python SDK accept an issuer's discovery? Try it as a new user of the SDK would.

Two steps, both with the installed SDK's own code:

1. Authorization-server metadata, by hand: for the issuer, the SDK's list of well-known URLs
   (`build_oauth_authorization_server_metadata_discovery_urls`), each fetched, and every 200 parsed with
   the SDK's `OAuthMetadata` model — the exact validation the provider runs (a ValidationError there makes
   the provider skip the document silently and try the next URL).
2. The whole flow: an `mcp_upstream.py` started here as an RFC 9728 protected resource whose metadata names
   the issuer, then `mcp_agent.call_tool` with the SDK's `PrivateKeyJWTOAuthProvider` (client_credentials +
   private_key_jwt). Prints every HTTP exchange and the exception, if any.

    python3 IntegrationTests/mcp_discovery_probe.py --issuer http://127.0.0.1:8080/t/default \\
        --client-id idn_… --key-file key.pem [--alg EdDSA] [--port 9111]

Step 2 needs a client that may ask for a token with `resource` = the upstream's URL (for Lanyard: the
identity's allowedDestinations must include it, or the token request is refused with invalid_target).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2
from mcp.client.auth.utils import build_oauth_authorization_server_metadata_discovery_urls
from mcp.shared.auth import OAuthMetadata
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).parent))
import mcp_agent  # noqa: E402


def step_metadata(issuer: str, server_url: str) -> None:
    print(f"== 1. authorization-server metadata for issuer {issuer}")
    for url in build_oauth_authorization_server_metadata_discovery_urls(issuer, server_url):
        response = httpx2.get(url, headers={"MCP-Protocol-Version": "2026-07-28"}, timeout=10)
        print(f"GET {url} -> {response.status_code} {response.headers.get('content-type', '')}")
        if response.status_code != 200:
            continue
        print(json.dumps(response.json(), indent=2, sort_keys=True))
        try:
            parsed = OAuthMetadata.model_validate_json(response.content)
        except ValidationError as error:
            print(f"OAuthMetadata.model_validate_json -> ValidationError:\n{error}")
            continue
        verdict = "matches" if str(parsed.issuer) == issuer else f"MISMATCH ({parsed.issuer} != {issuer})"
        print(f"OAuthMetadata accepted; issuer {verdict}")
        return
    print("no document accepted: the provider ends discovery without metadata")


def step_flow(issuer: str, client_id: str, key_file: Path, algorithm: str, port: int) -> None:
    url = f"http://127.0.0.1:{port}/mcp"
    print(f"\n== 2. the SDK's flow against a protected resource at {url} whose PRM names {issuer}")
    with tempfile.TemporaryDirectory() as scratch:
        upstream = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("mcp_upstream.py")),
                "--port", str(port),
                "--jwks", f"{issuer}/.well-known/jwks.json",
                "--audience", url,
                "--authorization-server", issuer,
                "--count-file", str(Path(scratch) / "count.json"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = upstream.stdout.readline() if upstream.stdout else ""
            if not line.startswith("READY"):
                raise SystemExit(f"upstream did not start: {line!r}")
            credentials = mcp_agent.Credentials(
                client_id=client_id, private_key_pem=key_file.read_text(), algorithm=algorithm, issuer=issuer
            )
            started = time.monotonic()
            outcome = mcp_agent.call_tool(url, "read_ticket", {"id": "T-1"}, credentials=credentials)
            for exchange in outcome.trace:
                print(f"{exchange.method} {exchange.url} -> {exchange.status}")
                if exchange.method == "POST" and "grant_type=" in exchange.request_body:
                    form = exchange.form()
                    form["client_assertion"] = form.get("client_assertion", "")[:24] + "…"
                    print(f"    form: {form}")
                    print(f"    answer: {exchange.response_body[:400]}")
            print(f"ok={outcome.ok} text={outcome.text!r} exception={outcome.exception!r} "
                  f"error={outcome.error_code} {outcome.error_message!r} ({time.monotonic() - started:.2f} s)")
            if outcome.token_claims:
                print(f"token claims: {json.dumps(outcome.token_claims, sort_keys=True)}")
        finally:
            upstream.terminate()
            upstream.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--client-id")
    parser.add_argument("--key-file", type=Path)
    parser.add_argument("--alg", default="EdDSA")
    parser.add_argument("--port", type=int, default=9111)
    args = parser.parse_args()
    step_metadata(args.issuer, f"http://127.0.0.1:{args.port}/mcp")
    if args.client_id and args.key_file:
        step_flow(args.issuer, args.client_id, args.key_file, args.alg, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
