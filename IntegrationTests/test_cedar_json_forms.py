"""The JSON forms of policies (EST), templates and schemas, cross-checked against the reference engine's own
conversions (cedarpy embeds the Rust Cedar), on a deterministic sample of the official corpus."""
import json
import pathlib
import tarfile

import cedarpy
import pytest

from lanyard_harness import ROOT, cli

CEDAR = ROOT.parent / "shared" / "conformance" / "cedar"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    with tarfile.open(CEDAR / "corpus-tests.tar.gz") as archive:
        archive.extractall(root, filter="data")
    tests = sorted(p for p in (root / "corpus-tests").glob("*.json") if not p.name.endswith(".entities.json"))
    assert len(tests) == 7809
    return root, tests[::60]  # 131 tests, spread over the whole corpus


def ours_json(path: pathlib.Path) -> dict:
    result = cli(None, "cedar", "format", "--json", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_policy_json_equals_the_reference_conversion(corpus):
    root, tests = corpus
    policies = [root / json.loads(t.read_text())["policies"] for t in tests]
    policies += sorted((CEDAR / "tests").glob("*/policies_*.cedar"))
    for path in policies:
        reference = json.loads(cedarpy.policies_to_json_str(path.read_text()))
        assert ours_json(path) == reference, path.name


def test_policy_json_round_trips_through_the_reference(corpus, tmp_path):
    root, tests = corpus
    for test in tests[:40]:
        path = root / json.loads(test.read_text())["policies"]
        ours = ours_json(path)
        text = cedarpy.policies_from_json_str(json.dumps(ours))  # the reference reads our JSON…
        assert json.loads(cedarpy.policies_to_json_str(text)) == ours  # …as the same policies


def test_templates_in_json_equal_the_reference(tmp_path):
    source = """
        @id("viewer")
        permit(principal == ?principal, action in [Action::"view", Action::"list"], resource in ?resource)
        when { context.mfa && resource.tags.contains("public") };
        forbid(principal, action, resource is Photo in ?resource) unless { principal has owner.active };
    """
    path = tmp_path / "templates.cedar"
    path.write_text(source)
    ours = ours_json(path)
    assert ours == json.loads(cedarpy.policies_to_json_str(source))
    assert set(ours["templates"]) == {"policy0", "policy1"} and ours["staticPolicies"] == {}


def test_json_schema_is_accepted_by_the_reference_with_the_same_validation_verdicts(corpus, tmp_path):
    root, tests = corpus
    for test in tests:
        spec = json.loads(test.read_text())
        result = cli(None, "cedar", "schema", "--json", str(root / spec["schema"]))
        assert result.returncode == 0, result.stdout + result.stderr
        json_schema = result.stdout
        policies = (root / spec["policies"]).read_text()
        original = cedarpy.validate_policies(policies, (root / spec["schema"]).read_text())
        converted = cedarpy.validate_policies(policies, json.loads(json_schema))
        assert converted.validation_passed == original.validation_passed == spec["shouldValidate"], test.name
