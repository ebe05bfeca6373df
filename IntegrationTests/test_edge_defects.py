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


# 3. RFC 9068 §4: Lanyard's own endpoints accept only access tokens whose aud is the tenant's issuer.

def test_token_for_another_resource_is_refused_at_lanyards_own_endpoints(server):
    workload = Workload(server, "deputy")
    foreign = issue(server, workload, audience="https://api.example")
    assert pyjwt.decode(foreign, options={"verify_signature": False})["aud"] == "https://api.example"
    headers = {"Authorization": f"Bearer {foreign}"}

    svid = requests.post(f"{issuer(server)}/spiffe/jwt-svid", json={"audience": ["https://db.example"]}, headers=headers, timeout=10)
    oauth_error(svid, 401, "invalid_token")
    assert "invalid_token" in svid.headers.get("WWW-Authenticate", ""), svid.headers
    tasks = requests.post(f"{issuer(server)}/v1/tasks", json={"intent": "read the inbox"}, headers=headers, timeout=10)
    assert tasks.status_code == 401, tasks.text
    assert "invalid_token" in tasks.headers.get("WWW-Authenticate", ""), tasks.headers

    # A token with no audience asked for is for Lanyard (aud = the issuer) and keeps working there.
    own = issue(server, workload)
    assert pyjwt.decode(own, options={"verify_signature": False})["aud"] == issuer(server)
    headers = {"Authorization": f"Bearer {own}"}
    assert requests.post(f"{issuer(server)}/spiffe/jwt-svid", json={"audience": ["https://db.example"]},
                         headers=headers, timeout=10).status_code == 200
    assert requests.post(f"{issuer(server)}/v1/tasks", json={"intent": "read the inbox"}, headers=headers, timeout=10).status_code == 201


def test_identity_with_destinations_can_ask_for_a_token_for_lanyard(server):
    workload = Workload(server, "bounded", allowedDestinations=["https://api.example"])
    default = issue(server, workload)
    assert pyjwt.decode(default, options={"verify_signature": False})["aud"] == "https://api.example"
    refused = requests.post(f"{issuer(server)}/v1/tasks", json={"intent": "x"}, headers={"Authorization": f"Bearer {default}"}, timeout=10)
    assert refused.status_code == 401, refused.text
    own = issue(server, workload, audience=issuer(server))
    opened = requests.post(f"{issuer(server)}/v1/tasks", json={"intent": "x"}, headers={"Authorization": f"Bearer {own}"}, timeout=10)
    assert opened.status_code == 201, opened.text


def test_lanyard_run_with_an_audience_still_opens_its_task(server, tmp_path):
    workload = Workload(server, "runner")
    out = tmp_path / "out"
    result = subprocess.run(
        [BIN, "run", "--identity", workload.id, "--key-file", str(key_file(tmp_path, workload)), "--intent", "call the api",
         "--scope", "read", "--audience", "https://api.example", "--", "sh", "-c", f'echo "$LANYARD_TOKEN $LANYARD_TASK" > {out}'],
        env=run_env(server), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "could not end task" not in result.stderr, result.stderr
    token, task = out.read_text().split()
    assert pyjwt.decode(token, options={"verify_signature": False})["aud"] == "https://api.example"
    # The task was ended (with a token for Lanyard), so the command's token for the api died with it.
    assert server.api("GET", f"/t/default/v1/tasks/{task}").json()["status"] == "ended"
    assert server.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json() == {"active": False}


# 4. Request bodies are UTF-8 JSON with Content-Type application/json; oversized headers get a JSON error.

IDENTITY = {"name": "body-bot", "kind": "agent", "owner": "alice", "purpose": "body test"}


def admin_error(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    body = response.json()
    assert body["error"] == code and body["message"], body
    return body


def test_json_route_without_content_type_is_415(server):
    response = requests.post(f"{issuer(server)}/v1/identities", data=json.dumps(IDENTITY).encode(),
                             headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
    assert "Content-Type" not in response.request.headers
    admin_error(response, 415, "unsupported_media_type")
    assert server.api("GET", "/t/default/v1/identities").json()["identities"] == []


def test_json_body_in_utf16_is_400(server):
    for encoding in ["utf-16", "utf-16-le", "utf-16-be", "utf-32"]:
        response = server.api("POST", "/t/default/v1/identities", data=json.dumps(IDENTITY).encode(encoding),
                              headers={"Content-Type": "application/json"})
        body = admin_error(response, 400, "invalid_request")
        assert "UTF-8" in body["message"], (encoding, body)
    assert server.api("GET", "/t/default/v1/identities").json()["identities"] == []


def raw_exchange(server, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def parse_response(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    return status, headers, body


def test_oversized_header_block_gets_a_json_error(server):
    request = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Filler: " + b"a" * (100 * 1024) + b"\r\n\r\n")
    status, headers, body = parse_response(raw_exchange(server, request))
    assert status == 431, (status, headers, body)
    assert headers.get("content-type", "").startswith("application/json"), headers
    error = json.loads(body)
    assert error["error"] == "request_header_fields_too_large" and error["message"], error
    # The server still answers afterwards.
    assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200


def test_oversized_header_block_after_a_pipelined_request_is_answered_after_it(server):
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    second = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 1000) for i in range(100)) + b"\r\n"
    raw = raw_exchange(server, first + second)
    status, headers, rest = parse_response(raw)
    assert status == 200 and json.loads(rest[:int(headers["content-length"])]) == {"status": "ok"}, raw[:300]
    status, headers, body = parse_response(rest[int(headers["content-length"]):])
    assert status == 431 and json.loads(body)["error"] == "request_header_fields_too_large", (status, headers, body)


def test_malformed_request_line_gets_a_json_error(server):
    status, headers, body = parse_response(raw_exchange(server, b"NOT HTTP AT ALL\r\n\r\n"))
    assert status == 400, (status, headers, body)
    assert headers.get("content-type", "").startswith("application/json"), headers
    assert json.loads(body)["error"] == "invalid_request"


# 5. AuthZEN search pages.

POLICIES = 'permit (principal == User::"a", action, resource);\npermit (principal == User::"b", action, resource);\n'


def search_setup(server):
    entities = [{"uid": {"type": "User", "id": name}, "attrs": {}, "parents": []} for name in "abcde"]
    entities += [{"uid": {"type": "Doc", "id": "d1"}, "attrs": {}, "parents": []},
                 {"uid": {"type": "Doc", "id": "d2"}, "attrs": {}, "parents": []}]
    assert server.api("PUT", "/t/default/v1/entities", json=entities).status_code == 200
    response = server.api("PUT", "/t/default/v1/policies", json={"policies": POLICIES, "message": "two readers"})
    assert response.status_code == 201, response.text


def search(server, body):
    return server.api("POST", "/t/default/access/v1/search/subject", json=body)


QUERY = {"subject": {"type": "User"}, "action": {"name": "read"}, "resource": {"type": "Doc", "id": "d1"}}


def test_search_last_page_has_an_empty_next_token(server):
    search_setup(server)
    page = search(server, {**QUERY, "page": {"limit": 2}})
    assert page.status_code == 200, page.text
    assert [r["id"] for r in page.json()["results"]] == ["a", "b"]
    # a and b are every permitted subject: this page is the last one.
    assert page.json()["page"]["next_token"] == "", page.json()

    first = search(server, {**QUERY, "page": {"limit": 1}}).json()
    assert [r["id"] for r in first["results"]] == ["a"] and first["page"]["next_token"]
    second = search(server, {**QUERY, "page": {"token": first["page"]["next_token"]}}).json()
    assert [r["id"] for r in second["results"]] == ["b"] and second["page"]["next_token"] == "", second


def test_search_page_token_is_bound_to_its_query(server):
    search_setup(server)
    first = search(server, {**QUERY, "page": {"limit": 1}}).json()
    token = first["page"]["next_token"]
    assert token
    for other in [{**QUERY, "resource": {"type": "Doc", "id": "d2"}}, {**QUERY, "action": {"name": "write"}},
                  {**QUERY, "context": {"ip": "10.0.0.1"}}]:
        response = search(server, {**other, "page": {"token": token}})
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["error"] == "invalid_request" and "page.token" in body["message"], body
    # The token from a subject search is refused by a resource search too.
    resources = server.api("POST", "/t/default/access/v1/search/resource",
                           json={"subject": {"type": "User", "id": "a"}, "action": {"name": "read"}, "resource": {"type": "Doc"},
                                 "page": {"token": token}})
    assert resources.status_code == 400, resources.text
    # The same query (the page object aside, as AuthZEN clients follow next_token) is served.
    same = search(server, {**QUERY, "page": {"token": token}})
    assert same.status_code == 200 and [r["id"] for r in same.json()["results"]] == ["b"], same.text


def test_search_page_limit_zero_returns_no_results(server):
    search_setup(server)
    response = search(server, {**QUERY, "page": {"limit": 0}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["results"] == [] and body["page"]["next_token"], body
    rest = search(server, {**QUERY, "page": {"token": body["page"]["next_token"]}}).json()
    assert [r["id"] for r in rest["results"]] == ["a", "b"] and rest["page"]["next_token"] == "", rest
