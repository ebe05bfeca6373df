"""The running server against openapi.yaml: every documented operation answers with a documented status and a
body that matches the documented schema."""
import re

import jsonschema
import yaml
from openapi_spec_validator import validate

from lanyard_harness import ROOT

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
    if "application/json" in content:
        assert response.headers["Content-Type"].startswith("application/json")
        schema = {**content["application/json"]["schema"], "components": SPEC["components"]}
        jsonschema.validate(response.json(), schema, cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    elif "application/jwk-set+json" in content:
        assert response.headers["Content-Type"].startswith("application/jwk-set+json")
    elif "text/plain" in content:
        assert response.headers["Content-Type"].startswith("text/plain")


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

    documented = {(method, path) for path, item in SPEC["paths"].items() for method in item if method in {"get", "post"}}
    assert documented <= set(calls), f"operations not exercised: {documented - set(calls)}"


def test_undocumented_routes_are_json_404(server):
    response = server.api("GET", "/t/default/v1/secrets")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
