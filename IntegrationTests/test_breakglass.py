"""Break-glass against a real server (issue 17): opened over the CLI or HTTP it allows at once, every subscribed
endpoint gets a signed `breakglass.opened` (verified with `standardwebhooks`), it is a pending review item that its
opener cannot review; with a 3-second review window an unreviewed break-glass suspends its identity within a few
seconds; bad input is refused clearly and changes nothing."""
from __future__ import annotations

import time

import pytest

from lanyard_harness import Server, audit_events, authzen, cli, cli_json, new_postgres_database
from test_webhooks import Receiver, add_endpoint

SERVE_ARGS = ("--webhook-interval", "1s", "--webhook-allow-loopback-http", "--sweep-interval", "1s")


@pytest.fixture
def receiver():
    instance = Receiver().start()
    yield instance
    instance.stop()


def start(tmp_path, engine: str, window: str) -> Server:
    database_url = new_postgres_database() if engine == "postgres" else None
    return Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS + ("--break-glass-review-window", window)).start()


def register(server: Server, name: str, owner: str = "carol") -> dict:
    response = server.api("POST", "/t/default/v1/identities", json={"name": name, "kind": "agent", "owner": owner, "purpose": "on call"})
    assert response.status_code == 201, response.text
    return response.json()


def admin(server: Server, subject: str) -> str:
    return cli_json(server, "admin", "token", "create", "--role", "tenant-admin", "--subject", subject)["token"]


def allowed(server: Server, identity: str) -> bool:
    body = {"subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": "read"},
            "resource": {"type": "Lanyard::Dataset", "id": "payments"}}
    return authzen(server, "evaluation", body)["decision"]


def open_body(identity: str, **changes) -> dict:
    body = {"identity": identity, "tier": "data-read", "resource": 'Lanyard::Dataset::"payments"', "duration": "15m",
            "reason": "payments are failing", "incident": "INC-7"}
    body.update(changes)
    return body


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_open_allows_at_once_notifies_signed_and_awaits_a_review_by_someone_else(tmp_path, engine, receiver):
    server = start(tmp_path, engine, "24h")
    try:
        add_endpoint(server, receiver, "approvers", "breakglass.opened")
        agent = register(server, "payments-agent")
        alice, bob = admin(server, "alice"), admin(server, "bob")
        assert not allowed(server, agent["id"])
        opened = cli_json(server, "breakglass", "open", agent["name"], "--tier", "data-read", "--resource", 'Lanyard::Dataset::"payments"',
                          "--duration", "15m", "--reason", "payments are failing", "--incident", "INC-7", token=alice)
        assert opened["id"].startswith("brk_") and opened["opener"] == "user:alice" and opened["review"] == "pending"
        assert allowed(server, agent["id"]), "in force as soon as open returns"

        messages = receiver.wait_for(lambda got: any(m["type"] == "breakglass.opened" for m in got), timeout=30)
        assert receiver.rejected == []
        data = next(m for m in messages if m["type"] == "breakglass.opened")["payload"]["data"]
        assert (data["identity"], data["owner"], data["opener"], data["incident"], data["reason"]) == (
            agent["id"], "carol", "user:alice", "INC-7", "payments are failing")
        assert data["expiresAt"] == opened["expiresAt"] and data["reviewDueAt"] == opened["reviewDueAt"]

        flagged = [e for e in audit_events(server) if e["action"] == "breakglass.open"]
        assert len(flagged) == 1 and flagged[0]["details"]["breakGlass"] == "true" and flagged[0]["details"]["incident"] == "INC-7"

        pending = server.api("GET", "/t/default/v1/breakglass?review=pending").json()["breakGlass"]
        assert [b["id"] for b in pending] == [opened["id"]], "a review item exists"
        refused = cli(server, "breakglass", "review", opened["id"], "--note", "fine", token=alice)
        assert refused.returncode != 0 and "opener" in refused.stderr
        reviewed = cli_json(server, "breakglass", "review", opened["id"], "--note", "justified by INC-7", token=bob)
        assert reviewed["review"] == "reviewed" and reviewed["reviewedBy"] == "user:bob"

        closed = server.api("POST", f"/t/default/v1/breakglass/{opened['id']}/close", token=bob, json={"reason": "resolved"})
        assert closed.status_code == 200, closed.text
        assert not allowed(server, agent["id"]), "closing ends the access"
        assert cli_json(server, "breakglass", "show", opened["id"])["closedBy"] == "user:bob"
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_unreviewed_break_glass_suspends_its_identity_within_seconds(tmp_path, engine, receiver):
    server = start(tmp_path, engine, "3s")
    try:
        add_endpoint(server, receiver, "ops", "breakglass.overdue", "identity.suspended")
        agent = register(server, "night-agent")
        response = server.api("POST", "/t/default/v1/breakglass", token=admin(server, "alice"), json=open_body(agent["id"]))
        assert response.status_code == 201, response.text
        opened = response.json()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if server.api("GET", f"/t/default/v1/identities/{agent['id']}").json()["status"] == "suspended":
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the identity was not suspended")
        assert server.api("GET", f"/t/default/v1/breakglass/{opened['id']}").json()["review"] == "overdue"
        assert not allowed(server, agent["id"])
        suspension = [e for e in audit_events(server) if e["action"] == "identity.suspend" and e["target"] == f"identity:{agent['id']}"]
        assert len(suspension) == 1 and suspension[0]["actor"] == "system:sweeper" and opened["id"] in suspension[0]["details"]["reason"]
        receiver.wait_for(lambda got: {m["type"] for m in got} >= {"breakglass.overdue", "identity.suspended"}, timeout=30)
    finally:
        server.stop()


def test_bad_input_is_refused_clearly_and_changes_nothing(tmp_path):
    server = start(tmp_path, "sqlite", "24h")
    try:
        agent = register(server, "careful-agent")
        before = len(audit_events(server))
        cases = [
            (open_body(agent["id"], reason=""), 422, "reason"),
            (open_body(agent["id"], incident=""), 422, "incident"),
            (open_body(agent["id"], duration="2h"), 422, "duration"),
            (open_body(agent["id"], reason="x" * 1_000_000), 413, None),
            (open_body(agent["id"], reason="x" * 2001), 422, "reason"),
            (open_body("idn_nobody"), 404, None),
        ]
        body = open_body(agent["id"])
        del body["incident"]
        cases.append((body, 422, "incident"))
        for request, status, field in cases:
            response = server.api("POST", "/t/default/v1/breakglass", json=request)
            assert response.status_code == status, (request.get("duration"), response.text[:300])
            error = response.json()
            assert error["error"] and error["message"], error
            if field:
                assert field in response.text, response.text[:300]
        refused = cli(server, "breakglass", "open", agent["id"], "--tier", "data-read", "--resource", 'Lanyard::Dataset::"payments"',
                      "--duration", "2h", "--reason", "r", "--incident", "i")
        assert refused.returncode != 0 and "duration" in refused.stderr
        assert len(audit_events(server)) == before
        assert server.api("GET", "/t/default/v1/breakglass").json()["breakGlass"] == []
        assert server.api("GET", "/t/default/v1/entitlements").json()["entitlements"] == []
        assert not allowed(server, agent["id"])
    finally:
        server.stop()
