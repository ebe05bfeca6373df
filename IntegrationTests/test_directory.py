"""People and groups as first-class records (issue 16): provisioned over SCIM by the identity provider, read by
administrators through the admin API and the CLI (`lanyard user list|show`, `lanyard group list|show`), on SQLite
and on PostgreSQL."""
from lanyard_harness import cli, cli_json
from test_scim import PATCH, SCIM, new_user, provisioning_token
from test_scim import server  # noqa: F401  (the fixture: each test runs on SQLite and on PostgreSQL)

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def provision(server):
    """alice (owner of two identities) and carol in "ML Team"; bob deactivated by a PATCH as Entra sends it."""
    scim = SCIM(server, provisioning_token(server))
    ids = {}
    for name in ("alice", "bob", "carol"):
        answer = scim.call("POST", "/Users", new_user(name, displayName=name.title()))
        assert answer.status_code == 201, answer.text
        ids[name] = answer.json()["id"]
    off = scim.call("PATCH", f"/Users/{ids['bob']}", {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]})
    assert off.status_code == 200, off.text
    group = scim.call("POST", "/Groups", {"schemas": [GROUP], "displayName": "ML Team",
                                          "members": [{"value": ids["alice"]}, {"value": ids["carol"]}]})
    assert group.status_code == 201, group.text
    for name in ("alice-bot", "alice-eval"):
        cli_json(server, "identity", "register", "--name", name, "--kind", "agent", "--owner", "alice", "--purpose", "test",
                 "--environment", "sandbox")
    return scim, ids, group.json()["id"]


def test_people_provisioned_over_scim_are_read_through_the_cli(server):
    _, ids, group_id = provision(server)
    listed = cli_json(server, "user", "list")
    assert [(u["userName"], u["active"], u.get("displayName")) for u in listed["users"]] == [
        ("alice", True, "Alice"), ("bob", False, "Bob"), ("carol", True, "Carol")]
    assert [u["userName"] for u in cli_json(server, "user", "list", "--inactive")["users"]] == ["bob"]
    assert [u["userName"] for u in cli_json(server, "user", "list", "--active", "--limit", "1", "--all")["users"]] == ["alice", "carol"]

    alice = cli_json(server, "user", "show", "ALICE")
    assert alice["id"] == ids["alice"] and alice["groups"] == ["ML Team"] and alice["emails"] == ["alice"]
    assert alice["identityCount"] == 2
    assert [(i["name"], i["status"]) for i in alice["identities"]] == [("alice-bot", "active"), ("alice-eval", "active")]
    assert cli_json(server, "user", "show", ids["bob"])["active"] is False

    table = cli(server, "user", "show", "alice")
    assert table.returncode == 0 and "alice-bot (active)" in table.stdout and "ML Team" in table.stdout, table.stdout

    assert [g["displayName"] for g in cli_json(server, "group", "list")["groups"]] == ["ML Team"]
    team = cli_json(server, "group", "show", "ml team")
    assert team["id"] == group_id and team["members"] == ["alice", "carol"] and team["memberCount"] == 2
    assert cli_json(server, "group", "show", group_id)["displayName"] == "ML Team"


def test_unknown_names_bad_filters_and_readers_without_the_role_are_refused(server):
    provision(server)
    missing = cli(server, "user", "show", "dave")
    assert missing.returncode != 0 and "not_found" in missing.stderr, missing.stderr
    bad = server.api("GET", "/t/default/v1/users?active=yes")
    assert bad.status_code == 422 and bad.json()["field"] == "active", bad.text
    auditor = cli_json(server, "admin", "token", "create", "--role", "auditor")["token"]
    assert server.api("GET", "/t/default/v1/users/alice", token=auditor).status_code == 200
    owner = cli_json(server, "admin", "token", "create", "--role", "owner", "--subject", "alice")["token"]
    refused = server.api("GET", "/t/default/v1/groups", token=owner)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden", refused.text
