"""Several real `lanyard serve` nodes on one PostgreSQL database, behind a real HAProxy (Debian's package).

The nodes share the key-encryption key and the bootstrap token file (one work directory), as nodes of one deployment
would; each has its own port and log. HAProxy balances round-robin and takes a node out when its `/readyz` fails.
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import time

import requests

from lanyard_harness import Server, free_port, new_postgres_database


def haproxy_binary() -> str:
    path = shutil.which("haproxy") or ("/usr/sbin/haproxy" if pathlib.Path("/usr/sbin/haproxy").exists() else None)
    if not path:
        raise RuntimeError("haproxy is not installed; scripts/test installs it from Debian packages")
    return path


class Cluster:
    """`size` nodes on one new PostgreSQL database and a load balancer in front of them."""

    def __init__(self, workdir: pathlib.Path, size: int = 3, extra_args: tuple[str, ...] = ()):
        self.workdir = workdir
        self.database_url = new_postgres_database()
        self.port = free_port()
        # Every node names the balancer as its public URL: tokens and assertions carry it, whichever node serves.
        public = ("--public-url", self.url)
        self.nodes = [Server(workdir, database_url=self.database_url, extra_args=public + extra_args) for _ in range(size)]
        for node in self.nodes:
            node.public_url = self.url
        self.balancer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return self.nodes[0].token

    def start(self) -> "Cluster":
        for node in self.nodes:  # one at a time: the first bootstraps the database and writes the token file
            node.start()
        config = self.workdir / "haproxy.cfg"
        servers = "\n".join(
            f"    server node{i} 127.0.0.1:{node.port} check inter 500ms fall 2 rise 2" for i, node in enumerate(self.nodes))
        config.write_text(f"""global
    maxconn 2048
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 2
    option redispatch
frontend lanyard
    bind 127.0.0.1:{self.port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /readyz
{servers}
""")
        log = open(self.workdir / "haproxy.log", "ab")
        self.balancer = subprocess.Popen([haproxy_binary(), "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/readyz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("the load balancer did not come up:\n" + (self.workdir / "haproxy.log").read_text())

    def stop(self) -> None:
        if self.balancer and self.balancer.poll() is None:
            self.balancer.terminate()
            self.balancer.wait(timeout=10)
        for node in self.nodes:
            node.stop()

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        headers["Authorization"] = f"Bearer {self.token}"
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kwargs)
