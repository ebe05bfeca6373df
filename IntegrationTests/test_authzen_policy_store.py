"""The per-tenant policy store through the CLI and the admin API: validation before anything takes effect,
versions with author and message, rollback, optimistic concurrency, diff/validate/test, schema vs stored
entities; every decision in the audit trail; what PEP tokens may and may not do."""
import json
import re

import pytest

from lanyard_harness import audit_events, authzen, cli, cli_json

SCHEMA = """
entity User { department: String };
entity Doc { owner: String };
action read, write appliesTo { principal: [User], resource: [Doc] };
"""
POLICIES_V1 = """@id("engineers-read")
@description("Engineers read every document.")
permit (principal is User, action == Action::"read", resource is Doc)
when { principal.department == "engineering" };
"""
POLICIES_V2 = POLICIES_V1 + """
@id("owners-write")
permit (principal is User, action == Action::"write", resource is Doc)
when { resource.owner == principal.department };
"""
ENTITIES = [
    {"uid": {"type": "User", "id": "ann"}, "attrs": {"department": "engineering"}, "parents": []},
    {"uid": {"type": "User", "id": "bob"}, "attrs": {"department": "sales"}, "parents": []},
    {"uid": {"type": "Doc", "id": "plan"}, "attrs": {"owner": "sales"}, "parents": []},
]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text if isinstance(text, str) else json.dumps(text))
    return str(path)


def ok(result):
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    return result


def request(user, action, doc="plan"):
    return {"subject": {"type": "User", "id": user}, "action": {"name": action}, "resource": {"type": "Doc", "id": doc}}


def decisions(server, token="default"):
    """A fixed set of requests and their decisions, to show that something did or did not change."""
    return [authzen(server, "evaluation", request(user, action), token=token)["decision"]
            for user in ["ann", "bob"] for action in ["read", "write"]]


@pytest.fixture
def loaded(server, tmp_path):
    """Schema (v1), entities, policies v1 (v2) and v2 (v3), loaded the way an operator would."""
    ok(cli(server, "policy", "schema", "push", write(tmp_path, "schema.cedarschema", SCHEMA), "-m", "schema"))
    ok(cli(server, "entities", "import", write(tmp_path, "entities.json", ENTITIES)))
    ok(cli(server, "policy", "push", write(tmp_path, "v1.cedar", POLICIES_V1), "-m", "engineers read"))
    ok(cli(server, "policy", "push", write(tmp_path, "v2.cedar", POLICIES_V2), "-m", "owners write"))
    return server


def state(server):
    return (cli_json(server, "policy", "pull"), cli_json(server, "policy", "history"),
            server.api("GET", "/t/default/v1/entities").json(), decisions(server))


INVALID_PUSHES = {
    "parse error": ("permit (principal, action resource);\n", r"policies: 1:\d+: unexpected"),
    "does not validate against the schema": (
        '@id("typo")\npermit (principal is User, action == Action::"read", resource is Doc)\n'
        'when { principal.departmnet == "sales" };\n', r"policies \[typo\]: .*departmnet"),
    "unknown entity type under the schema": (
        '@id("ghost")\npermit (principal is Ghost, action, resource);\n', r"policies \[ghost\]: .*Ghost"),
    "duplicate @id": (POLICIES_V1 + POLICIES_V1, r"policies \[engineers-read\]: Two policies have the id 'engineers-read'"),
    "duplicate of a guardrail id": (
        '@id("lanyard-guardrail-owner-inactive")\npermit (principal, action, resource);\n',
        r"\[lanyard-guardrail-owner-inactive\]: Two policies have the id"),
}


@pytest.mark.parametrize("case", sorted(INVALID_PUSHES))
def test_a_push_that_fails_validation_is_refused_with_its_problems_and_changes_nothing(loaded, tmp_path, case):
    server = loaded
    text, problem = INVALID_PUSHES[case]
    before = state(server)
    assert before[3] == [True, False, False, True]

    result = cli(server, "policy", "push", write(tmp_path, "bad.cedar", text), "-m", "broken")
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "The policy store was not changed" in result.stderr and re.search(problem, result.stderr), result.stderr
    response = server.api("PUT", "/t/default/v1/policies", json={"policies": text, "message": "broken"})
    assert response.status_code == 422, response.text
    # The field names the document of the first problem (a clash with a guardrail id is reported on the guardrails).
    assert response.json()["error"] == "invalid_field"
    assert response.json()["field"] == ("guardrails" if "guardrail" in case else "policies"), response.text
    assert re.search(problem, response.json()["message"]), response.text
    validation = server.api("POST", "/t/default/v1/policies/validate", json={"policies": text}).json()
    assert validation["valid"] is False and validation["schemaChecked"] is True
    assert any(re.search(problem, f"{p['document']}{' [' + p['policy'] + ']' if p.get('policy') else ''}: {p['message']}")
               for p in validation["problems"]), validation

    assert state(server) == before
    assert [e["action"] for e in audit_events(server)].count("policy.push") == 3


def test_history_has_author_and_message_and_rollback_makes_a_new_version(loaded, tmp_path):
    server = loaded
    history = cli_json(server, "policy", "history")["versions"]
    assert [(v["version"], v["message"], v["hasSchema"]) for v in history] == [
        (3, "owners write", True), (2, "engineers read", True), (1, "schema", True),
        (0, "Built-in starting point: the default guardrails.", False)]
    pushes = [e for e in audit_events(server) if e["action"] == "policy.push"]
    assert [e["details"]["version"] for e in pushes] == ["1", "2", "3"]
    for version, event in zip([1, 2, 3], pushes):
        assert event["actor"].startswith("token:")
        assert next(v for v in history if v["version"] == version)["author"] == event["actor"]
    assert history[-1]["author"] == "system:lanyard"
    assert history[0]["policyCount"] == history[1]["policyCount"] + 1
    assert decisions(server) == [True, False, False, True]

    # A tenant administrator is recorded as the author of what it pushes.
    assert cli(server, "tenant", "create", "acme", "--token-file", str(tmp_path / "acme.token")).returncode == 0
    acme = (tmp_path / "acme.token").read_text().strip()
    ok(cli(server, "policy", "push", write(tmp_path, "a.cedar", "permit (principal, action, resource);"), "-m", "acme first",
           "--tenant", "acme", token=acme))
    made = cli_json(server, "policy", "history", "--tenant", "acme", token=acme)["versions"][0]
    acme_push = next(e for e in audit_events(server, tenant="acme", token=acme) if e["action"] == "policy.push")
    assert made["author"] == acme_push["actor"] != history[0]["author"]

    rolled = cli_json(server, "policy", "rollback", "2", "-m", "writes were a mistake")
    assert rolled["version"] == 4 and rolled["message"] == "writes were a mistake" and rolled["policies"] == POLICIES_V1
    assert cli_json(server, "policy", "pull")["policies"] == POLICIES_V1
    assert decisions(server) == [True, False, False, False]
    assert cli_json(server, "policy", "history", "--limit", "1")["versions"][0]["message"] == "writes were a mistake"
    # Back to version 0: the built-in starting point (no tenant policies, no schema, default guardrails).
    zero = cli_json(server, "policy", "rollback", "0")
    assert zero["version"] == 5 and zero["policies"] == "" and "schema" not in zero, zero
    assert zero["guardrails"] == cli_json(server, "policy", "pull", "--version", "0")["guardrails"]
    assert decisions(server) == [False, False, False, False]
    result = cli(server, "policy", "rollback", "99")
    assert result.returncode == 3, (result.returncode, result.stderr)


def test_expected_version_conflict_exits_5_and_changes_nothing(loaded, tmp_path):
    server = loaded
    before = state(server)
    path = write(tmp_path, "p.cedar", "permit (principal, action, resource);\n")
    result = cli(server, "policy", "push", path, "-m", "stale", "--expected-version", "2")
    assert result.returncode == 5, (result.returncode, result.stderr)
    assert "invalid_state" in result.stderr and "version 3" in result.stderr
    assert state(server) == before
    made = cli_json(server, "policy", "push", path, "-m", "fresh", "--expected-version", "3")
    assert made["version"] == 4
    assert decisions(server) == [True, True, True, True]


def test_diff_exit_codes(loaded, tmp_path):
    server = loaded
    same = cli(server, "policy", "diff", write(tmp_path, "same.cedar", POLICIES_V2))
    assert same.returncode == 0 and same.stdout == "", (same.returncode, same.stdout, same.stderr)
    changed = cli(server, "policy", "diff", write(tmp_path, "v1.cedar", POLICIES_V1))
    assert changed.returncode == 1, (changed.returncode, changed.stderr)
    assert changed.stdout.startswith("--- server@3\n+++ ") and '-@id("owners-write")' in changed.stdout
    assert cli(server, "policy", "diff", str(tmp_path / "v1.cedar"), "--version", "2").returncode == 0
    ok(cli(server, "policy", "pull", "--guardrails", "--out", str(tmp_path / "g.cedar")))
    assert cli(server, "policy", "diff", str(tmp_path / "g.cedar"), "--guardrails").returncode == 0
    missing = cli(server, "policy", "diff", str(tmp_path / "v1.cedar"), "--version", "42")
    assert missing.returncode == 3, (missing.returncode, missing.stderr)
    assert cli(server, "policy", "diff", str(tmp_path / "nonexistent.cedar")).returncode == 2


def test_validate_valid_and_invalid(loaded, tmp_path):
    server = loaded
    valid = cli(server, "policy", "validate", write(tmp_path, "good.cedar", POLICIES_V2))
    assert valid.returncode == 0 and "valid (strictly, against the schema)" in valid.stdout, valid.stdout
    typo = '@id("typo")\npermit (principal is User, action == Action::"read", resource is Doc) when { resource.ownr == "x" };\n'
    invalid = cli(server, "policy", "validate", write(tmp_path, "typo.cedar", typo))
    assert invalid.returncode == 2, (invalid.returncode, invalid.stdout, invalid.stderr)
    assert "policies [typo]:" in invalid.stdout and "ownr" in invalid.stdout and invalid.stdout.rstrip().endswith("invalid")
    # A policy for an entity type the schema in force lacks is fine against a candidate schema declaring it.
    robots = write(tmp_path, "robots.cedar", '@id("robots-run")\npermit (principal is Robot, action == Action::"run", resource is Doc);\n')
    assert cli(server, "policy", "validate", robots).returncode == 2
    schema = write(tmp_path, "s2.cedarschema", SCHEMA + "entity Robot;\naction run appliesTo { principal: [Robot], resource: [Doc] };\n")
    result = cli(server, "policy", "validate", robots, "--schema", schema)
    assert result.returncode == 0, (result.stdout, result.stderr)
    # Nothing was pushed by validating.
    assert [v["version"] for v in cli_json(server, "policy", "history")["versions"]] == [3, 2, 1, 0]
    as_json = cli_json(server, "policy", "validate", str(tmp_path / "good.cedar"))
    assert as_json == {"valid": True, "problems": [], "schemaChecked": True}


def test_policy_test_runs_cases_against_candidates_without_pushing(loaded, tmp_path):
    server = loaded
    cases = {"cases": [
        {"name": "ann reads", "request": request("ann", "read"), "expected": True},
        {"name": "bob writes", "request": request("bob", "write"), "expected": False},  # wrong under v2
    ]}
    path = write(tmp_path, "cases.json", cases)
    result = cli(server, "policy", "test", path)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "1 passed, 1 failed", result.stdout
    assert "PASS" in result.stdout and "ann reads" in result.stdout
    assert any(line.startswith("FAIL") and "bob writes" in line for line in lines), lines

    # Against a candidate policy file (v1, where bob may not write) both pass, and nothing is pushed.
    candidate = cli(server, "policy", "test", path, "--policies", write(tmp_path, "v1.cedar", POLICIES_V1))
    assert candidate.returncode == 0 and candidate.stdout.strip().splitlines()[-1] == "2 passed, 0 failed", candidate.stdout
    assert cli_json(server, "policy", "history", "--limit", "1")["versions"][0]["version"] == 3
    assert decisions(server) == [True, False, False, True]
    tests = [e for e in audit_events(server) if e["action"] == "policy.test"]
    assert [(e["details"]["cases"], e["details"]["passed"]) for e in tests] == [("2", "1"), ("2", "2")]

    # Against an earlier version by number (v2 holds POLICIES_V1): both pass; the audit names the version tested.
    earlier = server.api("POST", "/t/default/v1/policies/test", json={"version": 2, **cases})
    assert earlier.status_code == 200, earlier.text
    assert (earlier.json()["passed"], earlier.json()["failed"]) == (2, 0), earlier.text
    assert [e for e in audit_events(server) if e["action"] == "policy.test"][-1]["details"]["basedOnVersion"] == "2"
    missing = server.api("POST", "/t/default/v1/policies/test", json={"version": 99, **cases})
    assert missing.status_code == 404 and missing.json()["error"] == "not_found", missing.text
    for bad in ["2", -1, 1.5]:
        refused = server.api("POST", "/t/default/v1/policies/test", json={"version": bad, **cases})
        assert refused.status_code == 400 and refused.json()["field"] == "version", (bad, refused.text)


def test_schema_push_that_stored_entities_do_not_fit_is_refused(loaded, tmp_path):
    server = loaded
    before = state(server)
    narrower = SCHEMA.replace("entity User { department: String }", "entity User { department: Long }")
    result = cli(server, "policy", "schema", "push", write(tmp_path, "narrow.cedarschema", narrower), "-m", "narrow")
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "The policy store was not changed" in result.stderr and "entities" in result.stderr
    assert state(server) == before
    # The other way round: entities that do not fit the schema in force are refused too.
    misfit = ENTITIES + [{"uid": {"type": "User", "id": "eve"}, "attrs": {"department": 7}, "parents": []}]
    result = cli(server, "entities", "import", write(tmp_path, "misfit.json", misfit))
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert state(server) == before
    # And a schema that declares Lanyard's own namespace is refused.
    result = cli(server, "policy", "schema", "push", write(tmp_path, "l.cedarschema", "namespace Lanyard { entity X; }"))
    assert result.returncode == 2 and "reserved" in result.stderr, result.stderr
    pulled = cli(server, "policy", "schema", "pull")
    assert pulled.returncode == 0 and pulled.stdout.strip() == SCHEMA.strip()


def metric_total(server, endpoint, decision=None):
    text = server.api("GET", "/metrics", token=None).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith("lanyard_authz_decisions_total{") and 'tenant="default"' in line and f'endpoint="{endpoint}"' in line \
                and (decision is None or f'decision="{decision}"' in line):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_every_decision_is_logged_and_counted(loaded):
    server = loaded
    assert audit_events(server)[-1]["action"] == "policy.push"
    assert metric_total(server, "evaluation") == 0 and metric_total(server, "evaluations") == 0
    singles = [request(u, a) for u in ["ann", "bob", "nobody"] for a in ["read", "write"]]
    single_answers = [authzen(server, "evaluation", body)["decision"] for body in singles]
    batch = {"subject": {"type": "User", "id": "ann"},
             "evaluations": [{"action": {"name": "read"}, "resource": {"type": "Doc", "id": f"d{i}"}} for i in range(7)]
             + [{"action": {"name": "write"}}, {"subject": {"type": "User", "id": "bob"}, "action": {"name": "write"},
                                                 "resource": {"type": "Doc", "id": "plan"}}]}
    batch_answers = authzen(server, "evaluations", batch)["evaluations"]
    assert len(batch_answers) == 9
    assert batch_answers[7]["decision"] is False and "error" in batch_answers[7]["context"]  # incomplete item
    short = authzen(server, "evaluations", {**batch, "options": {"evaluations_semantic": "permit_on_first_permit"}})["evaluations"]
    assert len(short) == 1 and short[0]["decision"] is True
    n = len(singles) + len(batch_answers) + len(short)
    allowed = single_answers.count(True) + [a["decision"] for a in batch_answers + short].count(True)

    events = [e for e in audit_events(server) if e["action"] in ("authz.evaluation", "authz.evaluations")]
    assert [e["action"] for e in events] == ["authz.evaluation"] * len(singles) + ["authz.evaluations"] * 2
    assert sum(int(e["details"]["decisions"]) for e in events) == n
    assert sum(int(e["details"]["allowed"]) for e in events) == allowed
    assert [int(e["details"]["decisions"]) for e in events[-2:]] == [9, 1]
    for event, body, decision in zip(events, singles, single_answers):
        records = json.loads(event["details"]["records"])
        assert len(records) == 1 and records[0]["decision"] is decision
        assert records[0]["request"]["subject"] == body["subject"] and records[0]["request"]["action"] == body["action"]
        assert event["details"]["policyVersion"] == "3" and int(event["details"]["latencyMicros"]) >= 0
    assert len(json.loads(events[-2]["details"]["records"])) == 9
    assert metric_total(server, "evaluation") == len(singles)
    assert metric_total(server, "evaluation", "allow") == single_answers.count(True)
    assert metric_total(server, "evaluation", "deny") == single_answers.count(False)
    assert 0 < single_answers.count(True) < len(singles)
    assert metric_total(server, "evaluations") == len(batch_answers) + len(short)


@pytest.fixture
def pep(loaded, tmp_path):
    result = cli(loaded, "pep", "token", "create", "--name", "api-gateway", "--token-file", str(tmp_path / "pep.token"))
    assert result.returncode == 0, result.stderr
    assert "pep.token" in result.stdout and "lyadm_" not in result.stdout and "lypep_" not in result.stdout  # written, not shown
    return (tmp_path / "pep.token").read_text().strip()


def test_pep_token_may_only_ask_for_decisions_in_its_tenant(loaded, pep, tmp_path):
    server = loaded
    assert decisions(server, token=pep) == [True, False, False, True]
    assert authzen(server, "evaluations", {"evaluations": [request("ann", "read")]}, token=pep)["evaluations"][0]["decision"]
    assert authzen(server, "search/subject", {"subject": {"type": "User"}, "action": {"name": "read"},
                                              "resource": {"type": "Doc", "id": "plan"}}, token=pep)["results"] == [
        {"type": "User", "id": "ann"}]
    admin_calls = [("GET", "/t/default/v1/identities", None), ("GET", "/t/default/v1/policies", None),
                   ("PUT", "/t/default/v1/policies", {"policies": "permit (principal, action, resource);", "message": "x"}),
                   ("POST", "/t/default/v1/policies/rollback", {"version": 0}),
                   ("PUT", "/t/default/v1/entities", []), ("GET", "/t/default/v1/audit", None),
                   ("POST", "/t/default/v1/owners/alice/deactivate", None),
                   ("POST", "/t/default/v1/pep-tokens", {"name": "another"}), ("GET", "/v1/tenants", None)]
    for method, path, body in admin_calls:
        response = server.api(method, path, token=pep, json=body)
        if path == "/v1/tenants":  # lists only what the caller may administer: nothing
            assert response.status_code in (200, 403) and response.json().get("tenants", []) == [], response.text
            continue
        assert response.status_code == 403, (method, path, response.status_code, response.text)
        assert response.json()["error"] == "forbidden"
    result = cli(server, "policy", "pull", token=pep)
    assert result.returncode == 4, (result.returncode, result.stderr)

    assert cli(server, "tenant", "create", "other", "--token-file", str(tmp_path / "other.token")).returncode == 0
    other = server.api("POST", "/t/other/access/v1/evaluation", token=pep, json=request("ann", "read"))
    assert other.status_code == 403 and other.json()["error"] == "forbidden", other.text
    # A tenant administrator is confined to its tenant as well.
    other_admin = (tmp_path / "other.token").read_text().strip()
    assert server.api("POST", "/t/default/access/v1/evaluation", token=other_admin, json=request("ann", "read")).status_code == 403
    for endpoint in ["evaluation", "evaluations", "search/subject", "search/resource", "search/action"]:
        for token in [None, "lyadm_notatoken"]:
            response = server.api("POST", f"/t/default/access/v1/{endpoint}", token=token, json=request("ann", "read"))
            assert response.status_code == 401, (endpoint, token, response.status_code, response.text)
            assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
    # Nothing the PEP was refused changed anything.
    assert cli_json(server, "policy", "history", "--limit", "1")["versions"][0]["version"] == 3
    assert cli_json(server, "owner", "list")["owners"] == []


def test_administrators_see_annotations_and_reason_pep_tokens_do_not(loaded, pep):
    server = loaded
    admin = authzen(server, "evaluation", request("ann", "read"))
    assert admin["decision"] is True and admin["context"]["policies"] == ["engineers-read"]
    assert admin["context"]["annotations"] == {
        "engineers-read": {"id": "engineers-read", "description": "Engineers read every document."}}
    assert "engineers-read" in admin["context"]["reason_admin"]["en"]
    denied = authzen(server, "evaluation", request("bob", "read"))
    assert denied["decision"] is False and "no policy permits" in denied["context"]["reason_admin"]["en"]

    enforced = authzen(server, "evaluation", request("ann", "read"), token=pep)
    assert enforced["decision"] is True
    assert enforced["context"] == {"policies": ["engineers-read"], "policy_version": 3}
    batch = authzen(server, "evaluations", {"evaluations": [request("ann", "read"), request("bob", "read")]}, token=pep)
    for answer in batch["evaluations"]:
        assert "annotations" not in answer["context"] and "reason_admin" not in answer["context"], answer
    assert [a["decision"] for a in batch["evaluations"]] == [True, False]
    # The PEP's decisions are logged under its own actor.
    pep_events = [e for e in audit_events(server) if e["action"].startswith("authz.")]
    assert len({e["actor"] for e in pep_events}) == 2


def test_policy_test_failure_line_names_the_decisions(loaded, tmp_path):
    """A failing case says `expected false, got true`, not Foundation's `0`/`1` rendering of JSON booleans."""
    path = write(loaded.workdir, "cases.json", {"cases": [{"name": "bob writes", "request": request("bob", "write"), "expected": False}]})
    result = cli(loaded, "policy", "test", path)
    assert result.returncode == 1
    fail = next(line for line in result.stdout.splitlines() if line.startswith("FAIL"))
    assert fail.endswith("bob writes: expected false, got true"), fail


def test_pull_to_standard_output_then_diff_is_equal(loaded, tmp_path):
    """`policy pull > f && policy diff f` must say "equal" (exit 0), also for a document that does not end in a
    newline (the default guardrails do not): pull adds one on standard output, and diff then reports it."""
    for flag in [[], ["--guardrails"]]:
        pulled = cli(loaded, "policy", "pull", *flag)
        assert pulled.returncode == 0
        result = cli(loaded, "policy", "diff", write(tmp_path, "pulled.cedar", pulled.stdout), *flag)
        assert result.returncode == 0, (flag, result.stdout[-300:])


def test_unknown_tenant_is_not_found_and_nothing_is_logged_for_it(server):
    """Like every other tenant route (`/t/nope/v1/identities` is 404), the policy store and the decision point of
    a tenant that does not exist answer 404 even to a platform administrator, and no audit event is written
    under that tenant's name."""
    request_body = request("ann", "read")
    assert server.api("GET", "/t/nope/v1/identities").status_code == 404
    assert server.api("GET", "/t/nope/.well-known/authzen-configuration", token=None).status_code == 404
    answers = {
        "evaluation": server.api("POST", "/t/nope/access/v1/evaluation", json=request_body),
        "evaluations": server.api("POST", "/t/nope/access/v1/evaluations", json={"evaluations": [request_body]}),
        "search/subject": server.api("POST", "/t/nope/access/v1/search/subject", json={**request_body, "subject": {"type": "User"}}),
        "GET policies": server.api("GET", "/t/nope/v1/policies"),
        "GET versions": server.api("GET", "/t/nope/v1/policies/versions"),
        "GET entities": server.api("GET", "/t/nope/v1/entities"),
        "GET owners": server.api("GET", "/t/nope/v1/owners"),
        "POST validate": server.api("POST", "/t/nope/v1/policies/validate", json={"policies": ""}),
    }
    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses == {name: 404 for name in answers}, statuses
    # The audit trail of a tenant that does not exist is 404 like every tenant route (one "no such tenant"
    # answer at the edge), and no event anywhere names it.
    assert server.api("GET", "/t/nope/v1/audit").status_code == 404
    assert not [e for e in audit_events(server) if "nope" in json.dumps(e)]


def test_search_decisions_are_accounted_for_in_the_audit_trail_as_in_the_metrics(loaded):
    """A search decides once per candidate; its audit event's `decisions`/`allowed` must count those decisions as
    the metrics do (not one record with `allowed: 0` for a search that permitted a candidate)."""
    server = loaded
    answer = authzen(server, "search/subject", {"subject": {"type": "User"}, "action": {"name": "read"},
                                                "resource": {"type": "Doc", "id": "plan"}})
    assert answer["results"] == [{"type": "User", "id": "ann"}]
    event = [e for e in audit_events(server) if e["action"] == "authz.search"][-1]
    records = json.loads(event["details"]["records"])
    assert records[0]["evaluated"] == 2 and records[0]["results"] == answer["results"]
    assert metric_total(server, "search_subject") == 2
    assert (event["details"]["decisions"], event["details"]["allowed"]) == ("2", "1"), event["details"]
