"""SCIM 2.0 against a real `lanyard serve`: scim2-tester's checks, Okta's SPEC test sequence, Entra ID's quirks, bad
input that must change nothing, tenant isolation of provisioning tokens, and a deactivated user's owner status."""
import json
import shutil
import subprocess
import uuid

import pytest

from lanyard_harness import Server, cli_json, new_postgres_database

SCIM_JSON = "application/scim+json"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"


@pytest.fixture(params=["sqlite", "postgres"])
def server(request, tmp_path):
    """Every test here runs against a server on each engine (issue 16: "Runs on SQLite and PostgreSQL alike")."""
    database_url = new_postgres_database() if request.param == "postgres" else None
    instance = Server(tmp_path, database_url=database_url).start()
    yield instance
    instance.stop()


def provisioning_token(server, tenant="default"):
    return cli_json(server, "scim", "token", "create", "--description", "test", "--tenant", tenant)["token"]


class SCIM:
    def __init__(self, server, token, tenant="default"):
        self.server = server
        self.token = token
        self.base = f"/t/{tenant}/scim/v2"

    def call(self, method, path, body=None, token="own", raw=None, headers=None):
        headers = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            headers.setdefault("Content-Type", SCIM_JSON)
        return self.server.api(method, self.base + path, token=self.token if token == "own" else token, data=data, headers=headers)

    def user_names(self):
        answer = self.call("GET", "/Users?count=200")
        assert answer.status_code == 200
        return sorted(resource["userName"] for resource in answer.json()["Resources"])


def assert_scim_error(answer, status, scim_type=None):
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"].startswith(SCIM_JSON)
    body = answer.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("detail")
    if scim_type:
        assert body["scimType"] == scim_type, body


def new_user(user_name, **extra):
    return {"schemas": [USER], "userName": user_name, "name": {"givenName": "Given", "familyName": "Family"},
            "emails": [{"value": user_name, "type": "work", "primary": True}], "active": True, **extra}


def test_scim2_tester_passes_every_check(server):
    scim = SCIM(server, provisioning_token(server))
    binary = shutil.which("scim2")
    assert binary, "scim2-cli is in IntegrationTests/requirements.txt"
    result = subprocess.run(
        [binary, "--url", server.url + scim.base, "-h", f"Authorization: Bearer {scim.token}", "test", "-v"],
        capture_output=True, text=True, timeout=600)
    lines = result.stdout.splitlines()
    failures = [context for index, line in enumerate(lines) if not line.startswith((" ", "SUCCESS")) and line.strip()
                for context in lines[index:index + 3]]
    assert result.returncode == 0, "\n".join(failures)[-20000:] + result.stderr[-5000:]


def test_okta_spec_sequence(server):
    scim = SCIM(server, provisioning_token(server))
    assert scim.call("POST", "/Users", new_user("seed@example.com")).status_code == 201
    first = scim.call("GET", "/Users?count=1&startIndex=1").json()
    assert first["Resources"] and all(k in first["Resources"][0] for k in ("name", "userName", "active", "emails"))
    assert first["Resources"][0]["emails"][0]["value"]
    random_name = f"{uuid.uuid4()}@example.com"
    none = scim.call("GET", f'/Users?filter=userName eq "{random_name}"').json()
    assert none["totalResults"] == 0 and none["Resources"] == []
    assert_scim_error(scim.call("GET", "/Users/00919288221112222"), 404)
    created = scim.call("POST", "/Users", new_user(random_name))
    assert created.status_code == 201 and created.headers["Location"].endswith(created.json()["id"])
    user_id = created.json()["id"]
    fetched = scim.call("GET", f"/Users/{user_id}").json()
    assert fetched["userName"] == random_name and fetched["name"]["givenName"] == "Given"
    assert_scim_error(scim.call("POST", "/Users", new_user(random_name)), 409, "uniqueness")
    upper = scim.call("GET", f'/Users?filter=userName eq "{random_name.upper()}"').json()
    assert [r["id"] for r in upper["Resources"]] == [user_id]
    replaced = scim.call("PUT", f"/Users/{user_id}", new_user(random_name, name={"givenName": "Changed", "familyName": "Family"}))
    assert replaced.status_code == 200 and replaced.json()["name"]["givenName"] == "Changed"
    patched = scim.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]})
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert scim.call("GET", f"/Users/{user_id}").json()["active"] is False
    groups = scim.call("GET", "/Groups")
    assert groups.status_code == 200 and groups.elapsed.total_seconds() < 0.6
    assert_scim_error(scim.call("GET", "/Users", token="lsc_wrong"), 401)
    page = scim.call("GET", "/Users?startIndex=1&count=100").json()
    assert page["startIndex"] == 1 and page["itemsPerPage"] == len(page["Resources"]) == page["totalResults"] == 2


def test_entra_quirks(server):
    scim = SCIM(server, provisioning_token(server))
    assert scim.call("GET", "/Users?aadOptscim062020").status_code == 200
    user_id = scim.call("POST", "/Users", {"schemas": [USER], "userName": "entra@example.com"}).json()["id"]
    empty = scim.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": []})
    assert empty.status_code == 200 and empty.headers["Content-Type"].startswith(SCIM_JSON)
    added = scim.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": [
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "entra@work.example"},
        {"op": "Replace", "path": "active", "value": "False"}]}).json()
    assert added["emails"] == [{"type": "work", "value": "entra@work.example"}] and added["active"] is False
    group = scim.call("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng",
                                         "members": [{"value": user_id}]}).json()
    removed = scim.call("PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
        {"op": "Remove", "path": "members", "value": [{"value": user_id}]}]}).json()
    assert "members" not in removed
    found = scim.call("GET", '/Groups?filter=displayName eq "eng"&excludedAttributes=members').json()
    assert [g["id"] for g in found["Resources"]] == [group["id"]]


@pytest.mark.parametrize("case", ["unknown attribute", "wrong type", "10 MB", "filter injection", "deep nesting", "invalid UTF-8",
                                  "not JSON", "missing schemas"])
def test_bad_input_gets_a_scim_error_and_changes_nothing(server, case):
    scim = SCIM(server, provisioning_token(server))
    assert scim.call("POST", "/Users", new_user("keep@example.com")).status_code == 201
    before = scim.user_names()
    if case == "unknown attribute":
        assert_scim_error(scim.call("POST", "/Users", new_user("x@example.com", favouriteColour="blue")), 400, "invalidSyntax")
    elif case == "wrong type":
        assert_scim_error(scim.call("POST", "/Users", new_user("x@example.com", active="maybe")), 400, "invalidValue")
    elif case == "10 MB":
        body = json.dumps(new_user("x@example.com", displayName="a" * (10 * 1024 * 1024))).encode()
        assert_scim_error(scim.call("POST", "/Users", raw=body), 413)
    elif case == "filter injection":
        for text in ['userName eq "a" or 1 eq 1', "userName eq \"a\"; DROP TABLE scim_users", 'userName eq "a\' OR \'1\'=\'1"']:
            answer = scim.server.api("GET", scim.base + "/Users", token=scim.token, params={"filter": text})
            if answer.status_code == 200:
                assert answer.json()["totalResults"] == 0, text
            else:
                assert_scim_error(answer, 400, "invalidFilter")
    elif case == "deep nesting":
        deep = {"schemas": [USER], "userName": "x@example.com"}
        nested = "x"
        for _ in range(200):
            nested = {"value": nested}
        deep["name"] = nested
        assert_scim_error(scim.call("POST", "/Users", deep), 400, "invalidSyntax")
    elif case == "invalid UTF-8":
        assert_scim_error(scim.call("POST", "/Users", raw=b'{"schemas":["' + USER.encode() + b'"],"userName":"\xff\xfe"}'), 400, "invalidSyntax")
    elif case == "not JSON":
        assert_scim_error(scim.call("POST", "/Users", raw=b"userName=x"), 400, "invalidSyntax")
    elif case == "missing schemas":
        assert_scim_error(scim.call("POST", "/Users", {"userName": "x@example.com"}), 400, "invalidSyntax")
    assert scim.user_names() == before


def test_a_provisioning_token_of_one_tenant_can_do_nothing_elsewhere(server):
    created = server.api("POST", "/v1/tenants", json={"name": "acme"})
    assert created.status_code == 201, created.text
    acme = SCIM(server, provisioning_token(server, tenant="acme"), tenant="acme")
    own = SCIM(server, acme.token, tenant="default")
    assert_scim_error(own.call("GET", "/Users"), 403)
    assert_scim_error(own.call("POST", "/Users", new_user("evil@example.com")), 403)
    assert_scim_error(SCIM(server, acme.token, tenant="nosuch").call("GET", "/Users"), 403)
    assert server.api("GET", "/t/acme/v1/identities", token=acme.token).status_code == 401
    assert server.api("GET", "/t/default/v1/owners", token=acme.token).status_code == 401
    assert acme.call("GET", "/Users").status_code == 200
    token_id = cli_json(server, "scim", "token", "list", "--tenant", "acme")["tokens"][0]["id"]
    cli_json(server, "scim", "token", "revoke", token_id, "--tenant", "acme")
    assert_scim_error(acme.call("GET", "/Users"), 401)


def test_deactivating_a_user_makes_their_owner_inactive(server):
    scim = SCIM(server, provisioning_token(server))
    user_id = scim.call("POST", "/Users", new_user("alice")).json()["id"]
    answer = scim.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]})
    assert answer.status_code == 200
    owners = server.api("GET", "/t/default/v1/owners").json()["owners"]
    assert [(o["owner"], o["active"]) for o in owners] == [("alice", False)]
    scim.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]})
    owners = server.api("GET", "/t/default/v1/owners").json()["owners"]
    assert [(o["owner"], o["active"]) for o in owners] == [("alice", True)]


def test_discovery_is_read_only_and_unknown_paths_are_scim_404(server):
    scim = SCIM(server, provisioning_token(server))
    config = scim.call("GET", "/ServiceProviderConfig")
    assert config.status_code == 200 and config.json()["patch"]["supported"] is True
    assert [t["id"] for t in scim.call("GET", "/ResourceTypes").json()["Resources"]] == ["User", "Group"]
    assert scim.call("GET", "/Schemas/" + USER).json()["id"] == USER
    for path in ("/ServiceProviderConfig", "/Schemas", "/ResourceTypes"):
        assert_scim_error(scim.call("POST", path, {}), 405)
    assert_scim_error(scim.call("GET", "/Nope"), 404)
