"""Access that is asked for, approved by someone else, and dies on time (issue 17), through the real HTTP surfaces:
an agent asks for `data-read` with its own access token, a different person approves, the AuthZEN decision point
allows exactly that action on that resource until the grant ends — at its expiry, on cancellation (within one
second), with its task, after its one use — and the refusals the rules demand are clear and audited."""
from __future__ import annotations

import time

import pytest
import requests

from lanyard_harness import Server, audit_events, cli, cli_json
from oauth_support import Workload, token_form
from test_webhooks import Receiver, add_endpoint

DATASET = 'Lanyard::Dataset::"q3-sales"'


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path, extra_args=("--webhook-interval", "1s", "--webhook-allow-loopback-http", "--sweep-interval", "1s")).start()
    yield instance
    instance.stop()


@pytest.fixture
def receiver():
    instance = Receiver().start()
    yield instance
    instance.stop()


def person(server: Server, subject: str, role: str = "tenant-admin") -> str:
    made = server.api("POST", "/t/default/v1/admin/tokens", json={"role": role, "subject": subject, "description": subject})
    assert made.status_code == 201, made.text
    return made.json()["token"]


def access_token(server: Server, workload: Workload) -> str:
    endpoint = f"{server.url}/t/default/oauth2/token"
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def allowed(server: Server, identity: str, action: str = "read", resource: str = "q3-sales") -> bool:
    body = {"subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": action},
            "resource": {"type": "Lanyard::Dataset", "id": resource}}
    answer = server.api("POST", "/t/default/access/v1/evaluation", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["decision"]


def ask(server: Server, token: str, **fields) -> requests.Response:
    body = {"tier": "data-read", "resource": DATASET, "duration": "10m", "justification": "summarise Q3 sales for the board", **fields}
    return server.api("POST", "/t/default/v1/access-requests", token=token, json=body)


def decide(server: Server, request_id: str, verb: str, token: str, reason: str = "ok") -> requests.Response:
    return server.api("POST", f"/t/default/v1/access-requests/{request_id}/{verb}", token=token, json={"reason": reason})


def test_an_agent_asks_a_person_approves_and_access_ends_on_time(server, receiver):
    add_endpoint(server, receiver, "approvals", "access_request.created", "access_request.approved")
    agent = Workload(server, "sales-agent")
    token = access_token(server, agent)
    asked = ask(server, token)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "requested" and request["requester"] == f"identity:{agent.id}" and request["identity"] == agent.id
    assert not allowed(server, agent.id)

    # The agent cannot approve its own request, nor can the person who asked; both refusals are audited.
    refused = decide(server, request["id"], "approve", token)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden", refused.text
    bob = person(server, "bob")
    approved = decide(server, request["id"], "approve", bob, "board deck due friday")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "active" and approved.json()["entitlement"].startswith("ent_")
    assert allowed(server, agent.id), "exactly that action on that resource"
    assert not allowed(server, agent.id, "write") and not allowed(server, agent.id, "read", "hr-salaries")

    # The agent polls its request with its own token, and hears of the approval by a signed webhook.
    polled = server.api("GET", f"/t/default/v1/access-requests/{request['id']}", token=token)
    assert polled.status_code == 200 and polled.json()["status"] == "active"
    # Deliveries run concurrently (docs/webhooks.md), so the two may arrive in either order: wait for both.
    wanted = {"access_request.created", "access_request.approved"}
    messages = receiver.wait_for(lambda got: {m["type"] for m in got} >= wanted, timeout=30)
    assert {m["type"] for m in messages} >= wanted and receiver.rejected == []

    # Cancelling ends access within one second.
    started = time.monotonic()
    cancelled = decide(server, request["id"], "cancel", token, "deck is done")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "ended", cancelled.text
    assert not allowed(server, agent.id)
    assert time.monotonic() - started < 1.0

    actions = [e["action"] for e in audit_events(server) if e["target"] == f"access_request:{request['id']}"]
    assert actions == ["access_request.create", "access_request.refuse", "access_request.approve", "access_request.cancel"]

    # A short grant allows until its expiry, then denies; the sweeper records it expired and the request ended.
    short = ask(server, token, duration="3s").json()
    assert decide(server, short["id"], "approve", bob).status_code == 200
    assert allowed(server, agent.id)
    time.sleep(3.2)
    assert not allowed(server, agent.id), "it stops by itself at its expiry"
    deadline = time.monotonic() + 10
    while server.api("GET", f"/t/default/v1/access-requests/{short['id']}").json()["status"] != "ended":
        assert time.monotonic() < deadline, "the sweeper ends the request with its expired grant"
        time.sleep(0.2)


def test_single_use_and_task_bound_grants(server):
    agent = Workload(server, "task-agent")
    token = access_token(server, agent)
    bob = person(server, "bob")
    once = ask(server, token, singleUse=True).json()
    assert decide(server, once["id"], "approve", bob).status_code == 200
    assert allowed(server, agent.id)
    assert not allowed(server, agent.id), "a single-use grant allows one decision only"

    task = server.api("POST", "/t/default/v1/tasks", token=token, json={"intent": "export the ledger"})
    assert task.status_code == 201, task.text
    bound = ask(server, token, task=task.json()["id"], resource='Lanyard::Dataset::"ledger"').json()
    assert decide(server, bound["id"], "approve", bob).status_code == 200
    assert allowed(server, agent.id, resource="ledger")
    ended = server.api("POST", f"/t/default/v1/tasks/{task.json()['id']}/end", token=token)
    assert ended.status_code == 200, ended.text
    assert not allowed(server, agent.id, resource="ledger"), "the grant dies with its task"
    grant = cli_json(server, "grants", "--request", bound["id"])["entitlements"][0]
    assert grant["status"] == "ended" and "task" in grant["endReason"]


def test_separation_of_duties_and_bad_input(server):
    alice_agent = Workload(server, "alice-agent")  # owned by alice
    alice, carol = person(server, "alice"), person(server, "carol")
    # The person who asked cannot approve, whatever token they use.
    mine = ask(server, carol, identity=alice_agent.id).json()
    again = decide(server, mine["id"], "approve", person(server, "Carol"))
    assert again.status_code == 403 and "own request" in again.json()["message"], again.text
    # The owner may not approve deploy for their own identity.
    deploy = ask(server, carol, identity=alice_agent.id, tier="deploy", resource='Lanyard::Environment::"staging"').json()
    owner = decide(server, deploy["id"], "approve", alice)
    assert owner.status_code == 403 and "owner" in owner.json()["message"], owner.text
    refusals = [e for e in audit_events(server) if e["action"] == "access_request.refuse"]
    assert len(refusals) == 2 and all(e["details"]["reason"] for e in refusals)

    # Bad input: a clear error with a stable code, and nothing changes.
    before = len(audit_events(server))
    for fields, status, code in [
        ({"tier": "root"}, 422, "invalid_field"),
        ({"duration": "9h"}, 422, "invalid_field"),
        ({"duration": "-5m"}, 422, "invalid_field"),
        ({"justification": "   "}, 422, "invalid_field"),
        ({"resource": "not a reference"}, 422, "invalid_field"),
        ({"resource": 'Lanyard::Identity::"idn_of_another_tenant"'}, 404, "not_found"),
        ({"identity": "nobody"}, 404, "not_found"),
        ({"justification": "x" * 1_000_000}, 413, "payload_too_large"),
        ({"extra": True}, 400, "invalid_request"),
    ]:
        answer = ask(server, carol, **{"identity": alice_agent.id, **fields})
        assert answer.status_code == status and answer.json()["error"] == code, (fields, answer.status_code, answer.text[:200])
    assert len(audit_events(server)) == before
    # A workload asks only for itself.
    other = Workload(server, "other-agent")
    foreign = ask(server, access_token(server, other), identity=alice_agent.id)
    assert foreign.status_code == 403, foreign.text
    assert cli(server, "request", "list", "--status", "requested").returncode == 0


AUTO_APPROVE = """
@id("short-reads")
permit (principal, action == Lanyard::Access::Action::"approve", resource)
when { context.tier == "data-read" && context.durationSeconds <= 900 && principal.kind == "workload" };
"""


def test_access_policy_auto_approval_owner_approval_and_report(server, tmp_path):
    agent = Workload(server, "policy-agent")
    token = access_token(server, agent)
    # Invalid policies change nothing: Cedar that does not validate against Lanyard::Access, an unknown tier.
    for body, field in (({"autoApprove": 'permit (principal, action, resource) when { context.mood == "ok" };', "message": "m"},
                         "autoApprove"),
                        ({"approvals": {"root": 1}, "message": "m"}, "approvals"),
                        ({"maxDurations": {"data-read": "31d"}, "message": "m"}, "maxDurations")):
        refused = server.api("PUT", "/t/default/v1/access-policy", json=body)
        assert refused.status_code == 422 and refused.json()["field"] == field, refused.text
    assert server.api("GET", "/t/default/v1/access-policy").json()["version"] == 0

    policy_file = tmp_path / "auto.cedar"
    policy_file.write_text(AUTO_APPROVE)
    result = cli(server, "request", "policy", "set", "--auto-approve", str(policy_file), "--approvals", "data-write=2",
                 "--max-duration", "data-read=1d", "--message", "agents' short reads need no human")
    assert result.returncode == 0, result.stderr
    shown = cli_json(server, "request", "policy", "show")
    assert shown["version"] == 1 and shown["approvals"] == {"data-write": 2} and shown["maxDurations"] == {"data-read": "1d"}
    assert "namespace Lanyard::Access" in shown["schema"]

    # Approved by policy at once: recorded as the approver, in force when the answer arrives.
    quick = ask(server, token)
    assert quick.status_code == 201, quick.text
    assert quick.json()["status"] == "active" and quick.json()["approvals"][0]["by"] == "policy:short-reads"
    assert allowed(server, agent.id)
    # What the policy does not permit waits for people; the tenant's own caps and approver counts apply.
    waiting = ask(server, token, duration="12h").json()
    assert waiting["status"] == "requested"
    write = ask(server, token, tier="data-write").json()
    assert write["status"] == "requested" and write["requiredApprovals"] == 2
    assert ask(server, token, duration="2d").status_code == 422

    # The agent's owner approves with their own owner token; another owner cannot, and sees nothing of it.
    alice = person(server, "alice", role="owner")  # Workload() registers identities owned by alice
    mallory = person(server, "mallory", role="owner")
    refused = decide(server, waiting["id"], "approve", mallory, "not mine")
    assert refused.status_code == 403, refused.text
    listed = server.api("GET", "/t/default/v1/access-requests", token=mallory)
    assert listed.status_code == 200 and listed.json()["requests"] == []
    assert {r["id"] for r in server.api("GET", "/t/default/v1/access-requests", token=alice).json()["requests"]} >= {waiting["id"]}
    approved = decide(server, waiting["id"], "approve", alice, "my agent's nightly job")
    assert approved.status_code == 200 and approved.json()["status"] == "active", approved.text

    events = [e for e in audit_events(server) if e["action"] in ("access_policy.set", "access_request.refuse")]
    assert [e["action"] for e in events].count("access_policy.set") == 1
    assert any(e["action"] == "access_request.refuse" and e["actor"] == "user:mallory" for e in events)

    report = cli_json(server, "request", "report")
    assert report["approved"] == 2, report
    assert report["approved"] == 2 and report["autoApproved"] == 1 and report["autoApprovedShare"] == 0.5
    assert report["requests"] == {"active": 2, "requested": 1}
    assert report["approvalLatencyP50"] is not None and report["approvalLatencyP50"] >= 0
    bad = server.api("GET", "/t/default/v1/access-report", params={"since": "2026-12-04", "until": "2026-12-01"})
    assert bad.status_code == 422, bad.text
