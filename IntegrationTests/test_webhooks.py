"""Signed webhooks from the outbox, against a real server and a receiver on loopback that verifies every signature
with the `standardwebhooks` package: lifecycle events arrive signed, a receiver that was down gets every message
once, `kill -9` loses no queued delivery, bad input changes nothing, and tenants stay apart."""
from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from lanyard_harness import Server, audit_events, cli, cli_json, free_port, new_postgres_database

SERVE_ARGS = ("--webhook-interval", "1s", "--webhook-allow-loopback-http")


class Receiver:
    """An HTTP receiver on a loopback port: checks each message's signature with its endpoint's secret (paths
    `/hook/<name>`), answers 204 to a verified message and 401 to anything else, and records both."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.secrets: dict[str, str] = {}
        self.received: list[dict] = []
        self.rejected: list[str] = []
        self.lock = threading.Lock()
        self.httpd: http.server.ThreadingHTTPServer | None = None

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/hook/{name}"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                name = self.path.rsplit("/", 1)[-1]
                headers = {key.lower(): value for key, value in self.headers.items()}
                try:
                    payload = Webhook(receiver.secrets[name]).verify(body, headers)
                except (KeyError, WebhookVerificationError) as error:
                    with receiver.lock:
                        receiver.rejected.append(f"{name}: {error!r}")
                    self.send_response(401)
                    self.end_headers()
                    return
                with receiver.lock:
                    receiver.received.append({"endpoint": name, "id": headers["webhook-id"], "type": payload["type"], "payload": payload})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    def messages(self, endpoint: str | None = None) -> list[dict]:
        with self.lock:
            return [m for m in self.received if endpoint is None or m["endpoint"] == endpoint]

    def wait_for(self, predicate, timeout: float = 90.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.messages()):
                return self.messages()
            time.sleep(0.2)
        raise AssertionError(f"receiver timed out; got {self.messages()}; rejected {self.rejected}")


def add_endpoint(server: Server, receiver: Receiver, name: str, *events: str, tenant: str = "default",
                 token: str | None = None) -> dict:
    args = ["webhook", "add", receiver.url(name), "--description", f"test {name}", "--tenant", tenant]
    for event in events:
        args += ["--event", event]
    added = cli_json(server, *args, token=token)
    assert added["secret"].startswith("whsec_")
    receiver.secrets[name] = added["secret"]
    return added["endpoint"]


def register(server: Server, name: str, token: str | None = "default", tenant: str = "default") -> dict:
    response = server.api("POST", f"/t/{tenant}/v1/identities", token=token,
                          json={"name": name, "kind": "agent", "owner": "alice", "purpose": "webhook test"})
    assert response.status_code == 201, response.text
    return response.json()


def deliveries(server: Server, token: str | None = None, tenant: str = "default") -> list[dict]:
    response = server.api("GET", f"/t/{tenant}/v1/webhook-deliveries?limit=1000", token=token or server.token)
    assert response.status_code == 200, response.text
    return response.json()["deliveries"]


@pytest.fixture
def receiver():
    instance = Receiver().start()
    yield instance
    instance.stop()


@pytest.fixture
def server(tmp_path):
    instance = Server(tmp_path, extra_args=SERVE_ARGS).start()
    yield instance
    instance.stop()


def test_a_suspension_arrives_once_signed_and_the_log_shows_it_delivered(server, receiver):
    endpoint = add_endpoint(server, receiver, "ops", "identity.suspended")
    identity = register(server, "suspect")
    response = server.api("POST", f"/t/default/v1/identities/{identity['id']}/suspend", json={"reason": "incident"})
    assert response.status_code == 200, response.text
    messages = receiver.wait_for(lambda got: len(got) >= 1)
    time.sleep(2)  # nothing else may follow: registration is outside the filter
    messages = receiver.messages()
    assert [m["type"] for m in messages] == ["identity.suspended"], messages
    data = messages[0]["payload"]["data"]
    assert data["identity"]["id"] == identity["id"] and data["identity"]["status"] == "suspended"
    assert data["details"]["reason"] == "incident"
    assert receiver.rejected == []
    log = deliveries(server)
    assert [(d["id"], d["status"], d["attempts"], d.get("lastHttpStatus")) for d in log] == [(messages[0]["id"], "delivered", 1, 204)]

    test = cli_json(server, "webhook", "test", endpoint["id"])
    receiver.wait_for(lambda got: any(m["id"] == test["id"] and m["type"] == "webhook.test" for m in got))
    listed = cli_json(server, "webhook", "list")["webhooks"]
    assert [w["id"] for w in listed] == [endpoint["id"]] and "secret" not in json.dumps(listed)

    # A manual redelivery sends the same webhook-id again (receivers dedupe on it), and is audited.
    first = messages[0]["id"]
    shown = cli_json(server, "webhook", "deliveries", "--status", "delivered", "--endpoint", endpoint["id"])["deliveries"]
    assert first in [d["id"] for d in shown]
    assert cli_json(server, "webhook", "redeliver", first)["status"] == "pending"
    receiver.wait_for(lambda got: [m["id"] for m in got].count(first) == 2)
    assert any(e["action"] == "webhook.redeliver" and e["target"] == f"webhook_delivery:{first}" for e in audit_events(server))
    assert cli(server, "webhook", "delete", endpoint["id"]).returncode == 0
    assert cli_json(server, "webhook", "list")["webhooks"] == []


def test_a_receiver_down_for_a_while_then_up_gets_every_event_exactly_once_per_endpoint(tmp_path):
    receiver = Receiver()  # not listening yet: connections are refused
    server = Server(tmp_path, extra_args=SERVE_ARGS).start()
    try:
        add_endpoint(server, receiver, "first")
        add_endpoint(server, receiver, "second", "identity.registered")
        names = [f"bot-{n}" for n in range(5)]
        for name in names:
            register(server, name)
        # Every delivery fails at least once (a refused connection is retried by the HTTP client until its connect
        # timeout) and stays pending, with the failure recorded.
        deadline = time.monotonic() + 60
        failed = deliveries(server)
        while time.monotonic() < deadline and not all(d["attempts"] >= 1 for d in failed):
            time.sleep(0.5)
            failed = deliveries(server)
        assert len(failed) == 10 and all(d["attempts"] >= 1 and d["status"] == "pending" for d in failed), failed
        assert all(d.get("lastError") for d in failed)
        receiver.start()
        receiver.wait_for(lambda got: len({(m["endpoint"], m["id"]) for m in got}) >= 10)
        time.sleep(3)
        for endpoint in ("first", "second"):
            got = receiver.messages(endpoint)
            ids = [m["id"] for m in got]
            assert len(set(ids)) == 5, got
            assert sorted(m["payload"]["data"]["identity"]["name"] for m in {m["id"]: m for m in got}.values()) == names
        assert all(d["status"] == "delivered" for d in deliveries(server))
        assert receiver.rejected == []
    finally:
        server.stop()
        receiver.stop()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_with_deliveries_pending_delivers_them_after_restart(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    receiver = Receiver()
    server = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS).start()
    add_endpoint(server, receiver, "ops")
    registered = [register(server, f"crash-{n}")["id"] for n in range(3)]
    server.kill9()
    receiver.start()
    restarted = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS)
    restarted.start()
    try:
        receiver.wait_for(lambda got: len({m["id"] for m in got}) >= 3, timeout=150)
        got = {m["id"]: m for m in receiver.messages()}
        assert sorted(m["payload"]["data"]["identity"]["id"] for m in got.values()) == sorted(registered)
        assert receiver.rejected == []
    finally:
        restarted.stop()
        receiver.stop()


def test_bad_endpoint_input_is_refused_clearly_and_changes_nothing(server):
    cases = [
        ({"url": "http://example.com/hook"}, 422, "url"),
        ({"url": "ftp://127.0.0.1/hook"}, 422, "url"),
        ({"url": "https://user:secret@hooks.example/"}, 422, "url"),
        ({"url": "https://hooks.example/", "eventTypes": ["identity.exploded"]}, 422, "eventTypes"),
        ({"url": "https://hooks.example/", "extra": 1}, 400, None),
        ({"url": "https://hooks.example/" + "a" * 4096}, 422, "url"),
    ]
    for body, status, field in cases:
        response = server.api("POST", "/t/default/v1/webhooks", json=body)
        assert response.status_code == status, (body, response.text)
        error = response.json()
        assert error["error"] and error["message"], error
        if field:
            assert error.get("field") == field, error
    huge = server.api("POST", "/t/default/v1/webhooks", data=json.dumps({"url": "https://hooks.example/", "description": "x" * (100 * 1024)}),
                      headers={"Content-Type": "application/json"})
    assert huge.status_code == 413, huge.text
    result = cli(server, "webhook", "add", "http://example.com/hook")
    assert result.returncode != 0 and "https" in result.stderr, result.stderr
    assert server.api("GET", "/t/default/v1/webhooks").json() == {"webhooks": []}
    assert not any(e["action"].startswith("webhook.") for e in audit_events(server))
    assert server.api("POST", "/t/default/v1/webhook-deliveries/msg_nothing/redeliver").status_code == 404
    assert server.api("GET", "/t/default/v1/webhook-deliveries?status=lost").status_code == 422


def test_tenants_are_apart(server, receiver, tmp_path):
    token_file = tmp_path / "other.token"
    assert cli(server, "tenant", "create", "other", "--token-file", str(token_file)).returncode == 0
    other = token_file.read_text().strip()
    mine = add_endpoint(server, receiver, "mine")
    add_endpoint(server, receiver, "theirs", tenant="other", token=other)
    assert server.api("GET", "/t/default/v1/webhooks", token=other).status_code == 403
    assert server.api("DELETE", f"/t/other/v1/webhooks/{mine['id']}", token=other).status_code == 404
    assert server.api("POST", f"/t/other/v1/webhooks/{mine['id']}/test", token=other).status_code == 404
    register(server, "only-mine")
    receiver.wait_for(lambda got: len(got) >= 1)
    time.sleep(2)
    assert [m["endpoint"] for m in receiver.messages()] == ["mine"]
    assert deliveries(server, token=other, tenant="other") == []


def test_after_a_secret_rotation_both_the_old_and_the_new_secret_verify(server, receiver):
    endpoint = add_endpoint(server, receiver, "rotating", "identity.registered", "webhook.test")
    old = receiver.secrets["rotating"]
    rotated = cli_json(server, "webhook", "rotate-secret", endpoint["id"])
    new = rotated["secret"]
    assert new.startswith("whsec_") and new != old and rotated["endpoint"]["previousSecretExpiresAt"]
    # The receiver still has the old secret: the message verifies with it.
    register(server, "rotation-one")
    receiver.wait_for(lambda got: len(got) >= 1)
    # The receiver switches to the new secret: the next message verifies with that one.
    receiver.secrets["rotating"] = new
    test = cli_json(server, "webhook", "test", endpoint["id"])
    receiver.wait_for(lambda got: any(m["id"] == test["id"] for m in got))
    assert receiver.rejected == []
    assert len(receiver.messages()) == 2
    events = [e for e in audit_events(server) if e["action"] in ("webhook.rotate_secret", "webhook.test")]
    assert [e["action"] for e in events] == ["webhook.rotate_secret", "webhook.test"]
    assert new[6:] not in json.dumps(events) and old[6:] not in json.dumps(events)


def test_a_disabled_endpoint_gets_nothing_until_it_is_enabled(server, receiver):
    endpoint = add_endpoint(server, receiver, "paused", "identity.registered")
    disabled = cli_json(server, "webhook", "disable", endpoint["id"])
    assert disabled["disabled"] is True
    register(server, "while-paused")
    time.sleep(3)
    assert receiver.messages() == [] and deliveries(server) == []
    refused = server.api("POST", f"/t/default/v1/webhooks/{endpoint['id']}/test")
    assert refused.status_code == 409, refused.text
    assert cli_json(server, "webhook", "enable", endpoint["id"])["disabled"] is False
    register(server, "after-pause")
    got = receiver.wait_for(lambda got: len(got) >= 1)
    assert [m["payload"]["data"]["identity"]["name"] for m in got] == ["after-pause"]
    actions = [e["action"] for e in audit_events(server) if e["action"].startswith("webhook.")]
    assert actions == ["webhook.add", "webhook.disable", "webhook.enable"]


def test_a_host_name_that_resolves_to_loopback_is_not_reached_without_loopback_allowed(tmp_path):
    # Without --webhook-allow-loopback-http, `https://localhost:…` passes the URL check (a name, not a literal
    # address), as a name that later resolves to an internal address would (DNS rebinding). Delivery resolves it and
    # refuses the loopback address: no connection reaches the listener, and the log says why.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            connections.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    server = Server(tmp_path, extra_args=("--webhook-interval", "1s")).start()
    try:
        port = listener.getsockname()[1]
        added = server.api("POST", "/t/default/v1/webhooks",
                           json={"url": f"https://localhost:{port}/hook", "eventTypes": ["identity.registered"]})
        assert added.status_code == 201, added.text
        register(server, "rebound")
        deadline = time.monotonic() + 60
        log = deliveries(server)
        while time.monotonic() < deadline and not (log and log[0]["attempts"] >= 2):
            time.sleep(0.5)
            log = deliveries(server)
        assert log and log[0]["attempts"] >= 2 and log[0]["status"] == "pending", log
        assert "loopback" in log[0]["lastError"], log
        assert connections == [], "the delivery connected to the loopback listener"
    finally:
        stop.set()
        server.stop()
        listener.close()
