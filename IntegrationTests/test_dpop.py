"""DPoP (RFC 9449) against the real binary: proofs are made here with PyJWT and `cryptography` (no library at hand
makes DPoP proofs), key thumbprints are computed independently (joserfc and by hand, RFC 7638), and issued tokens
are verified with PyJWT's PyJWKClient against the published JWKS."""
import base64
import hashlib
import http.client
import json
import time
import urllib.parse
import uuid

import jwt as pyjwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from joserfc.jwk import ECKey, OKPKey, RSAKey

from lanyard_harness import cli, cli_json
from oauth_support import Workload, audit_actions, token_form, unsigned

EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class ProofKey:
    """A client's DPoP key pair, and proofs made with it."""

    def __init__(self, alg: str = "ES256"):
        self.alg = alg
        if alg == "ES256":
            self.private_key = ec.generate_private_key(ec.SECP256R1())
            self.jwk = ECKey.import_key(self.private_key.public_key()).as_dict(private=False)
            self.joserfc = ECKey.import_key(self.private_key.public_key())
        elif alg == "EdDSA":
            self.private_key = ed25519.Ed25519PrivateKey.generate()
            self.jwk = OKPKey.import_key(self.private_key.public_key()).as_dict(private=False)
            self.joserfc = OKPKey.import_key(self.private_key.public_key())
        else:
            self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.jwk = RSAKey.import_key(self.private_key.public_key()).as_dict(private=False)
            self.joserfc = RSAKey.import_key(self.private_key.public_key())
        self.jwk = {k: v for k, v in self.jwk.items() if k not in ("kid", "alg", "use")}

    def thumbprint_by_hand(self) -> str:
        """RFC 7638 §3: the required members, sorted, no whitespace, SHA-256, base64url."""
        required = {"EC": ["crv", "kty", "x", "y"], "OKP": ["crv", "kty", "x"], "RSA": ["e", "kty", "n"]}[self.jwk["kty"]]
        canonical = json.dumps({k: self.jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
        return b64url(hashlib.sha256(canonical.encode()).digest())

    def proof(self, method: str, url: str, token: str | None = None, header: dict | None = None, key=None,
              algorithm: str | None = None, **claims) -> str:
        body = {"jti": uuid.uuid4().hex, "htm": method, "htu": url, "iat": int(time.time())}
        if token is not None:
            body["ath"] = b64url(hashlib.sha256(token.encode()).digest())
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        headers = {"typ": "dpop+jwt", "jwk": self.jwk, **(header or {})}
        return pyjwt.encode(body, key if key is not None else self.private_key, algorithm=algorithm or self.alg, headers=headers)


def token_endpoint(server, tenant="default"):
    return f"{server.url}/t/{tenant}/oauth2/token"


def request_token(server, workload, proof: str | None = None, headers: dict | None = None, **extra):
    endpoint = token_endpoint(server)
    all_headers = dict(headers or {})
    if proof is not None:
        all_headers["DPoP"] = proof
    return requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), **extra), headers=all_headers, timeout=10)


def post_with_repeated_headers(url: str, form: dict, headers: list[tuple[str, str]]):
    """A form POST with the header list as given (requests would merge repeated names)."""
    parsed = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode(form).encode()
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    connection.putrequest("POST", parsed.path)
    for name, value in headers + [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", str(len(body)))]:
        connection.putheader(name, value)
    connection.endheaders(body)
    response = connection.getresponse()
    answer = (response.status, json.loads(response.read()))
    connection.close()
    return answer


def introspect(server, token):
    response = server.api("POST", "/t/default/oauth2/introspect", data={"token": token})
    assert response.status_code == 200, response.text
    return response.json()


def refused_proof(response):
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_dpop_proof", response.text
    return response.json()["error_description"]


def test_bound_token_issued_verified_and_introspected(server):
    workload = Workload(server, "dpop-agent")
    key = ProofKey("ES256")
    response = request_token(server, workload, key.proof("POST", token_endpoint(server)))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["token_type"] == "DPoP"
    token = answer["access_token"]

    metadata = requests.get(f"{server.url}/t/default/.well-known/openid-configuration", timeout=10).json()
    assert set(metadata["dpop_signing_alg_values_supported"]) == {"ES256", "EdDSA", "RS256"}
    signing_key = pyjwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(token)
    claims = pyjwt.decode(token, signing_key.key, algorithms=["EdDSA", "ES256"], audience=metadata["issuer"], issuer=metadata["issuer"])
    assert claims["cnf"]["jkt"] == key.thumbprint_by_hand() == key.joserfc.thumbprint()

    introspection = introspect(server, token)
    assert introspection["active"] is True
    assert introspection["cnf"] == {"jkt": key.joserfc.thumbprint()} and introspection["token_type"] == "DPoP"
    assert "credential.issue" in audit_actions(server)

    # Without a proof the same client gets an ordinary bearer token, without cnf.
    plain = request_token(server, workload)
    assert plain.status_code == 200 and plain.json()["token_type"] == "Bearer"
    assert "cnf" not in pyjwt.decode(plain.json()["access_token"], options={"verify_signature": False})
    assert "cnf" not in introspect(server, plain.json()["access_token"])


@pytest.mark.parametrize("alg", ["EdDSA", "RS256"])
def test_other_proof_algorithms(server, alg):
    workload = Workload(server, f"dpop-{alg.lower()}")
    key = ProofKey(alg)
    response = request_token(server, workload, key.proof("POST", token_endpoint(server)))
    assert response.status_code == 200, response.text
    claims = pyjwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["cnf"]["jkt"] == key.joserfc.thumbprint() == key.thumbprint_by_hand()


def test_token_endpoint_refuses_bad_proofs(server):
    workload = Workload(server, "dpop-refusals")
    key = ProofKey("ES256")
    url = token_endpoint(server)

    replayed = key.proof("POST", url)
    assert request_token(server, workload, replayed).status_code == 200
    assert "already used" in refused_proof(request_token(server, workload, replayed))

    refused_proof(request_token(server, workload, key.proof("GET", url)))                       # wrong htm
    refused_proof(request_token(server, workload, key.proof("POST", f"{server.url}/t/default/oauth2/introspect")))  # wrong htu
    refused_proof(request_token(server, workload, key.proof("POST", url, iat=int(time.time()) - 300)))  # stale iat
    refused_proof(request_token(server, workload, key.proof("POST", url, iat=int(time.time()) + 300)))  # future iat
    refused_proof(request_token(server, workload, key.proof("POST", url, header={"typ": "JWT"})))
    refused_proof(request_token(server, workload, key.proof("POST", url, jti=None)))
    refused_proof(request_token(server, workload, key.proof("POST", url, jti="j" * 300)))
    # alg none and HMAC are never accepted.
    none = unsigned({"typ": "dpop+jwt", "alg": "none", "jwk": key.jwk},
                    {"jti": uuid.uuid4().hex, "htm": "POST", "htu": url, "iat": int(time.time())})
    refused_proof(request_token(server, workload, none))
    refused_proof(request_token(server, workload, key.proof("POST", url, key=b"a-shared-secret-of-32-bytes-long!", algorithm="HS256")))
    # A private key in the jwk header.
    private_jwk = ECKey.import_key(key.private_key).as_dict(private=True)
    refused_proof(request_token(server, workload, key.proof("POST", url, header={"jwk": private_jwk})))
    # Signed by another key than the jwk says.
    refused_proof(request_token(server, workload, key.proof("POST", url, key=ec.generate_private_key(ec.SECP256R1()))))
    # Exactly one DPoP header.
    status, body = post_with_repeated_headers(url, token_form(workload, workload.assertion(url)),
                                              [("DPoP", key.proof("POST", url)), ("DPoP", key.proof("POST", url))])
    assert status == 400 and body["error"] == "invalid_dpop_proof", body
    refused_proof(request_token(server, workload, "not-a-jwt"))
    assert "credential.refuse" in audit_actions(server)


def test_template_requiring_dpop(server):
    created = server.api("POST", "/t/default/v1/templates", json={
        "name": "dpop-only", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["read"], "requireDPoP": True})
    assert created.status_code == 201, created.text
    assert created.json()["requireDPoP"] is True
    assert server.api("GET", "/t/default/v1/templates/dpop-only").json()["requireDPoP"] is True
    assert server.api("GET", "/t/default/v1/templates/agent").json()["requireDPoP"] is False

    workload = Workload(server, "dpop-required", template="dpop-only")
    refused = request_token(server, workload)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    assert "template requires DPoP" in refused.json()["error_description"]
    key = ProofKey("EdDSA")
    bound = request_token(server, workload, key.proof("POST", token_endpoint(server)))
    assert bound.status_code == 200 and bound.json()["token_type"] == "DPoP", bound.text


def test_resource_endpoints_require_the_proof_for_bound_tokens(server):
    workload = Workload(server, "dpop-resource")
    key = ProofKey("ES256")
    token = request_token(server, workload, key.proof("POST", token_endpoint(server))).json()["access_token"]
    tasks = f"{server.url}/t/default/v1/tasks"
    svid = f"{server.url}/t/default/spiffe/jwt-svid"

    # As a plain bearer token: refused with a DPoP challenge.
    for url, body in [(tasks, {"intent": "x"}), (svid, {"audience": "https://api.example"})]:
        stripped = requests.post(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert stripped.status_code == 401, stripped.text
        assert stripped.headers["WWW-Authenticate"].startswith('DPoP error="invalid_token"')
        # As DPoP without a proof.
        missing = requests.post(url, json=body, headers={"Authorization": f"DPoP {token}"}, timeout=10)
        assert missing.status_code == 401 and 'error="invalid_dpop_proof"' in missing.headers["WWW-Authenticate"]

    # As DPoP with a correct proof: accepted.
    proof = key.proof("POST", tasks, token=token)
    opened = requests.post(tasks, json={"intent": "bound work"}, headers={"Authorization": f"DPoP {token}", "DPoP": proof}, timeout=10)
    assert opened.status_code == 201, opened.text
    task_id = opened.json()["id"]
    # The same proof again: a replay.
    replay = requests.post(tasks, json={"intent": "bound work"}, headers={"Authorization": f"DPoP {token}", "DPoP": proof}, timeout=10)
    assert replay.status_code == 401 and 'error="invalid_dpop_proof"' in replay.headers["WWW-Authenticate"]
    # Wrong ath, wrong htm, wrong htu, another key.
    for bad in [key.proof("POST", tasks, token=token + "x"), key.proof("GET", tasks, token=token),
                key.proof("POST", svid, token=token), ProofKey("ES256").proof("POST", tasks, token=token),
                key.proof("POST", tasks)]:
        refused = requests.post(tasks, json={"intent": "x"}, headers={"Authorization": f"DPoP {token}", "DPoP": bad}, timeout=10)
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"] == "invalid_dpop_proof"
    # GET with the task's own URL as htu.
    task_url = f"{tasks}/{task_id}"
    read = requests.get(task_url, headers={"Authorization": f"DPoP {token}", "DPoP": key.proof("GET", task_url, token=token)}, timeout=10)
    assert read.status_code == 200, read.text

    # The SVID endpoint, with a proof for it.
    answer = requests.post(svid, json={"audience": "https://api.example"},
                           headers={"Authorization": f"DPoP {token}", "DPoP": key.proof("POST", svid, token=token)}, timeout=10)
    assert answer.status_code == 200, answer.text

    # An unbound token stays a bearer token, and is not accepted under the DPoP scheme.
    plain = request_token(server, workload).json()["access_token"]
    assert requests.post(tasks, json={"intent": "x"}, headers={"Authorization": f"Bearer {plain}"}, timeout=10).status_code == 201
    wrong_scheme = requests.post(tasks, json={"intent": "x"},
                                 headers={"Authorization": f"DPoP {plain}", "DPoP": key.proof("POST", tasks, token=plain)}, timeout=10)
    assert wrong_scheme.status_code == 401


def test_exchange_of_a_bound_token_needs_its_key_and_stays_bound(server):
    workload = Workload(server, "dpop-exchange")
    key = ProofKey("ES256")
    url = token_endpoint(server)
    parent = request_token(server, workload, key.proof("POST", url)).json()["access_token"]
    form = {"grant_type": EXCHANGE, "subject_token": parent, "subject_token_type": ACCESS_TOKEN, "scope": "read"}

    without = requests.post(url, data=form, timeout=10)
    refused_proof(without)
    other_key = requests.post(url, data=form, headers={"DPoP": ProofKey("ES256").proof("POST", url)}, timeout=10)
    refused_proof(other_key)

    child = requests.post(url, data=form, headers={"DPoP": key.proof("POST", url)}, timeout=10)
    assert child.status_code == 200, child.text
    assert child.json()["token_type"] == "DPoP"
    claims = pyjwt.decode(child.json()["access_token"], options={"verify_signature": False})
    assert claims["cnf"]["jkt"] == key.joserfc.thumbprint()

    # An unbound parent exchanged with a proof gives a child bound to that proof's key.
    plain = request_token(server, workload).json()["access_token"]
    bound_child = requests.post(url, data={**form, "subject_token": plain}, headers={"DPoP": key.proof("POST", url)}, timeout=10)
    assert bound_child.status_code == 200 and bound_child.json()["token_type"] == "DPoP"


def test_cli_template_require_dpop_and_token_issue_dpop(server, tmp_path):
    template = cli_json(server, "template", "create", "cli-bound", "--default-ttl", "7d", "--max-ttl", "30d", "--scope", "read",
                        "--require-dpop")
    assert template["requireDPoP"] is True
    shown = cli(server, "template", "show", "cli-bound")
    assert shown.returncode == 0 and "require dpop" in shown.stdout and "yes" in shown.stdout

    workload = Workload(server, "cli-bound-bot", template="cli-bound")
    key_file = tmp_path / "key.pem"
    key_file.write_text(workload.pem)
    key_file.chmod(0o600)
    refused = cli(server, "token", "issue", "--identity", workload.id, "--key-file", str(key_file), "--scope", "read")
    assert refused.returncode != 0 and "template requires DPoP" in (refused.stderr + refused.stdout)

    issued = cli(server, "token", "issue", "--identity", workload.id, "--key-file", str(key_file), "--scope", "read", "--dpop")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    # The CLI binds the token to the identity's own key: cnf.jkt is that key's RFC 7638 thumbprint.
    expected = (OKPKey if workload.alg == "EdDSA" else ECKey).import_key(workload.private_key.public_key()).thumbprint()
    inspected = cli_json(server, "token", "inspect", token)
    assert inspected["claims"]["cnf"]["jkt"] == expected
    assert inspected["introspection"]["cnf"]["jkt"] == expected and inspected["introspection"]["active"] is True
