"""The audit trail as a signed Merkle log, end to end with the real binary: tampering with a real SQLite database
is detected and named by `lanyard audit verify`; an outside auditor's script checks a checkpoint and a proof over
HTTP; export, search and the witness file; `kill -9` under issuance loses no acknowledged event."""
import base64
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lanyard_harness import BIN, ROOT, Server, cli, new_postgres_database
from oauth_support import Workload, token_form

VERIFY_FAILED = 7
AUDITOR = str(ROOT / "scripts" / "audit-auditor")


def register(server, count, prefix="bot"):
    for index in range(count):
        response = server.api("POST", "/t/default/v1/identities",
                              json={"name": f"{prefix}{index}", "kind": "agent", "owner": "alice", "purpose": "audit test"})
        assert response.status_code == 201, response.text


def verify(*args):
    return subprocess.run([BIN, "audit", "verify", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A stopped server's data: two checkpoints (sizes 8 and 12 of tenant default) and a witness file."""
    workdir = tmp_path_factory.mktemp("audit")
    witness = workdir / "witness.jsonl"
    server = Server(workdir, extra_args=("--checkpoint-interval", "1h", "--audit-witness-file", str(witness))).start()
    try:
        register(server, 6)  # events 3..8 after the bootstrap's 2
        first = server.api("POST", "/t/default/v1/audit/checkpoints").json()
        register(server, 4, prefix="late")  # events 9..12
        second = server.api("POST", "/t/default/v1/audit/checkpoints").json()
        log_key = server.api("GET", "/t/default/audit/log-key", token=None).text
    finally:
        server.stop()
    assert (first["size"], second["size"]) == (8, 12)
    return workdir, witness, log_key


def tampered(pristine, tmp_path, *statements):
    workdir, _, _ = pristine
    data = tmp_path / "data"
    shutil.copytree(workdir / "data", data)
    with sqlite3.connect(data / "lanyard.db") as db:
        for statement in statements:
            db.execute(statement)
    return data


def test_an_untouched_log_verifies(pristine):
    workdir, witness, log_key = pristine
    result = verify("--data-dir", str(workdir / "data"), "--tenant", "default", "--checkpoint", str(witness), "--log-key", log_key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 events (0 pruned) and 3 checkpoints verify" in result.stdout  # at start (size 2), 8 and 12


def test_changing_one_byte_of_an_event_is_named(pristine, tmp_path):
    data = tampered(pristine, tmp_path,
                    "UPDATE audit_log SET leaf = replace(leaf, '\"alice\"', '\"alicf\"') WHERE tenant = 'default' AND seq = 5")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Event 5:" in result.stdout and "altered" in result.stdout


def test_changing_a_searchable_column_is_named(pristine, tmp_path):
    data = tampered(pristine, tmp_path, "UPDATE audit_log SET actor = 'token:someone-else' WHERE tenant = 'default' AND seq = 7")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Event 7: the stored actor differs" in result.stdout


def test_changing_an_event_with_its_hash_is_caught_by_the_checkpoint(pristine, tmp_path):
    workdir, _, _ = pristine
    with sqlite3.connect(workdir / "data" / "lanyard.db") as db:
        leaf = db.execute("SELECT leaf FROM audit_log WHERE tenant = 'default' AND seq = 4").fetchone()[0]
    forged = leaf.replace('"alice"', '"mallory"')
    forged_hash = base64.b64encode(hashlib.sha256(b"\x00" + forged.encode()).digest()).decode()
    data = tampered(pristine, tmp_path,
                    f"UPDATE audit_log SET leaf = '{forged}', leaf_hash = '{forged_hash}' WHERE tenant = 'default' AND seq = 4")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Checkpoint of size 8:" in result.stdout and "between 3 and 8" in result.stdout  # size 2 still matches


def test_deleting_an_event_is_named(pristine, tmp_path):
    data = tampered(pristine, tmp_path, "DELETE FROM audit_log WHERE tenant = 'default' AND seq = 4")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Event 4: missing" in result.stdout


def test_reordering_two_events_is_named(pristine, tmp_path):
    data = tampered(pristine, tmp_path,
                    "UPDATE audit_log SET seq = -3 WHERE tenant = 'default' AND seq = 3",
                    "UPDATE audit_log SET seq = 3 WHERE tenant = 'default' AND seq = 6",
                    "UPDATE audit_log SET seq = 6 WHERE tenant = 'default' AND seq = -3")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Event 3: its bytes say it is event 6" in result.stdout


def test_truncating_the_log_is_named(pristine, tmp_path):
    data = tampered(pristine, tmp_path,
                    "DELETE FROM audit_log WHERE tenant = 'default' AND seq > 9",
                    "UPDATE audit_heads SET size = 9 WHERE tenant = 'default'")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Checkpoint of size 12 covers events the log does not have" in result.stdout


def test_replacing_a_checkpoint_is_named(pristine, tmp_path):
    workdir, _, _ = pristine
    with sqlite3.connect(workdir / "data" / "lanyard.db") as db:
        note = db.execute("SELECT note FROM audit_checkpoints WHERE tenant = 'default' AND size = 8").fetchone()[0]
    lines = note.split("\n")
    lines[2] = base64.b64encode(hashlib.sha256(b"another history").digest()).decode()
    data = tampered(pristine, tmp_path, f"UPDATE audit_checkpoints SET note = '{chr(10).join(lines)}' WHERE size = 8")
    result = verify("--data-dir", str(data), "--tenant", "default")
    assert result.returncode == VERIFY_FAILED
    assert "Checkpoint of size 8: its signature does not verify" in result.stdout


def test_rewriting_history_with_a_new_key_is_caught_by_the_witness_and_the_pinned_key(pristine, tmp_path):
    """The strongest attacker: database write access, rewrites an event, its hash, every checkpoint and the public
    key with a key of their own. The database alone then verifies; the witness file and the pinned key do not."""
    workdir, witness, log_key = pristine
    with sqlite3.connect(workdir / "data" / "lanyard.db") as db:
        rows = db.execute("SELECT seq, leaf FROM audit_log WHERE tenant = 'default' ORDER BY seq").fetchall()
        checkpoints = db.execute("SELECT size, note FROM audit_checkpoints WHERE tenant = 'default'").fetchall()
    leaves = [leaf.replace('"alice"', '"mallory"') if seq == 4 else leaf for seq, leaf in rows]
    hashes = [hashlib.sha256(b"\x00" + leaf.encode()).digest() for leaf in leaves]
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    statements = [f"UPDATE audit_log SET leaf = '{leaves[3]}', leaf_hash = '{base64.b64encode(hashes[3]).decode()}' "
                  "WHERE tenant = 'default' AND seq = 4",
                  f"UPDATE audit_keys SET public_key = '{base64.b64encode(public).decode()}' WHERE tenant = 'default'"]
    for size, note in checkpoints:
        lines = note.split("\n")
        origin = lines[0]
        text = f"{origin}\n{size}\n{base64.b64encode(mth(hashes[:size])).decode()}\n{lines[3]}\n"
        key_id = hashlib.sha256(origin.encode() + b"\n\x01" + public).digest()[:4]
        signature = base64.b64encode(key_id + key.sign(text.encode())).decode()
        statements.append(f"UPDATE audit_checkpoints SET note = '{text}\n\u2014 {origin} {signature}\n' "
                          f"WHERE tenant = 'default' AND size = {size}")
    data = tampered(pristine, tmp_path, *statements)
    assert verify("--data-dir", str(data), "--tenant", "default").returncode == 0, "a full rewrite fools the database alone"
    pinned = verify("--data-dir", str(data), "--tenant", "default", "--log-key", log_key)
    assert pinned.returncode == VERIFY_FAILED and "Checkpoint of size 2: its signature does not verify" in pinned.stdout
    witnessed = verify("--data-dir", str(data), "--tenant", "default", "--checkpoint", str(witness))
    # The witnessed checkpoints were signed with the original key, so the swapped-in key refuses the first of them.
    assert witnessed.returncode == VERIFY_FAILED and "Checkpoint of size 2" in witnessed.stdout


def mth(hashes):
    """RFC 9162 MTH over leaf hashes."""
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(hashes[:k]) + mth(hashes[k:])).digest()


def test_export_verifies_offline_and_a_changed_line_fails(pristine, tmp_path):
    workdir, witness, log_key = pristine
    server = Server(workdir).start()
    try:
        exported = cli(server, "audit", "export", "--format", "jsonl")
        ocsf = cli(server, "audit", "export", "--format", "ocsf")
    finally:
        server.stop()
    assert exported.returncode == 0 and ocsf.returncode == 0
    lines = exported.stdout.splitlines()
    assert len(lines) >= 12 and json.loads(lines[0])["seq"] == 1
    classes = {json.loads(line)["class_uid"] for line in ocsf.stdout.splitlines()}
    assert classes == {6003}, "no credential was issued here, so every event is API Activity"
    good = tmp_path / "export.jsonl"
    good.write_text(exported.stdout)
    ok = verify("--export", str(good), "--checkpoint", str(witness), "--log-key", log_key)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(exported.stdout.replace('"alice"', '"mallory"', 1))
    failed = verify("--export", str(bad), "--checkpoint", str(witness), "--log-key", log_key)
    assert failed.returncode == VERIFY_FAILED and "Checkpoint of size 8" in failed.stdout


def test_an_auditor_checks_a_checkpoint_and_a_proof_with_python_and_cryptography_only(server, tmp_path):
    register(server, 5)
    first = server.api("POST", "/t/default/v1/audit/checkpoints").json()["size"]
    register(server, 3, prefix="more")
    server.api("POST", "/t/default/v1/audit/checkpoints")
    for event in (1, 4, first):
        result = subprocess.run([sys.executable, AUDITOR, "--server", server.url, "--token", server.token, "--event", str(event),
                                 "--consistency"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert f"event {event} is in the signed checkpoint" in result.stdout
    proof = server.api("GET", "/t/default/v1/audit/proof?event=4").json()
    proof["proof"][0] = base64.b64encode(bytes(32)).decode()
    saved = tmp_path / "proof.json"
    saved.write_text(json.dumps(proof))
    result = subprocess.run([sys.executable, AUDITOR, "--server", server.url, "--token", server.token, "--event", "4",
                             "--proof", str(saved)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "does not lead to the checkpoint's root" in result.stderr


def test_search_and_cli_proof(server):
    register(server, 3)
    found = json.loads(cli(server, "audit", "search", "--action", "identity.register", "--output", "json").stdout)["events"]
    assert [event["action"] for event in found] == ["identity.register"] * 3
    target = found[1]["target"]
    one = json.loads(cli(server, "audit", "search", "--target", target, "--output", "json").stdout)["events"]
    assert [event["sequence"] for event in one] == [found[1]["sequence"]]
    proof = cli(server, "audit", "proof", "--event", str(found[1]["sequence"]))
    assert proof.returncode == 0 and "the leaf and proof lead to the checkpoint's root" in proof.stdout
    missing = cli(server, "audit", "proof", "--event", "999")
    assert missing.returncode == 3


def test_cli_proof_and_consistency_check_signatures_with_the_published_or_a_pinned_log_key(server):
    register(server, 4)
    first = server.api("POST", "/t/default/v1/audit/checkpoints").json()["size"]
    register(server, 2, prefix="more")
    server.api("POST", "/t/default/v1/audit/checkpoints")
    published = server.api("GET", "/t/default/audit/log-key", token=None).text
    for pinned in ((), ("--log-key", published)):
        proof = cli(server, "audit", "proof", "--event", "3", *pinned)
        assert proof.returncode == 0 and "signed by the log key" in proof.stdout, proof.stdout + proof.stderr
        consistency = cli(server, "audit", "consistency", "--from", str(first), "--to", str(first + 2), *pinned)
        assert consistency.returncode == 0, consistency.stdout + consistency.stderr
    # The same name with another key: the checkpoints' signatures no longer verify.
    name = published.split("+")[0]
    public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex()
    other = f"{name}+{key_id}+{base64.b64encode(bytes([1]) + public).decode()}"
    for command in (("proof", "--event", "3"), ("consistency", "--from", str(first), "--to", str(first + 2))):
        refused = cli(server, "audit", *command, "--log-key", other)
        assert refused.returncode == 2 and "signature does not verify" in refused.stdout + refused.stderr


def test_verify_while_the_server_keeps_writing(tmp_path):
    """A running server appends between the verifier's reads of the counter and of the leaves; that is not tampering."""
    server = Server(tmp_path, extra_args=("--checkpoint-interval", "1s")).start()
    stop = threading.Event()

    def keep_registering():
        index = 0
        while not stop.is_set():
            server.api("POST", "/t/default/v1/identities",
                       json={"name": f"busy{index}", "kind": "agent", "owner": "alice", "purpose": "audit test"})
            index += 1

    writer = threading.Thread(target=keep_registering)
    writer.start()
    try:
        time.sleep(1)
        for _ in range(5):
            result = verify("--data-dir", str(tmp_path / "data"), "--tenant", "default")
            assert result.returncode == 0, result.stdout + result.stderr
    finally:
        stop.set()
        writer.join()
        server.stop()


def test_prune_keeps_the_rest_verifiable(tmp_path):
    server = Server(tmp_path, extra_args=("--checkpoint-interval", "1h")).start()
    try:
        register(server, 4)
        pruned = cli(server, "audit", "prune", "--before", "2999-01-01", "--output", "json")
        assert pruned.returncode == 0, pruned.stderr
        through = json.loads(pruned.stdout)["prunedThrough"]
        assert through == 6
        register(server, 2, prefix="after")
        assert [e["sequence"] for e in server.api("GET", "/t/default/v1/audit").json()["events"]] == [7, 8]
        proof = cli(server, "audit", "proof", "--event", "3")
        assert proof.returncode == 0, "a pruned event's hash is still provable"
        server.api("POST", "/t/default/v1/audit/checkpoints")
    finally:
        server.stop()
    result = verify("--data-dir", str(tmp_path / "data"), "--tenant", "default")
    assert result.returncode == 0, result.stdout
    assert "8 events (6 pruned)" in result.stdout


WORKERS = 6


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_kill_9_under_issuance_loses_no_acknowledged_event_and_the_log_verifies(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url, extra_args=("--checkpoint-interval", "1s")).start()
    token_url = f"{server.url}/t/default/oauth2/token"
    workloads = [Workload(server, f"load{i}") for i in range(WORKERS)]
    acknowledged, attempted = set(), 0
    lock = threading.Lock()
    stop = threading.Event()

    def issue(workload):
        nonlocal attempted
        session = requests.Session()
        while not stop.is_set():
            with lock:
                attempted += 1
            try:
                response = session.post(token_url, data=token_form(workload, workload.assertion(token_url)), timeout=10)
            except requests.RequestException:
                return
            if response.status_code == 200:
                payload = response.json()["access_token"].split(".")[1]
                jti = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"]
                with lock:
                    acknowledged.add(jti)

    threads = [threading.Thread(target=issue, args=(w,)) for w in workloads]
    for thread in threads:
        thread.start()
    time.sleep(3.0)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 20, "the load should have issued tokens before the kill"

    if engine == "sqlite":
        crashed = verify("--data-dir", str(server.data_dir), "--tenant", "default")
        assert crashed.returncode == 0, "the log on disk verifies right after the crash: " + crashed.stdout
    restarted = Server(tmp_path, database_url=database_url).start()
    try:
        events, after = [], 0
        while True:
            page = restarted.api("GET", f"/t/default/v1/audit?after={after}&limit=1000").json()["events"]
            if not page:
                break
            events += page
            after = page[-1]["sequence"]
        assert [e["sequence"] for e in events] == list(range(1, len(events) + 1)), "no gap in the log"
        issued = [e["target"].removeprefix("credential:") for e in events if e["action"] == "credential.issue"]
        assert len(issued) == len(set(issued))
        assert acknowledged <= set(issued), f"acknowledged but not in the log: {sorted(acknowledged - set(issued))[:5]}"
        assert len(issued) - len(acknowledged) <= WORKERS, "at most the requests in flight at the kill were committed unacknowledged"
        restarted.api("POST", "/t/default/v1/audit/checkpoints")
    finally:
        restarted.stop()
    args = ["--database-url", database_url] if database_url else ["--data-dir", str(server.data_dir)]
    result = verify(*args, "--tenant", "default")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(events)} events" in result.stdout


def test_turning_the_audit_off_is_refused_outside_dev_mode(tmp_path):
    result = subprocess.run([BIN, "serve", "--unaudited-benchmark", "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path / "d")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "--unaudited-benchmark" in result.stdout + result.stderr and "--dev" in result.stdout + result.stderr
