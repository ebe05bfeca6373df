"""Fault injection for the MCP gateway (issue 21): with the database gone — so neither the decision point (which reads
the identity on every decision) nor the audit log can work — every call is refused with a clear error and none
reaches the upstream; once the database is back, calls pass again. Counted in the upstream against the log.

Runs on PostgreSQL (scripts/with-postgres, which says how to stop and start its cluster)."""
from __future__ import annotations

import os
import shlex
import subprocess
import time

import requests

import mcp_upstream
from lanyard_harness import Server, audit_events, cli_json, new_postgres_database
from oauth_support import Workload, token_form
from test_mcp_gateway import META, start_upstream

POLICY = '''
@id("faults-read")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/read_ticket");
'''


def test_with_the_database_down_calls_are_refused_and_none_passes_unlogged(tmp_path):
    stop, start = os.environ.get("LANYARD_TEST_POSTGRES_STOP"), os.environ.get("LANYARD_TEST_POSTGRES_START")
    assert stop and start, "run through scripts/with-postgres, which says how to stop and start its cluster"
    server = Server(tmp_path, database_url=new_postgres_database()).start()
    issuer = f"{server.url}/t/default"
    upstream, upstream_url, count = start_upstream(issuer, tmp_path)
    try:
        made = server.api("POST", "/t/default/v1/templates",
                          json={"name": "mcp-agent", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["mcp"]})
        assert made.status_code == 201, made.text
        cli_json(server, "mcp", "server", "add", "crm", "--url", upstream_url)
        current = server.api("GET", "/t/default/v1/policies").json()
        assert server.api("PUT", "/t/default/v1/policies", json={"policies": current["policies"] + POLICY, "message": "faults"}).status_code == 201
        bot = Workload(server, "faulty", template="mcp-agent", purpose="read tickets")
        gateway = f"{issuer}/mcp/crm"
        endpoint = f"{issuer}/oauth2/token"
        token = requests.post(endpoint, data=token_form(bot, bot.assertion(endpoint), scope="mcp", resource=gateway), timeout=10)
        assert token.status_code == 200, token.text
        headers = {"authorization": f"Bearer {token.json()['access_token']}", "accept": "application/json, text/event-stream",
                   "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "read_ticket"}

        def call(number: int) -> requests.Response:
            body = {"jsonrpc": "2.0", "id": number, "method": "tools/call",
                    "params": {"name": "read_ticket", "arguments": {"id": "T-1"}, **META}}
            return requests.post(gateway, json=body, headers=headers, timeout=60)

        assert call(1).status_code == 200
        assert mcp_upstream.read_calls(count)["calls"] == 1
        subprocess.run(shlex.split(stop), check=True, capture_output=True, timeout=60)
        try:
            began = time.monotonic()
            refused = [call(10)]
            assert time.monotonic() - began < 45, "the refusal comes within the connection wait's bound, not when the database is back"
        finally:
            subprocess.run(shlex.split(start), check=True, capture_output=True, timeout=60)
        for answer in refused:
            # Refused fast with a stable code: before the call is read (the server's registry or the token) the
            # API's error body, after it a JSON-RPC error; either way 503.
            assert answer.status_code == 503, (answer.status_code, answer.text)
            error = answer.json()["error"]
            assert error == "storage_unavailable" or (error["code"] == -32603 and "not forwarded" in error["message"]), answer.text
        assert mcp_upstream.read_calls(count)["calls"] == 1, "nothing reached the upstream while the log could not be written"
        # The connection pool comes back by itself (its backoff: 100 ms growing 1.25x per failed attempt).
        deadline = time.monotonic() + 60
        while True:
            again = call(99)
            if again.status_code == 200:
                break
            assert time.monotonic() < deadline, f"the gateway did not recover: {again.status_code} {again.text}"
            time.sleep(0.5)
        assert again.json()["result"]["isError"] is False, again.text
        executed = mcp_upstream.read_calls(count)["calls"]
        assert executed == 2
        forwarded = [e for e in audit_events(server) if e["action"] == "mcp.call" and e["details"]["outcome"] == "forwarded"]
        assert len(forwarded) == executed, "every call the upstream executed is in the log"
    finally:
        upstream.terminate()
        upstream.wait(timeout=10)
        server.stop()
