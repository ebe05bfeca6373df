"""Fault injection for the MCP gateway (issue 21), each fault on its own, on a real PostgreSQL (scripts/with-postgres):

- the database gone, so neither the decision point (which reads the identity on every decision) nor the log can work;
- the log unwritable (a trigger refuses every insert into `audit_log`) while the decision point works;
- the decision point failing (the table of owner statuses it reads on every decision is gone) while the log works.

Each time every call is refused with a clear error and none reaches the upstream; once the fault is mended, calls pass
again. Counted in the upstream against the log: every call the upstream executed has its `mcp.call` record."""
from __future__ import annotations

import os
import shlex
import subprocess
import time
from dataclasses import dataclass
from typing import Callable

import pytest
import requests

import mcp_upstream
from lanyard_harness import Server, audit_events, cli_json, new_postgres_database
from oauth_support import Workload, token_form
from test_mcp_gateway import META, start_upstream

POLICY = '''
@id("faults-read")
permit (principal is Lanyard::Identity, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/read_ticket");
'''


@dataclass
class Faulty:
    server: Server
    database: str
    count: object
    call: Callable[[int], requests.Response]

    def executed(self) -> int:
        return mcp_upstream.read_calls(self.count)["calls"]

    def sql(self, statement: str) -> None:
        subprocess.run(["psql", self.database, "-q", "-v", "ON_ERROR_STOP=1", "-c", statement], check=True, capture_output=True, timeout=60)

    def refused_while(self, inject: str, mend: str, settle: float = 0) -> None:
        """Three calls made while the fault `inject` (SQL) holds, `settle` seconds after it, each refused as unavailable;
        then `mend` (SQL)."""
        self.sql(inject)
        try:
            time.sleep(settle)
            refused = [self.call(number) for number in (10, 11, 12)]
        finally:
            self.sql(mend)
        for answer in refused:
            assert_refused_unavailable(answer)
            assert "could not decide or log" in answer.json()["error"]["message"]

    def recovered(self) -> requests.Response:
        """Calls until one passes (60 s at most) and returns it."""
        deadline = time.monotonic() + 60
        while True:
            again = self.call(99)
            if again.status_code == 200:
                return again
            assert time.monotonic() < deadline, f"the gateway did not recover: {again.status_code} {again.text}"
            time.sleep(0.5)

    def every_executed_call_is_logged(self) -> int:
        executed = self.executed()
        forwarded = [e for e in audit_events(self.server) if e["action"] == "mcp.call" and e["details"]["outcome"] == "forwarded"]
        assert len(forwarded) == executed, "every call the upstream executed is in the log"
        return executed


@pytest.fixture
def faulty(tmp_path):
    database = new_postgres_database()
    server = Server(tmp_path, database_url=database).start()
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

        world = Faulty(server, database, count, call)
        first = call(1)
        assert first.status_code == 200 and first.json()["result"]["isError"] is False, first.text
        assert world.executed() == 1
        yield world
    finally:
        upstream.terminate()
        upstream.wait(timeout=10)
        server.stop()


def assert_refused_unavailable(answer: requests.Response) -> None:
    """Refused with a stable code: before the call is read (the server's registry or the token) the API's error body,
    after it a JSON-RPC error; either way 503."""
    assert answer.status_code == 503, (answer.status_code, answer.text)
    error = answer.json()["error"]
    assert error == "storage_unavailable" or (error["code"] == -32603 and "not forwarded" in error["message"]), answer.text


def test_with_the_database_down_calls_are_refused_and_none_passes_unlogged(faulty):
    stop, start = os.environ.get("LANYARD_TEST_POSTGRES_STOP"), os.environ.get("LANYARD_TEST_POSTGRES_START")
    assert stop and start, "run through scripts/with-postgres, which says how to stop and start its cluster"
    subprocess.run(shlex.split(stop), check=True, capture_output=True, timeout=60)
    try:
        began = time.monotonic()
        refused = faulty.call(10)
        assert time.monotonic() - began < 45, "the refusal comes within the connection wait's bound, not when the database is back"
    finally:
        subprocess.run(shlex.split(start), check=True, capture_output=True, timeout=60)
    assert_refused_unavailable(refused)
    assert faulty.executed() == 1, "nothing reached the upstream while the log could not be written"
    # The connection pool comes back by itself (its backoff: 100 ms growing 1.25x per failed attempt).
    assert faulty.recovered().json()["result"]["isError"] is False
    assert faulty.every_executed_call_is_logged() == 2


def test_with_the_log_unwritable_calls_are_decided_but_refused_and_none_passes(faulty):
    # The decision point still works (it reads, and writes nothing for a gateway call); only the log refuses writes.
    faulty.refused_while("""
        CREATE FUNCTION lanyard_test_unwritable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault: the audit log is unwritable'; END $$;
        CREATE TRIGGER lanyard_test_unwritable BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION lanyard_test_unwritable();
    """, "DROP TRIGGER lanyard_test_unwritable ON audit_log; DROP FUNCTION lanyard_test_unwritable();")
    assert faulty.executed() == 1, "nothing reached the upstream while the log could not be written"
    assert faulty.recovered().json()["result"]["isError"] is False, "the appender recovers once the log takes writes again"
    assert faulty.every_executed_call_is_logged() == 2
    # None of the refused calls left a half-written trace: the log's calls are the first and the last.
    calls = [e for e in audit_events(faulty.server) if e["action"] == "mcp.call"]
    assert len(calls) == 2


def test_with_the_decision_point_failing_calls_are_refused_and_the_refusals_logged(faulty):
    # The decision point reads the owner's status with the identity (from memory for at most a second, then from the
    # database); with that table gone, once the second is up, it cannot decide. The token check does not read it, so
    # the calls reach the decision point, and the log still works.
    faulty.refused_while("ALTER TABLE owner_status RENAME TO owner_status_away", "ALTER TABLE owner_status_away RENAME TO owner_status",
                         settle=1.5)
    assert faulty.executed() == 1, "nothing reached the upstream while the decision point failed"
    events = audit_events(faulty.server)
    unavailable = [e for e in events if e["action"] == "mcp.refuse" and e["details"]["reason"] == "unavailable"]
    assert len(unavailable) == 3, [e["details"] for e in events if e["action"] == "mcp.refuse"]
    assert all(e["actor"].startswith("identity:idn_") and e["details"]["server"] == "crm" for e in unavailable)
    assert faulty.recovered().json()["result"]["isError"] is False
    assert faulty.every_executed_call_is_logged() == 2
