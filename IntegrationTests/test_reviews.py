"""Recertification campaigns over HTTP (issue 17): a campaign with a deadline a few seconds away revokes the
entitlements nobody decided (the sweeper runs every second), the decision point denies them afterwards, a certified
one stays, the report counts match, signed review.reminder (half way) and review.closed webhooks arrive; only the
reviewer or an administrator decides; bad input gets clear errors and changes nothing."""
from __future__ import annotations

import time

import pytest

from lanyard_harness import Server, audit_events, authzen, cli, cli_json, new_postgres_database
from test_webhooks import Receiver, add_endpoint

SERVE_ARGS = ("--webhook-interval", "1s", "--webhook-allow-loopback-http", "--sweep-interval", "1s")


@pytest.fixture(params=["sqlite", "postgres"])
def server(request, tmp_path):
    database_url = new_postgres_database() if request.param == "postgres" else None
    instance = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS).start()
    yield instance
    instance.stop()


@pytest.fixture
def receiver():
    instance = Receiver().start()
    yield instance
    instance.stop()


def register(server: Server, name: str, owner: str) -> dict:
    response = server.api("POST", "/t/default/v1/identities", json={"name": name, "kind": "agent", "owner": owner, "purpose": "reviews"})
    assert response.status_code == 201, response.text
    return response.json()


def grant(server: Server, identity: str, dataset: str) -> dict:
    body = {"principal": identity, "tier": "data-read", "resource": f'Lanyard::Dataset::"{dataset}"', "duration": "1d", "reason": "q3"}
    response = server.api("POST", "/t/default/v1/entitlements", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def allowed(server: Server, identity: str, dataset: str) -> bool:
    body = {"subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": "read"},
            "resource": {"type": "Lanyard::Dataset", "id": dataset}}
    return authzen(server, "evaluation", body)["decision"] is True


def test_deadline_revokes_undecided_items_and_the_report_counts(server, receiver):
    add_endpoint(server, receiver, "reviews", "review.started", "review.reminder", "review.closed")
    agent = register(server, "report-agent", "alice")
    keep = grant(server, agent["id"], "sales")
    drop = grant(server, agent["id"], "hr")
    assert allowed(server, agent["id"], "sales") and allowed(server, agent["id"], "hr")

    started = cli_json(server, "review", "start", "q3 data access", "--duration", "6s", "--tier", "data-read")
    campaign = started["campaign"]["id"]
    assert started["report"]["total"] == 2 and started["report"]["open"] == 2
    items = cli_json(server, "review", "show", campaign)["items"]
    by_subject = {item["subject"]["id"]: item for item in items}
    assert set(by_subject) == {keep["id"], drop["id"]}
    assert all(item["reviewer"] == "user:alice" for item in items)

    # Only the reviewer (or an administrator) decides: bob's owner token is refused, alice's is accepted.
    bob = cli_json(server, "admin", "token", "create", "--role", "owner", "--subject", "bob")["token"]
    alice = cli_json(server, "admin", "token", "create", "--role", "owner", "--subject", "alice")["token"]
    path = f"/t/default/v1/reviews/{campaign}/items/{by_subject[keep['id']]['id']}/decide"
    refused = server.api("POST", path, token=bob, json={"decision": "certify"})
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden", refused.text
    decided = cli_json(server, "review", "decide", campaign, by_subject[keep["id"]]["id"], "certify", token=alice)
    assert decided["decision"] == "certify" and decided["decidedBy"] == "user:alice"

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        report = cli_json(server, "review", "report", campaign)
        if report["campaign"]["status"] == "closed":
            break
        time.sleep(0.5)
    assert report["campaign"]["status"] == "closed", report
    counts = report["report"]
    assert (counts["total"], counts["certified"], counts["undecidedRevoked"], counts["open"]) == (2, 1, 1, 0), counts
    assert counts["completion"] == 0.5

    assert not allowed(server, agent["id"], "hr"), "the undecided entitlement is denied after the deadline"
    assert allowed(server, agent["id"], "sales"), "the certified one stays"
    ended = server.api("GET", f"/t/default/v1/entitlements/{drop['id']}").json()
    assert ended["status"] == "revoked" and campaign in ended["endReason"]
    late = server.api("POST", f"/t/default/v1/reviews/{campaign}/items/{by_subject[drop['id']]['id']}/decide", json={"decision": "certify"})
    assert late.status_code == 409, late.text

    actions = [e["action"] for e in audit_events(server) if e["action"].startswith("review.")]
    assert actions == ["review.start", "review.decide", "review.close"]
    messages = receiver.wait_for(lambda ms: any(m["type"] == "review.closed" for m in ms), timeout=15)
    closed = next(m for m in messages if m["type"] == "review.closed")
    data = closed["payload"]["data"]
    assert data["campaign"]["id"] == campaign and data["report"]["undecidedRevoked"] == 1
    assert any(m["type"] == "review.started" for m in messages)
    reminders = [m["payload"]["data"] for m in messages if m["type"] == "review.reminder"]
    assert len(reminders) == 1 and reminders[0]["campaign"]["id"] == campaign, reminders
    assert [r["reviewer"] for r in reminders[0]["reviewers"]] == ["user:alice"] and reminders[0]["reviewers"][0]["open"] >= 1


def test_bad_input_gets_clear_errors_and_changes_nothing(server):
    register(server, "some-agent", "alice")
    bad = [
        ({"name": "r", "duration": "0s"}, "duration"),
        ({"name": "r", "duration": "-5s"}, "duration"),
        ({"name": "r", "duration": "400d"}, "duration"),
        ({"name": "x" * 1_000_000, "duration": "1d"}, None),
        ({"name": "r", "duration": "1d", "tiers": ["root"]}, "tiers"),
        ({"name": "r", "duration": "1d", "kinds": ["robot"]}, "kinds"),
        ({"name": "r", "duration": "1d", "onUndecided": "ignore"}, "onUndecided"),
        ({"name": "r", "duration": "1d", "reviewerGroup": "nobody"}, "reviewerGroup"),
        ({"name": "r", "duration": "1d", "extra": True}, None),
    ]
    for body, field in bad:
        response = server.api("POST", "/t/default/v1/reviews", json=body)
        assert response.status_code in (400, 413, 422), (body.get("name", "")[:10], response.status_code, response.text[:200])
        error = response.json()
        assert error["error"] and error["message"], error
        if field is not None:
            assert error["error"] == "invalid_field" and error.get("field") == field, error
    result = cli(server, "review", "start", "r", "--duration", "1d", "--tier", "root")
    assert result.returncode != 0 and "tier" in result.stderr
    assert server.api("GET", "/t/default/v1/reviews").json()["campaigns"] == []
    assert not [e for e in audit_events(server) if e["action"].startswith("review.")]


def test_review_schedules_through_the_cli(server):
    added = cli_json(server, "review", "schedule", "add", "monthly agents", "--cron", "0 9 1 * *", "--duration", "14d", "--kind", "agent")
    assert added["id"].startswith("rsc_") and added["cron"] == "0 9 1 * *" and added["scope"] == {"kinds": ["agent"]}
    # The first run is 09:00 UTC on the next first of a month, strictly in the future.
    assert added["nextRunAt"].endswith("-01T09:00:00Z")
    too_often = cli(server, "review", "schedule", "add", "every minute", "--cron", "* * * * *", "--duration", "1d")
    assert too_often.returncode != 0 and "at most one an hour" in too_often.stderr, too_often.stderr
    malformed = cli(server, "review", "schedule", "add", "broken", "--cron", "0 9 1 *", "--duration", "1d")
    assert malformed.returncode != 0 and "five" in malformed.stderr, malformed.stderr
    listed = cli_json(server, "review", "schedule", "list")
    assert [s["id"] for s in listed["schedules"]] == [added["id"]]
    removed = cli(server, "review", "schedule", "remove", added["id"])
    assert removed.returncode == 0, removed.stderr
    assert cli_json(server, "review", "schedule", "list")["schedules"] == []
    actions = [e["action"] for e in audit_events(server) if e["target"] == f"review_schedule:{added['id']}"]
    assert actions == ["review_schedule.create", "review_schedule.delete"]
