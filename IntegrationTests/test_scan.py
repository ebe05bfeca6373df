"""`lanyard scan` run as a builder runs it: the real binary on real files, notebooks and git repositories.

Every credential here is generated on the spot (random bodies in the providers' shapes): no real secret.
"""
import json
import os
import pathlib
import random
import re
import string
import subprocess
import tomllib
import zlib

from lanyard_harness import ROOT, cli

ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase


def base62_checksum(body: str) -> str:
    value, out = zlib.crc32(body.encode()), ""
    for _ in range(6):
        out, value = ALPHABET[value % 62] + out, value // 62
    return out


def lanyard_token(prefix: str = "lyadm_") -> str:
    body = "".join(random.choice(ALPHABET) for _ in range(40))
    return prefix + body + base62_checksum(body)


def git(repo: pathlib.Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def new_repo(tmp_path: pathlib.Path) -> pathlib.Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.com")
    git(repo, "config", "user.name", "Dev")
    return repo


def scan_json(*args: str, cwd=None) -> tuple[int, dict]:
    result = cli(None, "scan", *args, "--output", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_secret_committed_then_deleted_is_found_in_history_with_commit_and_path(tmp_path):
    repo = new_repo(tmp_path)
    (repo / "README.md").write_text("hello\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    token = lanyard_token()
    (repo / "deploy").mkdir()
    (repo / "deploy" / "settings.py").write_text(f"DEBUG = True\nLANYARD_TOKEN = \"{token}\"\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add settings")
    leaked_in = git(repo, "rev-parse", "HEAD")
    (repo / "deploy" / "settings.py").write_text("DEBUG = True\n")
    git(repo, "commit", "-qam", "remove the token")

    code, clean = scan_json(str(repo))
    assert code == 0 and clean["findings"] == []

    code, report = scan_json("--git", str(repo))
    assert code == 1
    [finding] = report["findings"]
    assert finding["commit"] == leaked_in and finding["path"] == "deploy/settings.py" and finding["line"] == 2
    assert finding["rule"] == "lanyard-secret" and finding["kind"] == "lanyard-admin-token"
    assert token not in json.dumps(report) and finding["redacted"].startswith("lyad…")


def test_exit_codes_human_output_and_sarif(tmp_path):
    (tmp_path / "clean.txt").write_text("nothing to see\n")
    result = cli(None, "scan", str(tmp_path))
    assert result.returncode == 0, result.stderr
    token = lanyard_token("lypep_")
    (tmp_path / "app.env").write_text(f"PEP_TOKEN={token}\n")
    result = cli(None, "scan", str(tmp_path))
    assert result.returncode == 1
    assert "app.env:1:11" in result.stdout and "lanyard-pep-token" in result.stdout and token not in result.stdout
    sarif = cli(None, "scan", "--output", "sarif", str(tmp_path))
    assert sarif.returncode == 1
    log = json.loads(sarif.stdout)
    assert log["version"] == "2.1.0" and log["runs"][0]["results"][0]["ruleId"] == "lanyard-secret"
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 11}
    assert cli(None, "scan", str(tmp_path / "missing")).returncode == 2
    assert cli(None, "scan", "--output", "yaml", str(tmp_path)).returncode == 2
    assert cli(None, "scan", "--git", str(tmp_path)).returncode == 2  # not a repository


def test_baseline_accepts_known_findings_and_allow_comment_suppresses_a_line(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "old.py").write_text(f"KEY = \"{lanyard_token()}\"\n")
    baseline = tmp_path / "baseline.json"
    result = cli(None, "scan", "--write-baseline", str(baseline), str(work))
    assert result.returncode == 0 and len(json.loads(baseline.read_text())["findings"]) == 1
    assert cli(None, "scan", "--baseline", str(baseline), str(work)).returncode == 0
    (work / "allowed.py").write_text(f"FIXTURE = \"{lanyard_token()}\"  # lanyard:allow\n")
    assert cli(None, "scan", "--baseline", str(baseline), str(work)).returncode == 0
    new = lanyard_token("lsc_")
    (work / "new.py").write_text(f"SCIM = \"{new}\"\n")
    code, report = scan_json("--baseline", str(baseline), str(work))
    assert code == 1 and [f["path"] for f in report["findings"]] == [str(work / "new.py")]


def test_notebook_output_cell_is_reported_with_its_cell(tmp_path):
    token = lanyard_token("lyrvk_")
    notebook = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Report a leak\n"]},
            {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": ["print(bearer)"],
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["bearer:\n", token + "\n"]}]},
        ],
    }
    (tmp_path / "leak.ipynb").write_text(json.dumps(notebook, indent=1))
    code, report = scan_json(str(tmp_path))
    assert code == 1
    [finding] = report["findings"]
    assert finding["cell"] == 1 and finding["cellPart"] == "output" and finding["line"] == 2
    assert finding["kind"] == "lanyard-revocation-bearer"


def test_gitignore_is_respected_inside_a_work_tree_unless_told_otherwise(tmp_path):
    repo = new_repo(tmp_path)
    (repo / ".gitignore").write_text("*.local\n")
    (repo / "creds.local").write_text(f"T={lanyard_token()}\n")
    code, _ = scan_json(str(repo))
    assert code == 0
    code, report = scan_json("--no-gitignore", str(repo))
    assert code == 1 and report["findings"][0]["path"].endswith("creds.local")


def test_published_gitleaks_rules_match_what_the_scanner_finds():
    rules = tomllib.loads((ROOT / "docs" / "detection" / "lanyard-gitleaks.toml").read_text())["rules"]
    by_id = {rule["id"]: re.compile(rule["regex"]) for rule in rules}
    for prefix, rule in [("lyadm_", "lanyard-admin-token"), ("lypep_", "lanyard-pep-token"), ("lsc_", "lanyard-scim-token"),
                         ("lyrvk_", "lanyard-revocation-bearer")]:
        token = lanyard_token(prefix)
        assert by_id[rule].search(f"x = '{token}'").group(1) == token


def test_a_lanyard_webhook_secret_is_told_from_anyone_elses(tmp_path):
    import base64
    import os
    key = bytes([0x2D, 0x8C, 0x21]) + os.urandom(25)
    key += zlib.crc32(key).to_bytes(4, "big")
    ours = "whsec_" + base64.b64encode(key).decode()
    theirs = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    rules = tomllib.loads((ROOT / "docs" / "detection" / "lanyard-gitleaks.toml").read_text())["rules"]
    webhook_rule = re.compile(next(rule["regex"] for rule in rules if rule["id"] == "lanyard-webhook-secret"))
    assert webhook_rule.search(ours)
    (tmp_path / "hooks.yaml").write_text(f"ours: {ours}\ntheirs: {theirs}\n")
    code, report = scan_json(str(tmp_path))
    assert code == 1
    assert [(f["line"], f["kind"]) for f in report["findings"]] == [(1, "lanyard-webhook-secret"), (2, "standard-webhooks-secret")]


def test_a_hostile_repository_configuration_runs_nothing(tmp_path):
    """The repository scanned may be anyone's: its filesystem monitor hook, external diff driver and text conversion
    filter are never run, in the working tree or in history."""
    repo = new_repo(tmp_path)
    marker = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\ncat \"$@\" 2>/dev/null\n")
    hook.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(hook))
    git(repo, "config", "diff.external", str(hook))
    git(repo, "config", "diff.evil.textconv", str(hook))
    (repo / ".gitattributes").write_text("*.py diff=evil\n")
    (repo / "app.py").write_text(f'TOKEN = "{lanyard_token()}"\n')
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "add")
    marker.unlink(missing_ok=True)
    for args in ((str(repo),), (str(repo), "--git")):
        status, report = scan_json(*args)
        assert status == 1 and any(f["path"].endswith("app.py") for f in report["findings"]), report
    assert not marker.exists(), "a hook of the scanned repository ran"


def test_links_and_fifos_are_not_followed_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside.env"
    outside.write_text(f'SECRET_TOKEN = "{lanyard_token()}"\n')
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "linked.env").symlink_to(outside)
    (tree / "zero").symlink_to("/dev/zero")
    os.mkfifo(tree / "pipe")
    (tree / "app.py").write_text(f'TOKEN = "{lanyard_token()}"\n')
    for extra in ((), ("--no-gitignore",)):
        result = cli(None, "scan", str(tree), "--output", "json", *extra)
        assert result.returncode == 1, result.stderr
        paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
        assert len(paths) == 1 and paths[0].endswith("app.py"), paths
