"""OIDC federation against the real binary: a fake external issuer (its own keys, OIDC discovery and JWKS on
loopback, tokens signed with PyJWT) and RFC 8693 token exchange of its JWTs for Lanyard access tokens.

Proves: matching claims give a token that PyJWT verifies against Lanyard's JWKS; every mismatch (claim, audience,
expiry, issuer, key, algorithm) is refused with the RFC 8693 error and a description saying which, issuing nothing
and auditing the refusal; a rotated issuer key works after a refetch and the removed key is refused; an issuer
whose JWKS cannot be fetched gets `temporarily_unavailable` (503) and nothing is issued; `lanyard identity trust
add/list/remove` end to end."""
import base64
import hashlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt as pyjwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from lanyard_harness import Server, cli, cli_json, free_port
from oauth_support import audit_actions

EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt"
ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"
AUDIENCE = "lanyard-test"
REPO = {"repository_id": "424242", "repository": "acme/app", "ref": "refs/heads/main", "workflow": "deploy"}


class FakeIssuer:
    """An OIDC issuer on loopback: discovery document and JWKS over plain HTTP, keys it signs tokens with."""

    def __init__(self):
        self.keys: dict[str, object] = {}  # kid -> private key (RSA or EC)
        self.published: list[str] = []  # kids in the JWKS
        self.jwks_requests = 0
        self.traceparents: list[str | None] = []  # the W3C traceparent of each request (test_observability.py)
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                issuer.traceparents.append(self.headers.get("traceparent"))
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": issuer.url, "jwks_uri": issuer.url + "/keys"}
                elif self.path == "/keys":
                    issuer.jwks_requests += 1
                    body = {"keys": [issuer.public_jwk(kid) for kid in issuer.published]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add_key(self, kind="RSA", publish=True) -> str:
        kid = uuid.uuid4().hex[:12]
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048) if kind == "RSA" else ec.generate_private_key(ec.SECP256R1())
        if publish:
            self.published.append(kid)
        return kid

    def public_jwk(self, kid: str) -> dict:
        key = self.keys[kid]
        algorithm = pyjwt.algorithms.RSAAlgorithm if isinstance(key, rsa.RSAPrivateKey) else pyjwt.algorithms.ECAlgorithm
        jwk = json.loads(algorithm.to_jwk(key.public_key()))
        jwk.update(kid=kid, use="sig", alg="RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256")
        return jwk

    def token(self, kid: str | None = None, issuer: str | None = None, **claims) -> str:
        kid = kid or self.published[0]
        key = self.keys[kid]
        now = int(time.time())
        body = {"iss": issuer or self.url, "sub": "repo:acme/app:ref:refs/heads/main", "aud": AUDIENCE, "iat": now, "nbf": now - 5,
                "exp": now + 300, "jti": uuid.uuid4().hex, **REPO}
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        algorithm = "RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256"
        return pyjwt.encode(body, key, algorithm=algorithm, headers={"kid": kid})

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fed_server(tmp_path):
    instance = Server(tmp_path, extra_args=("--federation-min-refresh", "1s")).start()
    yield instance
    instance.stop()


@pytest.fixture
def issuer():
    fake = FakeIssuer()
    fake.add_key()
    yield fake
    fake.stop()


def register(server, name, **extra) -> dict:
    body = {"name": name, "kind": "pipeline", "owner": "alice", "purpose": "deploys from CI", **extra}
    response = server.api("POST", "/t/default/v1/identities", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def add_trust(server, identity, issuer_url, audience=AUDIENCE, conditions=None) -> dict:
    if conditions is None:
        conditions = [{"name": "repository_id", "value": "424242"}, {"name": "ref", "value": "refs/heads/main"}]
    response = server.api("POST", f"/t/default/v1/identities/{identity['id']}/trusts",
                          json={"issuer": issuer_url, "audience": audience, "conditions": conditions})
    assert response.status_code == 201, response.text
    return response.json()


def exchange(server, identity, subject_token, **extra) -> requests.Response:
    form = {"grant_type": EXCHANGE, "subject_token_type": JWT_TYPE, "subject_token": subject_token, "client_id": identity["id"],
            "scope": "build", **extra}
    return requests.post(f"{server.url}/t/default/oauth2/token", data=form, timeout=30)


def credential_count(server, identity) -> int:
    response = server.api("GET", f"/t/default/v1/credentials?identity={identity['id']}")
    assert response.status_code == 200, response.text
    return len(response.json()["credentials"])


def refused(server, identity, response, status, code, *phrases):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code, body
    for phrase in phrases:
        assert phrase in body["error_description"], body
    assert credential_count(server, identity) == 0, "a refused exchange must issue nothing"
    assert audit_actions(server)[-1] == "credential.refuse"


def test_matching_claims_give_a_lanyard_token_verified_by_pyjwt(fed_server, issuer):
    identity = register(fed_server, "deployer")
    trust = add_trust(fed_server, identity, issuer.url)
    assert trust["id"].startswith("trs_") and trust["identityId"] == identity["id"] and trust["issuer"] == issuer.url

    response = exchange(fed_server, identity, issuer.token(), scope="build test")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["issued_token_type"] == ACCESS_TOKEN and answer["token_type"] == "Bearer" and answer["scope"] == "build test"

    lanyard_issuer = f"{fed_server.url}/t/default"
    signing_key = pyjwt.PyJWKClient(f"{lanyard_issuer}/.well-known/jwks.json").get_signing_key_from_jwt(answer["access_token"])
    claims = pyjwt.decode(answer["access_token"], signing_key.key, algorithms=["EdDSA", "ES256", "RS256"], audience=lanyard_issuer,
                          issuer=lanyard_issuer)
    assert claims["sub"] == identity["id"] and claims["scope"] == "build test"
    assert fed_server.api("POST", "/t/default/oauth2/introspect", data={"token": answer["access_token"]}).json()["active"] is True

    # The identity can also be named by its name; a second exchange of the same external token works (no replay guard).
    assert exchange(fed_server, {"id": "deployer"}, issuer.token()).status_code == 200
    assert credential_count(fed_server, identity) == 2

    events = fed_server.api("GET", "/t/default/v1/audit?action=credential.federate").json()["events"]
    federated = [e for e in events if e["action"] == "credential.federate"]
    assert federated and federated[0]["details"]["trust"] == trust["id"]
    assert federated[0]["details"]["external_iss"] == issuer.url
    assert federated[0]["details"]["external_sub"] == "repo:acme/app:ref:refs/heads/main"
    assert issuer.jwks_requests == 1, "the issuer's keys are cached"


def test_nested_claims_by_dotted_name(fed_server, issuer):
    identity = register(fed_server, "k8s-job")
    add_trust(fed_server, identity, issuer.url, conditions=[{"name": "kubernetes.io.namespace", "value": "ci"},
                                                           {"name": "kubernetes.io.serviceaccount.name", "value": "builder"}])
    good = issuer.token(**{"kubernetes.io": {"namespace": "ci", "serviceaccount": {"name": "builder", "uid": "x"}}})
    assert exchange(fed_server, identity, good).status_code == 200
    bad = issuer.token(**{"kubernetes.io": {"namespace": "prod", "serviceaccount": {"name": "builder"}}})
    response = exchange(fed_server, identity, bad)
    assert response.status_code == 400 and "kubernetes.io.namespace" in response.json()["error_description"]


def test_mismatches_are_refused_with_rfc8693_errors_and_issue_nothing(fed_server, issuer):
    identity = register(fed_server, "deployer", allowedDestinations=["https://api.example.com"])
    trust = add_trust(fed_server, identity, issuer.url)

    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(repository_id="999")), 400, "invalid_request",
            "claim 'repository_id' does not match", trust["id"])
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(ref=None)), 400, "invalid_request", "no claim 'ref'")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(aud="someone-else")), 400, "invalid_request",
            f"aud does not contain '{AUDIENCE}'")
    now = int(time.time())
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(exp=now - 600, iat=now - 900, nbf=now - 900)), 400,
            "invalid_request", "expired")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(exp=None)), 400, "invalid_request", "no exp")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(nbf=now + 3600)), 400, "invalid_request", "nbf")

    other = FakeIssuer()
    try:
        other.add_key()
        refused(fed_server, identity, exchange(fed_server, identity, other.token()), 400, "invalid_request", "does not trust issuer")
        # A token claiming our trusted issuer but signed by a key the issuer does not publish (unknown kid)…
        stray = issuer.add_key(publish=False)
        refused(fed_server, identity, exchange(fed_server, identity, issuer.token(kid=stray)), 400, "invalid_request", "does not publish")
        # … or by a foreign key under a published kid.
        forged = pyjwt.decode(other.token(), options={"verify_signature": False})
        forged.update(iss=issuer.url, **REPO)
        forged_token = pyjwt.encode(forged, other.keys[other.published[0]], algorithm="RS256", headers={"kid": issuer.published[0]})
        refused(fed_server, identity, exchange(fed_server, identity, forged_token), 400, "invalid_request", "signature does not verify")
    finally:
        other.stop()

    hs = pyjwt.encode({"iss": issuer.url, "aud": AUDIENCE, "exp": now + 60, **REPO}, "x" * 32, algorithm="HS256")
    refused(fed_server, identity, exchange(fed_server, identity, hs), 400, "invalid_request", "alg 'HS256' is not accepted")
    refused(fed_server, identity, exchange(fed_server, identity, "not-a-jwt"), 400, "invalid_request", "not a JWT")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(), client_id=""), 400, "invalid_request", "client_id is required")
    refused(fed_server, identity, exchange(fed_server, {"id": "idn_nobody"}, issuer.token()), 400, "invalid_request", "no identity")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(), resource="https://elsewhere.example.com"), 400,
            "invalid_target", "outside this identity's allowed destinations")
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token(), scope="admin:everything"), 400, "invalid_scope",
            "not allowed by template")

    # An identity that is suspended gets nothing even with a matching token.
    assert fed_server.api("POST", f"/t/default/v1/identities/{identity['id']}/suspend", json={"reason": "test"}).status_code == 200
    refused(fed_server, identity, exchange(fed_server, identity, issuer.token()), 400, "invalid_request", "suspended")


def test_rotated_issuer_key_works_after_refetch_and_removed_key_is_refused(fed_server, issuer):
    identity = register(fed_server, "deployer")
    add_trust(fed_server, identity, issuer.url)
    old = issuer.published[0]
    assert exchange(fed_server, identity, issuer.token(kid=old)).status_code == 200
    assert issuer.jwks_requests == 1

    new = issuer.add_key(kind="EC", publish=False)
    issuer.published = [new]  # rotation: the old key is withdrawn, the new one published
    time.sleep(1.2)  # past --federation-min-refresh
    response = exchange(fed_server, identity, issuer.token(kid=new))
    assert response.status_code == 200, response.text
    assert issuer.jwks_requests == 2, "an unknown kid makes Lanyard fetch the JWKS again"

    response = exchange(fed_server, identity, issuer.token(kid=old))
    assert response.status_code == 400 and "does not publish" in response.json()["error_description"], response.text

    # Unknown kids do not make Lanyard hammer the issuer: at most one refetch per interval.
    requests_before = issuer.jwks_requests
    for _ in range(5):
        exchange(fed_server, identity, issuer.token(kid=issuer.add_key(publish=False)))
    assert issuer.jwks_requests - requests_before <= 1


def test_unreachable_issuer_keys_give_a_clear_error_and_nothing_is_issued(fed_server, issuer):
    identity = register(fed_server, "deployer")
    add_trust(fed_server, identity, issuer.url)
    assert exchange(fed_server, identity, issuer.token()).status_code == 200
    issued = credential_count(fed_server, identity)

    rotated = issuer.add_key()
    token = issuer.token(kid=rotated)
    issuer.stop()
    time.sleep(1.2)
    response = exchange(fed_server, identity, token)
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["error"] == "temporarily_unavailable" and "could not be fetched" in body["error_description"], body
    assert credential_count(fed_server, identity) == issued
    assert audit_actions(fed_server)[-1] == "credential.refuse"

    # An issuer that was never reachable: the first exchange fails the same way.
    dead = f"http://127.0.0.1:{free_port()}"
    other = register(fed_server, "other")
    add_trust(fed_server, other, dead)
    response = exchange(fed_server, other, issuer.token(issuer=dead, kid=rotated))
    assert response.status_code == 503 and response.json()["error"] == "temporarily_unavailable", response.text
    assert credential_count(fed_server, other) == 0


def test_trust_admin_api_validates_input(fed_server, issuer):
    identity = register(fed_server, "deployer")
    path = f"/t/default/v1/identities/{identity['id']}/trusts"

    def status(body):
        return fed_server.api("POST", path, json=body).status_code

    assert status({"issuer": "http://ci.example.com", "audience": "a"}) == 422  # plain http off loopback
    assert status({"issuer": "ftp://ci.example.com", "audience": "a"}) == 422
    assert status({"issuer": "https://ci.example.com?x=1", "audience": "a"}) == 422
    assert status({"issuer": "https://ci.example.com", "audience": ""}) == 422
    assert status({"issuer": "https://ci.example.com", "audience": "a" * 300}) == 422
    too_many = [{"name": f"c{i}", "value": "v"} for i in range(17)]
    assert status({"issuer": "https://ci.example.com", "audience": "a", "conditions": too_many}) == 422
    assert status({"issuer": "https://ci.example.com", "audience": "a", "conditions": [{"name": "aud", "value": "v"}]}) == 422
    assert status({"issuer": "https://ci.example.com", "audience": "a", "extra": 1}) == 400
    assert status({"issuer": "https://token.actions.githubusercontent.com", "audience": "a"}) == 201
    assert status({"issuer": "http://localhost:9999", "audience": "a"}) == 201
    assert fed_server.api("POST", path, json={"issuer": "https://x.example.com", "audience": "a"}, token=None).status_code == 401
    assert fed_server.api("GET", "/t/default/v1/identities/idn_nobody/trusts").status_code == 404
    assert fed_server.api("DELETE", path + "/trs_nothing").status_code == 404


def test_cli_trust_add_list_remove(fed_server, issuer):
    identity = register(fed_server, "deployer")
    added = cli_json(fed_server, "identity", "trust", "add", "deployer", "--issuer", issuer.url, "--audience", AUDIENCE,
                     "--claim", "repository_id=424242", "--claim", "ref=refs/heads/main")
    assert added["id"].startswith("trs_") and added["conditions"] == [{"name": "repository_id", "value": "424242"},
                                                                       {"name": "ref", "value": "refs/heads/main"}]
    listed = cli_json(fed_server, "identity", "trust", "list", identity["id"])
    assert [t["id"] for t in listed["trusts"]] == [added["id"]]
    table = cli(fed_server, "identity", "trust", "list", "deployer")
    assert table.returncode == 0 and added["id"] in table.stdout and issuer.url in table.stdout

    assert exchange(fed_server, identity, issuer.token()).status_code == 200

    bad = cli(fed_server, "identity", "trust", "add", "deployer", "--issuer", "http://ci.example.com", "--audience", "a")
    assert bad.returncode != 0 and "issuer" in bad.stderr
    malformed = cli(fed_server, "identity", "trust", "add", "deployer", "--issuer", issuer.url, "--audience", "a", "--claim", "novalue")
    assert malformed.returncode != 0 and "NAME=VALUE" in malformed.stderr

    removed = cli(fed_server, "identity", "trust", "remove", "deployer", added["id"])
    assert removed.returncode == 0, removed.stderr
    assert cli_json(fed_server, "identity", "trust", "list", "deployer")["trusts"] == []
    response = exchange(fed_server, identity, issuer.token())
    assert response.status_code == 400 and "does not trust issuer" in response.json()["error_description"]
    actions = audit_actions(fed_server)
    assert "identity.trust.add" in actions and "identity.trust.remove" in actions


def test_lanyard_run_with_a_federated_token_file(fed_server, issuer, tmp_path):
    import os
    import subprocess

    from lanyard_harness import BIN

    identity = register(fed_server, "ci-job")
    add_trust(fed_server, identity, issuer.url)
    federated = tmp_path / "ci-token"
    federated.write_text(issuer.token() + "\n")
    out = tmp_path / "token.out"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LANYARD_")}
    environment["LANYARD_ADDR"] = fed_server.url
    result = subprocess.run(
        [BIN, "run", "--identity", identity["id"], "--federated-token-file", str(federated), "--intent", "deploy from CI",
         "--scope", "build", "--", "sh", "-c", f'echo "$LANYARD_TOKEN" > {out}; echo "$LANYARD_TASK" >> {out}'],
        env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    token, task = out.read_text().split()
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert claims["task"] == task and claims["sub"] == identity["id"] and claims["scope"] == "build"
    assert fed_server.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json()["active"] is False
    assert fed_server.api("GET", f"/t/default/v1/tasks/{task}").json()["status"] == "ended"
    assert audit_actions(fed_server).count("credential.federate") >= 2

    # A token file the trust does not accept: nothing runs.
    federated.write_text(issuer.token(repository_id="1"))
    refused_run = subprocess.run(
        [BIN, "run", "--identity", identity["id"], "--federated-token-file", str(federated), "--intent", "x", "--scope", "build", "--",
         "sh", "-c", f"touch {tmp_path / 'ran'}"], env=environment, capture_output=True, text=True, timeout=60)
    assert refused_run.returncode != 0 and "repository_id" in refused_run.stderr
    assert not (tmp_path / "ran").exists()


def test_trusts_and_exchange_on_postgresql_survive_a_restart(tmp_path, issuer):
    from lanyard_harness import new_postgres_database

    server = Server(tmp_path, new_postgres_database(), extra_args=("--federation-min-refresh", "1s")).start()
    try:
        identity = register(server, "deployer")
        trust = add_trust(server, identity, issuer.url)
        assert exchange(server, identity, issuer.token()).status_code == 200
        server.stop()
        server.start()
        assert [t["id"] for t in server.api("GET", f"/t/default/v1/identities/{identity['id']}/trusts").json()["trusts"]] == [trust["id"]]
        assert exchange(server, identity, issuer.token()).status_code == 200
        assert exchange(server, identity, issuer.token(ref="refs/heads/dev")).status_code == 400
        assert server.api("DELETE", f"/t/default/v1/identities/{identity['id']}/trusts/{trust['id']}").status_code == 204
        assert exchange(server, identity, issuer.token()).status_code == 400
    finally:
        server.stop()


def test_dpop_binds_federated_tokens_and_a_template_requiring_it_is_enforced(fed_server, issuer):
    created = fed_server.api("POST", "/t/default/v1/templates", json={
        "name": "ci-dpop", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["build"], "requireDPoP": True})
    assert created.status_code == 201, created.text
    identity = register(fed_server, "bound-deployer", template="ci-dpop")
    add_trust(fed_server, identity, issuer.url)

    refused(fed_server, identity, exchange(fed_server, identity, issuer.token()), 400, "invalid_request", "requires DPoP")

    # A proof made here with PyJWT: the federated token comes back bound to the proof's key.
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    def b64(value: int) -> str:
        return base64.urlsafe_b64encode(value.to_bytes(32, "big")).rstrip(b"=").decode()
    jwk = {"kty": "EC", "crv": "P-256", "x": b64(numbers.x), "y": b64(numbers.y)}
    thumbprint = base64.urlsafe_b64encode(hashlib.sha256(
        json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"), sort_keys=True).encode()).digest()).rstrip(b"=").decode()
    token_endpoint = f"{fed_server.url}/t/default/oauth2/token"
    proof = pyjwt.encode({"jti": uuid.uuid4().hex, "htm": "POST", "htu": token_endpoint, "iat": int(time.time())}, key,
                         algorithm="ES256", headers={"typ": "dpop+jwt", "jwk": jwk})
    form = {"grant_type": EXCHANGE, "subject_token_type": JWT_TYPE, "subject_token": issuer.token(), "client_id": identity["id"],
            "scope": "build"}
    response = requests.post(token_endpoint, data=form, headers={"DPoP": proof}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "DPoP"
    introspection = fed_server.api("POST", "/t/default/oauth2/introspect", data={"token": response.json()["access_token"]}).json()
    assert introspection["active"] is True and introspection["cnf"] == {"jkt": thumbprint}
    # The same proof again is a replay.
    replayed = requests.post(token_endpoint, data={**form, "subject_token": issuer.token()}, headers={"DPoP": proof}, timeout=30)
    assert replayed.status_code == 400 and replayed.json()["error"] == "invalid_dpop_proof"
