"""`kill -9` during a burst of registrations loses no acknowledged registration and leaves no half-written one,
on SQLite and on PostgreSQL."""
import threading
import time

import pytest
import requests

from lanyard_harness import Server, new_postgres_database

WRITERS = 8


def burst_then_kill(server: Server, seconds: float):
    acknowledged: set[str] = set()
    attempted: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()
    token = server.token

    def writer(index: int):
        session = requests.Session()
        n = 0
        while not stop.is_set():
            name = f"w{index}-{n}"
            n += 1
            with lock:
                attempted.add(name)
            try:
                response = session.post(f"{server.url}/t/default/v1/identities", timeout=10,
                                        headers={"Authorization": f"Bearer {token}"},
                                        json={"name": name, "kind": "agent", "owner": "alice", "purpose": "crash test"})
            except requests.RequestException:
                return
            if response.status_code == 201:
                with lock:
                    acknowledged.add(name)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return acknowledged, attempted


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_loses_nothing_acknowledged_and_leaves_nothing_half_written(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url).start()
    acknowledged, attempted = burst_then_kill(server, seconds=2.0)
    assert len(acknowledged) > 20, "the burst should have completed some registrations before the kill"

    restarted = Server(tmp_path, database_url=database_url)
    restarted.start()
    try:
        stored, cursor = [], ""
        while True:
            page = restarted.api("GET", f"/t/default/v1/identities?limit=1000&after={cursor}").json()["identities"]
            if not page:
                break
            stored += page
            cursor = page[-1]["name"]
        names = {identity["name"] for identity in stored}
        assert acknowledged <= names, f"lost acknowledged registrations: {sorted(acknowledged - names)[:10]}"
        assert names <= attempted
        assert len(names - acknowledged) <= WRITERS  # at most the requests in flight at the kill

        events, after = [], 0
        while True:
            page = restarted.api("GET", f"/t/default/v1/audit?after={after}&limit=1000").json()["events"]
            if not page:
                break
            events += page
            after = page[-1]["sequence"]
        registered = [e["target"] for e in events if e["action"] == "identity.register"]
        assert sorted(registered) == sorted(f"identity:{identity['id']}" for identity in stored), \
            "every stored identity has exactly one registration event, and every event its identity"
    finally:
        restarted.stop()
