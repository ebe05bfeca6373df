"""Every bad token request is refused with the right RFC 6749 error and an audit event, and nothing else changes."""
import time
import uuid

import jwt as pyjwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization

from oauth_support import Workload, audit_actions, token_form, unsigned

TOKEN = "/t/default/oauth2/token"


def issuer(server, tenant="default"):
    return f"{server.url}/t/{tenant}"


def state(server, workload):
    credentials = server.api("GET", f"/t/default/v1/credentials?identity={workload.id}").json()["credentials"]
    return len(credentials), audit_actions(server)


def refused(server, workload, form, status, error):
    before_credentials, before_actions = state(server, workload)
    response = requests.post(server.url + TOKEN, data=form, timeout=10)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error and body["error_description"]
    assert response.headers["Cache-Control"] == "no-store"
    after_credentials, after_actions = state(server, workload)
    assert after_credentials == before_credentials, "a refused request must issue nothing"
    assert after_actions == before_actions + ["credential.refuse"], "exactly one audit event for the refusal"
    return body


@pytest.fixture
def workload(server):
    return Workload(server, "bot")


def test_alg_none_is_refused(server, workload):
    now = int(time.time())
    claims = {"iss": workload.id, "sub": workload.id, "aud": issuer(server), "exp": now + 60, "jti": uuid.uuid4().hex}
    refused(server, workload, token_form(workload, unsigned({"alg": "none"}, claims)), 401, "invalid_client")


def test_hs256_signed_with_the_public_key_is_refused(server, workload):
    now = int(time.time())
    claims = {"iss": workload.id, "sub": workload.id, "aud": issuer(server), "exp": now + 60, "jti": uuid.uuid4().hex}
    public_bytes = workload.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    import base64, hashlib, hmac, json
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).rstrip(b"=")
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    signature = hmac.new(public_bytes, header + b"." + payload, hashlib.sha256).digest()
    forged = (header + b"." + payload + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()
    body = refused(server, workload, token_form(workload, forged), 401, "invalid_client")
    assert "HS256" in body["error_description"]


def test_expired_assertion_is_refused(server, workload):
    now = int(time.time())
    refused(server, workload, token_form(workload, workload.assertion(issuer(server), iat=now - 600, exp=now - 300)), 401, "invalid_client")


def test_not_yet_valid_assertion_is_refused(server, workload):
    now = int(time.time())
    refused(server, workload, token_form(workload, workload.assertion(issuer(server), nbf=now + 600, exp=now + 900)), 401, "invalid_client")


def test_wrong_audience_is_refused(server, workload):
    refused(server, workload, token_form(workload, workload.assertion("https://someone-else.example/token")), 401, "invalid_client")


def test_replayed_assertion_is_refused(server, workload):
    assertion = workload.assertion(issuer(server))
    first = requests.post(server.url + TOKEN, data=token_form(workload, assertion), timeout=10)
    assert first.status_code == 200, first.text
    refused(server, workload, token_form(workload, assertion), 401, "invalid_client")


def test_assertion_for_another_tenants_issuer_is_refused(server, workload):
    server.api("POST", "/v1/tenants", json={"name": "acme"})
    refused(server, workload, token_form(workload, workload.assertion(issuer(server, "acme"))), 401, "invalid_client")
    # And this tenant's identity is unknown at the other tenant's token endpoint.
    response = requests.post(f"{server.url}/t/acme/oauth2/token", data=token_form(workload, workload.assertion(issuer(server, "acme"))), timeout=10)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_signature_by_another_key_is_refused(server, workload):
    impostor = Workload(server, "impostor")
    now = int(time.time())
    claims = {"iss": workload.id, "sub": workload.id, "aud": issuer(server), "exp": now + 60, "jti": uuid.uuid4().hex}
    forged = pyjwt.encode(claims, impostor.private_key, algorithm="EdDSA")
    refused(server, workload, token_form(workload, forged), 401, "invalid_client")


def test_scope_escalation_is_refused(server, workload):
    body = refused(server, workload, token_form(workload, workload.assertion(issuer(server)), scope="read admin"), 400, "invalid_scope")
    assert "admin" in body["error_description"]
    refused(server, workload, token_form(workload, workload.assertion(issuer(server)), scope="write"), 400, "invalid_scope")  # needs approval
    refused(server, workload, token_form(workload, workload.assertion(issuer(server)), scope=""), 400, "invalid_scope")


def test_suspended_identity_gets_nothing(server, workload):
    assert server.api("POST", f"/t/default/v1/identities/{workload.id}/suspend").status_code == 200
    refused(server, workload, token_form(workload, workload.assertion(issuer(server))), 400, "unauthorized_client")


def test_garbage_and_oversized_inputs_are_refused(server, workload):
    refused(server, workload, token_form(workload, "not.a.jwt"), 401, "invalid_client")
    refused(server, workload, token_form(workload, "x" * 9000), 401, "invalid_client")
    refused(server, workload, {**token_form(workload, workload.assertion(issuer(server))), "grant_type": "password"}, 400, "unsupported_grant_type")
    refused(server, workload, {**token_form(workload, workload.assertion(issuer(server))), "client_assertion_type": "basic"}, 401, "invalid_client")
    refused(server, workload, {**token_form(workload, workload.assertion(issuer(server))), "ttl": "forever"}, 400, "invalid_request")
    before = state(server, workload)
    oversized = requests.post(server.url + TOKEN, data={"grant_type": "client_credentials", "pad": "y" * 20_000}, timeout=10)
    assert oversized.status_code == 400 and oversized.json()["error"] == "invalid_request"
    duplicated = requests.post(server.url + TOKEN, data="grant_type=client_credentials&grant_type=client_credentials",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert duplicated.status_code == 400 and duplicated.json()["error"] == "invalid_request"
    as_json = requests.post(server.url + TOKEN, json={"grant_type": "client_credentials"}, timeout=10)
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
    assert state(server, workload) == before  # malformed HTTP bodies never reach the issuer


def test_ttl_is_capped_by_template_and_identity_life(server):
    short = Workload(server, "short-lived", expiresIn="2m")
    response = requests.post(server.url + TOKEN, data=token_form(short, short.assertion(issuer(server)), ttl="1h"), timeout=10)
    assert response.status_code == 200, response.text
    assert 0 < response.json()["expires_in"] <= 120  # never outlives the identity
    normal = Workload(server, "normal")
    response = requests.post(server.url + TOKEN, data=token_form(normal, normal.assertion(issuer(server)), ttl="30d"), timeout=10)
    assert response.json()["expires_in"] == 3600  # the template's maxTokenTTL
    response = requests.post(server.url + TOKEN, data=token_form(normal, normal.assertion(issuer(server)), ttl="60"), timeout=10)
    assert response.json()["expires_in"] == 60


def test_suspending_revokes_live_tokens_and_introspection_needs_authentication(server, workload):
    token = requests.post(server.url + TOKEN, data=token_form(workload, workload.assertion(issuer(server))), timeout=10).json()["access_token"]
    anonymous = requests.post(server.url + "/t/default/oauth2/introspect", data={"token": token}, timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "invalid_client"
    assert server.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json()["active"] is True
    server.api("POST", f"/t/default/v1/identities/{workload.id}/suspend")
    assert server.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json() == {"active": False}
    assert server.api("POST", "/t/default/oauth2/introspect", data={"token": "garbage"}).json() == {"active": False}


def test_identity_with_introspect_scope_may_introspect(server, workload):
    server.api("POST", "/t/default/v1/templates", json={"name": "gateway", "defaultTTL": "30d", "maxTTL": "90d",
                                                         "environments": ["sandbox"], "allowedScopes": ["lanyard:introspect"]})
    gateway = Workload(server, "gateway", template="gateway")
    token = requests.post(server.url + TOKEN, data=token_form(workload, workload.assertion(issuer(server))), timeout=10).json()["access_token"]
    introspection = f"{server.url}/t/default/oauth2/introspect"
    form = {"token": token, "client_id": gateway.id, "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": gateway.assertion(introspection)}
    answer = requests.post(introspection, data=form, timeout=10)
    assert answer.status_code == 200 and answer.json()["active"] is True
    # An identity without the scope may not.
    form.update(client_id=workload.id, client_assertion=workload.assertion(introspection))
    assert requests.post(introspection, data=form, timeout=10).status_code == 401


def test_revocation_by_owner_and_restart_keeps_revocations(tmp_path):
    from lanyard_harness import Server
    server = Server(tmp_path).start()
    try:
        first, second = Workload(server, "a"), Workload(server, "b")
        tokens = [requests.post(server.url + TOKEN, data=token_form(w, w.assertion(issuer(server))), timeout=10).json()["access_token"]
                  for w in (first, second, first)]
        result = server.api("POST", "/t/default/v1/credentials/revoke", json={"owner": "alice", "reason": "owner left"}).json()
        assert result == {"revoked": 3}
    finally:
        server.stop()
    restarted = Server(tmp_path)
    restarted.port = server.port
    restarted.start()
    try:
        for token in tokens:
            assert restarted.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json() == {"active": False}
    finally:
        restarted.stop()
