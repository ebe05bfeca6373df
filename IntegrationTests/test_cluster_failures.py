"""Failures of a several-node deployment under a mixed load through the load balancer: a node killed with `kill -9`,
and PostgreSQL restarted. Either way every acknowledged write is present afterwards, the audit log verifies, and the
surviving nodes keep serving (or, while PostgreSQL is down, say they are not ready and recover by themselves)."""
import os
import shlex
import subprocess
import threading
import time

import jwt as pyjwt
import requests

from cluster import Cluster
from mixed_load import ISSUERS, assert_nothing_lost, start_burst, stop_burst
from oauth_support import Workload, token_form


def prepare(cluster: Cluster) -> list[Workload]:
    a = cluster.nodes[0]
    pushed = a.api("PUT", "/t/default/v1/policies",
                   json={"policies": 'permit (principal == user::"alice", action, resource);', "message": "cluster failure test"})
    assert pushed.status_code == 201, pushed.text
    return [Workload(a, f"issuer-{i}") for i in range(ISSUERS)]


def acknowledged(burst) -> int:
    with burst.lock:
        return len(burst.registered) + len(burst.issued) + len(burst.revoked) + len(burst.decided)


def ready(node) -> bool:
    try:
        return requests.get(node.url + "/readyz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_kill_9_of_one_node_under_load_loses_nothing_and_the_others_keep_serving(tmp_path):
    cluster = Cluster(tmp_path).start()
    try:
        workloads = prepare(cluster)
        burst, threads = start_burst(cluster, workloads, persistent=True)
        time.sleep(2.0)
        cluster.nodes[1].kill9()
        at_kill = acknowledged(burst)
        time.sleep(2.5)
        after = acknowledged(burst)
        stop_burst(burst, threads)
        assert after > at_kill + 20, f"the survivors kept acknowledging through the balancer ({at_kill} → {after})"
        survivors = [cluster.nodes[0], cluster.nodes[2]]
        assert all(ready(node) for node in survivors)
        assert_nothing_lost(survivors[0], burst, workloads, ["--database-url", cluster.database_url])
    finally:
        cluster.stop()


def test_postgres_restarted_under_load_nodes_report_not_ready_recover_and_lose_nothing(tmp_path):
    restart = os.environ.get("LANYARD_TEST_POSTGRES_RESTART")
    assert restart, "run through scripts/with-postgres, which says how to restart its cluster"
    cluster = Cluster(tmp_path).start()
    try:
        workloads = prepare(cluster)
        burst, threads = start_burst(cluster, workloads, persistent=True)
        time.sleep(1.5)
        seen_not_ready = set()
        watching = threading.Event()

        def watch():
            while not watching.is_set():
                for index, node in enumerate(cluster.nodes):
                    if not ready(node):
                        seen_not_ready.add(index)
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        subprocess.run(shlex.split(restart), check=True, capture_output=True, timeout=60)
        deadline = time.monotonic() + 30
        while not all(ready(node) for node in cluster.nodes):
            assert time.monotonic() < deadline, "the nodes did not recover by themselves within 30 s of the restart"
            time.sleep(0.1)
        watching.set()
        watcher.join()
        # The balancer puts a node back after two good health checks (rise 2, every 500 ms).
        while requests.get(cluster.url + "/readyz", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the balancer did not take the recovered nodes back within 30 s"
            time.sleep(0.1)
        # A write through the group-committed appender (an issuance: its record and event are counted below).
        endpoint = f"{cluster.url}/t/default/oauth2/token"
        probe = requests.post(endpoint, data=token_form(workloads[0], workloads[0].assertion(endpoint)), timeout=30)
        assert probe.status_code == 200, probe.text
        with burst.lock:  # acknowledged, so it must be there like the burst's own
            burst.issued.add(pyjwt.decode(probe.json()["access_token"], options={"verify_signature": False})["jti"])
        recovered = acknowledged(burst)
        time.sleep(1.5)
        assert acknowledged(burst) > recovered, "the nodes serve again after the restart"
        stop_burst(burst, threads)
        assert seen_not_ready, "while PostgreSQL was down, the nodes said they were not ready"
        assert_nothing_lost(cluster.nodes[0], burst, workloads, ["--database-url", cluster.database_url])
    finally:
        cluster.stop()
