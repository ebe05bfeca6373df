#!/usr/bin/env python3
"""Offline check of the AuthZEN example policies: every conformance case, no server.

Each case of the three suites (todo, api-gateway, certification) is answered by the reference
decision point (reference_pdp.py: the AuthZEN → Cedar mapping), with two Cedar engines in turn:
cedarpy (the reference Rust engine's Python binding) and `lanyard cedar authorize` (the Swift
engine, default binary /tmp/lanyard-snapshot or $LANYARD_BIN). A suite with a schema is run with
and without it. The answers are judged by the same code as the HTTP runner's (conformance.py).
Cases about refusing malformed input (HTTP 400) are the server's business and are listed as
server-only, not counted.

Before the cases it checks that each schema validates the policies (both engines) and that the
todo and api-gateway users match todo-users-pip.json.

Usage: scripts/authzen/offline_check.py [--lanyard BIN] [--shared DIR] [--engine cedarpy|lanyard]...
Exit status 0 only if everything passed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from authzen import conformance as c  # noqa: E402
from authzen.reference_pdp import CedarRequest, EngineError, ReferencePDP, entity_literal  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


class CedarpyEngine:
    name = "cedarpy"

    def __init__(self, suite: c.Suite, use_schema: bool):
        import cedarpy  # imported here so that the lanyard engine works without it

        self.cedarpy = cedarpy
        self.policies = cedarpy.PolicySet.from_str(suite.policies.read_text())
        self.entities = suite.entities.read_text()
        self.schema = suite.schema.read_text() if use_schema and suite.schema else None

    def authorize(self, request: CedarRequest) -> bool:
        cedar_request = {
            "principal": entity_literal(*request.principal),
            "action": entity_literal("Action", request.action),
            "resource": entity_literal(*request.resource),
            "context": request.context,
        }
        try:
            result = self.cedarpy.is_authorized(cedar_request, self.policies, self.entities, schema=self.schema)
        except Exception as error:  # cedarpy raises on malformed input
            raise EngineError(f"cedarpy: {error}") from error
        errors = list(result.diagnostics.errors)
        if errors:
            raise EngineError(f"cedarpy reported errors: {errors}")
        if result.decision not in (self.cedarpy.Decision.Allow, self.cedarpy.Decision.Deny):
            raise EngineError(f"cedarpy could not decide: {result.decision}")
        return result.allowed


class LanyardEngine:
    name = "lanyard"

    def __init__(self, suite: c.Suite, use_schema: bool, binary: str):
        self.args = [binary, "cedar", "authorize", "--policies", str(suite.policies), "--entities", str(suite.entities)]
        if use_schema and suite.schema:
            self.args += ["--schema", str(suite.schema)]

    def authorize(self, request: CedarRequest) -> bool:
        args = self.args + ["--principal", entity_literal(*request.principal),
                            "--action", entity_literal("Action", request.action),
                            "--resource", entity_literal(*request.resource),
                            "--context", json.dumps(request.context)]
        run = subprocess.run(args, capture_output=True, text=True, timeout=60)
        if run.returncode not in (0, 1):
            raise EngineError(f"lanyard cedar authorize exited {run.returncode}: {run.stderr.strip() or run.stdout.strip()}")
        try:
            answer = json.loads(run.stdout)
        except json.JSONDecodeError as error:
            raise EngineError(f"lanyard cedar authorize printed no JSON: {run.stdout!r}") from error
        if answer.get("errors"):
            raise EngineError(f"lanyard reported errors: {answer['errors']}")
        decision = answer.get("decision")
        if decision not in ("allow", "deny") or (decision == "allow") != (run.returncode == 0):
            raise EngineError(f"inconsistent answer (exit {run.returncode}): {run.stdout.strip()}")
        return decision == "allow"


def schema_actions(suite: c.Suite, use_schema: bool, binary: str) -> list[str] | None:
    """The actions declared in the suite's schema (empty namespace), or None without a schema."""
    if not (use_schema and suite.schema):
        return None
    run = subprocess.run([binary, "cedar", "schema", "--json", str(suite.schema)], capture_output=True, text=True)
    if run.returncode != 0:
        raise EngineError(f"lanyard cedar schema --json failed: {run.stderr.strip()}")
    return sorted(json.loads(run.stdout).get("", {}).get("actions", {}))


def preliminary_checks(suites: list[c.Suite], shared: Path, binary: str, engines: list[str]) -> list[str]:
    """Problems with the example files themselves (schemas, user data)."""
    problems = []
    for suite in suites:
        if suite.schema is None:
            continue
        if "lanyard" in engines:
            run = subprocess.run([binary, "cedar", "validate", "--policies", str(suite.policies), "--schema",
                                  str(suite.schema)], capture_output=True, text=True)
            if run.returncode != 0:
                problems.append(f"{suite.name}: lanyard cedar validate: {run.stdout.strip()} {run.stderr.strip()}")
        if "cedarpy" in engines:
            import cedarpy

            result = cedarpy.validate_policies(suite.policies.read_text(), suite.schema.read_text())
            if not result.validation_passed:
                problems.append(f"{suite.name}: cedarpy validation: {[str(e) for e in result.errors]}")
    pip = json.loads((shared / "conformance" / "authzen" / "todo" / "todo-users-pip.json").read_text())
    wanted = {pid: (user["email"], sorted(user["roles"])) for pid, user in pip.items()}
    for suite, user_type in (("todo", "user"), ("api-gateway", "identity")):
        match = [s for s in suites if s.name == suite]
        if not match:
            continue
        entities = json.loads(match[0].entities.read_text())
        stored = {e["uid"]["id"]: (e["attrs"].get("email"), sorted(p["id"] for p in e["parents"] if p["type"] == "role"))
                  for e in entities if e["uid"]["type"] == user_type}
        if stored != wanted:
            problems.append(f"{suite}: the {user_type} entities differ from todo-users-pip.json")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lanyard", default=os.environ.get("LANYARD_BIN", "/tmp/lanyard-snapshot"),
                        help="lanyard binary for `cedar authorize` (default $LANYARD_BIN or /tmp/lanyard-snapshot)")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("LANYARD_SHARED", REPO.parent / "shared")),
                        help="the shared directory holding conformance/authzen (default $LANYARD_SHARED or ../shared)")
    parser.add_argument("--examples", type=Path, default=c.default_examples_dir(), help=argparse.SUPPRESS)
    parser.add_argument("--engine", action="append", choices=["cedarpy", "lanyard"],
                        help="engine(s) to use (default both)")
    parser.add_argument("--suite", action="append", help="run only this suite (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="list every case")
    args = parser.parse_args()
    engines = args.engine or ["cedarpy", "lanyard"]

    try:
        suites = c.load_suites(args.shared, args.examples, args.suite)
    except c.DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    problems = preliminary_checks(suites, args.shared, args.lanyard, engines)
    for problem in problems:
        print(f"FAIL {problem}")
    if not problems:
        print("schemas validate the policies; user data matches todo-users-pip.json")

    failed_total = 0
    summary = []
    for suite in suites:
        server_only = [case for case in suite.cases if case.server_only]
        for engine_name in engines:
            for use_schema in ([True, False] if suite.schema else [False]):
                label = f"{suite.name} [{engine_name}, {'schema' if use_schema else 'no schema'}]"
                engine = (CedarpyEngine(suite, use_schema) if engine_name == "cedarpy"
                          else LanyardEngine(suite, use_schema, args.lanyard))
                pdp = ReferencePDP(engine.authorize, json.loads(suite.entities.read_text()),
                                   schema_actions(suite, use_schema, args.lanyard))
                outcomes = c.run_suite(suite, pdp.send, include_server_only=False)
                for line in c.failure_lines(label, outcomes):
                    print(line)
                if args.verbose:
                    for outcome in outcomes:
                        print(f"  {outcome.verdict:11} {label} {outcome.case.id} {outcome.case.title}")
                skipped = [o.case.id for o in outcomes if o.verdict == "skip"]
                passed, failed = c.tally(outcomes)
                failed_total += failed
                note = f" ({len(skipped)} skipped: {', '.join(skipped)})" if skipped else ""
                summary.append(f"{label}: {passed} passed, {failed} failed{note}")
        if server_only:
            summary.append(f"{suite.name}: {len(server_only)} server-only cases not counted: "
                           + ", ".join(case.id for case in server_only))
    for line in summary:
        print(line)
    failed_total += len(problems)
    print("all passed" if failed_total == 0 else f"{failed_total} failures")
    return 0 if failed_total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
