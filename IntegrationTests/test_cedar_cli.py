"""`lanyard cedar` as a user runs it: authorize prints the decision JSON, validate and format report errors
with a location, and exit codes say what happened."""
import json

from lanyard_harness import ROOT, cli

SHARED = ROOT.parent / "shared" / "conformance" / "cedar"
CONTEXT = '{"source_ip":"123.123.123.123","confidence_score":"0.6","authenticated":true}'


def authorize(principal: str, action: str, resource: str):
    return cli(None, "cedar", "authorize", "--policies", str(SHARED / "tests/multi/policies_1.cedar"),
               "--entities", str(SHARED / "sample-data/sandbox_a/entities.json"),
               "--schema", str(SHARED / "sample-data/sandbox_a/schema.cedarschema"),
               "--principal", principal, "--action", action, "--resource", resource, "--context", CONTEXT)


def test_authorize_prints_decision_reason_and_errors_as_json():
    allowed = authorize('User::"alice"', 'Action::"view"', 'Photo::"VacationPhoto94.jpg"')
    assert allowed.returncode == 0
    assert json.loads(allowed.stdout) == {"decision": "allow", "reason": ["policy0"], "errors": []}
    denied = authorize('User::"alice"', 'Action::"edit"', 'Photo::"selfie.jpg"')
    assert denied.returncode == 1
    assert json.loads(denied.stdout)["decision"] == "deny"


def test_validate_and_format(tmp_path):
    good = cli(None, "cedar", "validate", "--policies", str(SHARED / "tests/multi/policies_1.cedar"),
               "--schema", str(SHARED / "sample-data/sandbox_a/schema.cedarschema"))
    assert good.returncode == 0
    bad = tmp_path / "bad.cedar"
    bad.write_text('permit(principal, action, resource) when { principal.nosuchattr == 1 };')
    invalid = cli(None, "cedar", "validate", "--policies", str(bad), "--schema", str(SHARED / "sample-data/sandbox_a/schema.cedarschema"))
    assert invalid.returncode != 0
    broken = tmp_path / "broken.cedar"
    broken.write_text("permit(principal, action, resource) when { 1 + ; };")
    result = cli(None, "cedar", "format", str(broken))
    assert result.returncode == 2 and "1:48" in (result.stdout + result.stderr)
    formatted = cli(None, "cedar", "format", "--json", str(SHARED / "tests/multi/policies_1.cedar"))
    assert formatted.returncode == 0 and json.loads(formatted.stdout)


def test_cedar_test_reports_counts_and_fails_on_a_wrong_expectation(tmp_path):
    ok = cli(None, "cedar", "test", "--root", str(SHARED), str(SHARED / "tests/multi"))
    assert ok.returncode == 0 and ok.stdout.strip().splitlines()[-1].endswith("passed, 0 failed")
    test = json.loads((SHARED / "tests/multi/1.json").read_text())
    test["requests"][0]["decision"] = "deny"  # the engine must disagree with a wrong expectation
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(test))
    failed = cli(None, "cedar", "test", "--root", str(SHARED), str(wrong))
    assert failed.returncode != 0 and failed.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"
