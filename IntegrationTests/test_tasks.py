"""Tasks, RFC 8693 down-scoping and `lanyard run`, against the real binary: task-bound tokens die when their task
ends (also after a restart), exchanged tokens are never broader and die with their parent, and `lanyard run`
ends its task when its command exits or when it is told to stop."""
import json
import os
import pathlib
import signal
import subprocess
import time

import jwt as pyjwt
import pytest
import requests

from lanyard_harness import BIN, Server, new_postgres_database
from oauth_support import Workload, audit_actions, token_form

EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"


def token_endpoint(server, tenant="default"):
    return f"{server.url}/t/{tenant}/oauth2/token"


def issue(server, workload, scope="read", **extra):
    endpoint = token_endpoint(server)
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), scope=scope, **extra), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def active(server, token):
    response = server.api("POST", "/t/default/oauth2/introspect", data={"token": token})
    assert response.status_code == 200, response.text
    return response.json()["active"]


def open_task(server, bearer, intent="summarise the inbox", **extra):
    response = server.api("POST", "/t/default/v1/tasks", token=bearer, json={"intent": intent, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def exchange(server, subject, **extra):
    form = {"grant_type": EXCHANGE, "subject_token": subject, "subject_token_type": ACCESS_TOKEN, **extra}
    return requests.post(token_endpoint(server), data=form, timeout=10)


def run_env(server):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LANYARD_")}
    environment["LANYARD_ADDR"] = server.url
    return environment


def key_file(tmp_path, workload) -> pathlib.Path:
    path = tmp_path / f"{workload.id}.pem"
    path.write_text(workload.pem)
    path.chmod(0o600)
    return path


def test_task_lifecycle_binding_and_end_revokes_every_bound_token(server):
    workload = Workload(server, "task-agent")
    bootstrap = issue(server, workload)["access_token"]
    task = open_task(server, bootstrap, maxDuration="30m")
    assert task["id"].startswith("tsk_") and task["status"] == "open" and task["identity"] == workload.id
    assert task["intent"] == "summarise the inbox"

    bound = [issue(server, workload, task=task["id"]) for _ in range(3)]
    for token in bound:
        claims = pyjwt.decode(token["access_token"], options={"verify_signature": False})
        assert claims["task"] == task["id"]
        assert active(server, token["access_token"])
    assert server.api("GET", f"/t/default/v1/tasks/{task['id']}", token=bootstrap).json()["status"] == "open"

    ended = server.api("POST", f"/t/default/v1/tasks/{task['id']}/end", token=bound[0]["access_token"])
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "ended"
    for token in bound:
        assert not active(server, token["access_token"])
    assert active(server, bootstrap)  # not bound to the task

    # No new token for an ended task, and it cannot be ended twice.
    endpoint = token_endpoint(server)
    refused = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), task=task["id"]), timeout=10)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    again = server.api("POST", f"/t/default/v1/tasks/{task['id']}/end")
    assert again.status_code == 409, again.text
    actions = audit_actions(server)
    assert "task.open" in actions and "task.end" in actions


def test_task_rules_for_workloads_and_administrators(server):
    alice = Workload(server, "task-alice")
    bob = Workload(server, "task-bob")
    alice_token = issue(server, alice)["access_token"]
    bob_token = issue(server, bob)["access_token"]
    # An administrator opens a task for a named identity; a workload only for its own.
    admin_task = server.api("POST", "/t/default/v1/tasks", json={"intent": "nightly sync", "identity": alice.id})
    assert admin_task.status_code == 201, admin_task.text
    assert admin_task.json()["identity"] == alice.id
    other = server.api("POST", "/t/default/v1/tasks", token=bob_token, json={"intent": "x", "identity": alice.id})
    assert other.status_code == 403
    # Bob can neither read, end nor bind alice's task.
    task_id = admin_task.json()["id"]
    assert server.api("GET", f"/t/default/v1/tasks/{task_id}", token=bob_token).status_code == 403
    assert server.api("POST", f"/t/default/v1/tasks/{task_id}/end", token=bob_token).status_code == 403
    endpoint = token_endpoint(server)
    refused = requests.post(endpoint, data=token_form(bob, bob.assertion(endpoint), task=task_id), timeout=10)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    # Bounded input, no anonymous access.
    assert server.api("POST", "/t/default/v1/tasks", token=alice_token, json={"intent": "x" * 600}).status_code == 422
    assert server.api("POST", "/t/default/v1/tasks", token=alice_token, json={"intent": ""}).status_code == 422
    assert server.api("POST", "/t/default/v1/tasks", token=None, json={"intent": "x"}).status_code == 401
    assert server.api("POST", "/t/default/v1/tasks", token="not-a-token", json={"intent": "x"}).status_code == 401
    # The duration is capped at 24 h; a bound token never outlives its task.
    long = open_task(server, alice_token, maxDuration="48h")
    assert (pyjwt.decode(issue(server, alice, task=long["id"])["access_token"], options={"verify_signature": False})["exp"]
            <= int(time.time()) + 600)
    short = open_task(server, alice_token, maxDuration="5")
    token = issue(server, alice, task=short["id"], ttl="10m")
    assert token["expires_in"] <= 5


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_ended_task_stays_revoked_after_restart(tmp_path, engine):
    server = Server(tmp_path, new_postgres_database() if engine == "postgres" else None).start()
    try:
        workload = Workload(server, "task-restart")
        task = open_task(server, issue(server, workload)["access_token"])
        token = issue(server, workload, task=task["id"])["access_token"]
        assert server.api("POST", f"/t/default/v1/tasks/{task['id']}/end").status_code == 200
        assert not active(server, token)
    finally:
        server.stop()
    server.start()
    try:
        assert not active(server, token)
        assert server.api("GET", f"/t/default/v1/tasks/{task['id']}").json()["status"] == "ended"
    finally:
        server.stop()


def test_down_scoping_narrows_and_is_verified_by_pyjwt(server):
    workload = Workload(server, "exchanger")
    parent = issue(server, workload, scope="read tool:search", ttl="300")
    response = exchange(server, parent["access_token"], scope="read", ttl="60")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["issued_token_type"] == ACCESS_TOKEN and body["token_type"] == "Bearer"
    assert body["scope"] == "read" and body["expires_in"] <= 60

    metadata = requests.get(f"{server.url}/t/default/.well-known/openid-configuration", timeout=10).json()
    assert EXCHANGE in metadata["grant_types_supported"]
    key = pyjwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(body["access_token"])
    claims = pyjwt.decode(body["access_token"], key.key, algorithms=["EdDSA", "ES256"], audience=metadata["issuer"],
                          issuer=metadata["issuer"])
    parent_claims = pyjwt.decode(parent["access_token"], options={"verify_signature": False})
    assert claims["sub"] == workload.id and claims["scope"] == "read"
    assert claims["act"] == {"sub": workload.id} and claims["parent_jti"] == parent_claims["jti"]
    assert claims["exp"] <= parent_claims["exp"]

    # A child of the child nests the actor chain.
    grandchild = exchange(server, body["access_token"]).json()
    grand_claims = pyjwt.decode(grandchild["access_token"], options={"verify_signature": False})
    assert grand_claims["act"] == {"sub": workload.id, "act": {"sub": workload.id}}
    assert "credential.exchange" in audit_actions(server)


def test_down_scoping_never_broader(server):
    workload = Workload(server, "narrow")
    parent = issue(server, workload, scope="read", ttl="120")["access_token"]
    cases = [
        ({"scope": "read write"}, "invalid_scope"),
        ({"audience": "https://elsewhere.example"}, "invalid_target"),
        ({"ttl": "3600"}, "invalid_request"),
        ({"subject_token_type": "urn:ietf:params:oauth:token-type:jwt"}, "invalid_request"),
        ({"requested_token_type": "urn:ietf:params:oauth:token-type:id_token"}, "invalid_request"),
        ({"actor_token": parent, "actor_token_type": ACCESS_TOKEN}, "invalid_request"),
    ]
    for extra, error in cases:
        response = exchange(server, parent, **extra)
        assert response.status_code == 400, (extra, response.text)
        assert response.json()["error"] == error, (extra, response.text)
    garbage = exchange(server, "not.a.token")
    assert garbage.status_code == 400 and garbage.json()["error"] == "invalid_request"
    missing = requests.post(token_endpoint(server), data={"grant_type": EXCHANGE}, timeout=10)
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_revoking_a_parent_revokes_children_and_grandchildren_also_after_restart(tmp_path, engine):
    server = Server(tmp_path, new_postgres_database() if engine == "postgres" else None).start()
    try:
        workload = Workload(server, "family")
        parent = issue(server, workload, scope="read tool:search")["access_token"]
        child = exchange(server, parent, scope="read").json()["access_token"]
        grandchild = exchange(server, child).json()["access_token"]
        sibling_parent = issue(server, workload)["access_token"]
        assert active(server, child) and active(server, grandchild)
        assert server.api("POST", "/t/default/oauth2/revoke", data={"token": parent}).status_code == 200
        assert not active(server, parent) and not active(server, child) and not active(server, grandchild)
        assert active(server, sibling_parent)
        # A revoked token cannot be exchanged.
        assert exchange(server, child).status_code == 400
    finally:
        server.stop()
    server.start()
    try:
        assert not active(server, child) and not active(server, grandchild)
    finally:
        server.stop()


def test_exchange_of_a_task_bound_token_stays_bound(server):
    workload = Workload(server, "bound-exchanger")
    task = open_task(server, issue(server, workload)["access_token"])
    parent = issue(server, workload, task=task["id"])["access_token"]
    child = exchange(server, parent, scope="read").json()["access_token"]
    assert pyjwt.decode(child, options={"verify_signature": False})["task"] == task["id"]
    assert server.api("POST", f"/t/default/v1/tasks/{task['id']}/end").status_code == 200
    assert not active(server, child)


def test_lanyard_run_token_is_inactive_after_the_command_exits(server, tmp_path):
    workload = Workload(server, "runner")
    out = tmp_path / "token.out"
    token_file = tmp_path / "token.file"
    result = subprocess.run(
        [BIN, "run", "--identity", workload.id, "--key-file", str(key_file(tmp_path, workload)), "--intent", "write a file",
         "--scope", "read", "--token-file", str(token_file), "--",
         "sh", "-c", f'echo "$LANYARD_TOKEN" > {out}; echo "$LANYARD_TASK" >> {out}; cmp -s "$LANYARD_TOKEN_FILE" {token_file}; exit 3'],
        env=run_env(server), capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    token, task = out.read_text().split()
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert claims["task"] == task and claims["sub"] == workload.id
    assert not active(server, token)
    assert server.api("GET", f"/t/default/v1/tasks/{task}").json()["status"] == "ended"


def test_sigterm_to_lanyard_run_ends_the_task(server, tmp_path):
    workload = Workload(server, "sleeper")
    out = tmp_path / "token.out"
    process = subprocess.Popen(
        [BIN, "run", "--identity", workload.id, "--key-file", str(key_file(tmp_path, workload)), "--intent", "wait",
         "--scope", "read", "--", "sh", "-c", f'echo "$LANYARD_TOKEN" > {out}.tmp; mv {out}.tmp {out}; exec sleep 60'],
        env=run_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        token = out.read_text().strip()
        assert active(server, token)
        time.sleep(0.3)  # let lanyard run install its signal forwarding
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 128 + signal.SIGTERM, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not active(server, token)


def test_lanyard_run_refuses_without_a_command(server, tmp_path):
    workload = Workload(server, "no-command")
    result = subprocess.run(
        [BIN, "run", "--identity", workload.id, "--key-file", str(key_file(tmp_path, workload)), "--intent", "x", "--scope", "read"],
        env=run_env(server), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
