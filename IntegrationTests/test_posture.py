"""The posture report against a real server (issue 19): the JSON validates against the JSON Schema kept in the repo
(docs/schemas/posture-report.schema.json) and the OpenAPI component; the SARIF validates against the official OASIS
SARIF 2.1.0 schema; the HTML page loads nothing, escapes what it shows, and renders in headless Chromium to a PNG that is
not blank; an owner's token sees only its own identities; `lanyard posture report --diff` shows what changed after an
identity is registered; a bad format is a 422 invalid_field naming the field."""
from __future__ import annotations

import json
import shutil
import subprocess

import jsonschema
import pytest
from PIL import Image

from lanyard_harness import ROOT, Server, cli, free_port

REPORT_SCHEMA = json.loads((ROOT / "docs" / "schemas" / "posture-report.schema.json").read_text())
SARIF_SCHEMA = json.loads((ROOT / "IntegrationTests" / "schemas" / "sarif-schema-2.1.0.json").read_text())
HOSTILE = "<script>alert('x')</script>"


def register(server: Server, name: str, owner: str) -> dict:
    made = server.api("POST", "/t/default/v1/identities",
                      json={"name": name, "kind": "agent", "owner": owner, "purpose": f"posture test {HOSTILE}", "environment": "sandbox"})
    assert made.status_code == 201, made.text
    return made.json()


def owner_token(server: Server, subject: str) -> str:
    made = server.api("POST", "/t/default/v1/admin/tokens", json={"role": "owner", "subject": subject, "description": subject})
    assert made.status_code == 201, made.text
    return made.json()["token"]


def posture(server: Server, token: str | None = "default", **query) -> dict:
    response = server.api("GET", "/t/default/v1/posture", token=token, params=query)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


def headline(report: dict, id: str):
    return next(number for number in report["headline"] if number["id"] == id)


def controls(report: dict) -> dict:
    return {control["id"]: control for control in report["controls"]}


@pytest.fixture
def world(tmp_path):
    # Loopback webhooks, so the endpoint the test adds can never send anything off this machine.
    server = Server(tmp_path, extra_args=("--webhook-allow-loopback-http",)).start()
    try:
        register(server, "alice-one", "alice")
        register(server, "alice-two", "alice")
        bob = register(server, "bob-one", "bob")
        register(server, "eve-one", HOSTILE)
        yield server, bob
    finally:
        server.stop()


def test_json_report_validates_against_the_repo_schema_and_says_what_fails(world):
    server, _ = world
    report = posture(server)
    jsonschema.validate(report, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert report["scope"] == {"kind": "tenant"} and report["tenant"] == "default"
    assert headline(report, "identities")["value"] == 4
    assert headline(report, "ownership-coverage")["value"] == 100
    by_id = controls(report)
    assert len(by_id) >= 18 and {c["group"] for c in report["controls"]} == {"identity", "authorization", "observability", "recovery"}
    # A fresh tenant has no webhook, no decision and no policy: those controls fail, with the reason and the subject.
    assert by_id["LY-OB-04"]["status"] == "fail" and "webhook" in by_id["LY-OB-04"]["reason"]
    assert by_id["LY-OB-03"]["status"] == "fail" and by_id["LY-OB-03"]["evidence"]["numbers"]["decisions"] == 0
    assert by_id["LY-OB-01"]["status"] == "pass", by_id["LY-OB-01"]["reason"]
    assert report["auditHead"]["size"] > 0
    frameworks = {item["control"]["framework"] for item in report["frameworks"]}
    assert frameworks == {"OWASP-NHI-2025", "OWASP-ASI-2026", "NIST-CSF-2.0", "NIST-SP-800-63-4", "NIST-SP-800-207", "NIST-AI-RMF-1.0",
                          "CSA-MAESTRO"}
    # A webhook endpoint makes LY-OB-04 pass: the status is computed when asked, not stored.
    added = server.api("POST", "/t/default/v1/webhooks", json={"url": f"http://127.0.0.1:{free_port()}/hook", "eventTypes": ["identity.orphaned"]})
    assert added.status_code == 201, added.text
    assert controls(posture(server))["LY-OB-04"]["status"] == "pass"


def test_sarif_validates_against_the_official_schema(world):
    server, _ = world
    response = server.api("GET", "/t/default/v1/posture", params={"format": "sarif"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/sarif+json")
    log = response.json()
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "lanyard-posture"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "orphaned-identity" in rules and "NHI1:2025" in rules["orphaned-identity"]["properties"]["tags"]
    failing = [result for result in run["results"] if result["ruleId"] == "control/LY-OB-04"]
    assert len(failing) == 1 and failing[0]["level"] == "error"
    assert failing[0]["locations"][0]["logicalLocations"][0]["name"] == "tenant:default"
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is not installed (scripts/test installs it)"
    return found


def test_html_is_self_contained_escaped_and_renders_in_headless_chromium(world, tmp_path):
    server, _ = world
    response = server.api("GET", "/t/default/v1/posture", params={"format": "html", "owner": HOSTILE})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.text
    assert "<script" not in html, "the owner's name reached the page unescaped"
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html and "src=" not in html, "the page must load nothing"
    whole = server.api("GET", "/t/default/v1/posture", params={"format": "html"}).text
    page = tmp_path / "posture.html"
    page.write_text(whole)
    png = tmp_path / "posture.png"
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2400",
         f"--screenshot={png}", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert png.exists(), f"chromium made no screenshot: {result.stderr[-2000:]}"
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 2400)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, f"a blank page: {len(colours or [])} colours"
    white = max(count for count, colour in colours if colour == (255, 255, 255)) if any(c == (255, 255, 255) for _, c in colours) else 0
    assert white < image.size[0] * image.size[1] * 0.97, "the page is almost all white"
    # The charts' colours are on the page: pass green and fail red.
    present = {colour for _, colour in colours}
    assert (26, 127, 55) in present and (207, 34, 46) in present


def test_an_owner_sees_only_its_own_identities(world):
    server, bob = world
    alice = owner_token(server, "alice")
    mine = posture(server, token=alice)
    assert mine["scope"] == {"kind": "owner", "value": "alice"}
    assert headline(mine, "identities")["value"] == 2
    asked_for_bob = posture(server, token=alice, owner="bob")
    assert asked_for_bob["scope"] == {"kind": "owner", "value": "alice"}, "an owner cannot read another owner's report"
    refused = server.api("GET", "/t/default/v1/posture", token=alice, params={"identity": bob["id"]})
    assert refused.status_code == 404 and refused.json()["error"] == "not_found"
    admin_view = posture(server, owner="bob")
    assert admin_view["scope"] == {"kind": "owner", "value": "bob"} and headline(admin_view, "identities")["value"] == 1
    one = posture(server, identity=bob["id"])
    assert one["scope"] == {"kind": "identity", "value": bob["id"]} and headline(one, "identities")["value"] == 1
    jsonschema.validate(one, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_bad_format_and_unbounded_values_are_refused(world):
    server, _ = world
    bad = server.api("GET", "/t/default/v1/posture", params={"format": "pdf"})
    # invalid_field is 422 everywhere in the API (ErrorMapping.swift), as for the findings' filters.
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_field" and bad.json()["field"] == "format"
    long = server.api("GET", "/t/default/v1/posture", params={"owner": "x" * 257})
    assert long.status_code == 422 and long.json()["error"] == "invalid_field" and long.json()["field"] == "owner"
    both = server.api("GET", "/t/default/v1/posture", params={"owner": "alice", "identity": "alice-one"})
    assert both.status_code == 422 and both.json()["field"] == "identity"
    assert server.api("GET", "/t/default/v1/posture", token=None).status_code == 401


def test_cli_writes_each_format_and_diff_shows_a_new_identity(world, tmp_path):
    server, _ = world
    before = tmp_path / "before.json"
    written = cli(server, "posture", "report", "--format", "json", "--out", str(before))
    assert written.returncode == 0, written.stderr
    jsonschema.validate(json.loads(before.read_text()), REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)
    sarif = cli(server, "posture", "report", "--format", "sarif")
    assert sarif.returncode == 0 and json.loads(sarif.stdout)["version"] == "2.1.0"
    summary = cli(server, "posture", "report")
    assert summary.returncode == 0 and "LY-ID-01" in summary.stdout and "Identities in scope" in summary.stdout
    unchanged = cli(server, "posture", "report", "--diff", str(before))
    assert unchanged.returncode == 0, unchanged.stderr
    assert "headline identities" not in unchanged.stdout

    register(server, "carol-one", "carol")
    diff = cli(server, "posture", "report", "--diff", str(before))
    assert diff.returncode == 0, diff.stderr
    assert "headline identities (Identities in scope): 4 → 5" in diff.stdout, diff.stdout
    as_json = cli(server, "posture", "report", "--diff", str(before), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    change = json.loads(as_json.stdout)
    assert {"id": "identities", "title": "Identities in scope", "before": 4, "after": 5, "unit": "count"} in change["headline"]
    assert change["before"]["scope"] == {"kind": "tenant"}

    not_a_report = tmp_path / "junk.json"
    not_a_report.write_text("{}")
    refused = cli(server, "posture", "report", "--diff", str(not_a_report))
    assert refused.returncode != 0 and "not a JSON posture report" in (refused.stderr + refused.stdout)
