"""People and groups as first-class records (issue 16): provisioned over SCIM by the identity provider, read by
administrators through the admin API and the CLI (`lanyard user list|show`, `lanyard group list|show`), on SQLite
and on PostgreSQL."""
import time

from cluster import Cluster
from lanyard_harness import authzen, cli, cli_json
from test_scim import PATCH, SCIM, new_user, provisioning_token
from test_scim import server  # noqa: F401  (the fixture: each test runs on SQLite and on PostgreSQL)

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ML_TEAM_POLICY = ('@id("ml-team-deploys")\npermit (principal is Lanyard::Identity, action == Action::"deploy", resource)\n'
                  'when { principal has ownerUser && principal.ownerUser.active && principal.ownerUser in Lanyard::Group::"ML Team" };\n')


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


def test_owner_directory_required_refuses_owners_who_are_not_active_people(server):
    provision(server)
    assert cli_json(server, "tenant", "set", "default", "--owner-directory", "required")["ownerDirectory"] == "required"
    events = server.api("GET", "/t/default/v1/audit?limit=1000").json()["events"]
    assert [(e["details"]["value"], e["details"]["previous"]) for e in events if e["action"] == "tenant.settings"] == [("required", "optional")]
    register = ("identity", "register", "--kind", "agent", "--purpose", "test", "--environment", "sandbox")
    for owner, why in (("dave", "no person 'dave'"), ("bob", "deactivated"), ("Alice", "spells this person 'alice'")):
        refused = cli(server, *register, "--name", f"for-{owner.lower()}", "--owner", owner)
        assert refused.returncode != 0 and "invalid_field, field owner" in refused.stderr and why in refused.stderr, refused.stderr
    assert cli_json(server, *register, "--name", "carols", "--owner", "carol")["owner"] == "carol"
    names = [i["name"] for i in cli_json(server, "identity", "list")["identities"]]
    assert names == ["alice-bot", "alice-eval", "carols"], "refusals wrote nothing"
    auditor = cli_json(server, "admin", "token", "create", "--role", "auditor")["token"]
    denied = cli(server, "tenant", "set", "default", "--owner-directory", "optional", token=auditor)
    assert denied.returncode != 0 and "forbidden" in denied.stderr
    assert cli_json(server, "tenant", "set", "default", "--owner-directory", "optional")["ownerDirectory"] == "optional"
    assert cli_json(server, *register, "--name", "daves", "--owner", "dave")["owner"] == "dave"


def test_a_policy_on_the_owners_group_flips_when_scim_removes_the_membership(server):
    scim, ids, group_id = provision(server)
    pushed = server.api("PUT", "/t/default/v1/policies", json={"policies": ML_TEAM_POLICY, "message": "ml team deploys"})
    assert pushed.status_code == 201, pushed.text

    def allowed(identity):
        answer = server.api("POST", "/t/default/access/v1/evaluation", json={
            "subject": {"type": "Lanyard::Identity", "id": identity}, "action": {"name": "deploy"}, "resource": {"type": "App", "id": "a"}})
        assert answer.status_code == 200, answer.text
        return answer.json()["decision"]

    assert allowed("alice-bot") is True
    removed = scim.call("PATCH", f"/Groups/{group_id}", {"schemas": [PATCH], "Operations": [
        {"op": "remove", "path": f'members[value eq "{ids["alice"]}"]'}]})
    assert removed.status_code in (200, 204), removed.text
    assert allowed("alice-bot") is False


def test_a_membership_removed_on_one_node_changes_decisions_on_the_others(tmp_path):
    """Two nodes on one PostgreSQL: the directory change made through one reaches the other's decisions through the
    change stream (a `directory` state change), well within a second."""
    cluster = Cluster(tmp_path, size=2).start()
    try:
        a, b = cluster.nodes
        scim, ids, group_id = provision(a)
        pushed = a.api("PUT", "/t/default/v1/policies", json={"policies": ML_TEAM_POLICY, "message": "ml team deploys"})
        assert pushed.status_code == 201, pushed.text
        request = {"subject": {"type": "Lanyard::Identity", "id": "alice-bot"}, "action": {"name": "deploy"},
                   "resource": {"type": "App", "id": "a"}}
        started = time.monotonic()
        while authzen(b, "evaluation", request)["decision"] is not True:  # b has compiled the pushed policies
            assert time.monotonic() - started < 5, "the policy push did not reach node b"
            time.sleep(0.01)
        removed = scim.call("PATCH", f"/Groups/{group_id}", {"schemas": [PATCH], "Operations": [
            {"op": "remove", "path": f'members[value eq "{ids["alice"]}"]'}]})
        assert removed.status_code in (200, 204), removed.text
        started = time.monotonic()
        while authzen(b, "evaluation", request)["decision"] is not False:
            assert time.monotonic() - started < 3, "the membership change did not reach node b"
            time.sleep(0.01)
        assert time.monotonic() - started < 1.0
    finally:
        cluster.stop()
