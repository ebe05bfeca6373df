"""The MCP test fixtures themselves, without Lanyard: the SDK 2.x agent (`mcp_agent.py`) against the SDK 2.x
upstream (`mcp_upstream.py`), with the reference authorization server (`mcp_reference_as.py`) standing in for
the issuer. What the gateway suites will lean on is checked here first: the SDK's own client-credentials +
private_key_jwt discovery succeeds against a document of the right shape and fails, the way Lanyard's fails
today, without `authorization_endpoint`; the upstream refuses every token not minted for it and counts only
what it executed."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import mcp_agent
import mcp_upstream
from lanyard_harness import free_port

HERE = Path(__file__).parent


def start(args: list[str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=open(log, "wb"), text=True)
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("READY"):
        process.kill()
        raise RuntimeError(f"{args[0]} did not start: {line!r} {log.read_text()[-2000:]}")
    return process


@pytest.fixture
def world(tmp_path):
    """A reference AS (issuer with a path), and an upstream that trusts its keys and names it in its PRM."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "agent.jwk").write_text(jwt.algorithms.OKPAlgorithm.to_jwk(key.public_key()))
    processes = []

    def authorization_server(*omit: str) -> str:
        port = free_port()
        extra = [arg for field in omit for arg in ("--omit", field)]
        processes.append(start([str(HERE / "mcp_reference_as.py"), "--port", str(port), "--client-id", "agent-1",
                                "--client-jwk", str(tmp_path / "agent.jwk"), *extra], tmp_path / f"as-{port}.log"))
        return f"http://127.0.0.1:{port}/t/ref"

    def upstream(issuer: str) -> tuple[str, Path]:
        port = free_port()
        url = f"http://127.0.0.1:{port}/mcp"
        count = tmp_path / f"upstream-{port}.json"
        processes.append(start([str(HERE / "mcp_upstream.py"), "--port", str(port), "--jwks", f"{issuer}/jwks.json",
                                "--audience", url, "--issuer", issuer, "--authorization-server", issuer,
                                "--count-file", str(count)], tmp_path / f"upstream-{port}.log"))
        return url, count

    yield {"pem": pem.decode(), "authorization_server": authorization_server, "upstream": upstream, "tmp": tmp_path}
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def credentials(world, issuer: str) -> mcp_agent.Credentials:
    return mcp_agent.Credentials(client_id="agent-1", private_key_pem=world["pem"], issuer=issuer)


def test_sdk_discovers_gets_a_token_for_the_resource_and_calls(world):
    issuer = world["authorization_server"]()
    url, count = world["upstream"](issuer)
    outcome = mcp_agent.call_tool(url, "read_ticket", {"id": "T-1"}, credentials=credentials(world, issuer))
    assert outcome.ok and outcome.protocol_version == "2026-07-28", outcome
    assert "Printer on fire" in outcome.text
    origin = issuer.rsplit("/t/", 1)[0]
    assert outcome.fetched("GET") == [
        url.replace("/mcp", "/.well-known/oauth-protected-resource/mcp"),
        f"{origin}/.well-known/oauth-authorization-server/t/ref",
    ]
    (token_request,) = outcome.token_requests()
    form = token_request.form()
    assert form["grant_type"] == "client_credentials" and form["resource"] == url and "client_id" not in form
    assertion = jwt.decode(form["client_assertion"], options={"verify_signature": False})
    assert assertion["aud"] == issuer and assertion["iss"] == assertion["sub"] == "agent-1"
    assert outcome.token_claims["aud"] == url
    calls = mcp_upstream.read_calls(count)
    assert calls["calls"] == 1 and calls["names"] == ["read_ticket"] and calls["records"][0]["aud"] == url


def test_sdk_refuses_metadata_without_authorization_endpoint(world):
    issuer = world["authorization_server"]("authorization_endpoint")
    url, count = world["upstream"](issuer)
    outcome = mcp_agent.call_tool(url, "read_ticket", {"id": "T-1"}, credentials=credentials(world, issuer))
    assert outcome.exception == f"OAuthFlowError: No authorization server metadata discovered for configured issuer {issuer}"
    assert outcome.token_requests() == []
    assert mcp_upstream.read_calls(count)["calls"] == 0


def test_upstream_refuses_tokens_not_minted_for_it(world):
    issuer = world["authorization_server"]()
    url, count = world["upstream"](issuer)
    other_url, _ = world["upstream"](issuer)
    # A genuine token, but for the other upstream: the confused-deputy case the gateway must never create.
    foreign = mcp_agent.list_tools(other_url, credentials=credentials(world, issuer))
    token = json.loads(foreign.token_requests()[0].response_body)["access_token"]
    now = int(time.time())
    unsigned = jwt.encode({"aud": url, "exp": now + 60}, None, algorithm="none")
    for bearer in (token, unsigned, "not-a-jwt"):
        refused = mcp_agent.call_tool(url, "delete_record", {"id": "R-1"}, bearer=bearer)
        assert not refused.ok and refused.error_code is not None, refused
    calls = mcp_upstream.read_calls(count)
    assert calls["calls"] == 0 and calls["refused"] >= 3


def test_tools_resource_prompt_and_secret_shaped_result(world):
    issuer = world["authorization_server"]()
    url, _ = world["upstream"](issuer)
    creds = credentials(world, issuer)
    listing = mcp_agent.list_tools(url, credentials=creds)
    assert listing.tools == ["read_ticket", "search_crm", "delete_record", "echo", "leaky_config"]
    annotations = {tool["name"]: tool.get("annotations", {}) for tool in listing.tool_defs}
    assert annotations["delete_record"]["destructiveHint"] is True
    leaky = mcp_agent.call_tool(url, "leaky_config", {"service": "billing"}, credentials=creds)
    assert mcp_upstream.FAKE_AWS_ACCESS_KEY_ID in leaky.text
    assert "Printer on fire" in mcp_agent.read_resource(url, "tickets://open", credentials=creds).text
    assert "T-9" in mcp_agent.get_prompt(url, "triage", {"ticket": "T-9"}, credentials=creds).text
    legacy = mcp_agent.call_tool(url, "echo", {"text": "old"}, credentials=creds, mode="legacy")
    assert legacy.ok and legacy.protocol_version == "2025-11-25" and legacy.text == "old"
