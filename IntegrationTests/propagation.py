"""How long a change made on one node takes to be enforced on the others: the measurement behind
`scripts/bench-propagation` and `test_cluster.py`."""
from __future__ import annotations

import statistics
import time

import requests

from oauth_support import Workload, token_form


def issue_tokens(node, workload: Workload, count: int) -> list[str]:
    session = requests.Session()
    tokens = []
    endpoint = f"{node.url}/t/default/oauth2/token"
    audience = f"{getattr(node, 'public_url', node.url)}/t/default/oauth2/token"
    for _ in range(count):
        response = session.post(endpoint, data=token_form(workload, workload.assertion(audience)), timeout=30)
        assert response.status_code == 200, response.text
        tokens.append(response.json()["access_token"])
    return tokens


def active(session: requests.Session, node, token: str) -> bool:
    response = session.post(f"{node.url}/t/default/oauth2/introspect", data={"token": token},
                            headers={"Authorization": f"Bearer {node.token}"}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["active"]


def revocation_delays(writer, readers, tokens: list[str], timeout: float = 10.0) -> list[float]:
    """Revokes each token on `writer`, then measures until every reader's introspection says inactive (seconds,
    from the moment the revocation was acknowledged)."""
    session = requests.Session()
    delays = []
    for token in tokens:
        for reader in readers:
            assert active(session, reader, token), "a token must be active everywhere before it is revoked"
        response = session.post(f"{writer.url}/t/default/v1/credentials/revoke", json={"token": token},
                                headers={"Authorization": f"Bearer {writer.token}"}, timeout=30)
        assert response.status_code == 200 and response.json()["revoked"] == 1, response.text
        acknowledged = time.monotonic()
        pending = list(readers)
        while pending:
            pending = [reader for reader in pending if active(session, reader, token)]
            if pending and time.monotonic() - acknowledged > timeout:
                raise AssertionError(f"a revocation was still not enforced on {len(pending)} node(s) after {timeout}s")
        delays.append(time.monotonic() - acknowledged)
    return delays


def summary(delays: list[float]) -> dict:
    ordered = sorted(delays)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"count": len(ordered), "mean_ms": round(statistics.mean(ordered) * 1000, 2), "p50_ms": round(quantile(0.5) * 1000, 2),
            "p90_ms": round(quantile(0.9) * 1000, 2), "p99_ms": round(quantile(0.99) * 1000, 2), "max_ms": round(ordered[-1] * 1000, 2)}
