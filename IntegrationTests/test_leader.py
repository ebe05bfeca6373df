"""Several `lanyard serve` nodes on one PostgreSQL: exactly one leads (runs the sweeps), and when the leader is
killed with `kill -9` another takes over and sweeps within 10 s, with no identity expired twice (counted by
`identity.expire` audit events). A leader that hangs (SIGSTOP) loses the lock within the session timeout too, and
gives up the lead when it wakes."""
import collections
import signal
import time

from lanyard_harness import Server, audit_events, new_postgres_database

TAKEOVER_SECONDS = 10.0


def leader_gauge(server: Server) -> float | None:
    """`lanyard_leader` from the node's /metrics (None when the node does not answer)."""
    try:
        response = server.api("GET", "/metrics", token=None)
    except Exception:  # noqa: BLE001 — a dead node is "no answer"
        return None
    for line in response.text.splitlines():
        if line.startswith("lanyard_leader "):
            return float(line.split()[1])
    return None


def wait_for(condition, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return condition()


def the_leader(nodes: list[Server]) -> Server | None:
    """The one node whose gauge is 1 while every other one says 0; None otherwise."""
    gauges = [leader_gauge(node) for node in nodes]
    if sorted(gauges) != [0.0] * (len(nodes) - 1) + [1.0]:
        return None
    return nodes[gauges.index(1.0)]


def register(nodes: list[Server], prefix: str, count: int, expires_in: str) -> list[str]:
    """Registers `count` identities that expire in `expires_in`, spread over the nodes; returns their ids."""
    ids = []
    for index in range(count):
        node = nodes[index % len(nodes)]
        response = node.api("POST", "/t/default/v1/identities", json={
            "name": f"{prefix}{index}", "kind": "agent", "owner": "alice", "purpose": "leader test", "expiresIn": expires_in})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def statuses(node: Server, ids: list[str]) -> list[str]:
    return [node.api("GET", f"/t/default/v1/identities/{identity}").json()["status"] for identity in ids]


def test_one_leader_sweeps_and_another_takes_over_within_10s_of_kill_9(tmp_path):
    database_url = new_postgres_database()
    nodes = [Server(tmp_path, database_url=database_url, extra_args=("--sweep-interval", "1s")) for _ in range(3)]
    nodes[0].start()  # writes the bootstrap token the others read
    nodes[1].start()
    nodes[2].start()
    try:
        leader = wait_for(lambda: the_leader(nodes), timeout=10)
        assert leader is not None, f"gauges: {[leader_gauge(node) for node in nodes]}"
        roles = [node.api("GET", "/readyz", token=None).json()["role"] for node in nodes]
        assert sorted(roles) == ["follower", "follower", "leader"]

        # Swept by the first leader.
        early = register(nodes, "early", 12, "2s")
        assert wait_for(lambda: statuses(nodes[0], early) == ["expired"] * len(early), timeout=10), statuses(nodes[0], early)

        # Due only after the leader is gone: whoever sweeps them is the new leader.
        late = register(nodes, "late", 12, "3s")
        killed_at = time.monotonic()
        leader.kill9()
        survivors = [node for node in nodes if node is not leader]
        successor = wait_for(lambda: the_leader(survivors), timeout=TAKEOVER_SECONDS)
        took_over = time.monotonic() - killed_at
        assert successor is not None, f"no single leader among the survivors: {[leader_gauge(node) for node in survivors]}"
        assert took_over < TAKEOVER_SECONDS
        swept = wait_for(lambda: statuses(successor, late) == ["expired"] * len(late),
                         timeout=max(TAKEOVER_SECONDS - (time.monotonic() - killed_at), 0.1))
        swept_after = time.monotonic() - killed_at
        assert swept, statuses(successor, late)
        assert swept_after < TAKEOVER_SECONDS, f"the late identities were swept {swept_after:.1f}s after the kill"
        print(f"takeover after {took_over:.2f}s; late identities swept {swept_after:.2f}s after kill -9")

        # The new leader hangs: PostgreSQL ends its idle lock session (idle_session_timeout) and the last node leads.
        hung = successor
        last = next(node for node in survivors if node is not hung)
        late2 = register([last], "hung", 6, "2s")
        hung.process.send_signal(signal.SIGSTOP)
        hung_at = time.monotonic()
        try:
            assert wait_for(lambda: leader_gauge(last) == 1.0, timeout=TAKEOVER_SECONDS), "the last node did not take over"
            hang_takeover = time.monotonic() - hung_at
            assert wait_for(lambda: statuses(last, late2) == ["expired"] * len(late2), timeout=TAKEOVER_SECONDS)
        finally:
            hung.process.send_signal(signal.SIGCONT)
        assert wait_for(lambda: the_leader(survivors) is last, timeout=5), "the woken node must follow"
        print(f"a hung leader was replaced after {hang_takeover:.2f}s")

        expiries = collections.Counter(
            event["target"] for event in audit_events(last) if event["action"] == "identity.expire")
        assert set(expiries) == {f"identity:{identity}" for identity in early + late + late2}
        assert all(count == 1 for count in expiries.values()), {t: c for t, c in expiries.items() if c > 1}
    finally:
        for node in nodes:
            node.stop()
