"""Findings against a real server (issue 19): the drift scenario end to end — an agent registered to triage tickets in
sandbox, with trust boundary tickets.internal, starts asking for crm.internal and production; a drift finding appears
within seconds, mapped to OWASP NHI / OWASP Agentic / NIST CSF, with the decision records as evidence, and its owner
suspends the agent from the finding. Every finding's evidence is proved against the current checkpoint with
`lanyard audit proof`. The workflow (acknowledge, suppress, resolve) and its refusals; rules over the tenant's records
(weak authentication, a loose trust) raised and resolved when the cause goes; human use of a machine identity; the
decision hot path never waits for detection (the detector only reads the log)."""
from __future__ import annotations

import json
import time

import pytest

from lanyard_harness import Server, audit_events, authzen, cli, cli_json

ALLOW_ALL = '@id("allow-all")\npermit (principal, action, resource);\n'


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path, extra_args=("--finding-interval", "1s")).start()
    yield instance
    instance.stop()


def person(server: Server, subject: str, role: str) -> str:
    made = server.api("POST", "/t/default/v1/admin/tokens", json={"role": role, "subject": subject, "description": subject})
    assert made.status_code == 201, made.text
    return made.json()["token"]


def register(server: Server, name: str, **fields) -> dict:
    body = {"name": name, "kind": "agent", "owner": "alice", "purpose": "triage tickets", **fields}
    response = server.api("POST", "/t/default/v1/identities", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def decide(server: Server, pep: str, identity: str, **context) -> dict:
    body = {"subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": "read"},
            "resource": {"type": "Ticket", "id": "t-1"}, "context": context}
    return authzen(server, "evaluation", body, token=pep)


def findings(server: Server, token: str | None = None, **query) -> list[dict]:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    response = server.api("GET", f"/t/default/v1/findings?{params}", token=token or "default")
    assert response.status_code == 200, response.text
    return response.json()["findings"]


def wait_for(server: Server, timeout: float = 15.0, **query) -> tuple[list[dict], float]:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        found = findings(server, **query)
        if found:
            return found, time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"no finding {query} within {timeout}s")


def proves(server: Server, sequence: int) -> bool:
    result = cli(server, "audit", "proof", "--event", str(sequence))
    return result.returncode == 0 and "the leaf and proof lead to the checkpoint's root" in result.stdout


def test_drift_is_found_within_seconds_with_decision_evidence_and_the_owner_suspends_from_the_finding(server, tmp_path):
    (tmp_path / "allow.cedar").write_text(ALLOW_ALL)
    assert cli(server, "policy", "push", str(tmp_path / "allow.cedar"), "--message", "allow").returncode == 0
    agent = register(server, "triage-bot", environment="sandbox", dataClass="internal", allowedDestinations=["tickets.internal"])
    clean = register(server, "clean-bot", environment="sandbox", allowedDestinations=["tickets.internal"])
    pep = server.api("POST", "/t/default/v1/pep-tokens", json={"name": "gateway"}).json()["token"]

    # Within what was declared: no finding.
    for identity in (agent["id"], clean["id"]):
        assert decide(server, pep, identity, destination="tickets.internal", environment="sandbox")["decision"] is True
    time.sleep(2.5)
    assert findings(server, kind="drift") == []

    # The agent drifts: another system, then production. The guardrails deny the second; asking is the drift.
    outside = decide(server, pep, agent["id"], destination="crm.internal", environment="sandbox")
    production = decide(server, pep, agent["id"], destination="tickets.internal", environment="production")
    assert outside["decision"] is False and production["decision"] is False
    decisions = [event for event in audit_events(server) if event["action"] == "authz.evaluation" and agent["id"] in event["target"]]
    drifting = {event["sequence"] for event in decisions[-2:]}

    found, waited = wait_for(server, kind="drift")
    assert waited < 10, f"the drift finding took {waited:.1f}s"
    assert len(found) == 1
    finding = found[0]
    assert finding["identity"] == agent["id"] and finding["owner"] == "alice" and finding["severity"] == "high"
    assert finding["subject"] == f"identity:{agent['id']}" and finding["status"] == "open"
    assert {"NHI5:2025", "NHI8:2025", "ASI01", "ASI02", "PR.AA-05"} <= {control["id"] for control in finding["frameworks"]}
    assert finding["details"]["destinations"] == "crm.internal" and finding["details"]["environments"] == "production"
    evidence = {item["seq"]: item for item in finding["evidence"]}
    assert drifting <= set(evidence), (drifting, finding["evidence"])
    assert all(evidence[seq]["action"] == "authz.evaluation" for seq in drifting)
    assert any(item["action"] == "finding.raise" for item in finding["evidence"]), "the raise event is evidence too"

    # Every finding's evidence is in the log, provable against the current checkpoint.
    assert server.api("POST", "/t/default/v1/audit/checkpoints").status_code in (200, 201)
    for each in findings(server):
        assert each["evidence"], each
        for item in each["evidence"]:
            assert proves(server, item["seq"]), (each["id"], item)

    # Someone else's owner token cannot see it; alice's suspends the agent from the finding.
    mallory = person(server, "mallory", "owner")
    assert server.api("GET", f"/t/default/v1/findings/{finding['id']}", token=mallory).status_code == 404
    assert findings(server, token=mallory) == []
    alice = person(server, "alice", "owner")
    assert [f["id"] for f in findings(server, token=alice, kind="drift")] == [finding["id"]]
    done = cli(server, "findings", "remediate", finding["id"], "suspend", "--reason", "asked for the CRM and production",
               "--output", "json", token=alice)
    assert done.returncode == 0, done.stderr
    remedied = json.loads(done.stdout)
    assert remedied["finding"]["status"] == "resolved" and remedied["target"] == f"identity:{agent['id']}"
    assert server.api("GET", f"/t/default/v1/identities/{agent['id']}").json()["status"] == "suspended"
    actions = [(event["action"], event["actor"]) for event in audit_events(server)]
    assert ("identity.suspend", "admin:alice") in actions or any(a == "identity.suspend" for a, _ in actions)
    assert any(action == "finding.remediate" for action, _ in actions)


def test_the_workflow_acknowledge_suppress_resolve_and_its_refusals(server):
    register(server, "proto", environment="sandbox", allowedDestinations=["tickets.internal"])
    pep = server.api("POST", "/t/default/v1/pep-tokens", json={"name": "gateway"}).json()["token"]
    decide(server, pep, "proto", destination="payroll.internal")
    finding = wait_for(server, kind="drift")[0][0]
    path = f"/t/default/v1/findings/{finding['id']}"

    acknowledged = server.api("POST", f"{path}/acknowledge", json={"note": "looking"})
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged", acknowledged.text
    again = server.api("POST", f"{path}/acknowledge", json={})
    assert again.status_code == 409 and again.json()["error"] == "invalid_state"

    alice = person(server, "alice", "owner")
    own = server.api("POST", f"{path}/suppress", token=alice, json={"reason": "mine", "duration": "1d"})
    assert own.status_code == 403, "an owner does not suppress a finding about their own identity"
    for body, field in (({"reason": "x", "duration": "100d"}, "duration"), ({"reason": "  ", "duration": "1d"}, "reason"),
                        ({"reason": "x", "duration": "10m"}, "duration")):
        refused = server.api("POST", f"{path}/suppress", json=body)
        assert refused.status_code == 422 and refused.json()["error"] == "invalid_field" and refused.json()["field"] == field, refused.text
    unknown = server.api("POST", f"{path}/suppress", json={"reason": "x", "duration": "1d", "extra": 1})
    assert unknown.status_code == 400
    assert server.api("GET", f"{path}").json()["status"] == "acknowledged", "refused requests changed nothing"

    suppressed = server.api("POST", f"{path}/suppress", json={"reason": "accepted for the pilot", "duration": "7d"})
    assert suppressed.status_code == 200 and suppressed.json()["status"] == "suppressed" and "suppressedUntil" in suppressed.json()
    # Still one finding: a suppressed one is unresolved, so the next drift adds evidence instead of a second finding.
    decide(server, pep, "proto", destination="hr.internal")
    time.sleep(2.5)
    assert len(findings(server, kind="drift")) == 1
    assert len(server.api("GET", path).json()["evidence"]) > len(finding["evidence"])

    resolved = cli_json(server, "findings", "resolve", finding["id"], "--reason", "boundary widened after review")
    assert resolved["status"] == "resolved" and "boundary widened" in resolved["resolution"]
    assert server.api("POST", f"{path}/resolve", json={"reason": "again"}).status_code == 409
    assert server.api("GET", "/t/default/v1/findings/fnd_00000000000000000000000000").status_code == 404
    bad = server.api("GET", "/t/default/v1/findings?kind=nonsense")
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    kinds = [event["action"] for event in audit_events(server) if event["action"].startswith("finding.")]
    assert kinds.count("finding.raise") == 1 and "finding.acknowledge" in kinds and "finding.suppress" in kinds and "finding.resolve" in kinds


def ed25519_jwk() -> dict:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    import base64
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}


def test_rules_over_records_raise_and_resolve_with_the_cause(server):
    keyed = register(server, "ci-deployer", kind="pipeline", purpose="deploys the app", publicKeys=[ed25519_jwk()])
    trust = server.api("POST", f"/t/default/v1/identities/{keyed['id']}/trusts",
                       json={"issuer": "https://token.actions.githubusercontent.com", "audience": "lanyard",
                             "conditions": [{"name": "ref", "value": "refs/heads/main"}]})
    assert trust.status_code == 201, trust.text
    outcome = cli_json(server, "findings", "evaluate")
    assert outcome["raised"] >= 2
    loose = findings(server, kind="loose-trust")
    assert len(loose) == 1 and loose[0]["severity"] == "critical" and loose[0]["subject"] == f"trust:{trust.json()['id']}"
    assert {c["id"] for c in loose[0]["frameworks"]} >= {"NHI6:2025", "ASI04", "PR.AA-02"}
    weak = findings(server, kind="weak-auth")
    assert [f["identity"] for f in weak] == [keyed["id"]]

    # The cause goes: the trust is removed. Both findings resolve by themselves, with an audited reason.
    removed = server.api("DELETE", f"/t/default/v1/identities/{keyed['id']}/trusts/{trust.json()['id']}")
    assert removed.status_code in (200, 204), removed.text
    cli_json(server, "findings", "evaluate")
    assert findings(server, kind="loose-trust", status="open") == [] and findings(server, kind="weak-auth", status="open") == []
    gone = findings(server, kind="loose-trust", status="resolved")
    assert len(gone) == 1 and "no longer detects" in gone[0]["resolution"]
    resolves = [e for e in audit_events(server) if e["action"] == "finding.resolve" and e["actor"] == "lanyard:detector"]
    assert len(resolves) == 2


def test_human_use_of_a_machine_identity(server):
    bot = register(server, "report-bot", environment="dev")
    pep = server.api("POST", "/t/default/v1/pep-tokens", json={"name": "gateway"}).json()["token"]
    decide(server, pep, bot["id"], userAgent="python-requests/2.31")
    time.sleep(2.5)
    assert findings(server, kind="human-use") == [], "a program's user agent is not a person"
    decide(server, pep, bot["id"], userAgent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
    found = wait_for(server, kind="human-use")[0]
    assert found[0]["identity"] == bot["id"] and {c["id"] for c in found[0]["frameworks"]} >= {"NHI10:2025", "ASI09", "PR.AA-03"}


@pytest.mark.parametrize("damage", ["altered", "deleted"])
def test_a_damaged_audit_log_raises_a_critical_audit_gap(tmp_path, damage):
    import sqlite3
    server = Server(tmp_path, extra_args=("--finding-interval", "1s")).start()
    try:
        for index in range(3):
            register(server, f"bot-{index}")
        time.sleep(1.5)
        assert findings(server, kind="audit-gap") == []
    finally:
        server.stop()
    # Someone with the database file changes a stored event after the fact (its hash left as it was), or removes one.
    with sqlite3.connect(tmp_path / "data" / "lanyard.db") as db:
        where = "tenant = 'default' AND action = 'identity.register' AND leaf LIKE '%bot-1%'"
        if damage == "altered":
            changed = db.execute(f"UPDATE audit_log SET leaf = replace(leaf, '\"bot-1\"', '\"bot-9\"') WHERE {where}").rowcount
        else:
            changed = db.execute(f"DELETE FROM audit_log WHERE {where}").rowcount
    assert changed == 1
    # The running check goes through the whole log again once an hour; clearing its clock starts the next cycle now.
    with sqlite3.connect(tmp_path / "data" / "lanyard.db") as db:
        db.execute("DELETE FROM finding_cursors WHERE detector = 'audit-leaf-cycle'")
    server.start()
    try:
        found, _ = wait_for(server, kind="audit-gap", timeout=20)
        assert found[0]["severity"] == "critical" and found[0]["subject"] == "tenant:default"
        expected = "does not hash" if damage == "altered" else "is missing"
        assert expected in found[0]["summary"], found[0]["summary"]
        assert {c["id"] for c in found[0]["frameworks"]} >= {"ASI08", "PR.AA-05"}
    finally:
        server.stop()
