"""Start and stop real `lanyard serve` processes and run the real `lanyard` CLI against them."""
from __future__ import annotations

import base64
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import uuid

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = os.environ.get("LANYARD_BIN", str(ROOT / ".build" / "debug" / "lanyard"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `lanyard serve` child process on a free loopback port."""

    def __init__(self, workdir: pathlib.Path, database_url: str | None = None, extra_args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
        self.workdir = workdir
        self.env = env
        self.data_dir = workdir / "data"
        self.token_file = workdir / "bootstrap.token"
        self.database_url = database_url
        self.extra_args = extra_args
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = workdir / f"serve-{uuid.uuid4().hex[:6]}.log"
        self.kek_file = workdir / "kek"
        if not self.kek_file.exists():  # as in production: the key-encryption key lives apart from the data
            self.kek_file.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return self.token_file.read_text().strip()

    def start(self, timeout: float = 60.0) -> "Server":
        args = [BIN, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", str(self.data_dir),
                "--bootstrap-token-file", str(self.token_file), "--kek-file", str(self.kek_file),
                "--log-level", "warning", *self.extra_args]
        if self.database_url:
            args += ["--database-url", self.database_url]
        environment = {**os.environ, **self.env} if self.env else None
        self.process = subprocess.Popen(args, cwd=self.workdir, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT, env=environment)
        wait_ready(self.url, timeout, self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def api(self, method: str, path: str, token: str | None = "default", **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token == "default":
            token = self.token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kwargs)


def wait_ready(url: str, timeout: float, process: subprocess.Popen, log: pathlib.Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"lanyard serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url + "/readyz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"lanyard serve did not become ready in {timeout}s:\n{log.read_text()}")


def cli(server: Server | None, *args: str, token: str | None = None, env: dict | None = None,
        cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    """Runs the real CLI; LANYARD_ADDR/LANYARD_TOKEN select the server and token, as a builder would."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LANYARD_")}
    if server is not None:
        environment["LANYARD_ADDR"] = server.url
        environment["LANYARD_TOKEN"] = token if token is not None else server.token
    environment.update(env or {})
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=60)


def cli_json(server: Server, *args: str, **kwargs) -> dict:
    result = cli(server, *args, "--output", "json", **kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def new_postgres_database() -> str:
    """Creates an empty database on the test cluster (scripts/with-postgres) and returns its URL."""
    admin = os.environ.get("LANYARD_TEST_POSTGRES_URL")
    if not admin:
        raise RuntimeError("LANYARD_TEST_POSTGRES_URL is not set; run the tests through scripts/test")
    name = "lanyard_py_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return admin.rsplit("/", 1)[0] + "/" + name


def authzen(server: Server, endpoint: str, body: dict, tenant: str = "default", token: str | None = "default") -> dict:
    """POSTs an AuthZEN request (`evaluation`, `evaluations`, `search/subject`, …) and returns the 200 answer."""
    response = server.api("POST", f"/t/{tenant}/access/v1/{endpoint}", token=token, json=body)
    assert response.status_code == 200, f"{endpoint} answered {response.status_code}: {response.text}"
    return response.json()


def audit_events(server: Server, tenant: str = "default", token: str | None = "default") -> list[dict]:
    """The tenant's whole audit trail, oldest first (every page)."""
    events: list[dict] = []
    after = 0
    while True:
        response = server.api("GET", f"/t/{tenant}/v1/audit?after={after}&limit=1000", token=token)
        assert response.status_code == 200, response.text
        page = response.json()["events"]
        if not page:
            return events
        events += page
        after = page[-1]["sequence"]
