"""Lanyard's own admin API, authorized by Lanyard's own Cedar policies: every operation of openapi.yaml × every
role × own/other tenant × own/other subject gets the expected allow or deny from the running server.

The expectations below are written from the role descriptions (docs/api.md, issue 12), independently of the
server's policy text. An operation without `x-lanyard-action`, an action the server does not know, or an action
this table does not know, fails the test.
"""
import json
import re

import pytest
import yaml

from lanyard_harness import ROOT, Server, cli, cli_json, audit_events
from oauth_support import Workload, token_form

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
METHODS = ("get", "post", "put", "delete", "patch")
ROLES = ["platform-admin", "tenant-admin", "security-reviewer", "auditor", "owner", "builder", "pep"]

READ = {
    "tenant.list", "identity.list", "identity.read", "identity.trust.list", "template.list", "template.read", "audit.search",
    "audit.leaves", "audit.proof", "audit.consistency", "audit.checkpoint.list", "credential.list", "task.read", "key.list",
    "policy.read", "policy.history", "entity.read", "owner.list", "admin.token.list", "admin.policy.read", "webhook.list",
    "webhook.deliveries", "scim.token.list", "finding.list", "user.list", "user.read", "group.list", "group.read",
    "entitlement.list", "entitlement.read", "access_request.list", "access_request.read",
    "breakglass.list", "breakglass.read", "review.list", "review.read", "access_policy.read", "access_request.report",
    "review.schedule.list", "leak.list", "leak.token.list", "finding.read", "posture.report", "sso.read",
    "mcp.server.list", "mcp.server.read",
}
WRITE = {
    "tenant.create", "identity.register", "identity.extend", "identity.suspend", "identity.resume", "identity.offboard",
    "identity.trust.add", "identity.trust.remove", "template.create", "audit.checkpoint.sign", "audit.prune", "credential.revoke",
    "credential.introspect", "task.open", "task.end", "key.rotate", "policy.push", "policy.validate", "policy.test", "policy.link",
    "policy.unlink", "policy.rollback", "entity.replace", "entity.upsert", "entity.delete", "owner.deactivate", "owner.activate",
    "pep_token.create", "admin.token.create", "admin.token.revoke", "admin.policy.push", "access.evaluate", "access.search",
    "webhook.add", "webhook.delete", "webhook.test", "webhook.redeliver", "webhook.disable", "webhook.enable", "webhook.rotate_secret",
    "scim.token.create", "scim.token.revoke", "identity.transfer", "identity.graduate", "tenant.settings",
    "entitlement.grant", "entitlement.revoke", "access_request.create", "access_request.approve", "access_request.deny",
    "access_request.cancel",
    "breakglass.open", "breakglass.close", "breakglass.review", "review.start", "review.decide", "access_policy.set",
    "review.schedule.create", "review.schedule.delete", "leak.report", "leak.token.create", "leak.token.revoke",
    "finding.update", "finding.remediate", "finding.evaluate", "sso.update", "mcp.server.add", "mcp.server.remove",
}
EVERYONE = {"whoami", "admin.policies.show"}
REVIEWER_EXTRA = {"identity.suspend", "identity.resume", "credential.revoke", "credential.introspect", "owner.deactivate",
                  "owner.activate", "audit.checkpoint.sign", "entitlement.revoke", "access_request.deny", "leak.report",
                  "finding.update", "finding.remediate", "finding.evaluate"}
OWNER_OWN = {"identity.read", "identity.extend", "identity.suspend", "identity.resume", "identity.offboard", "identity.trust.add",
             "identity.trust.list", "identity.trust.remove", "identity.transfer"}
KNOWN = READ | WRITE | EVERYONE


def expected(role: str, action: str, path: str, own_tenant: bool, own_subject: bool) -> bool:
    """Whether `role` may do `action` at `path` — the role descriptions, as a table."""
    assert action in KNOWN, f"the role matrix does not know action {action!r}: add it to the table"
    if action in EVERYONE or role == "platform-admin":
        return True
    if not path.startswith("/t/"):  # above any tenant
        return action == "tenant.list" and role in ("tenant-admin", "security-reviewer", "auditor")
    if not own_tenant:
        return False
    if role == "tenant-admin":
        return True
    if role == "security-reviewer":
        return action in READ or action in REVIEWER_EXTRA
    if role == "auditor":
        return action in READ
    if role == "owner":
        # breakglass.open and access requests: the identity is in the body or the stored request, so the gate lets an
        # owner through and the use case checks it is theirs (an owner lists only requests for identities it owns).
        # Findings and the posture report: the gate lets an owner through; the use case shows only its identities' ones.
        findings = ("finding.list", "finding.read", "finding.update", "finding.remediate", "posture.report")
        return action in ("identity.list", "template.list", "template.read", "breakglass.open", "review.read", "review.decide") or (
            action in findings) or (
            action.startswith("access_request.") and action != "access_request.report") or (
            own_subject and action in OWNER_OWN)
    if role == "builder":
        # A builder lists its identities (the list is filtered to those it owns) and reads the ones it owns.
        return action in ("identity.register", "identity.list", "template.list", "template.read", "leak.report") or (
            own_subject and action == "identity.read")
    if role == "pep":
        return action in ("access.evaluate", "access.search")
    raise AssertionError(role)


def operations():
    """(method, path template, action) for every operation that needs a credential."""
    found = []
    for path, item in SPEC["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get("security", SPEC.get("security"))
            action = operation.get("x-lanyard-action")
            if security == [] and action is None:
                continue
            assert action, f"{method.upper()} {path} has no x-lanyard-action: every operation needs an authorization rule"
            found.append((method.upper(), path, action))
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("matrix")).start()
    created = server.api("POST", "/v1/tenants", json={"name": "other"})
    assert created.status_code == 201, created.text
    tokens = {}
    for tenant in ("default", "other"):
        for role in ROLES[1:]:
            body = {"role": role, "description": f"matrix {role}"}
            if role in ("owner", "builder"):
                body["subject"] = "alice"
            made = server.api("POST", f"/t/{tenant}/v1/admin/tokens", json=body)
            assert made.status_code == 201, made.text
            tokens[(role, tenant)] = made.json()["token"]
    identities = {}
    for owner in ("alice", "bob"):
        made = server.api("POST", "/t/default/v1/identities",
                          json={"name": f"{owner}-bot", "kind": "agent", "owner": owner, "purpose": "matrix", "environment": "sandbox"})
        assert made.status_code == 201, made.text
        identities[owner] = made.json()["id"]
    yield server, tokens, identities
    server.stop()


def concrete(path: str, identity: str) -> str:
    values = {"tenant": "default", "trust": "trs_none", "name": "agent", "version": "0", "link": "lnk_none", "type": "doc",
              "owner": "carol", "token": "tok_none", "user": "carol", "group": "eng", "item": "rvi_none"}
    if path.startswith("/t/{tenant}/v1/tasks/"):
        values["id"] = "tsk_none"
    elif path.startswith("/t/{tenant}/v1/entities/"):
        values["id"] = "d1"
    elif path.startswith("/t/{tenant}/v1/entitlements/"):
        values["id"] = "ent_none"
    elif path.startswith("/t/{tenant}/v1/access-requests/"):
        values["id"] = "req_none"
    elif path.startswith("/t/{tenant}/v1/review-schedules/"):
        values["id"] = "rsc_none"
    elif path.startswith("/t/{tenant}/v1/leaks/"):
        values["id"] = "rvt_none"
    elif path.startswith("/t/{tenant}/v1/findings/"):
        values["id"] = "fnd_none"
    else:
        values["id"] = identity
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_every_action_is_known_to_the_server_and_documented(world):
    server, _, _ = world
    shown = server.api("GET", "/v1/admin/policies").json()
    server_actions = set(shown["actions"])
    documented = {action for _, _, action in operations()}
    assert documented == server_actions, (
        f"only in openapi: {documented - server_actions}; only in the server: {server_actions - documented}")
    assert server_actions <= KNOWN, f"not in the role matrix: {server_actions - KNOWN}"
    # Every refusal the matrix expects is a documented answer of its operation.
    for method, path, _ in operations():
        documented = SPEC["paths"][path][method.lower()]["responses"]
        expected_refusal = "401" if "/oauth2/" in path else "403"
        assert expected_refusal in documented, f"{method} {path} does not document {expected_refusal}"


def test_role_matrix(world):
    server, tokens, identities = world
    ops = operations()
    assert len(ops) >= 60
    failures = []
    checked = 0
    for method, path, action in ops:
        subjects = [("own", identities["alice"]), ("other", identities["bob"])] if "{id}" in path and "/identities/" in path else [("own", identities["alice"])]
        for role in ROLES:
            for tenant in ("default", "other"):
                token = server.token if role == "platform-admin" else tokens[(role, tenant)]
                for subject, identity in subjects:
                    url = concrete(path, identity)
                    oauth = "/oauth2/" in path
                    kwargs = {"data": {"token": "not-a-token"}} if oauth else ({"json": {}} if method in ("POST", "PUT") else {})
                    response = server.api(method, url, token=token, **kwargs)
                    allow = expected(role, action, path, own_tenant=(tenant == "default" or role == "platform-admin"),
                                     own_subject=(subject == "own"))
                    checked += 1
                    if allow:
                        ok = response.status_code not in (401, 403)
                    elif oauth:
                        ok = response.status_code == 401 and response.json().get("error") == "invalid_client"
                    else:
                        ok = response.status_code == 403 and response.json().get("error") == "forbidden"
                    if not ok:
                        failures.append(f"{role}@{tenant} {subject} {method} {url} ({action}): expected "
                                        f"{'allow' if allow else 'deny'}, got {response.status_code} {response.text[:160]}")
    assert not failures, f"{len(failures)} of {checked} cells wrong:\n" + "\n".join(failures[:40])
    assert checked > 800


def test_refusals_are_audited_with_the_operation_and_the_reason(world):
    server, tokens, _ = world
    refused = server.api("PUT", "/t/default/v1/policies", token=tokens[("auditor", "default")], json={"policies": "", "message": "x"})
    assert refused.status_code == 403
    assert "policy.push" in refused.json()["message"] and "auditor" in refused.json()["message"]
    last = [e for e in audit_events(server) if e["action"] == "admin.deny"][-1]
    assert last["details"]["operation"] == "policy.push" and last["details"]["role"] == "auditor"


def test_escalation_attempts_are_refused_and_audited(tmp_path):
    server = Server(tmp_path).start()
    try:
        admin = cli_json(server, "admin", "token", "create", "--role", "tenant-admin")["token"]
        # A tenant admin making a platform admin.
        attempt = cli(server, "admin", "token", "create", "--platform", "--role", "platform-admin", token=admin)
        assert attempt.returncode != 0 and "forbidden" in attempt.stderr
        attempt = server.api("POST", "/t/default/v1/admin/tokens", token=admin, json={"role": "platform-admin"})
        assert attempt.status_code == 403, attempt.text
        # A builder granting itself tenant-admin.
        builder = cli_json(server, "admin", "token", "create", "--role", "builder", "--subject", "alice", token=admin)["token"]
        attempt = server.api("POST", "/t/default/v1/admin/tokens", token=builder, json={"role": "tenant-admin"})
        assert attempt.status_code == 403 and attempt.json()["error"] == "forbidden", attempt.text
        attempt = server.api("PUT", "/t/default/v1/admin/policies", token=builder, json={"policies": "", "message": "mine now"})
        assert attempt.status_code == 403, attempt.text
        # A workload's own access token on admin routes: its own record, its policies, its grants.
        workload = Workload(server, "escalator")
        issued = server.api("POST", "/t/default/oauth2/token", token=None,
                            data=token_form(workload, workload.assertion(f"{server.url}/t/default/oauth2/token")))
        assert issued.status_code == 200, issued.text
        access = issued.json()["access_token"]
        for method, path, body in [
            ("POST", f"/t/default/v1/identities/{workload.id}/extend", {"by": "30d"}),
            ("PUT", "/t/default/v1/policies", {"policies": "permit (principal, action, resource);", "message": "x"}),
            ("POST", "/t/default/v1/admin/tokens", {"role": "tenant-admin"}),
            ("GET", "/t/default/v1/identities", None),
        ]:
            attempt = server.api(method, path, token=access, json=body)
            assert attempt.status_code == 403 and attempt.json()["error"] == "forbidden", (path, attempt.text)
            assert "workload" in attempt.json()["message"]
        denials = [e for e in audit_events(server) if e["action"] == "admin.deny"]
        actors = {e["actor"] for e in denials}
        assert f"identity:{workload.id}" in actors
        assert {e["details"]["operation"] for e in denials} >= {"admin.token.create", "admin.policy.push", "identity.extend", "policy.push"}
        assert len(denials) >= 8
        # Nothing changed: no new token, the identity's expiry, the policy version.
        tokens = cli_json(server, "admin", "token", "list")["tokens"]
        assert sorted(t["role"] for t in tokens) == ["builder", "tenant-admin"]
        assert server.api("GET", "/t/default/v1/policies").json()["version"] == 0
    finally:
        server.stop()


def test_tenant_admin_policies_restrict_and_invalid_ones_change_nothing(tmp_path):
    server = Server(tmp_path).start()
    try:
        builder = cli_json(server, "admin", "token", "create", "--role", "builder", "--subject", "alice")["token"]
        register = ["identity", "register", "--kind", "agent", "--owner", "alice", "--purpose", "p", "--environment", "sandbox"]
        assert cli(server, *register, "--name", "before", "--template", "agent", token=builder).returncode == 0
        policy = tmp_path / "admin.cedar"
        policy.write_text(
            '@id("builders-prototype-only")\n'
            'forbid (principal, action == Lanyard::Admin::Action::"identity.register", resource)\n'
            'when { principal.role == "builder" && context has template && context.template != "prototype" };\n')
        pushed = cli(server, "admin", "policy-push", str(policy), "-m", "builders use the prototype template")
        assert pushed.returncode == 0, pushed.stderr
        refused = cli(server, *register, "--name", "after", "--template", "agent", token=builder)
        assert refused.returncode != 0 and "builders-prototype-only" in refused.stderr
        assert cli(server, *register, "--name", "proto", "--template", "prototype", token=builder).returncode == 0
        # Someone else's identity, even from the prototype template.
        other = cli(server, "identity", "register", "--kind", "agent", "--owner", "bob", "--purpose", "p", "--environment", "sandbox",
                    "--name", "bobs", "--template", "prototype", token=builder)
        assert other.returncode != 0 and "forbidden" in other.stderr
        shown = cli_json(server, "admin", "policies")
        assert shown["tenant"]["version"] == 1 and "builders-prototype-only" in shown["tenant"]["policies"]
        assert "role-builder" in shown["builtin"]
        # Invalid (unknown attribute), widening (permit) and unparsable sets are refused; version 1 stays.
        for text in ['forbid (principal, action, resource) when { principal.nosuch == "x" };',
                     "permit (principal, action, resource);", "forbid (principal"]:
            policy.write_text(text)
            refused = cli(server, "admin", "policy-push", str(policy), "-m", "bad")
            assert refused.returncode != 0 and "invalid_field" in refused.stderr, refused.stderr
        assert cli_json(server, "admin", "policies")["tenant"]["version"] == 1
        names = [i["name"] for i in cli_json(server, "identity", "list")["identities"]]
        assert sorted(names) == ["before", "proto"]
    finally:
        server.stop()


def test_whoami_names_the_caller(tmp_path):
    server = Server(tmp_path).start()
    try:
        me = cli_json(server, "whoami")
        assert me["role"] == "platform-admin" and "tenant" not in me and me["kind"] == "administrator"
        owner = cli_json(server, "admin", "token", "create", "--role", "owner", "--subject", "alice", "--ttl", "7d")
        me = cli_json(server, "whoami", token=owner["token"])
        assert (me["role"], me["tenant"], me["subject"], me["tokenId"]) == ("owner", "default", "alice", owner["info"]["id"])
        assert me["expiresAt"] == owner["info"]["expiresAt"]
        revoked = cli(server, "admin", "token", "revoke", owner["info"]["id"])
        assert revoked.returncode == 0, revoked.stderr
        after = cli(server, "whoami", token=owner["token"])
        assert after.returncode != 0 and "unauthenticated" in after.stderr
    finally:
        server.stop()


def test_acknowledged_token_and_admin_policy_changes_survive_kill_9(tmp_path):
    from lanyard_harness import free_port
    first = Server(tmp_path).start()
    made = cli_json(first, "admin", "token", "create", "--role", "auditor")
    doomed = cli_json(first, "admin", "token", "create", "--role", "auditor")
    assert cli(first, "admin", "token", "revoke", doomed["info"]["id"]).returncode == 0
    policy = tmp_path / "admin.cedar"
    policy.write_text('@id("no-production")\nforbid (principal, action == Lanyard::Admin::Action::"identity.register", resource)\n'
                      'when { principal.role != "tenant-admin" && context has environment && context.environment == "production" };\n')
    assert cli(first, "admin", "policy-push", str(policy), "-m", "no production").returncode == 0
    first.kill9()
    second = Server(tmp_path)
    second.port = free_port()
    second.start()
    try:
        assert cli_json(second, "whoami", token=made["token"])["role"] == "auditor"
        assert cli(second, "whoami", token=doomed["token"]).returncode != 0
        assert cli_json(second, "admin", "policies")["tenant"]["version"] == 1
        builder = cli_json(second, "admin", "token", "create", "--role", "builder", "--subject", "alice")["token"]
        refused = cli(second, "identity", "register", "--name", "prod", "--kind", "app", "--owner", "alice", "--purpose", "p",
                      "--environment", "production", token=builder)
        assert refused.returncode != 0 and "no-production" in refused.stderr
    finally:
        second.stop()
