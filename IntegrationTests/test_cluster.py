"""Several nodes, one truth: three `lanyard serve` nodes on one PostgreSQL behind HAProxy. A change acknowledged by one
node is enforced by the others within a second (revocations, suspensions, policy pushes), through the change stream
(docs/architecture.md, "State and the change stream")."""
import time

import pytest
import requests

from cluster import Cluster
from lanyard_harness import authzen
from oauth_support import Workload, token_form
from propagation import active, issue_tokens, revocation_delays, summary


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    instance = Cluster(tmp_path_factory.mktemp("cluster")).start()
    yield instance
    instance.stop()


def wait_until(predicate, timeout: float) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not true after {timeout}s")
        time.sleep(0.01)
    return time.monotonic() - started


def test_revocations_on_one_node_are_refused_by_the_others_within_a_second(cluster):
    a, b, c = cluster.nodes
    workload = Workload(a, "propagation-bot")
    tokens = issue_tokens(a, workload, 100)
    delays = revocation_delays(a, [b, c], tokens)
    figures = summary(delays)
    print("revocation propagation:", figures)
    assert figures["p99_ms"] < 1000, figures


def test_a_suspension_on_one_node_stops_issuance_and_introspection_on_the_others(cluster):
    a, b, c = cluster.nodes
    workload = Workload(a, "suspended-bot")
    token = issue_tokens(b, workload, 1)[0]  # b has the identity cached now
    session = requests.Session()
    assert active(session, c, token)
    response = a.api("POST", f"/t/default/v1/identities/{workload.id}/suspend", json={"reason": "incident"})
    assert response.status_code == 200, response.text
    delay = wait_until(lambda: not active(session, b, token) and not active(session, c, token), 3)
    assert delay < 1.0
    refused = requests.post(f"{b.url}/t/default/oauth2/token", data=token_form(workload, workload.assertion(f"{cluster.url}/t/default/oauth2/token")),
                            timeout=30)
    assert refused.status_code in (400, 401), refused.text


def test_a_policy_push_on_one_node_decides_on_the_others_within_a_second(cluster):
    a, b, c = cluster.nodes
    request = {"subject": {"type": "User", "id": "alice"}, "action": {"name": "read"}, "resource": {"type": "Doc", "id": "d1"}}
    for node in (b, c):  # both have compiled the current policies
        assert authzen(node, "evaluation", request)["decision"] is False
    pushed = a.api("PUT", "/t/default/v1/policies", json={
        "policies": 'permit (principal == User::"alice", action == Action::"read", resource);', "message": "let alice read"})
    assert pushed.status_code in (200, 201), pushed.text
    delay = wait_until(lambda: all(authzen(node, "evaluation", request)["decision"] is True for node in (b, c)), 3)
    assert delay < 1.0


def test_a_client_assertion_or_dpop_proof_used_on_one_node_is_refused_by_another(cluster):
    from test_dpop import ProofKey

    a, b, c = cluster.nodes
    workload = Workload(a, "replay-bot")
    public_endpoint = f"{cluster.url}/t/default/oauth2/token"
    form = token_form(workload, workload.assertion(public_endpoint))
    assert requests.post(f"{a.url}/t/default/oauth2/token", data=form, timeout=30).status_code == 200
    replayed = requests.post(f"{b.url}/t/default/oauth2/token", data=form, timeout=30)
    assert replayed.status_code == 401 and replayed.json()["error"] == "invalid_client", replayed.text
    assert "already used" in replayed.json()["error_description"]
    # The same assertion at another endpoint of another node: revocation accepts the token endpoint's audience too,
    # and records nothing durably, so only the shared claim refuses it.
    revoke = {"token": "x", "client_id": workload.id, "client_assertion_type": form["client_assertion_type"],
              "client_assertion": form["client_assertion"]}
    crossed = requests.post(f"{c.url}/t/default/oauth2/revoke", data=revoke, timeout=30)
    assert crossed.status_code == 401 and crossed.json()["error"] == "invalid_client", crossed.text
    assert "already used" in crossed.json()["error_description"]

    key = ProofKey("ES256")
    proof = key.proof("POST", public_endpoint)
    first = requests.post(f"{a.url}/t/default/oauth2/token", data=token_form(workload, workload.assertion(public_endpoint)),
                          headers={"DPoP": proof}, timeout=30)
    assert first.status_code == 200 and first.json()["token_type"] == "DPoP", first.text
    again = requests.post(f"{c.url}/t/default/oauth2/token", data=token_form(workload, workload.assertion(public_endpoint)),
                          headers={"DPoP": proof}, timeout=30)
    assert again.status_code == 400 and again.json()["error"] == "invalid_dpop_proof", again.text
    assert "already used" in again.json()["error_description"]
