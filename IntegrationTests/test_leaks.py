"""Leak intake against a real server (issue 18): a leaked Lanyard access token reported through GitHub's secret-scanning
partner format (ECDSA P-256 signed with a key configured at start-up) or the plain door (`lanyard leak report`) is dead
within a second (p99 over 200 reports), with the tokens exchanged from it; its identity is `compromised` until its owner
resumes it with a reason; the owner's webhook arrives signed (`standardwebhooks`); a leaked-credential finding and the
audit events exist. Bad signatures, unknown keys, malformed JSON, 10 MB bodies and another tenant's token are refused,
audited and change nothing; a replayed report is answered the same and revokes nothing twice."""
from __future__ import annotations

import base64
import hashlib
import json
import statistics
import time

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lanyard_harness import Server, audit_events, cli, cli_json, new_postgres_database
from oauth_support import Workload, token_form
from test_leaver import identity
from test_spiffe import jwt_svid
from test_webhooks import add_endpoint, receiver  # noqa: F401 (the receiver fixture)

EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"
KEY_ID = "f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d"


class GitHub:
    """GitHub's side of the partner program: a P-256 key pair, its published key document, signed reports."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())

    def document(self) -> dict:
        pem = self.key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        return {"public_keys": [{"key_identifier": KEY_ID, "key": pem, "is_current": True}]}

    def sign(self, body: bytes) -> str:
        return base64.b64encode(self.key.sign(body, ec.ECDSA(hashes.SHA256()))).decode()

    def post(self, server: Server, body: bytes, key_id: str | None = KEY_ID, signature: str | None = None) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if key_id is not None:
            headers["Github-Public-Key-Identifier"] = key_id
        headers["Github-Public-Key-Signature"] = signature if signature is not None else self.sign(body)
        return requests.post(server.url + "/v1/leaks/github", data=body, headers=headers, timeout=60)


def report_body(*tokens: str, url: str = "https://github.com/octo/repo/blob/abc/config.py") -> bytes:
    return json.dumps([{"token": t, "type": "lanyard_access_token", "url": url, "source": "commit"} for t in tokens]).encode()


@pytest.fixture
def github():
    return GitHub()


def start(tmp_path, engine: str, github: GitHub) -> Server:
    keys = tmp_path / "github-keys.json"
    keys.write_text(json.dumps(github.document()))
    database_url = new_postgres_database() if engine == "postgres" else None
    args = ("--github-scanning-keys", str(keys), "--webhook-interval", "1s", "--webhook-allow-loopback-http")
    return Server(tmp_path, database_url=database_url, extra_args=args).start()


def issue(server: Server, workload: Workload, tenant: str = "default") -> str:
    endpoint = f"{server.url}/t/{tenant}/oauth2/token"
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def exchange(server: Server, parent: str) -> str:
    form = {"grant_type": EXCHANGE, "subject_token": parent, "subject_token_type": ACCESS_TOKEN, "scope": "read"}
    response = requests.post(f"{server.url}/t/default/oauth2/token", data=form, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def active(server: Server, token: str, tenant: str = "default") -> bool:
    response = server.api("POST", f"/t/{tenant}/oauth2/introspect", data={"token": token})
    assert response.status_code == 200, response.text
    return response.json()["active"]


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actions(server: Server, tenant: str = "default") -> list[dict]:
    return audit_events(server, tenant)


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_github_report_kills_the_token_and_its_children_compromises_notifies_and_is_idempotent(tmp_path, engine, github, receiver):
    server = start(tmp_path, engine, github)
    try:
        add_endpoint(server, receiver, "owner", "credential.leaked", "identity.compromised")
        workload = Workload(server, "leaky-agent")
        bystander = Workload(server, "careful-agent")
        parent = issue(server, workload)
        child = exchange(server, parent)
        other = issue(server, workload)
        safe = issue(server, bystander)
        assert active(server, parent) and active(server, child) and active(server, other)

        body = report_body(parent, "ghp_not_ours_at_all_0123456789")
        started = time.monotonic()
        response = github.post(server, body)
        assert response.status_code == 200, response.text
        assert not active(server, parent)
        assert time.monotonic() - started < 1.0, "inactive within a second"
        assert response.json() == [
            {"token_hash": sha256(parent), "token_type": "lanyard_access_token", "label": "true_positive"},
            {"token_hash": sha256("ghp_not_ours_at_all_0123456789"), "token_type": "lanyard_access_token", "label": "false_positive"},
        ]
        assert not active(server, child), "a token exchanged from the leaked one is dead"
        assert not active(server, other), "the compromised identity's other tokens are dead"
        assert active(server, safe), "another identity is untouched"
        assert identity(server, workload.id)["status"] == "compromised"
        endpoint = f"{server.url}/t/default/oauth2/token"
        refused = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), timeout=10)
        assert refused.status_code in (400, 401), "a compromised identity may not act"

        messages = receiver.wait_for(lambda got: {"credential.leaked", "identity.compromised"} <= {m["type"] for m in got}, timeout=30)
        assert receiver.rejected == [], "every message verified with standardwebhooks"
        leaked = next(m for m in messages if m["type"] == "credential.leaked")["payload"]["data"]
        assert leaked["owner"] == "alice" and leaked["identity"]["id"] == workload.id and leaked["report"]["tokenHash"] == sha256(parent)
        assert leaked["report"]["location"].endswith("config.py") and parent not in json.dumps(leaked)

        findings = server.api("GET", "/t/default/v1/findings?kind=leaked-credential").json()["findings"]
        assert [f["subject"] for f in findings] == [f"identity:{workload.id}"] and findings[0]["severity"] == "critical"
        events = actions(server)
        names = [e["action"] for e in events]
        outcomes = sorted(e["details"]["outcome"] for e in events if e["action"] == "leak.report")
        assert outcomes == ["revoked", "unknown"], "both matches are audited (the unknown one under the default tenant)"
        assert "credential.revoke" in names and names.count("identity.compromise") == 1
        report_event = next(e for e in events if e["action"] == "leak.report" and e["details"]["outcome"] == "revoked")
        assert report_event["details"]["outcome"] == "revoked" and int(report_event["details"]["revokeMilliseconds"]) < 1000
        assert parent not in json.dumps(events), "the raw token is never stored"

        reports = server.api("GET", "/t/default/v1/leaks").json()["reports"]
        assert [(r["outcome"], r["door"], r["kind"]) for r in reports] == [("revoked", "github", "access-token")]
        assert reports[0]["revokeMilliseconds"] < 1000 and reports[0]["revokedCount"] >= 3

        replay = github.post(server, body)
        assert replay.status_code == 200 and replay.json() == response.json(), "a replayed report gets the same answer"
        assert [e["action"] for e in actions(server)].count("identity.compromise") == 1, "nothing revoked twice"
        assert len(server.api("GET", "/t/default/v1/leaks").json()["reports"]) == 1

        owner = cli_json(server, "admin", "token", "create", "--role", "owner", "--subject", "alice")["token"]
        without_reason = server.api("POST", f"/t/default/v1/identities/{workload.id}/resume", token=owner, json={})
        assert without_reason.status_code == 422 and without_reason.json()["field"] == "reason", without_reason.text
        resumed = server.api("POST", f"/t/default/v1/identities/{workload.id}/resume", token=owner,
                             json={"reason": "rotated the leaked key, repo history cleaned"})
        assert resumed.status_code == 200 and resumed.json()["status"] == "active", resumed.text
        finding = server.api("GET", "/t/default/v1/findings?kind=leaked-credential").json()["findings"][0]
        assert finding["status"] == "resolved"
        assert active(server, issue(server, workload)), "resumed, it acts again"
        assert not active(server, parent), "the leaked token stays dead"
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_github_refusals_are_audited_and_change_nothing(tmp_path, engine, github):
    server = start(tmp_path, engine, github)
    try:
        workload = Workload(server, "target-agent")
        token = issue(server, workload)
        body = report_body(token)
        impostor = GitHub()
        cases = [
            ("bad signature", github.post(server, body, signature=impostor.sign(body)), 401, "badSignature"),
            ("signature of another body", github.post(server, body, signature=github.sign(body + b" ")), 401, "badSignature"),
            ("unknown key identifier", impostor.post(server, body, key_id="0" * 64), 401, "unknownKey"),
            ("unsigned", github.post(server, body, key_id=None, signature=""), 400, "malformed"),
            ("not base64", github.post(server, body, signature="!!!"), 400, "malformed"),
            ("malformed JSON", github.post(server, b'[{"token": '), 400, "malformed JSON"),
            ("10 MB body", github.post(server, b"[" + b" " * (10 * 1024 * 1024) + b"]"), 413, None),
        ]
        for name, response, status, _ in cases:
            assert response.status_code == status, (name, response.status_code, response.text)
            error = response.json()
            assert error["error"] and error["message"], (name, error)
        assert active(server, token), "nothing was revoked"
        assert identity(server, workload.id)["status"] == "active"
        refusals = [e for e in actions(server) if e["action"] == "leak.refuse"]
        reasons = [e["details"]["reason"] for e in refusals]
        for name, _, _, reason in cases:
            if reason:
                assert reason in reasons, (name, reasons)
        assert any(r.startswith("body over") for r in reasons)
        assert "leak.report" not in [e["action"] for e in actions(server)]
        assert server.api("GET", "/t/default/v1/leaks").json()["reports"] == []
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_plain_door_and_cli_revoke_refuse_another_tenants_token_and_repeat(tmp_path, engine, github):
    server = start(tmp_path, engine, github)
    try:
        assert server.api("POST", "/v1/tenants", json={"name": "other"}).status_code == 201
        mine = Workload(server, "ci-agent")
        theirs = Workload(server, "their-agent", tenant="other")
        token = issue(server, mine)
        foreign = issue(server, theirs, tenant="other")
        ci = cli_json(server, "admin", "token", "create", "--role", "builder", "--subject", "ci-bot")["token"]

        first = cli_json(server, "leak", "report", token, "--location", "build.log:12", "--source", "ci-scan", token=ci)
        assert [(r["outcome"], r["repeated"], r["tokenHash"]) for r in first["results"]] == [("revoked", False, sha256(token))]
        assert not active(server, token)
        assert identity(server, mine.id)["status"] == "compromised"
        again = cli_json(server, "leak", "report", token, token=ci)
        assert [(r["outcome"], r["repeated"], r["report"]) for r in again["results"]] == [("revoked", True, first["results"][0]["report"])]

        response = server.api("POST", "/t/default/v1/leaks", token=ci, json={"tokens": [{"token": foreign}, {"token": "lyadm_unknown"}]})
        assert response.status_code == 200, response.text
        assert [r["outcome"] for r in response.json()["results"]] == ["refused", "unknown"]
        assert active(server, foreign, tenant="other"), "another tenant's token is not revoked through this tenant's door"
        refusal = [e for e in actions(server) if e["action"] == "leak.refuse"]
        assert refusal and refusal[-1]["details"]["reason"] == "a token of another tenant"
        assert [e["action"] for e in actions(server, "other")].count("leak.report") == 0

        for body, status in [({"tokens": []}, 422), ({"tokens": [{"token": ""}]}, 422), ({"tokens": [{"token": "x", "extra": 1}]}, 400),
                             ({"tokens": [{"token": "x", "location": "a\u0000b"}]}, 422), ({}, 422)]:
            refused = server.api("POST", "/t/default/v1/leaks", token=ci, json=body)
            assert refused.status_code == status, (body, refused.text)
        malformed = server.api("POST", "/t/default/v1/leaks", token=ci, data=b"{not json", headers={"Content-Type": "application/json"})
        assert malformed.status_code == 400 and malformed.json()["error"] == "invalid_request"
        huge = server.api("POST", "/t/default/v1/leaks", token=ci, data=b"{" + b" " * (10 * 1024 * 1024) + b"}",
                          headers={"Content-Type": "application/json"})
        assert huge.status_code == 413
        svid_holder = Workload(server, "svid-agent")
        svid = jwt_svid(server, svid_holder, "https://api.example")
        assert svid.status_code == 200, svid.text
        leaked_svid = server.api("POST", "/t/default/v1/leaks", token=ci, json={"tokens": [{"token": svid.json()["svid"]}]}).json()
        assert [r["outcome"] for r in leaked_svid["results"]] == ["revoked"], "a JWT-SVID is recognised by its trust domain and key"
        assert identity(server, svid_holder.id)["status"] == "compromised"
        assert jwt_svid(server, svid_holder, "https://api.example").status_code != 200, "a compromised identity gets no SVID"
        auditor = cli_json(server, "admin", "token", "create", "--role", "auditor")["token"]
        assert server.api("POST", "/t/default/v1/leaks", token=auditor, json={"tokens": [{"token": "x"}]}).status_code == 403

        listed = cli_json(server, "leak", "list")
        assert sorted((r["outcome"], r["kind"]) for r in listed["reports"]) == [
            ("revoked", "access-token"), ("revoked", "jwt-svid"), ("unknown", "unknown")]
        human = cli(server, "leak", "list")
        assert human.returncode == 0 and "revoked" in human.stdout
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_time_to_revoke_p99_under_a_second_over_200_reports(tmp_path, engine, github):
    server = start(tmp_path, engine, github)
    try:
        tokens = [issue(server, Workload(server, f"agent-{index:03d}")) for index in range(200)]
        delays = []
        for token in tokens:
            body = report_body(token)
            started = time.monotonic()
            response = github.post(server, body)
            assert response.status_code == 200 and response.json()[0]["label"] == "true_positive", response.text
            while active(server, token):
                assert time.monotonic() - started < 10, "revocation never took effect"
            delays.append(time.monotonic() - started)
        delays.sort()
        p50, p99 = statistics.median(delays), delays[int(len(delays) * 0.99) - 1]
        print(f"\n{engine}: report to inactive over {len(delays)} reports: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
        assert p99 < 1.0, f"p99 {p99:.3f}s"
        metrics = requests.get(server.url + "/metrics", timeout=10).text
        assert 'lanyard_leak_time_to_revoke_seconds_count{door="github"} 200' in metrics
    finally:
        server.stop()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_gitlab_shape_revokes_with_the_tenants_bearer_and_refuses_what_it_must(tmp_path, engine, github, receiver):
    server = start(tmp_path, engine, github)
    try:
        assert server.api("POST", "/v1/tenants", json={"name": "other"}).status_code == 201
        add_endpoint(server, receiver, "owner", "credential.leaked")
        door = cli_json(server, "leak", "door-token", "create", "--description", "gitlab.example.com")
        assert door["token"].startswith("lyrvk_") and door["info"]["id"].startswith("rvt_")
        theirs = cli_json(server, "leak", "door-token", "create", "--tenant", "other")["token"]
        base = f"{server.url}/t/default/leaks/gitlab/v1"
        types = requests.get(base + "/revocable_token_types", headers=bearer(door["token"]), timeout=10)
        assert types.status_code == 200 and "lanyard_access_token" in types.json()["types"], types.text

        workload = Workload(server, "gitlab-agent")
        token = issue(server, workload)
        child = exchange(server, token)
        body = [{"type": "lanyard_access_token", "token": token, "location": "https://gitlab.example.com/g/p/-/blob/main/.env"}]
        started = time.monotonic()
        response = requests.post(base + "/revoke_tokens", json=body, headers=bearer(door["token"]), timeout=10)
        assert response.status_code == 204, response.text
        assert not active(server, token) and time.monotonic() - started < 1.0
        assert not active(server, child) and identity(server, workload.id)["status"] == "compromised"
        messages = receiver.wait_for(lambda got: any(m["type"] == "credential.leaked" for m in got), timeout=30)
        assert receiver.rejected == []
        report = next(m for m in messages if m["type"] == "credential.leaked")["payload"]["data"]["report"]
        assert report["door"] == "gitlab" and report["location"].endswith(".env")

        again = requests.post(base + "/revoke_tokens", json=body, headers=bearer(door["token"]), timeout=10)
        assert again.status_code == 204, "idempotent"
        assert [e["action"] for e in actions(server)].count("identity.compromise") == 1

        other_workload = Workload(server, "their-agent", tenant="other")
        foreign = issue(server, other_workload, tenant="other")
        refused = requests.post(base + "/revoke_tokens", json=[{"type": "lanyard_access_token", "token": foreign}],
                                headers=bearer(door["token"]), timeout=10)
        assert refused.status_code == 400 and refused.json()["error"] == "invalid_request", refused.text
        assert active(server, foreign, tenant="other"), "another tenant's token is not revoked"
        for name, headers in [("none", {"Content-Type": "application/json"}), ("admin token", bearer(server.token)),
                              ("another tenant's bearer", bearer(theirs)), ("garbage", bearer("lyrvk_x"))]:
            unauthorized = requests.post(base + "/revoke_tokens", json=body, headers=headers, timeout=10)
            assert unauthorized.status_code == 401, (name, unauthorized.text)
        malformed = requests.post(base + "/revoke_tokens", data=b"[{", headers=bearer(door["token"]), timeout=10)
        assert malformed.status_code == 400 and malformed.json()["error"] == "invalid_request"
        huge = requests.post(base + "/revoke_tokens", data=b"[" + b" " * (10 * 1024 * 1024) + b"]", headers=bearer(door["token"]), timeout=60)
        assert huge.status_code == 413
        reasons = [e["details"]["reason"] for e in actions(server) if e["action"] == "leak.refuse"]
        assert {"a token of another tenant", "no valid bearer", "malformed JSON"} <= set(reasons), reasons

        listed = cli_json(server, "leak", "door-token", "list")["tokens"]
        assert [t["id"] for t in listed] == [door["info"]["id"]] and "token" not in listed[0]
        assert cli(server, "leak", "door-token", "revoke", door["info"]["id"]).returncode == 0
        revoked = requests.post(base + "/revoke_tokens", json=body, headers=bearer(door["token"]), timeout=10)
        assert revoked.status_code == 401, "a revoked bearer is refused at once"
        names = [e["action"] for e in actions(server)]
        assert "leak_token.create" in names and "leak_token.revoke" in names
        assert door["token"] not in json.dumps(actions(server))
    finally:
        server.stop()


def test_scan_report_revokes_the_lanyard_credentials_it_finds(tmp_path, github):
    server = start(tmp_path, "sqlite", github)
    try:
        agent = Workload(server, "notebook-agent")
        token = issue(server, agent)
        leaked_admin = cli_json(server, "admin", "token", "create", "--role", "auditor", "--subject", "pasted")["token"]
        assert server.api("GET", "/v1/whoami", token=leaked_admin).status_code == 200
        ci = cli_json(server, "admin", "token", "create", "--role", "builder", "--subject", "ci-bot")["token"]
        repo = tmp_path / "repo"
        repo.mkdir()
        (repo / "debug.log").write_text(f"2026-12-04 calling the API with Authorization: Bearer {token}\n")
        (repo / "settings.py").write_text(f'LANYARD_TOKEN = "{leaked_admin}"\nAWS_ACCESS_KEY_ID = "AKIAZ7QW3HXJ5LMN2PQR"\n')

        result = cli(server, "scan", str(repo), "--no-gitignore", "--report", "--output", "json", token=ci)
        assert result.returncode == 1, result.stderr
        found = json.loads(result.stdout)["findings"]
        assert len(found) >= 3 and all(token not in json.dumps(f) and leaked_admin not in json.dumps(f) for f in found)
        assert "Reported 2 Lanyard credential(s): 2 revoked" in result.stderr, result.stderr
        assert not active(server, token)
        assert identity(server, agent.id)["status"] == "compromised"
        assert server.api("GET", "/v1/whoami", token=leaked_admin).status_code == 401
        reports = cli_json(server, "leak", "list")["reports"]
        assert sorted(r["outcome"] for r in reports) == ["revoked", "revoked"] and {r["source"] for r in reports} == {"lanyard-scan"}
        findings = server.api("GET", "/t/default/v1/findings?kind=leaked-credential").json()["findings"]
        assert f"identity:{agent.id}" in [f["subject"] for f in findings]
        recorded = [e["action"] for e in actions(server)]
        assert recorded.count("leak.report") == 2 and "identity.compromise" in recorded

        refused = cli(server, "scan", str(repo), "--no-gitignore", "--report", token="lyadm_not_a_token", env={"LANYARD_ADDR": server.url})
        assert refused.returncode == 2 and "reporting to the server failed" in refused.stderr, refused.stderr
    finally:
        server.stop()
