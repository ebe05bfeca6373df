"""A mixed burst — registrations, token issuance, revocations and AuthZEN decisions at once — against a server or a
load balancer, and the check that nothing acknowledged was lost (used by `test_mixed_crash.py` and
`test_cluster_failures.py`)."""
import json
import queue
import subprocess
import threading
import time

import jwt as pyjwt
import requests

from lanyard_harness import BIN, Server, audit_events
from oauth_support import Workload, token_form

TOKEN = "/t/default/oauth2/token"
REGISTRARS, ISSUERS, DECIDERS = 2, 2, 2


class Burst:
    """What each kind of writer attempted and what the server acknowledged (a 2xx answer)."""

    def __init__(self, persistent: bool = False):
        # A persistent burst keeps going after a failed request (a balancer in front); otherwise a worker stops at
        # its first connection error (the one server was killed).
        self.persistent = persistent
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.registered: set[str] = set()
        self.attempted_names: set[str] = set()
        self.issued: set[str] = set()
        self.revoked: set[str] = set()
        self.decided: set[str] = set()
        self.to_revoke: queue.Queue[str] = queue.Queue()


class WorkerStopped(Exception):
    """The one server is gone: the worker stops."""


def send(burst: Burst, session: requests.Session, url: str, **kwargs) -> requests.Response | None:
    """POSTs; after a failed request, `None` for a persistent burst (try again) and WorkerStopped otherwise."""
    try:
        return session.post(url, timeout=10, **kwargs)
    except requests.RequestException:
        if not burst.persistent:
            raise WorkerStopped from None
        time.sleep(0.05)
        return None


def until_stopped(worker, *args) -> None:
    try:
        worker(*args)
    except WorkerStopped:
        pass


def register(server: Server, burst: Burst, worker: int):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.token}"
    n = 0
    while not burst.stop.is_set():
        name = f"r{worker}-{n}"
        n += 1
        with burst.lock:
            burst.attempted_names.add(name)
        response = send(burst, session, f"{server.url}/t/default/v1/identities",
                        json={"name": name, "kind": "agent", "owner": "alice", "purpose": "mixed crash test"})
        if response is None:
            continue
        if response.status_code == 201:
            with burst.lock:
                burst.registered.add(name)


def issue(server: Server, burst: Burst, workload: Workload):
    session = requests.Session()
    while not burst.stop.is_set():
        form = token_form(workload, workload.assertion(server.url + TOKEN))
        response = send(burst, session, server.url + TOKEN, data=form)
        if response is None:
            continue
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
        response = send(burst, session, f"{server.url}/t/default/v1/credentials/revoke", json={"jti": jti, "reason": "mixed crash test"})
        if response is None:
            continue
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
        response = send(burst, session, f"{server.url}/t/default/access/v1/evaluation", json=body)
        if response is None:
            continue
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




def start_burst(server, workloads: list[Workload], persistent: bool = False) -> tuple[Burst, list[threading.Thread]]:
    """Starts every kind of writer against `server` (anything with `url` and `token`)."""
    burst = Burst(persistent)
    jobs = [(register, server, burst, i) for i in range(REGISTRARS)] + [(issue, server, burst, w) for w in workloads]
    jobs += [(decide, server, burst, i) for i in range(DECIDERS)] + [(revoke, server, burst)]
    threads = [threading.Thread(target=until_stopped, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    return burst, threads


def stop_burst(burst: Burst, threads: list[threading.Thread]) -> None:
    burst.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    for what, acknowledged in [("registrations", burst.registered), ("issuances", burst.issued),
                               ("revocations", burst.revoked), ("decisions", burst.decided)]:
        assert len(acknowledged) >= 5, f"the burst should have acknowledged some {what} before the kill"


def assert_nothing_lost(reader: Server, burst: Burst, workloads: list[Workload], verify_args: list[str]) -> None:
    """Every acknowledged write is stored, every stored row has exactly its one audit event and every event its row,
    the log has no gap and `lanyard audit verify` passes. `reader` is a running server on the same data."""
    events = audit_events(reader)
    identities = every(reader, "/t/default/v1/identities?limit=1000", "identities")
    credentials = every(reader, "/t/default/v1/credentials?limit=1000", "credentials")
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1)), "no gap in the log"
    verified = subprocess.run([BIN, "audit", "verify", *verify_args, "--tenant", "default"], capture_output=True, text=True, timeout=120)
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
