"""Regression tests for defects found by attacking the server from outside: a client assertion minted for one
endpoint replayed at another, JOSE `crit` headers, access tokens for another resource used at Lanyard's own
endpoints (confused deputy), request bodies that are not UTF-8 JSON or have no Content-Type, an oversized header
block, and AuthZEN search pages (the last page's next_token, tokens bound to their query, `page.limit: 0`)."""
import json
import socket
import subprocess
import time
import uuid

import jwt as pyjwt
import requests

from lanyard_harness import BIN
from oauth_support import AS_JWT, Workload, token_form
from test_dpop import ProofKey
from test_tasks import key_file, run_env


def issuer(server, tenant="default"):
    return f"{server.url}/t/{tenant}"


def svid_form(workload, assertion, audience="https://api.example"):
    return {"client_id": workload.id, "client_assertion_type": AS_JWT, "client_assertion": assertion, "audience": audience}


def oauth_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code, body
    return body


def issue(server, workload, **extra):
    endpoint = f"{issuer(server)}/oauth2/token"
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint), **extra), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


# 1. A client assertion names the endpoint it is for (or the issuer); it is refused anywhere else.

def test_client_assertion_minted_for_one_endpoint_is_refused_at_another(server):
    workload = Workload(server, "assertion-bot")
    base = issuer(server)
    token_endpoint, svid_endpoint = f"{base}/oauth2/token", f"{base}/spiffe/jwt-svid"

    # Minted for the token endpoint, presented at the JWT-SVID endpoint: refused.
    body = oauth_error(requests.post(svid_endpoint, data=svid_form(workload, workload.assertion(token_endpoint)), timeout=10),
                       401, "invalid_client")
    assert "aud" in body["error_description"], body
    # Minted for the introspection or revocation endpoint, presented at the token endpoint: refused.
    for other in ["/oauth2/introspect", "/oauth2/revoke", "/spiffe/x509-svid"]:
        response = requests.post(token_endpoint, data=token_form(workload, workload.assertion(base + other)), timeout=10)
        oauth_error(response, 401, "invalid_client")
    # Minted for the revocation endpoint, presented at the introspection endpoint by a client that may introspect: refused.
    server.api("POST", "/t/default/v1/templates", json={"name": "gateway", "defaultTTL": "30d", "maxTTL": "90d",
                                                         "environments": ["sandbox"], "allowedScopes": ["lanyard:introspect"]})
    gateway = Workload(server, "gateway", template="gateway")
    form = {"token": "x", "client_id": gateway.id, "client_assertion_type": AS_JWT,
            "client_assertion": gateway.assertion(f"{base}/oauth2/revoke")}
    oauth_error(requests.post(f"{base}/oauth2/introspect", data=form, timeout=10), 401, "invalid_client")
    form["client_assertion"] = gateway.assertion(f"{base}/oauth2/introspect")
    assert requests.post(f"{base}/oauth2/introspect", data=form, timeout=10).status_code == 200

    # The endpoint's own URL and the issuer are accepted.
    assert requests.post(svid_endpoint, data=svid_form(workload, workload.assertion(svid_endpoint)), timeout=10).status_code == 200
    assert requests.post(svid_endpoint, data=svid_form(workload, workload.assertion(base)), timeout=10).status_code == 200
    assert requests.post(token_endpoint, data=token_form(workload, workload.assertion(token_endpoint)), timeout=10).status_code == 200
    revoke = {"token": "x", "client_id": workload.id, "client_assertion_type": AS_JWT,
              "client_assertion": workload.assertion(f"{base}/oauth2/revoke")}
    assert requests.post(f"{base}/oauth2/revoke", data=revoke, timeout=10).status_code == 200
    # The documented exception: introspection and revocation also take the token endpoint URL (RFC 7523 §3), as
    # OAuth clients such as authlib send it there.
    revoke["client_assertion"] = workload.assertion(token_endpoint)
    assert requests.post(f"{base}/oauth2/revoke", data=revoke, timeout=10).status_code == 200


# 2. RFC 7515 §4.1.11: Lanyard understands no JWS extension, so any `crit` header is refused.

def test_client_assertion_with_crit_header_is_refused(server):
    workload = Workload(server, "crit-bot")
    endpoint = f"{issuer(server)}/oauth2/token"
    now = int(time.time())
    claims = {"iss": workload.id, "sub": workload.id, "aud": endpoint, "iat": now, "exp": now + 60}
    for crit in [["exp"], ["urn:example:unknown"], []]:
        assertion = pyjwt.encode({**claims, "jti": uuid.uuid4().hex}, workload.private_key, algorithm="EdDSA",
                                 headers={"crit": crit, "urn:example:unknown": True})
        body = oauth_error(requests.post(endpoint, data=token_form(workload, assertion), timeout=10), 401, "invalid_client")
        assert "crit" in body["error_description"], body
    # The same assertion without crit is accepted (the refusal above is about crit, nothing else).
    plain = pyjwt.encode({**claims, "jti": uuid.uuid4().hex}, workload.private_key, algorithm="EdDSA")
    assert requests.post(endpoint, data=token_form(workload, plain), timeout=10).status_code == 200


def test_dpop_proof_with_crit_header_is_refused(server):
    workload = Workload(server, "crit-dpop")
    endpoint = f"{issuer(server)}/oauth2/token"
    key = ProofKey()
    proof = key.proof("POST", endpoint, header={"crit": ["urn:example:unknown"], "urn:example:unknown": 1})
    response = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)), headers={"DPoP": proof}, timeout=10)
    body = oauth_error(response, 400, "invalid_dpop_proof")
    assert "crit" in body["error_description"], body
    good = requests.post(endpoint, data=token_form(workload, workload.assertion(endpoint)),
                         headers={"DPoP": key.proof("POST", endpoint)}, timeout=10)
    assert good.status_code == 200 and good.json()["token_type"] == "DPoP", good.text
