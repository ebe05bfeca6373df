"""The running server against openapi.yaml: every documented operation answers with a documented status and a
body that matches the documented schema."""
import json
import re

import jsonschema
import yaml
from openapi_spec_validator import validate

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lanyard_harness import ROOT
from oauth_support import AS_JWT, Workload, token_form, unsigned

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())


def resolve(node):
    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        path = node["$ref"].lstrip("#/").split("/")
        node = SPEC
        for part in path:
            node = node[part]
    return node


def check(response, path_template: str, method: str):
    operation = SPEC["paths"][path_template][method.lower()]
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path_template} answered {status}, documented {sorted(documented)}: {response.text}"
    content = resolve(documented[status]).get("content", {})
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if len(content) > 1 and media in content:  # an operation with several formats (the posture report): check the one sent
        content = {media: content[media]}
    json_media = next((m for m in ("application/json", "application/sarif+json") if m in content), None)
    if json_media:
        assert response.headers["Content-Type"].startswith(json_media)
        schema = {**content[json_media]["schema"], "components": SPEC["components"]}
        jsonschema.validate(response.json(), schema, cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    elif "application/jwk-set+json" in content:
        assert response.headers["Content-Type"].startswith("application/jwk-set+json")
    elif "text/plain" in content:
        assert response.headers["Content-Type"].startswith("text/plain")
    elif "text/html" in content:
        assert response.headers["Content-Type"].startswith("text/html") and response.text.startswith("<!DOCTYPE html>")


def test_spec_is_valid_openapi():
    validate(SPEC)


def test_every_operation_matches_the_spec(server):
    calls = []

    def call(method, template, body=None, token="default", query="", form=None, **params):
        path = template.format(**params) if params else template
        response = server.api(method, path + query, token=token, json=body, data=form)
        check(response, template.replace("{id}", "{id}"), method)
        calls.append((method.lower(), template))
        return response

    call("GET", "/healthz", token=None)
    call("GET", "/readyz", token=None)
    call("GET", "/metrics", token=None)
    call("GET", "/v1/tenants")
    call("POST", "/v1/tenants", {"name": "acme"})
    call("POST", "/v1/tenants", {"name": "acme"})  # 409
    call("POST", "/v1/tenants", {"name": "Bad Name"})  # 422
    call("GET", "/v1/tenants", token=None)  # 401

    ids = "/t/{tenant}/v1/identities"
    bot = call("POST", ids, {"name": "bot", "kind": "agent", "owner": "alice", "purpose": "p"}, tenant="default").json()
    call("POST", ids, {"name": "bot", "kind": "agent", "owner": "alice", "purpose": "p"}, tenant="default")  # 409
    call("POST", ids, {"name": "x", "kind": "agent", "purpose": "p"}, tenant="default")  # 422
    call("POST", ids, {"name": "x", "kind": "agent", "owner": "o", "purpose": "p", "extra": 1}, tenant="default")  # 400
    call("GET", ids, tenant="default", query="?owner=alice&status=active&kind=agent&expiringWithin=40d&limit=10")
    call("GET", ids, tenant="default", query="?status=bogus")  # 422
    one = ids + "/{id}"
    call("GET", one, tenant="default", id=bot["id"])
    call("GET", one, tenant="default", id="nobody")  # 404
    call("POST", one + "/extend", {"by": "1d"}, tenant="default", id="bot")
    call("POST", one + "/extend", {"by": "365d"}, tenant="default", id="bot")  # 422
    call("POST", one + "/suspend", {"reason": "r"}, tenant="default", id="bot")
    call("POST", one + "/suspend", None, tenant="default", id="bot")  # 409
    call("POST", one + "/resume", None, tenant="default", id="bot")
    call("POST", one + "/offboard", {"reason": "done"}, tenant="default", id="bot")
    call("POST", one + "/offboard", {}, tenant="default", id="bot")  # 422

    trusts = one + "/trusts"
    fed = call("POST", ids, {"name": "fed", "kind": "pipeline", "owner": "alice", "purpose": "ci"}, tenant="default").json()
    dead_issuer = "http://127.0.0.1:1"  # nothing listens: the exchange below cannot fetch its keys
    trust = call("POST", trusts, {"issuer": dead_issuer, "audience": "lanyard", "conditions": [{"name": "ref", "value": "main"}]},
                 tenant="default", id=fed["id"]).json()
    call("POST", trusts, {"issuer": "http://ci.example.com", "audience": "lanyard"}, tenant="default", id=fed["id"])  # 422
    call("POST", trusts, {"issuer": "https://ci.example.com", "audience": "a", "x": 1}, tenant="default", id=fed["id"])  # 400
    call("POST", trusts, {"issuer": "https://ci.example.com", "audience": "a"}, tenant="default", id="bot")  # 409: offboarded
    call("POST", trusts, {"issuer": "https://ci.example.com", "audience": "a"}, tenant="default", id="nobody")  # 404
    call("POST", trusts, {"issuer": "https://ci.example.com", "audience": "a"}, tenant="default", id=fed["id"], token=None)  # 401
    call("GET", trusts, tenant="default", id=fed["id"])
    call("GET", trusts, tenant="default", id="nobody")  # 404
    call("GET", trusts, tenant="default", id=fed["id"], token=None)  # 401
    external = unsigned({"alg": "RS256", "kid": "k1"}, {"iss": dead_issuer, "aud": "lanyard", "exp": 4102444800, "ref": "main"}, b"sig")
    call("POST", "/t/{tenant}/oauth2/token", tenant="default", token=None,
         form={"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": external, "client_id": fed["id"],
               "subject_token_type": "urn:ietf:params:oauth:token-type:jwt"})  # 503
    call("DELETE", trusts + "/{trust}", tenant="default", id=fed["id"], trust=trust["id"])
    call("DELETE", trusts + "/{trust}", tenant="default", id=fed["id"], trust=trust["id"])  # 404
    call("DELETE", trusts + "/{trust}", tenant="default", id=fed["id"], trust=trust["id"], token=None)  # 401

    templates = "/t/{tenant}/v1/templates"
    call("GET", templates, tenant="default")
    call("POST", templates, {"name": "nb", "defaultTTL": "1d", "maxTTL": "2d"}, tenant="default")
    call("POST", templates, {"name": "nb", "defaultTTL": "1d", "maxTTL": "2d"}, tenant="default")  # 409
    call("GET", templates + "/{name}", tenant="default", name="nb")
    call("GET", templates + "/{name}", tenant="default", name="none")  # 404
    call("GET", "/t/{tenant}/v1/audit", tenant="default", query="?after=0&limit=1000")
    call("GET", "/t/{tenant}/v1/audit", tenant="default", query="?limit=0")  # 422
    call("GET", "/t/{tenant}/v1/audit", tenant="default", query="?action=identity.register&actor=x&target=y&decision=allow"
         "&since=2020-01-01&until=2999-01-01T00:00:00Z")
    call("GET", "/t/{tenant}/v1/audit", tenant="default", query="?since=yesterday")  # 422
    audit = "/t/{tenant}/v1/audit"
    call("GET", audit + "/leaves", tenant="default", query="?after=0&limit=10")
    call("GET", audit + "/leaves", tenant="default", query="?limit=0")  # 422
    call("POST", audit + "/checkpoints", tenant="default")
    call("POST", audit + "/checkpoints", tenant="nope")  # 404
    call("GET", audit + "/checkpoints", tenant="default")
    call("GET", audit + "/proof", tenant="default", query="?event=1")
    call("GET", audit + "/proof", tenant="default", query="?event=999999")  # 404
    call("GET", audit + "/proof", tenant="default", query="?event=x")  # 422
    call("GET", audit + "/consistency", tenant="default", query="?from=1&to=2")
    call("GET", audit + "/consistency", tenant="default", query="?from=3&to=2")  # 422
    call("POST", audit + "/prune", {"before": "2000-01-01"}, tenant="default")
    call("POST", audit + "/prune", {"before": "soon"}, tenant="default")  # 422
    call("POST", audit + "/prune", {"after": "2000-01-01"}, tenant="default")  # 400
    call("GET", "/t/{tenant}/audit/checkpoint", tenant="default", token=None)
    call("GET", "/t/{tenant}/audit/checkpoint", tenant="nope", token=None)  # 404
    call("GET", "/t/{tenant}/audit/log-key", tenant="default", token=None)
    call("GET", "/t/{tenant}/audit/log-key", tenant="nope", token=None)  # 404

    creds = "/t/{tenant}/v1/credentials"
    call("GET", creds, tenant="default", query="?limit=10")
    call("GET", creds, tenant="default", query="?limit=0")  # 422
    call("POST", creds + "/revoke", {"owner": "alice", "reason": "test"}, tenant="default")
    call("POST", creds + "/revoke", {"owner": "alice", "identity": "bot"}, tenant="default")  # 400
    call("GET", "/t/{tenant}/v1/keys", tenant="default")
    call("POST", "/t/{tenant}/v1/keys/rotate", {"algorithm": "ES256"}, tenant="default")
    call("POST", "/t/{tenant}/v1/keys/rotate", {"algorithm": "HS256"}, tenant="default")  # 422
    call("GET", "/t/{tenant}/.well-known/openid-configuration", tenant="default", token=None)
    call("GET", "/t/{tenant}/.well-known/openid-configuration", tenant="nope", token=None)  # 404
    call("GET", "/t/{tenant}/.well-known/jwks.json", tenant="default", token=None)
    call("POST", "/t/{tenant}/oauth2/token", tenant="default", token=None, form={"grant_type": "client_credentials"})  # 401
    call("POST", "/t/{tenant}/oauth2/token", tenant="default", token=None, form={"scope": "read"})  # 400
    call("POST", "/t/{tenant}/oauth2/introspect", tenant="default", form={"token": "x.y.z"})
    call("POST", "/t/{tenant}/oauth2/introspect", tenant="default", token=None, form={"token": "x.y.z"})  # 401
    call("POST", "/t/{tenant}/oauth2/revoke", tenant="default", form={"token": "x.y.z"})
    call("POST", "/t/{tenant}/oauth2/revoke", tenant="default", form={})  # 400
    call("POST", "/t/{tenant}/oauth2/token", tenant="default", token=None,
         form={"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": "x.y.z",
               "subject_token_type": "urn:ietf:params:oauth:token-type:access_token"})  # 400

    tasks = "/t/{tenant}/v1/tasks"
    worker = call("POST", ids, {"name": "worker", "kind": "agent", "owner": "bob", "purpose": "p"}, tenant="default").json()
    task = call("POST", tasks, {"intent": "nightly sync", "identity": worker["id"]}, tenant="default").json()
    call("POST", tasks, {"intent": "x", "identity": bot["id"]}, tenant="default")  # 409: offboarded
    call("GET", tasks + "/{id}", tenant="default", id=task["id"])
    call("POST", tasks + "/{id}/end", tenant="default", id=task["id"])
    call("POST", tasks + "/{id}/end", tenant="default", id=task["id"])  # 409
    call("POST", tasks, {"intent": "x"}, tenant="default")  # 422: an administrator names the identity
    call("POST", tasks, {"intent": "x", "bogus": 1}, tenant="default")  # 400
    call("POST", tasks, {"intent": "x", "identity": "nobody"}, tenant="default")  # 404
    call("POST", tasks, {"intent": "x"}, tenant="default", token=None)  # 401
    call("GET", tasks + "/{id}", tenant="default", id="tsk_none")  # 404
    call("GET", tasks + "/{id}", tenant="default", id="tsk_none", token=None)  # 401
    call("POST", tasks + "/{id}/end", tenant="default", id="tsk_none")  # 404
    call("POST", tasks + "/{id}/end", tenant="default", id="tsk_none", token=None)  # 401

    # The policy store, entity data, owners and PEP tokens.
    policies = "/t/{tenant}/v1/policies"
    everyone = '@id("everyone")\n@description("All may.")\npermit (principal, action, resource);\n'
    call("GET", policies, tenant="default")
    call("GET", policies, tenant="default", token=None)  # 401
    call("PUT", policies, {"policies": everyone, "message": "first"}, tenant="default")  # 201
    call("PUT", policies, {"policies": "permit (", "message": "broken"}, tenant="default")  # 422
    call("PUT", policies, {"policies": everyone, "message": "stale", "expectedVersion": 0}, tenant="default")  # 409
    call("PUT", policies, {"policies": everyone}, tenant="default")  # 422: message is required
    call("PUT", policies, {"policies": everyone, "message": "m", "extra": 1}, tenant="default")  # 400
    call("GET", policies + "/versions", tenant="default", query="?limit=10")
    call("GET", policies + "/versions", tenant="default", query="?limit=0")  # 422
    call("GET", policies + "/versions/{version}", tenant="default", version=1)
    call("GET", policies + "/versions/{version}", tenant="default", version=0)
    call("GET", policies + "/versions/{version}", tenant="default", version=99)  # 404
    call("POST", policies + "/validate", {"policies": everyone, "schema": "entity User;"}, tenant="default")
    call("POST", policies + "/validate", {"policies": "permit (principal is Nope, action, resource);",
                                          "schema": "entity User;"}, tenant="default")  # valid: false
    call("POST", policies + "/validate", {"policies": everyone, "bogus": 1}, tenant="default")  # 400
    request = {"subject": {"type": "User", "id": "ann"}, "action": {"name": "read"}, "resource": {"type": "Doc", "id": "d1"}}
    tested = call("POST", policies + "/test", {"cases": [
        {"name": "allowed", "request": request, "expected": True},
        {"request": {"subject": {"type": "User"}}, "expected": True},  # malformed request: fails with an error
        {"name": "ghost", "request": {**request, "subject": {"type": "Lanyard::Identity", "id": "ghost"}}, "expected": False},
    ]}, tenant="default").json()
    assert (tested["passed"], tested["failed"]) == (2, 1)
    call("POST", policies + "/test", {"cases": "none"}, tenant="default")  # 400
    call("POST", policies + "/test", {"policies": "permit (", "cases": []}, tenant="default")  # 422
    call("PUT", policies, {"policies": '@id("grant") permit (principal == ?principal, action, resource);', "message": "a template"},
         tenant="default")
    link = {"id": "ann-grant", "template": "grant", "principal": {"type": "User", "id": "ann"}}
    call("POST", policies + "/links", {"link": link, "message": "entitlement"}, tenant="default")  # 201
    call("POST", policies + "/links", {"link": {**link, "template": "missing"}, "message": "bad"}, tenant="default")  # 422
    call("DELETE", policies + "/links/{link}", tenant="default", link="ann-grant")  # 200
    call("DELETE", policies + "/links/{link}", tenant="default", link="ann-grant")  # 404
    call("POST", policies + "/rollback", {"version": 0, "message": "back to the start"}, tenant="default")  # 201
    call("POST", policies + "/rollback", {"version": 42}, tenant="default")  # 404
    call("PUT", policies, {"policies": everyone, "message": "again"}, tenant="default")

    entities = "/t/{tenant}/v1/entities"
    users = [{"uid": {"type": "User", "id": "ann"}, "attrs": {"team": "a"}, "parents": [{"type": "Group", "id": "g"}]},
             {"uid": {"type": "Group", "id": "g"}, "attrs": {}, "parents": []}]
    call("PUT", entities, users, tenant="default")
    call("POST", entities, [{"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": []}], tenant="default")
    call("POST", entities, [{"uid": {"type": "Lanyard::Template", "id": "agent"}}], tenant="default")  # 422
    call("PUT", entities, {"not": "an array"}, tenant="default")  # 400
    call("PUT", entities, tenant="default", form={"a": "b"})  # 415
    call("GET", entities, tenant="default", query="?type=User")
    call("GET", entities, tenant="default")
    one_entity = entities + "/{type}/{id}"
    call("DELETE", one_entity, tenant="default", type="User", id="bob")  # 204
    call("DELETE", one_entity, tenant="default", type="User", id="bob")  # 404

    call("GET", "/t/{tenant}/v1/owners", tenant="default")
    deactivate, activate = "/t/{tenant}/v1/owners/{owner}/deactivate", "/t/{tenant}/v1/owners/{owner}/activate"
    call("POST", deactivate, {"reason": "left"}, tenant="default", owner="alice")
    call("POST", deactivate, {"why": "x"}, tenant="default", owner="alice")  # 400
    call("POST", activate, None, tenant="default", owner="alice")
    call("POST", activate, {"reason": "x" * 1001}, tenant="default", owner="alice")  # 422
    call("GET", "/t/{tenant}/v1/owners", tenant="default")
    # alice's departure orphaned her identities: transfer one back, and read the findings it raised and resolved.
    transfer = "/t/{tenant}/v1/identities/{id}/transfer"
    call("POST", transfer, {"to": "bob", "reason": "handover"}, tenant="default", id=fed["id"])
    call("POST", transfer, {"to": "bob", "reason": "again"}, tenant="default", id=fed["id"])  # 422: already bob's
    call("POST", transfer, {"to": "bob"}, tenant="default", id=fed["id"])  # 400/422: no reason
    call("POST", transfer, {"to": "carol", "reason": "r"}, tenant="default", id="bot")  # 409: offboarded
    call("POST", transfer, {"to": "carol", "reason": "r"}, tenant="default", id="nobody")  # 404
    graduate = "/t/{tenant}/v1/identities/{id}/graduate"
    proto = call("POST", ids, {"name": "proto", "kind": "prototype", "owner": "bob", "purpose": "p"}, tenant="default").json()
    call("POST", graduate, {"name": "proto-svc", "owner": "bob", "template": "app", "reason": "it works"}, tenant="default",
         id=proto["id"])  # 201
    call("POST", graduate, {"name": "again", "owner": "bob", "template": "app", "reason": "r"}, tenant="default", id=proto["id"])  # 409
    call("POST", graduate, {"name": "x", "owner": "bob", "template": "app"}, tenant="default", id=fed["id"])  # 400/422: no reason
    call("POST", graduate, {"name": "x", "owner": "bob", "template": "app", "reason": "r"}, tenant="default", id="nobody")  # 404
    findings = "/t/{tenant}/v1/findings"
    call("GET", findings, tenant="default", query="?status=resolved&kind=orphaned-identity&limit=5")
    call("GET", findings, tenant="default", query="?status=bogus")  # 422
    call("GET", findings, tenant="default", token=None)  # 401
    # The findings workflow: an identity expiring in two days raises expiring-undecided on a detection pass.
    call("POST", ids, {"name": "short-lived", "kind": "agent", "owner": "carol", "purpose": "p", "expiresIn": "2d"}, tenant="default")
    evaluate = "/t/{tenant}/v1/findings/evaluate"
    call("POST", evaluate, tenant="default")
    call("POST", evaluate, tenant="default", token=None)  # 401
    call("POST", evaluate, tenant="nowhere")  # 404
    expiring = call("GET", findings, tenant="default", query="?kind=expiring-undecided&severity=medium&status=open").json()["findings"][0]
    one = "/t/{tenant}/v1/findings/{id}"
    call("GET", one, tenant="default", id=expiring["id"])
    call("GET", one, tenant="default", id="fnd_none")  # 404
    ack, suppress, resolve, remediate = (one + "/acknowledge", one + "/suppress", one + "/resolve", one + "/remediate")
    call("POST", ack, {"note": "on it"}, tenant="default", id=expiring["id"])
    call("POST", ack, {}, tenant="default", id=expiring["id"])  # 409: already acknowledged
    call("POST", ack, {"bogus": 1}, tenant="default", id=expiring["id"])  # 400
    call("POST", suppress, {"reason": "renewal booked", "duration": "365d"}, tenant="default", id=expiring["id"])  # 422
    call("POST", suppress, {"reason": "renewal booked", "duration": "2d"}, tenant="default", id=expiring["id"])
    call("POST", remediate, {"action": "wipe", "reason": "r"}, tenant="default", id=expiring["id"])  # 400
    call("POST", remediate, {"action": "suspend", "reason": "r"}, tenant="default", id="fnd_none")  # 404
    call("POST", remediate, {"action": "shorten-expiry", "reason": "shorter", "duration": "1d"}, tenant="default", id=expiring["id"])
    call("POST", remediate, {"action": "suspend", "reason": "r"}, tenant="default", id=expiring["id"])  # 409: resolved
    call("POST", resolve, {"reason": "done"}, tenant="default", id=expiring["id"])  # 409: resolved
    call("POST", resolve, {"reason": ""}, tenant="default", id=expiring["id"])  # 422
    call("POST", resolve, {"reason": "x"}, tenant="default", id="fnd_none")  # 404
    call("POST", suppress, {"reason": "x", "duration": "1d"}, tenant="default", id="fnd_none")  # 404
    posture = "/t/{tenant}/v1/posture"
    call("GET", posture, tenant="default")
    call("GET", posture, tenant="default", query="?format=html&owner=bob")
    call("GET", posture, tenant="default", query=f"?format=sarif&identity={fed['id']}")
    call("GET", posture, tenant="default", query="?format=pdf")  # 422
    call("GET", posture, tenant="default", query="?identity=nobody")  # 404
    call("GET", posture, tenant="default", token=None)  # 401
    call("GET", posture, tenant="default", token=pep_for_posture(server))  # 403
    sso = "/t/{tenant}/v1/sso"
    call("GET", sso, tenant="default")  # 404: none yet
    roles = {"lanyard-admins": "tenant-admin", "lanyard-builders": "builder"}
    call("PUT", sso, {"issuer": "https://login.example.com", "clientId": "lanyard", "roles": roles}, tenant="default")
    call("GET", sso, tenant="default")
    call("PUT", sso, {"issuer": "https://login.example.com", "clientId": "lanyard", "clientAuthentication": "client_secret_basic",
                      "clientSecret": "s3cret", "roles": roles}, tenant="default")
    call("PUT", sso, {"issuer": "http://login.example.com", "clientId": "lanyard", "roles": roles}, tenant="default")  # 422
    call("PUT", sso, {"issuer": "https://login.example.com", "clientId": "lanyard", "roles": {"g": "platform-admin"}}, tenant="default")  # 422
    call("PUT", sso, {"issuer": "https://login.example.com", "clientId": "lanyard", "roles": roles, "extra": 1}, tenant="default")  # 400
    call("PUT", sso, {"issuer": "https://login.example.com", "clientId": "lanyard", "roles": roles}, tenant="default", token=None)  # 401
    call("GET", sso, tenant="default", token=pep_for_posture(server))  # 403
    call("DELETE", sso, tenant="default")
    call("DELETE", sso, tenant="default")  # 404

    # Entitlements and access requests.
    grants = "/t/{tenant}/v1/entitlements"
    agent = call("POST", ids, {"name": "grant-bot", "kind": "agent", "owner": "carol", "purpose": "p"}, tenant="default").json()
    grant = {"principal": agent["id"], "tier": "data-read", "resource": 'Lanyard::Dataset::"sales"', "duration": "10m", "reason": "report"}
    granted = call("POST", grants, grant, tenant="default").json()  # 201
    call("POST", grants, {**grant, "tier": "root"}, tenant="default")  # 422
    call("POST", grants, {**grant, "principal": "nobody"}, tenant="default")  # 404
    call("POST", grants, {**grant, "extra": 1}, tenant="default")  # 400
    call("GET", grants, tenant="default", query=f"?status=active&principal={agent['id']}&limit=5")
    call("GET", grants, tenant="default", query="?status=bogus")  # 422
    call("GET", grants + "/{id}", tenant="default", id=granted["id"])
    call("GET", grants + "/{id}", tenant="default", id="ent_none")  # 404
    call("POST", grants + "/{id}/revoke", {"reason": "done"}, tenant="default", id=granted["id"])
    call("POST", grants + "/{id}/revoke", {"reason": "again"}, tenant="default", id=granted["id"])  # 409
    call("POST", grants + "/{id}/revoke", {}, tenant="default", id=granted["id"])  # 400/422
    requests_path = "/t/{tenant}/v1/access-requests"
    approver = call("POST", "/t/{tenant}/v1/admin/tokens", {"role": "tenant-admin", "subject": "dana"}, tenant="default").json()["token"]
    ask = {"identity": agent["id"], "tier": "data-read", "resource": 'Lanyard::Dataset::"sales"', "duration": "10m",
           "justification": "quarterly report"}
    asked = call("POST", requests_path, ask, tenant="default").json()  # 201
    call("POST", requests_path, {**ask, "duration": "9h"}, tenant="default")  # 422: above the cap
    call("POST", requests_path, {**ask, "identity": "nobody"}, tenant="default")  # 404
    call("POST", requests_path, ask, tenant="default", token=None)  # 401
    call("GET", requests_path, tenant="default", query="?status=requested&limit=5")
    call("GET", requests_path, tenant="default", query="?status=bogus")  # 422
    call("GET", requests_path + "/{id}", tenant="default", id=asked["id"])
    call("GET", requests_path + "/{id}", tenant="default", id="req_none")  # 404
    call("POST", requests_path + "/{id}/approve", {"reason": "mine"}, tenant="default", id=asked["id"])  # 403: own request
    call("POST", requests_path + "/{id}/approve", {"reason": "ok"}, tenant="default", id=asked["id"], token=approver)
    call("POST", requests_path + "/{id}/approve", {"reason": "again"}, tenant="default", id=asked["id"], token=approver)  # 409
    call("POST", requests_path + "/{id}/cancel", {"reason": "done"}, tenant="default", id=asked["id"])
    other = call("POST", requests_path, ask, tenant="default").json()
    call("POST", requests_path + "/{id}/deny", {"reason": "not now"}, tenant="default", id=other["id"], token=approver)
    call("POST", requests_path + "/{id}/deny", {"reason": "again"}, tenant="default", id=other["id"], token=approver)  # 409
    call("POST", requests_path + "/{id}/cancel", {"reason": "x"}, tenant="default", id="req_none")  # 404

    pep_tokens = "/t/{tenant}/v1/pep-tokens"
    pep = call("POST", pep_tokens, {"name": "gateway"}, tenant="default").json()["token"]
    call("POST", pep_tokens, {"name": ""}, tenant="default")  # 422
    call("POST", pep_tokens, {"name": "again"}, tenant="default", token=pep)  # 403
    call("GET", policies, tenant="default", token=pep)  # 403

    # The AuthZEN decision point.
    call("GET", "/t/{tenant}/.well-known/authzen-configuration", tenant="default", token=None)
    call("GET", "/t/{tenant}/.well-known/authzen-configuration", tenant="nope", token=None)  # 404
    access = "/t/{tenant}/access/v1/"
    allowed = call("POST", access + "evaluation", request, tenant="default").json()
    assert allowed["decision"] is True and allowed["context"]["annotations"]["everyone"]["description"] == "All may."
    enforced = call("POST", access + "evaluation", request, tenant="default", token=pep).json()
    assert enforced["context"] == {"policies": ["everyone"], "policy_version": allowed["context"]["policy_version"]}
    ghost = {**request, "subject": {"type": "Lanyard::Identity", "id": "ghost"}}
    assert "reason_user" in call("POST", access + "evaluation", ghost, tenant="default", token=pep).json()["context"]
    call("POST", access + "evaluation", ghost, tenant="default")
    call("POST", access + "evaluation", {"subject": {"type": "User"}}, tenant="default")  # 400
    call("POST", access + "evaluation", request, tenant="default", token=None)  # 401
    call("POST", access + "evaluation", request, tenant="acme", token=pep)  # 403
    batch = {"subject": request["subject"], "evaluations": [
        {"action": {"name": "read"}, "resource": {"type": "Doc", "id": "d1"}}, {"action": {"name": "read"}}]}
    answered = call("POST", access + "evaluations", batch, tenant="default").json()["evaluations"]
    assert [a["decision"] for a in answered] == [True, False] and "error" in answered[1]["context"]
    call("POST", access + "evaluations", request, tenant="default")  # no items: a single evaluation
    call("POST", access + "evaluations", {"evaluations": "x"}, tenant="default")  # 400
    call("POST", access + "evaluations", batch, tenant="default", token=None)  # 401
    call("POST", access + "search/subject", {**request, "subject": {"type": "User"}, "page": {"limit": 1}}, tenant="default")
    call("POST", access + "search/subject", {**request, "subject": {"type": "User"}, "page": {"limit": 0}}, tenant="default")  # 400
    call("POST", access + "search/resource", {**request, "resource": {"type": "User"}}, tenant="default", token=pep)
    call("POST", access + "search/resource", {**request, "resource": {"type": "User"}}, tenant="default", token=None)  # 401
    call("POST", access + "search/action", {"subject": request["subject"], "resource": request["resource"]}, tenant="default")
    call("POST", access + "search/action", {"subject": "x"}, tenant="default")  # 400

    # SPIFFE SVIDs and the trust bundle.
    svid_bot = Workload(server, "svid-bot")
    spiffe = "/t/{tenant}/spiffe/"
    call("GET", spiffe + "bundle", tenant="default", token=None)
    call("GET", spiffe + "bundle", tenant="nope", token=None)  # 404
    call("GET", spiffe + "bundle.pem", tenant="default", token=None)
    call("GET", spiffe + "bundle.pem", tenant="nope", token=None)  # 404
    svid_form = {"client_id": svid_bot.id, "client_assertion_type": AS_JWT, "audience": "https://api.example",
                 "client_assertion": svid_bot.assertion(f"{server.url}/t/default/spiffe/jwt-svid")}
    call("POST", spiffe + "jwt-svid", tenant="default", token=None, form=svid_form)
    call("POST", spiffe + "jwt-svid", tenant="default", token=None, form={**svid_form, "audience": ""})  # 400
    call("POST", spiffe + "jwt-svid", tenant="default", token=None, form={"audience": "a"})  # 401
    call("POST", spiffe + "jwt-svid", tenant="nope", token=None, form={"audience": "a"})  # 404
    csr_key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder().subject_name(x509.Name([]))
           .sign(csr_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode())
    x509_form = {"client_id": svid_bot.id, "client_assertion_type": AS_JWT, "csr": csr,
                 "client_assertion": svid_bot.assertion(f"{server.url}/t/default/spiffe/x509-svid")}
    call("POST", spiffe + "x509-svid", tenant="default", token=None, form=x509_form)
    call("POST", spiffe + "x509-svid", tenant="default", token=None, form={**x509_form, "csr": "junk"})  # 400
    call("POST", spiffe + "x509-svid", tenant="default", token=None, form={"csr": csr})  # 401
    call("POST", spiffe + "x509-svid", tenant="nope", token=None, form={"csr": csr})  # 404

    # Lanyard's own administration: whoami, administrator tokens, admin policies.
    call("GET", "/v1/whoami")
    call("GET", "/v1/whoami", token=None)  # 401
    call("GET", "/v1/admin/policies")
    tokens = "/t/{tenant}/v1/admin/tokens"
    made = call("POST", tokens, {"role": "auditor", "ttl": "7d"}, tenant="default").json()
    call("POST", tokens, {"role": "owner"}, tenant="default")  # 422: an owner token needs a subject
    call("POST", tokens, {"role": "auditor", "extra": 1}, tenant="default")  # 400
    call("GET", tokens, tenant="default")
    auditor = made["token"]
    call("POST", tokens, {"role": "auditor"}, tenant="default", token=auditor)  # 403
    response = server.api("DELETE", f"/t/default/v1/admin/tokens/{made['info']['id']}")
    check(response, "/t/{tenant}/v1/admin/tokens/{token}", "DELETE")
    calls.append(("delete", "/t/{tenant}/v1/admin/tokens/{token}"))
    check(server.api("DELETE", "/t/default/v1/admin/tokens/tok_none"), "/t/{tenant}/v1/admin/tokens/{token}", "DELETE")  # 404
    scim_tokens = "/t/{tenant}/v1/scim/tokens"
    provisioning = call("POST", scim_tokens, {"description": "okta"}, tenant="default").json()
    call("POST", scim_tokens, {"description": "okta", "extra": 1}, tenant="default")  # 400
    call("POST", scim_tokens, {"description": ""}, tenant="default")  # 422
    call("GET", scim_tokens, tenant="default")
    # The directory, provisioned over SCIM (not in this document), read through the admin API.
    scim = {"Content-Type": "application/scim+json"}
    person = server.api("POST", "/t/default/scim/v2/Users", token=provisioning["token"], headers=scim,
                        data=json.dumps({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann",
                                         "emails": [{"value": "ann@example.com"}]}))
    assert person.status_code == 201, person.text
    team = server.api("POST", "/t/default/scim/v2/Groups", token=provisioning["token"], headers=scim,
                      data=json.dumps({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Team",
                                       "members": [{"value": person.json()["id"]}]}))
    assert team.status_code == 201, team.text
    users, groups = "/t/{tenant}/v1/users", "/t/{tenant}/v1/groups"
    call("GET", users, tenant="default", query="?active=true&limit=10")
    call("GET", users, tenant="default", query="?active=maybe")  # 422
    call("GET", users, tenant="default", query="?cursor=bogus")  # 400
    call("GET", users + "/{user}", tenant="default", user="ANN")
    call("GET", users + "/{user}", tenant="default", user="nobody")  # 404
    call("GET", groups, tenant="default", query="?limit=1")
    call("GET", groups + "/{group}", tenant="default", group="team")
    call("GET", groups + "/{group}", tenant="default", group="nobody")  # 404
    settings = "/t/{tenant}/v1/settings"
    assert call("PUT", settings, {"ownerDirectory": "required"}, tenant="default").json()["ownerDirectory"] == "required"
    call("POST", ids, {"name": "stray", "kind": "agent", "owner": "nobody", "purpose": "p"}, tenant="default")  # 422
    call("PUT", settings, {"ownerDirectory": "sometimes"}, tenant="default")  # 422
    call("PUT", settings, {"ownerDirectory": "optional", "extra": 1}, tenant="default")  # 400
    call("PUT", settings, {"ownerDirectory": "optional"}, tenant="nope")  # 404
    assert call("PUT", settings, {"ownerDirectory": "optional"}, tenant="default").json()["ownerDirectory"] == "optional"
    call("DELETE", scim_tokens + "/{id}", tenant="default", id=provisioning["info"]["id"])
    call("DELETE", scim_tokens + "/{id}", tenant="default", id=provisioning["info"]["id"])  # 404: revoked already
    platform = call("POST", "/v1/admin/tokens", {"role": "platform-admin", "ttl": "1d"}).json()
    call("POST", "/v1/admin/tokens", {"role": "auditor"})  # 422: only platform tokens here
    call("GET", "/v1/admin/tokens")
    check(server.api("DELETE", f"/v1/admin/tokens/{platform['info']['id']}"), "/v1/admin/tokens/{token}", "DELETE")
    calls.append(("delete", "/v1/admin/tokens/{token}"))
    check(server.api("DELETE", "/v1/admin/tokens/tok_none"), "/v1/admin/tokens/{token}", "DELETE")  # 404
    admin_policies = "/t/{tenant}/v1/admin/policies"
    call("GET", admin_policies, tenant="default")
    call("PUT", admin_policies, {"policies": "forbid (principal, action, resource) when { false };", "message": "m"}, tenant="default")
    call("PUT", admin_policies, {"policies": "permit (principal, action, resource);", "message": "m"}, tenant="default")  # 422
    call("GET", admin_policies, tenant="nope")  # 404

    # Webhooks (nothing listens on port 1: deliveries stay pending).
    hooks = "/t/{tenant}/v1/webhooks"
    hook = call("POST", hooks, {"url": "https://127.0.0.1:1/hook", "eventTypes": ["webhook.test"], "description": "d"},
                tenant="default").json()
    call("POST", hooks, {"url": "http://example.com/hook"}, tenant="default")  # 422
    call("POST", hooks, {"url": "https://127.0.0.1:1/hook", "x": 1}, tenant="default")  # 400
    call("GET", hooks, tenant="default")
    call("GET", hooks, tenant="default", token=None)  # 401
    queued = call("POST", hooks + "/{id}/test", tenant="default", id=hook["endpoint"]["id"]).json()
    call("POST", hooks + "/{id}/test", tenant="default", id="whk_none")  # 404
    call("POST", hooks + "/{id}/disable", tenant="default", id=hook["endpoint"]["id"])
    call("POST", hooks + "/{id}/disable", tenant="default", id=hook["endpoint"]["id"])  # 409: already
    call("POST", hooks + "/{id}/test", tenant="default", id=hook["endpoint"]["id"])  # 409: disabled
    call("POST", hooks + "/{id}/enable", tenant="default", id=hook["endpoint"]["id"])
    call("POST", hooks + "/{id}/enable", tenant="default", id="whk_none")  # 404
    call("POST", hooks + "/{id}/disable", tenant="default", id="whk_none")  # 404
    call("POST", hooks + "/{id}/rotate-secret", tenant="default", id=hook["endpoint"]["id"])
    call("POST", hooks + "/{id}/rotate-secret", tenant="default", id="whk_none")  # 404
    log = "/t/{tenant}/v1/webhook-deliveries"
    call("GET", log, tenant="default", query=f"?endpoint={hook['endpoint']['id']}&status=pending&limit=10")
    call("GET", log, tenant="default", query="?status=lost")  # 422
    call("POST", log + "/{id}/redeliver", tenant="default", id=queued["id"])  # 409: still pending
    call("POST", log + "/{id}/redeliver", tenant="default", id="msg_none")  # 404
    call("DELETE", hooks + "/{id}", tenant="default", id=hook["endpoint"]["id"])
    call("DELETE", hooks + "/{id}", tenant="default", id=hook["endpoint"]["id"])  # 404

    # Break-glass.
    glass = "/t/{tenant}/v1/breakglass"
    emergency = {"identity": worker["id"], "tier": "data-read", "resource": 'Lanyard::Dataset::"payments"', "duration": "15m",
                 "reason": "payments down", "incident": "INC-1"}
    opened = call("POST", glass, emergency, tenant="default").json()
    call("POST", glass, {**emergency, "duration": "2h"}, tenant="default")  # 422: above the cap
    call("POST", glass, {**emergency, "bogus": 1}, tenant="default")  # 400
    call("POST", glass, {**emergency, "identity": "nobody"}, tenant="default")  # 404
    call("POST", glass, emergency, tenant="default", token=None)  # 401
    call("GET", glass, tenant="default", query="?review=pending&status=open&limit=10")
    call("GET", glass, tenant="default", query="?review=late")  # 422
    call("GET", glass + "/{id}", tenant="default", id=opened["id"])
    call("GET", glass + "/{id}", tenant="default", id="brk_none")  # 404
    call("POST", glass + "/{id}/review", {"note": "self"}, tenant="default", id=opened["id"])  # 403: the opener
    call("POST", glass + "/{id}/review", {"note": "x"}, tenant="default", id="brk_none")  # 404
    call("POST", glass + "/{id}/close", {"reason": "resolved"}, tenant="default", id=opened["id"])
    call("POST", glass + "/{id}/close", {}, tenant="default", id=opened["id"])  # 409: already closed
    # Recertification campaigns (issue 17).
    reviews = "/t/{tenant}/v1/reviews"
    campaign = call("POST", reviews, {"name": "q3", "duration": "1d", "kinds": ["pipeline"]}, tenant="default").json()
    call("POST", reviews, {"name": "q3", "duration": "0s"}, tenant="default")  # 422
    call("POST", reviews, {"name": "q3", "duration": "1d", "x": 1}, tenant="default")  # 400
    call("GET", reviews, tenant="default", query="?limit=5")
    call("GET", reviews, tenant="default", token=None)  # 401
    call("GET", reviews + "/{id}", tenant="default", id=campaign["campaign"]["id"])
    call("GET", reviews + "/{id}", tenant="default", id="rev_none")  # 404
    items = call("GET", reviews + "/{id}/items", tenant="default", query="?decided=false", id=campaign["campaign"]["id"]).json()["items"]
    call("GET", reviews + "/{id}/items", tenant="default", query="?decided=maybe", id=campaign["campaign"]["id"])  # 422
    decide = reviews + "/{id}/items/{item}/decide"
    call("POST", decide, {"decision": "approve"}, tenant="default", id=campaign["campaign"]["id"], item=items[0]["id"])  # 422
    call("POST", decide, {"decision": "certify"}, tenant="default", id=campaign["campaign"]["id"], item=items[0]["id"])
    call("POST", decide, {"decision": "certify"}, tenant="default", id=campaign["campaign"]["id"], item=items[0]["id"])  # 409
    call("POST", decide, {"decision": "certify"}, tenant="default", id=campaign["campaign"]["id"], item="rvi_none")  # 404
    schedules = "/t/{tenant}/v1/review-schedules"
    scheduled = call("POST", schedules, {"cron": "0 9 1 * *", "name": "monthly", "duration": "14d", "kinds": ["agent"]}, tenant="default").json()
    call("POST", schedules, {"cron": "*/5 * * * *", "name": "too often", "duration": "1d"}, tenant="default")  # 422
    call("POST", schedules, {"cron": "@monthly", "name": "x", "duration": "1d", "extra": 1}, tenant="default")  # 400
    call("GET", schedules, tenant="default")
    call("GET", schedules, tenant="default", token=None)  # 401
    call("DELETE", schedules + "/{id}", tenant="default", id=scheduled["id"])
    call("DELETE", schedules + "/{id}", tenant="default", id=scheduled["id"])  # 404
    # The access policy and the access report (issue 17).
    policy = "/t/{tenant}/v1/access-policy"
    call("GET", policy, tenant="default")
    call("PUT", policy, {"approvals": {"deploy": 3}, "maxDurations": {"data-read": "1d"}, "breakGlassMax": "30m",
                         "autoApprove": '@id("a") permit (principal, action, resource) when { context.tier == "test" };',
                         "message": "tighter"}, tenant="default")
    call("PUT", policy, {"autoApprove": "permit (", "message": "broken"}, tenant="default")  # 422
    call("PUT", policy, {"message": "x", "bogus": 1}, tenant="default")  # 400
    call("PUT", policy, {"message": "x"}, tenant="default", token=None)  # 401
    call("GET", "/t/{tenant}/v1/access-report", tenant="default", query="?since=2026-01-01")
    call("GET", "/t/{tenant}/v1/access-report", tenant="default", query="?since=2026-12-01&until=2026-11-01")  # 422

    # Leak intake (issue 18).
    leaks = "/t/{tenant}/v1/leaks"
    call("POST", leaks, {"tokens": [{"token": "lyadm_nothing", "location": "a.py:1", "source": "test"}]}, tenant="default")
    call("POST", leaks, {"tokens": []}, tenant="default")  # 422
    call("POST", leaks, {"tokens": [{"token": "x"}], "x": 1}, tenant="default")  # 400
    call("POST", leaks, {"tokens": [{"token": "x"}]}, tenant="default", token=None)  # 401
    call("GET", leaks, tenant="default", query="?limit=5")
    call("GET", leaks, tenant="default", query="?limit=0")  # 422
    call("POST", "/v1/leaks/github", [{"token": "x", "type": "t"}], token=None)  # 401: no GitHub keys configured
    door_tokens = leaks + "/door-tokens"
    door = call("POST", door_tokens, {"description": "gitlab.example.com"}, tenant="default").json()
    call("POST", door_tokens, {"description": "x", "extra": 1}, tenant="default")  # 400
    call("POST", door_tokens, {"description": "a\u0000b"}, tenant="default")  # 422
    call("GET", door_tokens, tenant="default")
    gitlab = "/t/{tenant}/leaks/gitlab/v1"
    call("GET", gitlab + "/revocable_token_types", tenant="default", token=door["token"])
    call("GET", gitlab + "/revocable_token_types", tenant="default", token=None)  # 401
    call("POST", gitlab + "/revoke_tokens", [{"type": "lanyard_access_token", "token": "nothing", "location": "x"}], tenant="default",
         token=door["token"])  # 204
    call("POST", gitlab + "/revoke_tokens", [], tenant="default", token=door["token"])  # 400
    call("POST", gitlab + "/revoke_tokens", [{"type": "t", "token": "x"}], tenant="default", token=server.token)  # 401
    call("DELETE", door_tokens + "/{id}", tenant="default", id=door["info"]["id"])
    call("DELETE", door_tokens + "/{id}", tenant="default", id=door["info"]["id"])  # 404

    # The MCP gateway's control plane (issue 21): the issuer's RFC 8414 metadata and authorization endpoint, the
    # registry, a server's RFC 9728 metadata and the gateway endpoint's answers to each kind of token.
    call("GET", "/.well-known/oauth-authorization-server/t/{tenant}", tenant="default", token=None)
    call("GET", "/.well-known/oauth-authorization-server/t/{tenant}", tenant="nope", token=None)  # 404
    authorize = "/t/{tenant}/oauth2/authorize"
    call("GET", authorize, tenant="default", token=None, query="?response_type=code&client_id=x&redirect_uri=https%3A%2F%2Fevil.example%2F")  # 400
    call("GET", authorize, tenant="nope", token=None)  # 404
    servers = "/t/{tenant}/v1/mcp/servers"
    call("POST", servers, {"name": "crm", "url": "http://127.0.0.1:1/mcp", "toolAnnotationsTrusted": False}, tenant="default")  # 201
    call("POST", servers, {"name": "crm", "url": "http://127.0.0.1:1/mcp"}, tenant="default")  # 409
    call("POST", servers, {"name": "mail", "url": "https://u:p@mail.example/mcp"}, tenant="default")  # 422
    call("POST", servers, {"name": "mail", "url": "https://mail.example/mcp", "x": 1}, tenant="default")  # 400
    call("POST", servers, {"name": "mail", "url": "https://mail.example/mcp"}, tenant="default", token=None)  # 401
    call("POST", servers, {"name": "mail", "url": "https://mail.example/mcp"}, tenant="default", token=pep)  # 403
    call("POST", servers, {"name": "mail", "url": "https://mail.example/mcp"}, tenant="nope")  # 404
    call("GET", servers, tenant="default")
    call("GET", servers, tenant="default", token=None)  # 401
    call("GET", servers, tenant="default", token=pep)  # 403
    call("GET", servers, tenant="nope")  # 404
    call("GET", servers + "/{name}", tenant="default", name="crm")
    call("GET", servers + "/{name}", tenant="default", name="mail")  # 404
    call("GET", servers + "/{name}", tenant="default", name="crm", token=None)  # 401
    call("GET", servers + "/{name}", tenant="default", name="crm", token=pep)  # 403
    prm = "/.well-known/oauth-protected-resource/t/{tenant}/mcp/{server}"
    call("GET", prm, tenant="default", server="crm", token=None)
    call("GET", prm, tenant="default", server="mail", token=None)  # 404
    call("POST", templates, {"name": "mcp-agent", "defaultTTL": "1d", "maxTTL": "2d", "allowedScopes": ["mcp", "read"]}, tenant="default")
    agent = Workload(server, "mcp-openapi", template="mcp-agent")
    crm = f"{server.url}/t/default/mcp/crm"
    issued = server.api("POST", "/t/default/oauth2/token", token=None, data=token_form(
        agent, agent.assertion(f"{server.url}/t/default/oauth2/token"), scope="mcp read", resource=crm))
    assert issued.status_code == 200, issued.text
    narrowed = server.api("POST", "/t/default/oauth2/token", token=None, data={
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": issued.json()["access_token"],
        "subject_token_type": "urn:ietf:params:oauth:token-type:access_token", "scope": "read"})
    assert narrowed.status_code == 200, narrowed.text
    gateway = "/t/{tenant}/mcp/{server}"
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    bare = call("POST", gateway, ping, tenant="default", server="crm", token=None)  # 401, no error code
    assert bare.headers["WWW-Authenticate"] == f'Bearer resource_metadata="{server.url}/.well-known/oauth-protected-resource/t/default/mcp/crm", scope="mcp"'
    assert 'error="invalid_token"' in call("POST", gateway, ping, tenant="default", server="crm").headers["WWW-Authenticate"]  # 401: an admin token
    call("POST", gateway, ping, tenant="default", server="crm", token=narrowed.json()["access_token"])  # 403: no mcp scope
    call("POST", gateway, ping, tenant="default", server="crm", token=issued.json()["access_token"])  # 501
    call("POST", gateway, ping, tenant="default", server="mail", token=None)  # 404
    call("DELETE", servers + "/{name}", tenant="default", name="crm")
    call("DELETE", servers + "/{name}", tenant="default", name="crm")  # 404
    call("DELETE", servers + "/{name}", tenant="default", name="crm", token=None)  # 401
    call("DELETE", servers + "/{name}", tenant="default", name="crm", token=pep)  # 403

    documented = {(method, path) for path, item in SPEC["paths"].items()
                  for method in item if method in {"get", "post", "put", "delete", "patch"}}
    assert documented <= set(calls), f"operations not exercised: {documented - set(calls)}"


def test_undocumented_routes_are_json_404(server):
    response = server.api("GET", "/t/default/v1/secrets")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_undeclared_methods_are_405_with_the_documented_allow(server):
    """Every documented path answers a method the document does not declare for it with 405, and its `Allow`
    header lists exactly the document's methods for that path."""
    for template, item in SPEC["paths"].items():
        declared = sorted(method.upper() for method in item if method in {"get", "post", "put", "delete", "patch"})
        path = re.sub(r"\{tenant\}", "default", template)
        path = re.sub(r"\{[^}]+\}", "x", path)
        for method in ("PATCH", "TRACE"):
            if method in declared:
                continue
            response = server.api(method, path)
            assert response.status_code == 405, f"{method} {template}: {response.status_code} {response.text}"
            assert sorted(part.strip() for part in response.headers["Allow"].split(",")) == declared, template
            assert response.json()["error"] == "method_not_allowed"


def pep_for_posture(server) -> str:
    """A PEP token: it may ask for decisions, not for the posture report."""
    made = server.api("POST", "/t/default/v1/pep-tokens", json={"name": "posture-pep"})
    assert made.status_code == 201, made.text
    return made.json()["token"]
