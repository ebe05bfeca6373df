"""The default guardrails through the HTTP API (AuthZEN evaluation), each with its allow baseline.

Most tests push a permissive tenant policy first, so that only a guardrail can deny; the deny must name the
guardrail's id in `context.policies`. The separation-of-duties test pushes no tenant policy at all: there the
default roles are the only permits."""
import json

import pytest

from lanyard_harness import authzen, cli, cli_json

ALLOW_ALL = '@id("allow-all")\npermit (principal, action, resource);\n'
DOC = {"type": "Document", "id": "doc-1"}


def permissive(server, tmp_path):
    (tmp_path / "allow.cedar").write_text(ALLOW_ALL)
    result = cli(server, "policy", "push", str(tmp_path / "allow.cedar"), "--message", "only guardrails deny")
    assert result.returncode == 0, result.stderr


def register(server, name, kind="agent", **fields):
    body = {"name": name, "kind": kind, "owner": fields.pop("owner", "alice"), "purpose": "guardrail test", **fields}
    response = server.api("POST", "/t/default/v1/identities", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def decide(server, subject, action="read", resource=DOC, context=None, token="default", subject_type="Lanyard::Identity"):
    body = {"subject": {"type": subject_type, "id": subject}, "action": {"name": action}, "resource": resource}
    if context is not None:
        body["context"] = context
    return authzen(server, "evaluation", body, token=token)


def assert_allowed(answer, by="allow-all"):
    assert answer["decision"] is True, answer
    assert by in answer["context"]["policies"], answer


def assert_denied(answer, guardrail):
    assert answer["decision"] is False, answer
    assert guardrail in answer["context"]["policies"], answer


def test_prototype_and_sandbox_identities_may_not_touch_production_or_regulated_data(server, tmp_path):
    permissive(server, tmp_path)
    proto = register(server, "proto", kind="prototype")
    assert proto["template"] == "prototype" and proto["environment"] == "sandbox" and proto["stage"] == "prototype"
    guardrail = "lanyard-guardrail-prototype-no-production"

    assert_allowed(decide(server, proto["id"], context={"environment": "sandbox", "dataClass": "internal"}))
    assert_denied(decide(server, proto["id"], context={"environment": "production"}), guardrail)
    assert_denied(decide(server, proto["id"], context={"dataClass": "regulated"}), guardrail)
    # The subject may be named by name or SPIFFE ID as well as by id.
    assert_denied(decide(server, "proto", context={"environment": "production"}), guardrail)
    assert_denied(decide(server, proto["spiffeId"], context={"dataClass": "regulated"}), guardrail)

    # A managed identity registered for production may act there; the same template in sandbox may not.
    prod = register(server, "prod-agent", environment="production")
    assert prod["stage"] == "managed"
    assert_allowed(decide(server, prod["id"], context={"environment": "production"}))
    sandboxed = register(server, "sandbox-agent", environment="sandbox")
    assert_denied(decide(server, sandboxed["id"], context={"environment": "production"}), guardrail)

    # Stored resource attributes count too: a production dataset is off limits without any context.
    entities = [{"uid": {"type": "Lanyard::Dataset", "id": "payroll"}, "attrs": {"environment": "production"}, "parents": []},
                {"uid": {"type": "Lanyard::Dataset", "id": "scratch"}, "attrs": {"environment": "sandbox"}, "parents": []}]
    assert server.api("PUT", "/t/default/v1/entities", json=entities).status_code == 200
    assert_denied(decide(server, proto["id"], resource={"type": "Lanyard::Dataset", "id": "payroll"}), guardrail)
    assert_allowed(decide(server, proto["id"], resource={"type": "Lanyard::Dataset", "id": "scratch"}))
    assert_allowed(decide(server, prod["id"], resource={"type": "Lanyard::Dataset", "id": "payroll"}))


def test_nothing_acts_for_an_identity_whose_owner_is_inactive_and_the_change_is_immediate(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "carols-bot", owner="carol")
    other = register(server, "daves-bot", owner="dave")
    guardrail = "lanyard-guardrail-owner-inactive"
    assert_allowed(decide(server, bot["id"]))

    result = cli(server, "owner", "deactivate", "carol", "--reason", "left the company")
    assert result.returncode == 0, result.stderr
    assert_denied(decide(server, bot["id"]), guardrail)  # the very next decision
    # What the enforcement point asserts about the subject cannot override the inventory.
    overriding = {"subject": {"type": "Lanyard::Identity", "id": bot["id"], "properties": {"ownerActive": True, "owner": "dave"}},
                  "action": {"name": "read"}, "resource": DOC}
    assert_denied(authzen(server, "evaluation", overriding), guardrail)
    assert_allowed(decide(server, other["id"]))
    owners = cli_json(server, "owner", "list")["owners"]
    assert [(o["owner"], o["active"], o.get("reason")) for o in owners] == [("carol", False, "left the company")]

    # The departure also orphaned carol's identity (the leaver cascade): it stays out after she comes back, until
    # someone transfers it.
    assert_denied(decide(server, bot["id"]), "lanyard-guardrail-identity-not-active")
    result = cli(server, "owner", "activate", "carol")
    assert result.returncode == 0, result.stderr
    assert_denied(decide(server, bot["id"]), "lanyard-guardrail-identity-not-active")
    assert guardrail not in decide(server, bot["id"])["context"]["policies"]  # no stale owner status either
    result = cli(server, "identity", "transfer", "carols-bot", "--to", "carol", "--reason", "back from leave")
    assert result.returncode == 0, result.stderr
    assert_allowed(decide(server, bot["id"]))
    result = cli(server, "owner", "deactivate", "carol")
    assert result.returncode == 0, result.stderr
    assert_denied(decide(server, "carols-bot"), guardrail)


def test_suspended_identity_is_denied_at_once_and_allowed_again_after_resume(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "sleepy")
    guardrail = "lanyard-guardrail-identity-not-active"
    assert_allowed(decide(server, bot["id"]))

    assert cli(server, "identity", "suspend", "sleepy", "--reason", "incident").returncode == 0
    assert_denied(decide(server, bot["id"]), guardrail)
    assert cli(server, "identity", "resume", "sleepy").returncode == 0
    assert_allowed(decide(server, bot["id"]))

    assert cli(server, "identity", "offboard", "sleepy", "--reason", "done").returncode == 0
    assert_denied(decide(server, bot["id"]), guardrail)


def test_no_self_elevation(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "climber")
    peer = register(server, "peer")
    assert bot["template"] == "agent"
    guardrail = "lanyard-guardrail-no-self-elevation"
    itself = {"type": "Lanyard::Identity", "id": bot["id"]}

    assert_allowed(decide(server, bot["id"], "read", itself))
    assert_denied(decide(server, bot["id"], "write", itself), guardrail)
    # The resource may name the identity by name too; it is still itself.
    assert_denied(decide(server, bot["id"], "write", {"type": "Lanyard::Identity", "id": "climber"}), guardrail)
    assert_denied(decide(server, bot["id"], "write", {"type": "Lanyard::PolicySet", "id": "default"}), guardrail)
    assert_allowed(decide(server, bot["id"], "read", {"type": "Lanyard::PolicySet", "id": "default"}))
    assert_denied(decide(server, bot["id"], "write", {"type": "Lanyard::Template", "id": "agent"}), guardrail)
    assert_allowed(decide(server, bot["id"], "read", {"type": "Lanyard::Template", "id": "agent"}))

    # Baselines: the guardrail is about oneself, not about identities and templates in general.
    assert_allowed(decide(server, bot["id"], "write", {"type": "Lanyard::Identity", "id": peer["id"]}))
    assert_allowed(decide(server, bot["id"], "write", {"type": "Lanyard::Template", "id": "app"}))

    # Its own entitlements.
    entities = [
        {"uid": {"type": "Lanyard::Entitlement", "id": "mine"}, "parents": [],
         "attrs": {"identity": {"__entity": {"type": "Lanyard::Identity", "id": bot["id"]}}, "scope": "write"}},
        {"uid": {"type": "Lanyard::Entitlement", "id": "theirs"}, "parents": [],
         "attrs": {"identity": {"__entity": {"type": "Lanyard::Identity", "id": peer["id"]}}, "scope": "write"}},
    ]
    assert server.api("POST", "/t/default/v1/entities", json=entities).status_code == 200
    assert_denied(decide(server, bot["id"], "write", {"type": "Lanyard::Entitlement", "id": "mine"}), guardrail)
    assert_allowed(decide(server, bot["id"], "write", {"type": "Lanyard::Entitlement", "id": "theirs"}))


def role_member(identity_id, *roles):
    return {"uid": {"type": "Lanyard::Identity", "id": identity_id}, "attrs": {},
            "parents": [{"type": "Lanyard::Role", "id": role} for role in roles]}


def test_separation_of_duties_with_only_the_default_guardrails(server, tmp_path):
    builder = register(server, "ci-build", kind="pipeline")
    releaser = register(server, "ci-release", kind="pipeline")
    both = register(server, "ci-all", kind="pipeline")
    nobody = register(server, "ci-none", kind="pipeline")
    entities = [role_member(builder["id"], "builder"), role_member(releaser["id"], "releaser"),
                role_member(both["id"], "builder", "releaser")]
    (tmp_path / "roles.json").write_text(json.dumps(entities))
    result = cli(server, "entities", "import", str(tmp_path / "roles.json"))
    assert result.returncode == 0, result.stderr
    assert cli_json(server, "policy", "pull")["policies"] == ""  # no tenant policies at all
    artifact = {"type": "Artifact", "id": "web-app"}
    sod = "lanyard-guardrail-separation-of-duties"

    for action in ["build", "test"]:
        answer = decide(server, builder["id"], action, artifact)
        assert answer["decision"] is True and answer["context"]["policies"] == ["lanyard-role-builder"], answer
    for action in ["publish", "deploy"]:
        assert_denied(decide(server, builder["id"], action, artifact), sod)
        answer = decide(server, releaser["id"], action, artifact)
        assert answer["decision"] is True and answer["context"]["policies"] == ["lanyard-role-releaser"], answer
        # In both roles: the releaser permit applies, but the separation-of-duties forbid wins.
        assert_denied(decide(server, both["id"], action, artifact), sod)
    for action in ["build", "test"]:
        answer = decide(server, releaser["id"], action, artifact)
        assert answer["decision"] is False and answer["context"]["policies"] == [], answer
    assert decide(server, both["id"], "build", artifact)["decision"] is True
    for action in ["build", "test", "publish", "deploy"]:
        assert decide(server, nobody["id"], action, artifact)["decision"] is False


def test_machine_credentials_from_a_human_sign_in_are_refused(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "headless")
    assert_allowed(decide(server, bot["id"], context={"signIn": "workload"}))
    assert_denied(decide(server, bot["id"], context={"signIn": "human"}), "lanyard-guardrail-no-human-sign-in")


def test_destination_boundary(server, tmp_path):
    permissive(server, tmp_path)
    result = cli(server, "identity", "register", "--name", "crm-sync", "--kind", "agent", "--owner", "alice",
                 "--purpose", "sync the CRM", "--destination", "crm")
    assert result.returncode == 0, result.stderr
    free = register(server, "roamer")
    guardrail = "lanyard-guardrail-destination-boundary"

    assert_allowed(decide(server, "crm-sync", context={"destination": "crm"}))
    assert_denied(decide(server, "crm-sync", context={"destination": "payroll"}), guardrail)
    assert_allowed(decide(server, "crm-sync"))  # no destination in the request: nothing to check
    # An identity that declared no destinations is not bounded by this guardrail.
    assert_allowed(decide(server, free["id"], context={"destination": "payroll"}))


def test_importing_identity_attributes_or_templates_is_refused_and_changes_nothing(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "guarded", owner="carol")
    assert cli(server, "owner", "deactivate", "carol").returncode == 0
    ok = [role_member(bot["id"], "builder")]
    assert server.api("PUT", "/t/default/v1/entities", json=ok).status_code == 200
    before = server.api("GET", "/t/default/v1/entities").json()
    assert len(before) == 1 and before[0]["parents"] == [{"type": "Lanyard::Role", "id": "builder"}], before
    decision_before = decide(server, bot["id"])
    assert_denied(decision_before, "lanyard-guardrail-owner-inactive")

    refused = [
        [{"uid": {"type": "Lanyard::Identity", "id": bot["id"]}, "attrs": {"ownerActive": True}, "parents": []}],
        [{"uid": {"type": "Lanyard::Identity", "id": bot["id"]}, "attrs": {"status": "active", "owner": "dave"},
          "parents": [{"type": "Lanyard::Role", "id": "releaser"}]}],
        [{"uid": {"type": "Lanyard::Identity", "id": bot["id"]}, "attrs": {}, "parents": [], "tags": {"ownerActive": True}}],
        [{"uid": {"type": "Lanyard::Template", "id": "agent"}, "attrs": {"stage": "managed"}, "parents": []}],
        [{"uid": {"type": "Lanyard::Template", "id": "agent"}, "attrs": {}, "parents": []}],
        [{"uid": {"type": "Lanyard::Token", "id": "x"}, "attrs": {}, "parents": []}],
    ]
    for body in refused:
        for method in ["PUT", "POST"]:
            response = server.api(method, "/t/default/v1/entities", json=body)
            assert response.status_code in (400, 422), (method, body, response.status_code, response.text)
            assert response.json()["error"] in ("invalid_request", "invalid_field")
            assert "inventory" in response.json()["message"], response.text
    # Through the CLI as well: exit 2 (input refused).
    (tmp_path / "bad.json").write_text(json.dumps(refused[0]))
    result = cli(server, "entities", "import", str(tmp_path / "bad.json"), "--merge")
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)

    assert server.api("GET", "/t/default/v1/entities").json() == before
    assert decide(server, bot["id"]) == decision_before
    actions = [e["action"] for e in server.api("GET", "/t/default/v1/audit?limit=1000").json()["events"]]
    assert actions.count("entities.replace") == 1 and "entities.upsert" not in actions


def test_token_subject_becomes_its_identity_and_a_revoked_token_is_denied_with_the_reason(server, tmp_path):
    key, jwk = tmp_path / "key.pem", tmp_path / "key.jwk"
    assert cli(None, "keygen", "--out", str(key), "--public-out", str(jwk)).returncode == 0
    result = cli(server, "identity", "register", "--name", "tok-bot", "--kind", "agent", "--owner", "alice",
                 "--purpose", "token subject", "--public-key-file", str(jwk))
    assert result.returncode == 0, result.stderr
    # Permit only that identity, by an inventory attribute: a token subject must have become it to match.
    (tmp_path / "p.cedar").write_text('@id("only-tok-bot")\npermit (principal, action, resource)\n'
                                      'when { principal has name && principal.name == "tok-bot" };\n')
    assert cli(server, "policy", "push", str(tmp_path / "p.cedar"), "-m", "token test").returncode == 0
    identity_id = json.loads(result.stdout[result.stdout.index("{"):])["id"] if "{" in result.stdout else \
        cli_json(server, "identity", "show", "tok-bot")["id"]
    issued = cli(server, "token", "issue", "--identity", identity_id, "--key-file", str(key), "--scope", "read")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()

    answer = decide(server, token, subject_type="Lanyard::Token")
    assert answer["decision"] is True and answer["context"]["policies"] == ["only-tok-bot"], answer
    pep = cli_json(server, "pep", "token", "create", "--name", "gateway")["token"]
    assert decide(server, token, subject_type="Lanyard::Token", token=pep)["decision"] is True
    # The token's identity follows its owner: alice's departure orphans tok-bot and revokes its token at once.
    assert cli(server, "owner", "deactivate", "alice").returncode == 0
    answer = decide(server, token, subject_type="Lanyard::Token")
    assert answer["decision"] is False and "not active" in answer["context"]["reason_admin"]["en"], answer
    assert cli(server, "owner", "activate", "alice").returncode == 0
    assert decide(server, token, subject_type="Lanyard::Token")["decision"] is False, "a revoked token stays revoked"
    assert cli(server, "identity", "transfer", "tok-bot", "--to", "alice", "--reason", "back").returncode == 0
    issued = cli(server, "token", "issue", "--identity", identity_id, "--key-file", str(key), "--scope", "read")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert decide(server, token, subject_type="Lanyard::Token")["decision"] is True

    result = cli(server, "token", "revoke", token, "--reason", "leaked")
    assert result.returncode == 0, result.stderr
    answer = decide(server, token, subject_type="Lanyard::Token")
    assert answer["decision"] is False and answer["context"].get("policies", []) == [], answer
    assert "not active" in answer["context"]["reason_admin"]["en"], answer
    answer = decide(server, token, subject_type="Lanyard::Token", token=pep)
    assert answer["decision"] is False and "not active" in answer["context"]["reason_user"]["en"], answer
    assert "reason_admin" not in answer["context"]
    # A string that is not a token at all is denied the same way, and never logged in the clear.
    answer = decide(server, "not-a-token", subject_type="Lanyard::Token")
    assert answer["decision"] is False and "not active" in answer["context"]["reason_admin"]["en"]
    events = server.api("GET", "/t/default/v1/audit?limit=1000").json()["events"]
    log = json.dumps(events)
    assert token not in log and "not-a-token" not in log
    # What is kept is a keyed hash the record points to: matchable by whoever holds the audit key, not readable.
    token_events = [e for e in events if e["action"] == "authz.evaluation" and "token1" in e["details"]]
    assert token_events and all(e["details"]["token1"].startswith("hmac-sha256:") for e in token_events)
    assert all('"details.token1"' in e["details"]["records"] for e in token_events)
    # One token, one hash across its decisions (so it can be matched): the revoked first token, the second one and
    # the non-token string make three.
    assert len({e["details"]["token1"] for e in token_events}) == 3


def test_guardrails_are_editable_and_versioned_like_policies(server, tmp_path):
    permissive(server, tmp_path)
    bot = register(server, "editor-bot")
    guardrail = "lanyard-guardrail-no-human-sign-in"
    assert_denied(decide(server, bot["id"], context={"signIn": "human"}), guardrail)

    result = cli(server, "policy", "pull", "--guardrails", "--out", str(tmp_path / "guardrails.cedar"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "guardrails.cedar").read_text()
    start = text.index('@id("lanyard-guardrail-no-human-sign-in")')
    end = text.index("};", start) + 2
    (tmp_path / "guardrails.cedar").write_text(text[:start] + text[end:])
    result = cli(server, "policy", "push", "--guardrails", str(tmp_path / "guardrails.cedar"), "-m", "humans may use bots")
    assert result.returncode == 0, result.stderr
    version = cli_json(server, "policy", "pull")
    assert guardrail not in version["guardrails"] and version["policies"] == ALLOW_ALL  # the tenant's own stay
    assert_allowed(decide(server, bot["id"], context={"signIn": "human"}))
    # The other guardrails are still in force.
    assert_denied(decide(server, bot["id"], "write", {"type": "Lanyard::Identity", "id": bot["id"]}),
                  "lanyard-guardrail-no-self-elevation")

    result = cli(server, "policy", "rollback", str(version["version"] - 1), "-m", "restore the guardrail")
    assert result.returncode == 0, result.stderr
    assert_denied(decide(server, bot["id"], context={"signIn": "human"}), guardrail)
