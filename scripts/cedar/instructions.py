#!/usr/bin/env python3
"""Instructions per decision of the Cedar engine, counted by valgrind's callgrind (deterministic, unlike time).

`lanyard` itself cannot run under valgrind here (its async entry point runs on libdispatch, and valgrind 3.19
crashes on it), so this builds a small release harness, `cedar-bench`, in a scratch package: CedarPolicy and
CedarPolicyTool from the working tree (symlinked) or from a git revision (--rev, exported with `git archive`), with
the Swift settings that revision's Package.swift gives them (`honestImports`), and a main that does what
`lanyard cedar bench` does (Benchmark.run, then print).
It runs `cedar-bench bench --root DIR --rounds 1 FILE` on each workload (default: shared/bench/cedar/workload beside
the repository) under `valgrind --tool=callgrind` and reads, from the call graph, the inclusive instruction count per
call of the three functions the bench times:

  authorize   Authorizer.isAuthorized                 (bench's "engine only" figure)
  request     RequestJSON.parse (entity uids + schema-typed context, from the parsed JSON tree)
  validate    RequestValidator.validate

and reports engine = authorize, pipeline = request + validate + authorize (bench's "full" figure), per decision.
Each function is found by a fragment of its Swift mangled name; the outermost match (largest inclusive count) is
used, so a thunk and its specialisation are not counted twice. --requests N keeps the first N requests of each
workload (faster; the per-call figures then describe that subset).

Usage: instructions.py [--rev REV] [--dir DIR] [--workloads small,large] [--requests N] [--scratch DIR] [--json OUT]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

HARNESS_MANIFEST = """// swift-tools-version:6.1
import PackageDescription

// The repository's settings for these targets, as its Package.swift declares them.
let honestImports: [SwiftSetting] = [
{settings}
]

let package = Package(
    name: "cedar-bench",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "CedarPolicy", swiftSettings: honestImports),
        .target(name: "CedarPolicyTool", dependencies: ["CedarPolicy"], swiftSettings: honestImports),
        .executableTarget(name: "cedar-bench", dependencies: ["CedarPolicyTool"], swiftSettings: honestImports),
    ]
)
"""


def swift_settings(rev):
    """The body of `honestImports` in the Package.swift of `rev` (None: the working tree)."""
    if rev is None:
        manifest = open(os.path.join(REPO, "Package.swift")).read()
    else:
        manifest = subprocess.run(["git", "-C", REPO, "show", f"{rev}:Package.swift"], capture_output=True, text=True,
                                  check=True).stdout
    m = re.search(r"let honestImports: \[SwiftSetting\] = \[\n(.*?)\n\]", manifest, re.S)
    if not m:
        raise SystemExit("cannot find `let honestImports: [SwiftSetting] = [...]` in Package.swift")
    return m.group(1)


HARNESS_MAIN = """import CedarPolicyTool

// cedar-bench bench --root DIR --rounds N FILE: what `lanyard cedar bench` does, without its async entry point.
var root = ".", rounds = 3, file: String?
var args = CommandLine.arguments.dropFirst().drop { $0 == "bench" }.makeIterator()
while let arg = args.next() {
    switch arg {
    case "--root": root = args.next() ?? root
    case "--rounds": rounds = args.next().flatMap { Int($0) } ?? rounds
    default: file = arg
    }
}
do {
    print(try Benchmark.run(BenchmarkOptions(root: root, file: file ?? "", rounds: rounds)))
} catch {
    print("error: \\(error)")
}
"""

FUNCTIONS = {
    "authorize": "10AuthorizerO12isAuthorized_8policies8entities",
    "request": "11RequestJSONO5parse_6schema8validateAA0C0VAA9JSONValueO",
    "validate": "16RequestValidatorO8validate_6schema",
}


def inclusive_per_call(profile):
    """Total calls and inclusive Ir of every function, summed over its call sites (recursive calls excluded)."""
    names, calls, cost = {}, collections.Counter(), collections.Counter()
    current = callee = None
    pending = None

    def name(token):
        m = re.match(r"\((\d+)\)(?: (.*))?", token)
        if not m:
            return token
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), m.group(1))

    with open(profile, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                current = name(line[3:])
            elif line.startswith("cfn="):
                callee = name(line[4:])
            elif line.startswith("calls="):
                pending = int(line[6:].split()[0])
            elif pending is not None and line and (line[0].isdigit() or line[0] in "+-*"):
                parts = line.split()
                if len(parts) >= 2 and callee != current:
                    calls[callee] += pending
                    cost[callee] += int(parts[1])
                pending = None
    return calls, cost


def harness(rev, scratch):
    """Builds the harness for `rev` (None: the working tree) and returns the path of its executable."""
    package = os.path.join(scratch, f"rev-{rev}" if rev else "worktree")
    sources = os.path.join(package, "Sources")
    os.makedirs(os.path.join(sources, "cedar-bench"), exist_ok=True)
    for target in ("CedarPolicy", "CedarPolicyTool"):
        path = os.path.join(sources, target)
        if rev is None:
            if not os.path.islink(path):
                os.symlink(os.path.join(REPO, "Sources", target), path)
        elif not os.path.isdir(path):
            archive = subprocess.run(["git", "-C", REPO, "archive", rev, f"Sources/{target}"], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", package], input=archive.stdout, check=True)
    manifest = HARNESS_MANIFEST.replace("{settings}", swift_settings(rev))
    for name, text in (("Package.swift", manifest), ("Sources/cedar-bench/main.swift", HARNESS_MAIN)):
        with open(os.path.join(package, name), "w") as f:
            f.write(text)
    build = ["swift", "build", "-c", "release", "--package-path", package]
    p = subprocess.run(build, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(build)} failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
    binary = subprocess.run(build + ["--show-bin-path"], capture_output=True, text=True, check=True).stdout.strip()
    return os.path.join(binary, "cedar-bench")


def measure(binary, root, name, requests, keep):
    test_file = os.path.join(root, name, "requests.json")
    if requests:
        test = json.load(open(test_file))
        test["requests"] = test["requests"][:requests]
        test_file = os.path.join(keep, f"{name}-requests-{requests}.json")
        json.dump(test, open(test_file, "w"))
    profile = os.path.join(keep, f"callgrind.{name}.out")
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}"]
    argv += [binary, "bench", "--root", root, "--rounds", "1", test_file]
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed (rc {p.returncode}): {p.stdout[-400:]} {p.stderr[-400:]}")
    m = re.search(r"^BENCH_JSON (\{.*\})\s*$", p.stdout, re.M)
    decisions = json.loads(m.group(1))["requests"] if m else None
    calls, cost = inclusive_per_call(profile)
    result = {"workload": name, "decisions": decisions}
    for key, fragment in FUNCTIONS.items():
        matches = [fn for fn in calls if fragment in fn]
        if not matches:
            raise SystemExit(f"no function matching {fragment!r} in {profile}")
        fn = max(matches, key=lambda f: cost[f])
        result[key] = {"calls": calls[fn], "per_call": cost[fn] / calls[fn]}
    result["engine"] = result["authorize"]["per_call"]
    result["pipeline"] = sum(result[k]["per_call"] for k in ("request", "validate", "authorize"))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default=None, help="measure this git revision instead of the working tree")
    ap.add_argument("--dir", default=os.path.join(REPO, "..", "shared", "bench", "cedar", "workload"))
    ap.add_argument("--workloads", default="small,large")
    ap.add_argument("--requests", type=int, default=0, help="only the first N requests of each workload")
    ap.add_argument("--scratch", default=os.path.join(REPO, ".build-cedar-instructions"),
                    help="harness packages and callgrind profiles (default: .build-cedar-instructions)")
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    root = os.path.abspath(a.dir)
    rev = None
    if a.rev:
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short=12", a.rev], capture_output=True, text=True,
                             check=True).stdout.strip()
    scratch = os.path.abspath(a.scratch)
    os.makedirs(scratch, exist_ok=True)
    binary = harness(rev, scratch)
    keep = os.path.join(scratch, f"profiles-{rev or 'worktree'}")
    os.makedirs(keep, exist_ok=True)
    print(f"cedar-instructions: {rev or 'working tree'}; `{binary} bench --rounds 1` under callgrind; profiles in {keep}")
    results = []
    for name in [w for w in a.workloads.split(",") if w]:
        r = measure(binary, root, name, a.requests, keep)
        r["revision"] = rev or "worktree"
        results.append(r)
        print(f"\n=== {name}: {r['decisions']} requests ===")
        for key in ("authorize", "request", "validate"):
            print(f"  {key:10} {r[key]['per_call']:>10,.0f} instructions per call ({r[key]['calls']:,} calls)")
        print(f"  engine only (authorize)                   {r['engine']:>9,.0f} instructions per decision")
        print(f"  pipeline (request + validate + authorize) {r['pipeline']:>9,.0f} instructions per decision")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
