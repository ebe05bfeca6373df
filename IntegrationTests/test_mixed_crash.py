"""`kill -9` during a mixed burst — registrations, token issuance, revocations and AuthZEN decisions at once, all
going through the group-committed appender — on SQLite and on PostgreSQL (issue 14). After the restart: every
acknowledged write is there, every stored row has exactly its one audit event and every event its row (nothing
unacknowledged is half-written), the log has no gap and `lanyard audit verify` passes."""
import json
import queue
import subprocess
import threading
import time

import jwt as pyjwt
import pytest
import requests

from lanyard_harness import BIN, Server, audit_events, new_postgres_database
from oauth_support import Workload, token_form

TOKEN = "/t/default/oauth2/token"
REGISTRARS, ISSUERS, DECIDERS = 2, 2, 2


class Burst:
    """What each kind of writer attempted and what the server acknowledged (a 2xx answer)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.registered: set[str] = set()
        self.attempted_names: set[str] = set()
        self.issued: set[str] = set()
        self.revoked: set[str] = set()
        self.decided: set[str] = set()
        self.to_revoke: queue.Queue[str] = queue.Queue()


def register(server: Server, burst: Burst, worker: int):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.token}"
    n = 0
    while not burst.stop.is_set():
        name = f"r{worker}-{n}"
        n += 1
        with burst.lock:
            burst.attempted_names.add(name)
        try:
            response = session.post(f"{server.url}/t/default/v1/identities", timeout=10,
                                    json={"name": name, "kind": "agent", "owner": "alice", "purpose": "mixed crash test"})
        except requests.RequestException:
            return
        if response.status_code == 201:
            with burst.lock:
                burst.registered.add(name)


def issue(server: Server, burst: Burst, workload: Workload):
    session = requests.Session()
    while not burst.stop.is_set():
        form = token_form(workload, workload.assertion(server.url + TOKEN))
        try:
            response = session.post(server.url + TOKEN, data=form, timeout=10)
        except requests.RequestException:
            return
        if response.status_code == 200:
            jti = pyjwt.decode(response.json()["access_token"], options={"verify_signature": False})["jti"]
            with burst.lock:
                burst.issued.add(jti)
            burst.to_revoke.put(jti)


def revoke(server: Server, burst: Burst):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.token}"
    n = 0
    while not burst.stop.is_set():
        try:
            jti = burst.to_revoke.get(timeout=0.1)
        except queue.Empty:
            continue
        n += 1
        if n % 2:  # every other issued token is revoked
            continue
        try:
            response = session.post(f"{server.url}/t/default/v1/credentials/revoke", timeout=10,
                                     json={"jti": jti, "reason": "mixed crash test"})
        except requests.RequestException:
            return
        if response.status_code == 200 and response.json()["revoked"] == 1:
            with burst.lock:
                burst.revoked.add(jti)


def decide(server: Server, burst: Burst, worker: int):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.token}"
    n = 0
    while not burst.stop.is_set():
        n += 1
        resource = f"d{worker}-{n}"
        body = {"subject": {"type": "user", "id": "alice"}, "action": {"name": "read"}, "resource": {"type": "doc", "id": resource}}
        try:
            response = session.post(f"{server.url}/t/default/access/v1/evaluation", json=body, timeout=10)
        except requests.RequestException:
            return
        if response.status_code == 200:
            with burst.lock:
                burst.decided.add(resource)


def every(server: Server, path: str, key: str) -> list[dict]:
    """Every item of a paged admin list, following `next`."""
    items, cursor = [], None
    while True:
        response = server.api("GET", path + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.text
        body = response.json()
        items += body[key]
        cursor = body.get("next")
        if not cursor:
            return items


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_during_a_mixed_burst_loses_nothing_acknowledged(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url).start()
    pushed = server.api("PUT", "/t/default/v1/policies",
                        json={"policies": 'permit (principal == user::"alice", action, resource);', "message": "mixed crash test"})
    assert pushed.status_code == 201, pushed.text
    workloads = [Workload(server, f"issuer-{i}") for i in range(ISSUERS)]

    burst = Burst()
    threads = [threading.Thread(target=register, args=(server, burst, i)) for i in range(REGISTRARS)]
    threads += [threading.Thread(target=issue, args=(server, burst, w)) for w in workloads]
    threads += [threading.Thread(target=decide, args=(server, burst, i)) for i in range(DECIDERS)]
    threads.append(threading.Thread(target=revoke, args=(server, burst)))
    for thread in threads:
        thread.start()
    time.sleep(3.0)
    server.kill9()
    burst.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    for what, acknowledged in [("registrations", burst.registered), ("issuances", burst.issued),
                               ("revocations", burst.revoked), ("decisions", burst.decided)]:
        assert len(acknowledged) >= 5, f"the burst should have acknowledged some {what} before the kill"

    restarted = Server(tmp_path, database_url=database_url).start()
    try:
        events = audit_events(restarted)
        identities = every(restarted, "/t/default/v1/identities?limit=1000", "identities")
        credentials = every(restarted, "/t/default/v1/credentials?limit=1000", "credentials")
    finally:
        restarted.stop()

    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1)), "no gap in the log"
    args = ["--database-url", database_url] if database_url else ["--data-dir", str(server.data_dir)]
    verified = subprocess.run([BIN, "audit", "verify", *args, "--tenant", "default"], capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # Registrations: acknowledged ones are stored; each stored identity has exactly one registration event.
    names = {identity["name"] for identity in identities if identity["name"].startswith("r")}
    assert burst.registered <= names, f"lost acknowledged registrations: {sorted(burst.registered - names)[:5]}"
    assert names <= burst.attempted_names
    assert len(names - burst.registered) <= REGISTRARS
    registered_ids = sorted(f"identity:{i['id']}" for i in identities if i["name"] in names)
    registration_events = sorted(e["target"] for e in events if e["action"] == "identity.register"
                                 and e["target"] not in {f"identity:{w.id}" for w in workloads})
    assert registration_events == registered_ids, "every burst identity has exactly one registration event, and every event its identity"

    # Issuance: acknowledged credentials are recorded; each record has exactly one issue event and vice versa.
    records = {c["jti"]: c for c in credentials}
    assert burst.issued <= records.keys(), f"lost acknowledged credentials: {sorted(burst.issued - records.keys())[:5]}"
    assert len(records.keys() - burst.issued) <= ISSUERS
    issue_events = sorted(e["target"] for e in events if e["action"] == "credential.issue")
    assert issue_events == sorted(f"credential:{jti}" for jti in records), "one issue event per credential record, and a record per event"

    # Revocations: acknowledged ones are recorded; a revoked record has exactly one revocation event that counted it.
    revoked_records = {jti for jti, c in records.items() if c.get("revokedAt")}
    assert burst.revoked <= revoked_records, f"lost acknowledged revocations: {sorted(burst.revoked - revoked_records)[:5]}"
    assert len(revoked_records - burst.revoked) <= 1
    counted = [e["target"].removeprefix("credential:") for e in events
               if e["action"] == "credential.revoke" and e["details"]["count"] == "1"]
    assert sorted(counted) == sorted(revoked_records), "one revocation event per revoked record, and a revoked record per event"

    # Decisions: every acknowledged decision is logged, none twice, at most the ones in flight unacknowledged.
    logged: list[str] = []
    for event in events:
        if event["action"] == "authz.evaluation":
            logged += [r["request"]["resource"]["id"] for r in json.loads(event["details"]["records"])]
    assert len(logged) == len(set(logged)), "no decision logged twice"
    assert burst.decided <= set(logged), f"acknowledged but not logged: {sorted(burst.decided - set(logged))[:5]}"
    assert len(set(logged) - burst.decided) <= DECIDERS
