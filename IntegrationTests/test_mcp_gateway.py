"""The MCP gateway forwarding calls (issue 21, slice 2), against the real binary, a real upstream written with the
official MCP Python SDK 2.x (`mcp_upstream.py`, which accepts only tokens signed by Lanyard with its own URL as the
audience) and the SDK's own client as the agent (`mcp_agent.py`: `PrivateKeyJWTOAuthProvider`, discovery from the
gateway's 401).

- `tools/list` answers only the tools the tenant's policies let the agent call.
- An allowed call passes; the upstream sees a token minted for it (its audience, the agent as subject, the gateway as
  actor), never the agent's own.
- A call the policies do not allow, and a call carrying a secret, are refused before the upstream is reached; a
  result carrying a secret is redacted.
- Every decision, result and refusal is in the audit log (`mcp.call`, `mcp.result`, `mcp.list`, `mcp.refuse`).
- The same through the 2025-11-25 handshake (the SDK in legacy mode).
- Protocol refusals: no token, a header that disagrees with the body, a batch, malformed JSON, an oversize message, an
  unknown method; each audited, none reaches the upstream.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jwt
import pytest
import requests

import mcp_agent
import mcp_upstream
from lanyard_harness import Server, audit_events, cli, cli_json, free_port
from oauth_support import Workload, token_form

HERE = Path(__file__).parent
AWS_KEY = "AKIAZ7QW3HXJ5LMN2PQR"

POLICIES = """
@id("agents-read-tickets")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/read_ticket");

@id("agents-search-crm")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/search_crm")
when { principal.purpose like "*customers*" };

@id("agents-echo-and-config")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource)
when { resource == Lanyard::McpTool::"crm/echo" || resource == Lanyard::McpTool::"crm/leaky_config" };

@id("agents-delete-with-approval")
@approval("required")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/delete_record")
when { principal.purpose like "*cleanup*" };

@id("agents-read-only-tools")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource)
when { context has annotations && context.annotations has readOnlyHint && context.annotations.readOnlyHint };

@id("desk-delete-records")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"desk/delete_record");

@id("no-destructive-tools")
forbid (principal, action == Action::"tools/call", resource)
when { context has annotations && context.annotations has destructiveHint && context.annotations.destructiveHint };

@id("notes-echo-redacting-secrets")
@secrets("redact")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"notes/echo");

@id("no-card-numbers-to-tools")
forbid (principal, action == Action::"tools/call", resource)
when { context.argumentDataClasses.contains("payment_card") };

@id("agents-read-open-tickets")
permit (principal is Lanyard::Identity, action == Action::"resources/read", resource == Lanyard::McpResource::"crm/tickets://open");
"""


def start_upstream(issuer: str, tmp: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/mcp"
    count = tmp / "upstream.json"
    process = subprocess.Popen(
        [sys.executable, str(HERE / "mcp_upstream.py"), "--port", str(port), "--jwks", f"{issuer}/.well-known/jwks.json", "--audience", url,
         "--issuer", issuer, "--count-file", str(count)],
        stdout=subprocess.PIPE, stderr=open(tmp / "upstream.log", "wb"), text=True)
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("READY"):
        process.kill()
        raise RuntimeError(f"the upstream did not start: {line!r} {(tmp / 'upstream.log').read_text()[-2000:]}")
    return process, url, count


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mcp-gateway")
    server = Server(tmp).start()
    issuer = f"{server.url}/t/default"
    upstream, upstream_url, count = start_upstream(issuer, tmp)
    made = server.api("POST", "/t/default/v1/templates",
                      json={"name": "mcp-agent", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["mcp", "read"]})
    assert made.status_code == 201, made.text
    cli_json(server, "mcp", "server", "add", "crm", "--url", upstream_url)
    # The same upstream again, its tool annotations trusted.
    cli_json(server, "mcp", "server", "add", "desk", "--url", upstream_url, "--tool-annotations", "trusted")
    # And again, where a policy redacts secrets in arguments instead of refusing the call.
    cli_json(server, "mcp", "server", "add", "notes", "--url", upstream_url)
    current = server.api("GET", "/t/default/v1/policies").json()
    pushed = server.api("PUT", "/t/default/v1/policies", json={"policies": current["policies"] + POLICIES, "message": "MCP tools for agents"})
    assert pushed.status_code == 201, pushed.text
    yield {"server": server, "issuer": issuer, "upstream": upstream_url, "count": count, "gateway": f"{issuer}/mcp/crm"}
    upstream.terminate()
    upstream.wait(timeout=10)
    server.stop()


def credentials(world, agent: Workload) -> mcp_agent.Credentials:
    return mcp_agent.Credentials(client_id=agent.id, private_key_pem=agent.pem, algorithm="EdDSA", issuer=world["issuer"])


def agent(world, name: str, purpose: str = "answer questions about customers") -> Workload:
    return Workload(world["server"], name, template="mcp-agent", purpose=purpose)


def calls(world) -> dict:
    return mcp_upstream.read_calls(world["count"])


def events(world, action: str) -> list[dict]:
    return [e for e in audit_events(world["server"]) if e["action"] == action]


def raw_token(world, workload: Workload, resource: str | None = None) -> str:
    endpoint = f"{world['issuer']}/oauth2/token"
    answer = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), scope="mcp", resource=resource or world["gateway"]),
                           timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def test_the_agent_lists_only_the_tools_its_policies_allow(world):
    bot = agent(world, "lister")
    listed = mcp_agent.list_tools(world["gateway"], credentials=credentials(world, bot))
    assert listed.ok, listed.exception or listed.error_message
    assert sorted(listed.tools) == ["echo", "leaky_config", "read_ticket", "search_crm"], listed.tools
    assert listed.result.get("cacheScope") in (None, "private"), listed.result
    other = agent(world, "lister-2", purpose="summarise tickets")
    assert "search_crm" not in mcp_agent.list_tools(world["gateway"], credentials=credentials(world, other)).tools, "purpose decides"
    logged = [e for e in events(world, "mcp.list") if e["actor"] == f"identity:{bot.id}"]
    assert logged and logged[-1]["details"]["listed"] == "4" and logged[-1]["details"]["hidden"] == "1", logged


def test_an_allowed_call_passes_with_a_token_minted_for_the_upstream(world):
    bot = agent(world, "caller")
    before = calls(world)["calls"]
    out = mcp_agent.call_tool(world["gateway"], "read_ticket", {"id": "T-1"}, credentials=credentials(world, bot))
    assert out.ok and "T-1" in out.text, (out.text, out.exception, out.error_message)
    after = calls(world)
    assert after["calls"] == before + 1
    seen = after["records"][-1]
    # The upstream verified the token's signature and exact audience; here: whose it was.
    assert seen["tool"] == "read_ticket" and seen["sub"] == bot.id and seen["aud"] == world["upstream"], seen
    assert seen["jti"] != out.token_claims["jti"], "never the agent's own token"
    minted = [e for e in events(world, "credential.exchange") if e["details"].get("aud") == world["upstream"]]
    assert minted and minted[-1]["details"]["identity"] == bot.id and minted[-1]["details"]["parent"] == out.token_claims["jti"]
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert decided[-1]["details"]["decision"] == "allow" and decided[-1]["details"]["policies"] == "agents-read-tickets", decided[-1]
    assert decided[-1]["details"]["argumentsDigest"].startswith("sha256:") and "T-1" not in json.dumps(decided[-1]["details"])
    results = [e for e in events(world, "mcp.result") if e["actor"] == f"identity:{bot.id}"]
    assert results[-1]["details"]["outcome"] == "result" and int(results[-1]["details"]["resultBytes"]) > 0
    assert decided[-1]["sequence"] < results[-1]["sequence"], "decided and logged before it was forwarded"


def test_a_disallowed_call_is_refused_and_never_reaches_the_upstream(world):
    bot = agent(world, "destroyer")
    before = calls(world)["calls"]
    out = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-7"}, credentials=credentials(world, bot))
    assert out.is_error is True and "do not allow" in out.text, out
    assert calls(world)["calls"] == before
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert decided[-1]["details"]["decision"] == "deny" and decided[-1]["details"]["outcome"] == "denied"
    # A tool outside the agent's purpose, likewise.
    narrow = agent(world, "ticket-only", purpose="summarise tickets")
    out = mcp_agent.call_tool(world["gateway"], "search_crm", {"query": "acme"}, credentials=credentials(world, narrow))
    assert out.is_error is True and calls(world)["calls"] == before


def test_secrets_never_pass_in_arguments_and_are_redacted_from_results(world):
    bot = agent(world, "leaker")
    before = calls(world)["calls"]
    out = mcp_agent.call_tool(world["gateway"], "echo", {"text": f"use {AWS_KEY} please"}, credentials=credentials(world, bot))
    assert out.is_error is True and "secret" in out.text, out
    assert calls(world)["calls"] == before, "refused before the upstream"
    refused = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"][-1]
    assert refused["details"]["outcome"] == "refused: secret in arguments" and "aws" in refused["details"]["argumentSecrets"]
    assert AWS_KEY not in json.dumps(audit_events(world["server"])), "the secret is not in the log either"
    out = mcp_agent.call_tool(world["gateway"], "leaky_config", {"service": "billing"}, credentials=credentials(world, bot))
    assert out.ok and AWS_KEY not in out.text and "[redacted by Lanyard:" in out.text, out.text
    assert calls(world)["calls"] == before + 1
    result = [e for e in events(world, "mcp.result") if e["actor"] == f"identity:{bot.id}"][-1]
    assert int(result["details"]["redacted"]) >= 1


def test_a_policy_can_redact_secrets_in_arguments_instead_of_refusing(world):
    """Through `notes` the permit is annotated `@secrets("redact")`: the call passes with the secret replaced."""
    bot = agent(world, "redacted")
    before = calls(world)["calls"]
    out = mcp_agent.call_tool(f"{world['issuer']}/mcp/notes", "echo", {"text": f"use {AWS_KEY} please"}, credentials=credentials(world, bot))
    assert out.ok and AWS_KEY not in out.text and "use [redacted by Lanyard: aws" in out.text, out
    after = calls(world)
    assert after["calls"] == before + 1
    executed = after["records"][-1]
    assert executed["tool"] == "echo" and AWS_KEY not in json.dumps(executed["arguments"]), "the upstream never saw the secret"
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"][-1]
    assert decided["details"]["outcome"] == "forwarded: secrets redacted" and "aws" in decided["details"]["argumentSecrets"], decided
    assert decided["details"]["policies"] == "notes-echo-redacting-secrets"
    assert AWS_KEY not in json.dumps(audit_events(world["server"]))


def test_resources_are_decided_too(world):
    bot = agent(world, "reader")
    out = mcp_agent.read_resource(world["gateway"], "tickets://open", credentials=credentials(world, bot))
    assert out.ok, (out.error_code, out.error_message, out.exception)
    refused = mcp_agent.get_prompt(world["gateway"], "triage", {"ticket": "T-1"}, credentials=credentials(world, bot))
    assert refused.error_code == -32003 and "do not allow" in (refused.error_message or ""), refused


def test_the_handshake_revision_works_the_same(world):
    """The SDK forced to 2025-11-25 (`initialize`, no routing headers), as the 1.x line speaks."""
    bot = agent(world, "legacy")
    listed = mcp_agent.list_tools(world["gateway"], credentials=credentials(world, bot), mode="legacy")
    assert listed.ok and listed.protocol_version == "2025-11-25", (listed.protocol_version, listed.exception, listed.error_message)
    assert "delete_record" not in listed.tools and "read_ticket" in listed.tools
    out = mcp_agent.call_tool(world["gateway"], "read_ticket", {"id": "T-2"}, credentials=credentials(world, bot), mode="legacy")
    assert out.ok and "T-2" in out.text, out
    denied = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-1"}, credentials=credentials(world, bot), mode="legacy")
    assert denied.is_error is True


def post(world, body, token: str | None, headers: dict | None = None, raw: bytes | None = None, gateway: str | None = None
         ) -> requests.Response:
    sent = {"content-type": "application/json", "accept": "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28"}
    if token:
        sent["authorization"] = f"Bearer {token}"
    sent.update(headers or {})
    data = raw if raw is not None else json.dumps(body).encode()
    return requests.post(gateway or world["gateway"], data=data, headers=sent, timeout=10)


META = {"_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}}
# A raw allowed call (2026-07-28) and its routing headers.
READ_TICKET = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "read_ticket", "arguments": {"id": "T-1"}, **META}}
READ_TICKET_ROUTING = {"mcp-method": "tools/call", "mcp-name": "read_ticket"}


def test_protocol_refusals_are_answered_audited_and_never_forwarded(world):
    bot = agent(world, "prober")
    token = raw_token(world, bot)
    before = calls(world)["calls"]
    refusals_before = len(events(world, "mcp.refuse"))
    call = READ_TICKET
    routing = READ_TICKET_ROUTING

    answer = post(world, call, None, routing)
    assert answer.status_code == 401 and 'resource_metadata="' in answer.headers["www-authenticate"]
    gateway_token = jwt.decode(token, options={"verify_signature": False})
    assert gateway_token["aud"] == world["gateway"]

    cases = [
        ("a name header that disagrees", post(world, call, token, {"mcp-method": "tools/call", "mcp-name": "delete_record"}), 400, -32020),
        ("a method header that disagrees", post(world, call, token, {"mcp-method": "tools/list", "mcp-name": "read_ticket"}), 400, -32020),
        ("no method header", post(world, call, token, {"mcp-name": "read_ticket"}), 400, -32020),
        ("a batch", post(world, [call, call], token, routing), 400, -32600),
        ("malformed JSON", post(world, None, token, routing, raw=b'{"jsonrpc": "2.0", "id": 1,'), 400, -32700),
        ("a member twice", post(world, None, token, routing,
                                raw=b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_ticket","name":"delete_record"}}'), 400, -32600),
        ("an unknown version", post(world, call, token, {**routing, "mcp-protocol-version": "2099-01-01"}), 400, -32022),
        ("an unknown method", post(world, {"jsonrpc": "2.0", "id": 2, "method": "sampling/createMessage", "params": META}, token,
                                   {"mcp-method": "sampling/createMessage"}), 404, -32601),
    ]
    for name, answer, status, code in cases:
        assert answer.status_code == status, (name, answer.status_code, answer.text)
        assert answer.json()["error"]["code"] == code, (name, answer.text)
    oversize = post(world, None, token, routing, raw=b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"' + b"a" * (1024 * 1024) + b'"}}')
    assert oversize.status_code == 413, oversize.status_code
    assert calls(world)["calls"] == before, "nothing reached the upstream"
    refusals = events(world, "mcp.refuse")[refusals_before:]
    assert len(refusals) == 1 + len(cases) + 1, [e["details"] for e in refusals]
    assert refusals[0]["actor"] == "anonymous" and all(e["actor"] == f"identity:{bot.id}" for e in refusals[1:])
    # The right headers pass.
    passed = post(world, call, token, routing)
    assert passed.status_code == 200 and passed.json()["result"]["isError"] is False, passed.text
    assert calls(world)["calls"] == before + 1


def test_a_token_for_another_resource_or_a_suspended_identity_is_refused(world):
    server = world["server"]
    bot = agent(world, "suspendable")
    token = raw_token(world, bot)
    routing = READ_TICKET_ROUTING
    call = READ_TICKET
    endpoint = f"{world['issuer']}/oauth2/token"
    lanyard_token = requests.post(endpoint, data=token_form(bot, bot.assertion(endpoint), scope="read"), timeout=10).json()["access_token"]
    wrong = post(world, call, lanyard_token, routing)
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["www-authenticate"], wrong.text
    assert post(world, call, token, routing).status_code == 200
    suspended = server.api("POST", f"/t/default/v1/identities/{bot.id}/suspend", json={"reason": "test"})
    assert suspended.status_code == 200, suspended.text
    before = calls(world)["calls"]
    after = post(world, call, token, routing)
    assert after.status_code == 401, (after.status_code, after.text)
    assert calls(world)["calls"] == before


def test_the_sdks_1x_line_lists_and_calls_through_the_gateway(world, tmp_path):
    """mcp 1.30 (in a virtualenv of its own) as the agent: 2025-11-25 end to end, through the same policies."""
    import tempfile
    python = mcp_agent.ensure_v1_venv(Path(tempfile.gettempdir()) / "lanyard-mcp-v1", with_peer_proxy=False)
    bot = agent(world, "sdk1-caller")
    key = tmp_path / "agent.pem"
    key.write_text(bot.pem)
    args = {"client_id": bot.id, "key_file": key, "issuer": world["issuer"]}
    before = calls(world)["calls"]
    listed = mcp_agent.run_v1(python, world["gateway"], "list", **args)
    assert listed.get("ok") and listed["protocol_version"] == "2025-11-25", listed
    assert sorted(listed["tools"]) == ["echo", "leaky_config", "read_ticket", "search_crm"], listed
    called = mcp_agent.run_v1(python, world["gateway"], "call", "read_ticket", {"id": "T-3"}, **args)
    assert called.get("ok") and "T-3" in called["text"], called
    refused = mcp_agent.run_v1(python, world["gateway"], "call", "delete_record", {"id": "R-3"}, **args)
    assert refused.get("is_error") is True and "do not allow" in refused["text"], refused
    assert calls(world)["calls"] == before + 1


def test_a_revoked_token_is_refused_mid_session_and_an_expired_one_always(world):
    server = world["server"]
    bot = agent(world, "revocable")
    token = raw_token(world, bot)
    routing = READ_TICKET_ROUTING
    call = READ_TICKET
    assert post(world, call, token, routing).status_code == 200
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    revoked = server.api("POST", "/t/default/v1/credentials/revoke", json={"jti": jti, "reason": "rotated"})
    assert revoked.status_code in (200, 204), revoked.text
    before = calls(world)["calls"]
    refused = post(world, call, token, routing)
    assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["www-authenticate"], refused.text
    assert calls(world)["calls"] == before
    # An expired token: one asked for with a lifetime of 2 s, used after it.
    endpoint = f"{world['issuer']}/oauth2/token"
    short = requests.post(endpoint, data=token_form(bot, bot.assertion(endpoint), scope="mcp", resource=world["gateway"], ttl="2s"), timeout=10)
    assert short.status_code == 200 and short.json()["expires_in"] <= 2, short.text
    import time
    time.sleep(3)
    expired = post(world, call, short.json()["access_token"], routing)
    assert expired.status_code == 401 and 'error="invalid_token"' in expired.headers["www-authenticate"], expired.text
    assert calls(world)["calls"] == before
    refusals = [e for e in events(world, "mcp.refuse") if e["details"].get("reason") == "invalid_token"]
    assert refusals, "the refused tokens are audited"


def test_a_dead_upstream_refuses_calls_and_nothing_passes_unlogged(world, tmp_path):
    """An upstream that is killed: every call is refused with -32004, logged as decided and as failed upstream."""
    server = world["server"]
    process, url, count = start_upstream(world["issuer"], tmp_path)
    cli_json(server, "mcp", "server", "add", "doomed", "--url", url)
    current = server.api("GET", "/t/default/v1/policies").json()
    extra = '\n@id("doomed-read")\npermit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"doomed/read_ticket");\n'
    assert server.api("PUT", "/t/default/v1/policies", json={"policies": current["policies"] + extra, "message": "doomed"}).status_code == 201
    bot = agent(world, "doomed-caller")
    gateway_url = f"{world['issuer']}/mcp/doomed"
    creds = credentials(world, bot)
    assert mcp_agent.call_tool(gateway_url, "read_ticket", {"id": "T-1"}, credentials=creds).ok
    process.kill()
    process.wait(timeout=10)
    out = mcp_agent.call_tool(gateway_url, "read_ticket", {"id": "T-1"}, credentials=creds)
    assert not out.ok, out
    endpoint = f"{world['issuer']}/oauth2/token"
    token = requests.post(endpoint, data=token_form(bot, bot.assertion(endpoint), scope="mcp", resource=gateway_url), timeout=10)
    call = {"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "read_ticket", "arguments": {"id": "T-1"}, **META}}
    answer = requests.post(gateway_url, json=call, timeout=30, headers={
        "authorization": f"Bearer {token.json()['access_token']}", "accept": "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "read_ticket"})
    assert answer.status_code == 200 and answer.json()["error"]["code"] == -32004, answer.text
    executed = mcp_upstream.read_calls(count)["calls"]
    assert executed == 1, "only the call made while it lived"
    mine = [e for e in audit_events(server) if e["actor"] == f"identity:{bot.id}" and e["action"] in ("mcp.call", "mcp.result")]
    decided = [e for e in mine if e["action"] == "mcp.call" and e["details"]["outcome"] == "forwarded"]
    results = [e["details"]["outcome"] for e in mine if e["action"] == "mcp.result"]
    assert len(decided) >= executed and "result" in results and "upstream failed" in results, results


def approver(world, decision: str = "approve", seen: list | None = None):
    """An elicitation callback that has a person decide the held call with the CLI, then accepts (the SDK retries)."""
    from mcp_types import ElicitResult

    async def callback(context, params):
        request_id = params.url.rsplit("/", 1)[-1]
        if seen is not None:
            seen.append((params.mode, params.url, params.message))
        done = cli(world["server"], "request", decision, request_id, "--reason", "looked at the arguments")
        assert done.returncode == 0, done.stderr
        return ElicitResult(action="accept")
    return callback


def test_a_held_call_passes_once_after_a_person_approves_and_never_with_other_arguments(world):
    bot = agent(world, "cleaner", purpose="cleanup of stale records")
    creds = credentials(world, bot)
    before = calls(world)["by_name"].get("delete_record", 0)
    # Without a way to open a URL, the agent is told where a person approves it; nothing is forwarded.
    held = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-1"}, credentials=creds)
    assert held.is_error is True and "/console/requests/req_" in held.text, held
    assert calls(world)["by_name"].get("delete_record", 0) == before
    # With URL elicitation: the SDK opens the approval URL (the callback approves with the CLI) and retries.
    seen: list = []
    passed = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-1"}, credentials=creds, elicitation_callback=approver(world, seen=seen))
    assert passed.ok and "deleted R-1" in passed.text, passed
    assert seen and seen[0][0] == "url" and f"{world['issuer']}/console/requests/" in seen[0][1]
    assert calls(world)["by_name"]["delete_record"] == before + 1
    # Once: the same call again is held again.
    again = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-1"}, credentials=creds)
    assert again.is_error is True and "must approve" in again.text
    # Other arguments are never covered by an approval.
    other = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-2"}, credentials=creds)
    assert other.is_error is True and calls(world)["by_name"]["delete_record"] == before + 1
    requests_filed = [e for e in audit_events(world["server"]) if e["action"] == "access_request.create" and e["actor"] == f"identity:{bot.id}"]
    assert len(requests_filed) == 4, [e["details"] for e in requests_filed]
    logged = [e["details"]["outcome"] for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert logged.count("forwarded after approval") == 1 and "held for approval" in logged, logged


def test_a_denied_hold_is_a_recorded_denial(world):
    bot = agent(world, "cleaner-denied", purpose="cleanup of stale records")
    before = calls(world)["by_name"].get("delete_record", 0)
    out = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-9"}, credentials=credentials(world, bot),
                              elicitation_callback=approver(world, decision="deny"))
    assert out.is_error is True and "denied" in out.text, out
    assert calls(world)["by_name"].get("delete_record", 0) == before
    logged = [e["details"]["outcome"] for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert logged[-1] == "denied: approval denied", logged


def test_the_handshake_revision_holds_with_url_elicitation_required(world):
    bot = agent(world, "cleaner-legacy", purpose="cleanup of stale records")
    out = mcp_agent.call_tool(world["gateway"], "delete_record", {"id": "R-5"}, credentials=credentials(world, bot), mode="legacy")
    assert out.error_code == -32042, out
    (elicitation,) = out.error_data["elicitations"]
    assert elicitation["mode"] == "url" and "/console/requests/" in elicitation["url"] and elicitation["elicitationId"].startswith("req_"), out.error_data


def test_tool_annotations_count_only_from_a_trusted_server(world):
    """`desk` is the same upstream as `crm`, registered with its tool annotations trusted: a read-only tool passes by
    its `readOnlyHint`, a destructive one is forbidden by its `destructiveHint`; through `crm` the same hints count for
    nothing."""
    desk = f"{world['issuer']}/mcp/desk"
    bot = agent(world, "annotated", purpose="summarise tickets")
    before = calls(world)["calls"]
    # First a bare call, before any list through `desk`: the gateway fetches the upstream's list to learn the hints.
    token = raw_token(world, bot, resource=desk)
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "search_crm", "arguments": {"query": "acme"}, **META}}
    first = post(world, call, token, {"mcp-method": "tools/call", "mcp-name": "search_crm"}, gateway=desk)
    assert first.status_code == 200 and first.json()["result"]["isError"] is False, first.text
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert decided[-1]["details"]["policies"] == "agents-read-only-tools", decided[-1]["details"]
    # The SDK's list through `desk` hides the destructive tool though a permit names it: the forbid wins.
    listed = mcp_agent.list_tools(desk, credentials=credentials(world, bot))
    assert listed.ok, listed.exception or listed.error_message
    assert sorted(listed.tools) == ["echo", "leaky_config", "read_ticket", "search_crm"], listed.tools
    out = mcp_agent.call_tool(desk, "delete_record", {"id": "R-9"}, credentials=credentials(world, bot))
    assert out.is_error is True and "do not allow" in out.text, out
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"]
    assert decided[-1]["details"]["decision"] == "deny" and decided[-1]["details"]["policies"] == "no-destructive-tools", decided[-1]
    assert calls(world)["calls"] == before + 1, "only the read-only call was executed"
    # Through `crm` (untrusted) the hints are not in the context: this agent's purpose does not allow search_crm there.
    listed = mcp_agent.list_tools(world["gateway"], credentials=credentials(world, bot))
    assert "search_crm" not in listed.tools, listed.tools
    out = mcp_agent.call_tool(world["gateway"], "search_crm", {"query": "acme"}, credentials=credentials(world, bot))
    assert out.is_error is True and calls(world)["calls"] == before + 1


def test_data_classes_in_the_arguments_reach_the_decision(world):
    bot = agent(world, "card-handler")
    before = calls(world)["calls"]
    out = mcp_agent.call_tool(world["gateway"], "echo", {"text": "charge 4111 1111 1111 1111 for jane@example.com"},
                              credentials=credentials(world, bot))
    assert out.is_error is True and "do not allow" in out.text, out
    assert calls(world)["calls"] == before
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"][-1]
    assert decided["details"]["argumentDataClasses"] == "email,payment_card" and decided["details"]["policies"] == "no-card-numbers-to-tools"
    # An address alone is labelled and, with no policy against it, passes.
    out = mcp_agent.call_tool(world["gateway"], "echo", {"text": "write to jane@example.com"}, credentials=credentials(world, bot))
    assert out.ok and "jane@example.com" in out.text, out
    assert calls(world)["calls"] == before + 1
    decided = [e for e in events(world, "mcp.call") if e["actor"] == f"identity:{bot.id}"][-1]
    assert decided["details"]["argumentDataClasses"] == "email" and decided["details"]["decision"] == "allow"
