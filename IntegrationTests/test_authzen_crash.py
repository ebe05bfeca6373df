"""`kill -9` under a load of AuthZEN decisions (single and batched): every decision the server acknowledged is
in the audit log after the restart, the log has no gap and verifies, and at most the requests in flight at the
kill were logged without being acknowledged."""
import json
import subprocess
import threading
import time

import pytest
import requests

from lanyard_harness import BIN, Server, audit_events, new_postgres_database

WORKERS = 6


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_under_decisions_loses_no_acknowledged_decision(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url).start()
    pushed = server.api("PUT", "/t/default/v1/policies",
                        json={"policies": 'permit (principal == user::"alice", action, resource);', "message": "crash test"})
    assert pushed.status_code == 201, pushed.text
    url = f"{server.url}/t/default/access/v1/"
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def load(worker: int):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {server.token}"
        n = 0
        while not stop.is_set():
            n += 1
            ids = [f"w{worker}-{n}-{k}" for k in range(1 if n % 2 else 5)]
            items = [{"resource": {"type": "doc", "id": i}} for i in ids]
            base = {"subject": {"type": "user", "id": "alice"}, "action": {"name": "read"}}
            try:
                if len(ids) == 1:
                    response = session.post(url + "evaluation", json={**base, **items[0]}, timeout=10)
                else:
                    response = session.post(url + "evaluations", json={**base, "evaluations": items}, timeout=10)
            except requests.RequestException:
                return
            if response.status_code == 200:
                with lock:
                    acknowledged.update(ids)

    threads = [threading.Thread(target=load, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    time.sleep(3.0)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 50, "the load should have been answered before the kill"

    restarted = Server(tmp_path, database_url=database_url).start()
    try:
        events = audit_events(restarted)
    finally:
        restarted.stop()
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1)), "no gap in the log"
    logged: list[str] = []
    for event in events:
        if event["action"] in ("authz.evaluation", "authz.evaluations"):
            records = json.loads(event["details"]["records"])
            assert int(event["details"]["decisions"]) == len(records)
            logged += [r["request"]["resource"]["id"] for r in records]
    assert len(logged) == len(set(logged)), "no decision logged twice"
    assert acknowledged <= set(logged), f"acknowledged but not logged: {sorted(acknowledged - set(logged))[:5]}"
    assert len(set(logged) - acknowledged) <= WORKERS * 5, "at most the requests in flight at the kill were logged unacknowledged"
    args = ["--database-url", database_url] if database_url else ["--data-dir", str(server.data_dir)]
    result = subprocess.run([BIN, "audit", "verify", *args, "--tenant", "default"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
