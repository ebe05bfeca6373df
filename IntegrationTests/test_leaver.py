"""The leaver cascade against real servers (issue 16): SCIM deactivates alice → within 5 seconds every token of her
identities fails introspection (on PostgreSQL, at another node than the one SCIM spoke to), her identities show
`orphaned`, findings are open and signed `identity.orphaned` webhooks arrive (verified with `standardwebhooks`);
a transfer to bob brings one back; the sweeper suspends the other when its grace period ends; bad transfers change
nothing."""
from __future__ import annotations

import json
import time

import pytest
import requests

from lanyard_harness import Server, audit_events, cli, cli_json, new_postgres_database
from oauth_support import Workload, token_form
from test_webhooks import Receiver, add_endpoint

SERVE_ARGS = ("--webhook-interval", "1s", "--webhook-allow-loopback-http", "--sweep-interval", "1s")
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture(params=["sqlite", "postgres"])
def nodes(request, tmp_path):
    """One node on SQLite; on PostgreSQL two nodes on one database, both naming the first as their public URL."""
    if request.param == "sqlite":
        first = Server(tmp_path, extra_args=SERVE_ARGS).start()
        yield first, first
        first.stop()
        return
    database_url = new_postgres_database()
    first = Server(tmp_path, database_url=database_url)
    public = ("--public-url", first.url)
    first.extra_args = SERVE_ARGS + public
    second = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS + public)
    first.start()
    second.start()
    yield first, second
    second.stop()
    first.stop()


@pytest.fixture
def receiver():
    instance = Receiver().start()
    yield instance
    instance.stop()


def scim(server: Server, token: str, method: str, path: str, body: dict) -> dict:
    response = server.api(method, "/t/default/scim/v2" + path, token=token, json=body,
                          headers={"Content-Type": "application/scim+json"})
    assert response.status_code in (200, 201), response.text
    return response.json()


def issue(server: Server, workload: Workload) -> str:
    endpoint = f"{server.url}/t/default/oauth2/token"
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def active(server: Server, token: str) -> bool:
    response = server.api("POST", "/t/default/oauth2/introspect", data={"token": token})
    assert response.status_code == 200, response.text
    return response.json()["active"]


def identity(server: Server, id: str) -> dict:
    response = server.api("GET", f"/t/default/v1/identities/{id}")
    assert response.status_code == 200, response.text
    return response.json()


def test_scim_deactivation_orphans_revokes_and_notifies_then_transfer_and_grace(nodes, receiver):
    server, other = nodes
    add_endpoint(server, receiver, "owners", "identity.orphaned", "identity.transferred", "identity.suspended")
    template = {"name": "quick-grace", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["read"], "orphanGracePeriod": "8s"}
    assert server.api("POST", "/t/default/v1/templates", json=template).status_code == 201
    provisioning = cli_json(server, "scim", "token", "create", "--description", "okta")["token"]
    alice = scim(server, provisioning, "POST", "/Users", {"schemas": [USER], "userName": "alice", "active": True})
    scim(server, provisioning, "POST", "/Users", {"schemas": [USER], "userName": "bob", "active": True})
    kept = Workload(server, "alice-kept", template="quick-grace", backupOwner="ml-platform-team")
    left = Workload(server, "alice-left", template="quick-grace")
    tokens = [issue(server, kept), issue(server, left)]
    assert all(active(other, token) for token in tokens)

    started = time.monotonic()
    scim(server, provisioning, "PATCH", f"/Users/{alice['id']}",
         {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]})
    while any(active(other, token) for token in tokens):
        assert time.monotonic() - started < 5, "a departed owner's tokens must fail introspection within 5 seconds"
        time.sleep(0.1)

    for workload in (kept, left):
        orphan = identity(other, workload.id)
        assert orphan["status"] == "orphaned" and orphan["orphanedAt"] and orphan["orphanGraceEndsAt"], orphan
    refused = requests.post(f"{server.url}/t/default/oauth2/token", data=token_form(kept, kept.assertion(f"{server.url}/t/default/oauth2/token")), timeout=10)
    assert refused.status_code in (400, 401) and refused.json()["error"] in ("invalid_client", "unauthorized_client"), refused.text
    findings = cli_json(server, "finding", "list", "--status", "open")["findings"]
    assert sorted(f["subject"] for f in findings) == sorted([f"identity:{kept.id}", f"identity:{left.id}"])
    assert all(f["kind"] == "orphaned-identity" and f["details"]["owner"] == "alice" for f in findings)
    messages = receiver.wait_for(lambda got: len([m for m in got if m["type"] == "identity.orphaned"]) >= 2, timeout=30)
    orphaned = {m["payload"]["data"]["identity"]["id"]: m["payload"]["data"] for m in messages if m["type"] == "identity.orphaned"}
    assert set(orphaned) == {kept.id, left.id} and receiver.rejected == []
    assert orphaned[kept.id]["details"]["backupOwner"] == "ml-platform-team"
    assert orphaned[kept.id]["identity"]["status"] == "orphaned"

    # Bad transfers are refused with a stable code and change nothing.
    events = len(audit_events(server))
    inactive = server.api("POST", f"/t/default/v1/identities/{kept.id}/transfer", json={"to": "alice", "reason": "undo"})
    assert inactive.status_code == 409 and inactive.json()["error"] == "invalid_state", inactive.text
    for body in ({"to": "bob"}, {"to": "bob", "reason": "x", "extra": 1}, {"to": "", "reason": "x"}, {"to": 5, "reason": "x"}):
        answer = server.api("POST", f"/t/default/v1/identities/{kept.id}/transfer", json=body)
        assert answer.status_code in (400, 422), (body, answer.text)
    assert len(audit_events(server)) == events
    assert identity(server, kept.id)["status"] == "orphaned"

    moved = cli_json(server, "identity", "transfer", kept.id, "--to", "bob", "--reason", "bob runs the pipeline now")
    assert moved["status"] == "active" and moved["owner"] == "bob" and "orphanedAt" not in moved
    # At once: a token issued in the second of the identity's cut-off waits for the next second (not born revoked).
    fresh = issue(server, kept)
    # The other node learns of the transfer through the change stream; until then it fails closed (inactive).
    deadline = time.monotonic() + 5
    while not active(other, fresh):
        assert time.monotonic() < deadline, "it acts again under its new owner, on every node within 5 s"
        time.sleep(0.1)
    receiver.wait_for(lambda got: any(m["type"] == "identity.transferred" for m in got), timeout=30)

    # The untransferred one is suspended when its 8 s grace period ends (the sweeper runs every second).
    deadline = time.monotonic() + 30
    while identity(server, left.id)["status"] != "suspended":
        assert time.monotonic() < deadline, identity(server, left.id)
        time.sleep(0.5)
    receiver.wait_for(lambda got: any(m["type"] == "identity.suspended" and m["payload"]["data"]["identity"]["id"] == left.id
                                      for m in got), timeout=30)
    assert identity(server, kept.id)["status"] == "active"
    still_open = cli_json(server, "finding", "list", "--status", "open", "--kind", "orphaned-identity")["findings"]
    assert [f["subject"] for f in still_open] == [f"identity:{left.id}"]
    resolved = cli_json(server, "finding", "list", "--status", "resolved", "--kind", "orphaned-identity")["findings"]
    assert [f["subject"] for f in resolved] == [f"identity:{kept.id}"] and "identity.transfer" in resolved[0]["resolution"]

    trail = audit_events(server)
    orphan_events = [e for e in trail if e["action"] == "identity.orphan"]
    assert sorted(e["target"] for e in orphan_events) == sorted([f"identity:{kept.id}", f"identity:{left.id}"])
    assert all(e["actor"].startswith("scim:") for e in orphan_events)
    assert any(e["action"] == "identity.transfer" and e["details"]["to"] == "bob" for e in trail)
    assert any(e["action"] == "identity.suspend" and e["actor"] == "system:sweeper" and e["target"] == f"identity:{left.id}" for e in trail)
    listed = cli(server, "identity", "list", "--status", "suspended")
    assert listed.returncode == 0 and "alice-left" in listed.stdout


def test_graduation_retires_the_prototype_and_the_managed_identity_gets_new_credentials(tmp_path):
    server = Server(tmp_path).start()
    try:
        proto = Workload(server, "triage-proto", kind="prototype")
        old_token = issue(server, proto)
        assert active(server, old_token)
        successor = Workload(None, None)  # the managed service's new key pair; the graduation registers it
        key_file = tmp_path / "managed.jwk"
        key_file.write_text(json.dumps(successor.public_jwk))
        graduation = cli_json(server, "identity", "graduate", "triage-proto", "--name", "triage", "--owner", "bob", "--template", "app",
                              "--reason", "the pilot worked", "--public-key-file", str(key_file))
        managed, retired = graduation["identity"], graduation["prototype"]
        assert managed["stage"] == "managed" and managed["owner"] == "bob" and managed["graduatedFrom"] == proto.id
        assert retired["status"] == "offboarded" and retired["graduatedTo"] == managed["id"]
        assert identity(server, proto.id)["graduatedTo"] == managed["id"]
        assert not active(server, old_token), "the prototype's credentials are dead"
        successor.id = managed["id"]
        assert active(server, issue(server, successor)), "the managed identity gets credentials of its own"
        refused = requests.post(f"{server.url}/t/default/oauth2/token",
                                data=token_form(proto, proto.assertion(f"{server.url}/t/default/oauth2/token")), timeout=10)
        assert refused.status_code in (400, 401), refused.text
        story = [(e["action"], e["target"]) for e in audit_events(server)
                 if e["target"] in (f"identity:{proto.id}", f"identity:{managed['id']}")]
        assert story == [("identity.register", f"identity:{proto.id}"), ("identity.register", f"identity:{managed['id']}"),
                         ("identity.graduate", f"identity:{proto.id}")], story
        again = cli(server, "identity", "graduate", "triage-proto", "--name", "triage-2", "--owner", "bob", "--template", "app",
                    "--reason", "twice")
        assert again.returncode != 0 and "offboarded" in again.stderr
    finally:
        server.stop()


def test_group_scopes_follow_membership(nodes, receiver):
    """A template grants `deploy` only through the `release-managers` group: alice (a member) gets it, bob does not;
    the identity provider removing alice revokes, on every node, the live tokens that carry it and only those."""
    server, other = nodes
    add_endpoint(server, receiver, "revocations", "credential.revoked")
    created = cli_json(server, "template", "create", "deployer", "--default-ttl", "7d", "--max-ttl", "30d", "--scope", "read",
                       "--group-scope", "release-managers=deploy", "--group-scope", "release-managers=rollback:*")
    assert created["groupScopes"] == {"release-managers": ["deploy", "rollback:*"]}, created
    provisioning = cli_json(server, "scim", "token", "create", "--description", "okta")["token"]
    alice = scim(server, provisioning, "POST", "/Users", {"schemas": [USER], "userName": "alice", "active": True})
    scim(server, provisioning, "POST", "/Users", {"schemas": [USER], "userName": "bob", "active": True})
    group = scim(server, provisioning, "POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                                          "displayName": "release-managers", "members": [{"value": alice["id"]}]})
    alices = Workload(server, "alice-deployer", template="deployer")
    bobs = Workload(server, "bob-deployer", template="deployer", owner="bob")
    endpoint = f"{server.url}/t/default/oauth2/token"

    def ask(workload: Workload, scope: str) -> requests.Response:
        return requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), scope=scope), timeout=10)

    granted = ask(alices, "read deploy")
    assert granted.status_code == 200 and granted.json()["scope"] == "read deploy", granted.text
    deploy = granted.json()["access_token"]
    read = issue(server, alices)
    refused = ask(bobs, "deploy")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope", refused.text
    assert "release-managers" in refused.json()["error_description"]
    assert active(other, deploy) and active(other, read)

    started = time.monotonic()
    scim(server, provisioning, "PATCH", f"/Groups/{group['id']}",
         {"schemas": [PATCH], "Operations": [{"op": "remove", "path": f'members[value eq "{alice["id"]}"]'}]})
    while active(other, deploy):
        assert time.monotonic() - started < 5, "a token carrying a lost group scope must fail introspection within 5 seconds"
        time.sleep(0.1)
    assert active(other, read), "a token without the group's scopes keeps working"
    assert identity(other, alices.id)["status"] == "active"
    again = ask(alices, "deploy")
    assert again.status_code == 400 and again.json()["error"] == "invalid_scope", again.text
    revocations = [e for e in audit_events(server) if e["action"] == "credential.revoke"]
    assert revocations and revocations[-1]["target"] == f"identity:{alices.id}", revocations
    assert revocations[-1]["details"]["group"] == "release-managers" and revocations[-1]["details"]["count"] == "1"
    messages = receiver.wait_for(lambda got: any(m["type"] == "credential.revoked" for m in got), timeout=30)
    revoked = [m["payload"]["data"] for m in messages if m["type"] == "credential.revoked"]
    assert [c["identity"] for c in revoked[0]["credentials"]] == [alices.id] and receiver.rejected == []
