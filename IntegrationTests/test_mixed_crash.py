"""`kill -9` during a mixed burst — registrations, token issuance, revocations and AuthZEN decisions at once, all
going through the group-committed appender — on SQLite and on PostgreSQL (issue 14). After the restart: every
acknowledged write is there, every stored row has exactly its one audit event and every event its row (nothing
unacknowledged is half-written), the log has no gap and `lanyard audit verify` passes."""
import time

import pytest

from lanyard_harness import Server, new_postgres_database
from mixed_load import ISSUERS, assert_nothing_lost, start_burst, stop_burst
from oauth_support import Workload


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_during_a_mixed_burst_loses_nothing_acknowledged(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url).start()
    pushed = server.api("PUT", "/t/default/v1/policies",
                        json={"policies": 'permit (principal == user::"alice", action, resource);', "message": "mixed crash test"})
    assert pushed.status_code == 201, pushed.text
    workloads = [Workload(server, f"issuer-{i}") for i in range(ISSUERS)]

    burst, threads = start_burst(server, workloads)
    time.sleep(3.0)
    server.kill9()
    stop_burst(burst, threads)

    restarted = Server(tmp_path, database_url=database_url).start()
    try:
        args = ["--database-url", database_url] if database_url else ["--data-dir", str(server.data_dir)]
        assert_nothing_lost(restarted, burst, workloads, args)
    finally:
        restarted.stop()
