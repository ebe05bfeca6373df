"""README's first command, word for word: `lanyard serve` with no flags, in a fresh directory."""
import re
import signal
import subprocess
import time

import requests

from lanyard_harness import BIN, cli


def test_serve_with_no_flags_uses_sqlite_in_lanyard_data_on_8080(tmp_path):
    environment = {"PATH": "/usr/bin:/bin"}
    log = tmp_path / "serve.log"
    process = subprocess.Popen([BIN, "serve"], cwd=tmp_path, env=environment, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                if requests.get("http://127.0.0.1:8080/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        output = log.read_text()
        token = re.search(r"export LANYARD_TOKEN=(lyadm_\w+)", output)
        assert token, output
        assert (tmp_path / "lanyard-data" / "lanyard.db").exists()
        result = cli(None, "identity", "register", "--name", "support-bot", "--kind", "agent", "--owner", "alice",
                     "--purpose", "triage tickets", "--environment", "sandbox",
                     env={"LANYARD_TOKEN": token.group(1)})
        assert result.returncode == 0, result.stderr
        assert "spiffe://lanyard.local/agent/support-bot" in result.stdout
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    assert process.returncode == 0

    # A second start finds the data and prints no new token.
    log2 = tmp_path / "serve2.log"
    again = subprocess.Popen([BIN, "serve"], cwd=tmp_path, env=environment, stdout=open(log2, "wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "listening" not in log2.read_text():
            time.sleep(0.1)
        assert "listening" in log2.read_text()
        assert "LANYARD_TOKEN" not in log2.read_text()
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=15)
