#!/usr/bin/env python3
"""Side-by-side benchmark: our Cedar engine (`$CEDAR_CMD bench`) vs the reference (cedarpy 4.12.2,
i.e. Rust cedar-policy 4.12.0) on the shared workloads (default: shared/bench/cedar/workload beside the repository).

Primary figure, "engine only" (same inclusions on both sides): one authorization call with the
request already built, entities already parsed (transitive closure done) and the policy set already
parsed -- for the reference, cedarpy's per-request metric `authz_duration_micros` (a Rust Instant
around `Authorizer::is_authorized`, truncated to whole µs); for us, `Authorizer.isAuthorized` timed
per decision by `bench` with a monotonic clock. Reported per workload: decisions/s (1/mean), p50 and
p99 per decision, and ratio = reference time / our time.

Secondary figure, "pipeline": ours = entity uids + schema-typed context + request validation +
authorize, with its own target (mean at most PIPELINE_TARGET_US per decision); reference = wall time of
`is_authorized_batch(..., schema)` per request (which also includes the Python<->Rust hop and JSON
(de)serialisation of requests/responses, so it is not like-for-like; shown for information).

Targets (issue 14): engine-only mean ratio >= 10x on small and >= 1,000x on large; pipeline <= 8 µs on both.
--enforce exits 1 when one is missed. Instruction counts, which do not depend on the machine's load, come from
scripts/cedar-instructions.

Usage: bench_compare.py [--workloads small,large] [--dir DIR] [--repeat-small N] [--rounds-ours-small N]
       [--rounds-ours-large N] [--rounds-ref-small N] [--rounds-ref-large N] [--json OUT] [--enforce]
Environment: CEDAR_CMD (default "lanyard cedar").
"""
import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time

from cedarpy import Entities, PolicySet, Schema, is_authorized_batch

# Acceptance (issue 14): engine-only mean ratio at least this, and our whole pipeline at most PIPELINE_TARGET_US
# per decision (mean), on each workload.
TARGETS = {"small": 10.0, "large": 1000.0}
PIPELINE_TARGET_US = 8.0


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    k = max(1, min(len(sorted_vals), int(-(-p / 100 * len(sorted_vals) // 1))))  # nearest rank
    return sorted_vals[k - 1]


def ours(cmd, root, name, rounds):
    argv = shlex.split(cmd) + ["bench", "--root", root, "--rounds", str(rounds), os.path.join(root, name, "requests.json")]
    try:
        p = subprocess.run(argv, capture_output=True, text=True)
    except OSError as e:
        raise SystemExit(f"cannot run CEDAR_CMD={cmd!r}: {e} (set CEDAR_CMD, e.g. "
                         f"CEDAR_CMD=\"$(swift build -c release --scratch-path .build-release --show-bin-path)/lanyard cedar\")")
    out = p.stdout
    if p.returncode != 0 or out.startswith("error"):
        raise SystemExit(f"{' '.join(argv)} failed (rc {p.returncode}): {out[-500:]} {p.stderr[-500:]}")
    m = re.search(r"^BENCH_JSON (\{.*\})\s*$", out, re.M)
    if m:
        return json.loads(m.group(1)), out
    # fallback for a `bench` without the JSON line: mean only
    m = re.search(r"authorize only[^:]*: ([0-9.]+) µs", out)
    if not m:
        raise SystemExit(f"cannot parse `{' '.join(argv)}` output:\n{out}")
    mean = float(m.group(1))
    return {"engine_only": {"mean_us": mean, "p50_us": float("nan"), "p99_us": float("nan"),
                            "decisions_per_s": 1e6 / mean}}, out


def reference(root, name, rounds):
    d = os.path.join(root, name)
    test = json.load(open(os.path.join(d, "requests.json")))
    rd = lambda rel: open(os.path.join(root, rel), encoding="utf-8").read()
    t0 = time.perf_counter()
    schema = Schema.from_str(rd(test["schema"]))
    ps = PolicySet.from_str(rd(test["policies"]))
    ents = Entities.from_json_str(rd(test["entities"]), schema)
    setup = time.perf_counter() - t0
    reqs = [{"principal": r["principal"], "action": r["action"], "resource": r["resource"],
             "context": json.dumps(r["context"])} for r in test["requests"]]
    is_authorized_batch(reqs[: min(200, len(reqs) // 10 or 1)], ps, ents, schema)  # warm-up
    authz, walls, allow, mism = [], [], 0, 0
    for _ in range(rounds):
        t = time.perf_counter()
        res = is_authorized_batch(reqs, ps, ents, schema)
        walls.append((time.perf_counter() - t) / len(reqs) * 1e6)
        authz += [r.metrics.get("authz_duration_micros", 0) for r in res]
        allow = sum(r.decision.value == "Allow" for r in res)
        mism = sum(r.decision.value.lower() != q["decision"] for r, q in zip(res, test["requests"]))
    s = sorted(authz)
    mean = sum(authz) / len(authz)
    return {"requests": len(reqs), "rounds": rounds, "allow": allow, "decision_mismatches_vs_file": mism,
            "setup_s": setup,
            "engine_only": {"mean_us": mean, "p50_us": pct(s, 50), "p99_us": pct(s, 99),
                            "decisions_per_s": 1e6 / mean if mean else float("inf")},
            "pipeline_batch_us": statistics.median(walls)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "cedar", "workload"))
    ap.add_argument("--workloads", default="small,large")
    ap.add_argument("--rounds-ours-small", type=int, default=20)
    ap.add_argument("--rounds-ours-large", type=int, default=50)
    ap.add_argument("--rounds-ref-small", type=int, default=5)
    ap.add_argument("--rounds-ref-large", type=int, default=1, help="each large round takes ~30 s")
    ap.add_argument("--repeat-small", type=int, default=3,
                    help="alternate ours/reference this many times on small and take medians (noise on a shared VM)")
    ap.add_argument("--repeat-large", type=int, default=1)
    ap.add_argument("--json", default=None)
    ap.add_argument("--enforce", action="store_true", help="exit 1 if a target ratio is missed")
    a = ap.parse_args()
    cmd = os.environ.get("CEDAR_CMD", "lanyard cedar")
    root = os.path.abspath(a.dir)
    print(f"bench-cedar: ours = `{cmd} bench`, reference = cedarpy 4.12.2; {platform.machine()}, "
          f"cpus={os.cpu_count()}, load avg {os.getloadavg()[0]:.2f}")
    results, ok = [], True
    for name in [w for w in a.workloads.split(",") if w]:
        ro = getattr(a, f"rounds_ours_{name}", 10)
        rr = getattr(a, f"rounds_ref_{name}", 1)
        reps = max(1, getattr(a, f"repeat_{name}", 1))
        runs_o, runs_r, to, tr = [], [], 0.0, 0.0
        for _ in range(reps):  # interleaved: ours, reference, ours, reference, ...
            t = time.perf_counter()
            runs_o.append(ours(cmd, root, name, ro)[0])
            to += time.perf_counter() - t
            t = time.perf_counter()
            runs_r.append(reference(root, name, rr))
            tr += time.perf_counter() - t
        med = lambda runs, k: statistics.median(x["engine_only"][k] for x in runs)
        o, r = dict(runs_o[-1]), dict(runs_r[-1])
        o["engine_only"] = {k: med(runs_o, k) for k in ("mean_us", "p50_us", "p99_us")}
        o["engine_only"]["decisions_per_s"] = 1e6 / o["engine_only"]["mean_us"]
        r["engine_only"] = {k: med(runs_r, k) for k in ("mean_us", "p50_us", "p99_us")}
        r["engine_only"]["decisions_per_s"] = 1e6 / r["engine_only"]["mean_us"]
        if "full" in o:
            o["full"] = {k: statistics.median(x["full"][k] for x in runs_o) for k in ("mean_us", "p50_us", "p99_us")}
        r["pipeline_batch_us"] = statistics.median(x["pipeline_batch_us"] for x in runs_r)
        per_run = [x["engine_only"]["mean_us"] and y["engine_only"]["mean_us"] / x["engine_only"]["mean_us"]
                   for x, y in zip(runs_o, runs_r)]
        oe, re_ = o["engine_only"], r["engine_only"]
        ratio = re_["mean_us"] / oe["mean_us"]
        r50 = re_["p50_us"] / oe["p50_us"] if oe["p50_us"] == oe["p50_us"] and oe["p50_us"] else float("nan")
        r99 = re_["p99_us"] / oe["p99_us"] if oe["p99_us"] == oe["p99_us"] and oe["p99_us"] else float("nan")
        tgt = TARGETS.get(name)
        met = tgt is None or ratio >= tgt
        ok &= met
        print(f"\n=== {name}: {o.get('policies', '?')} policies, {o.get('entities', '?')} entities, "
              f"{r['requests']} requests (ours {ro} rounds in {to:.1f}s, reference {rr} rounds in {tr:.1f}s"
              f"{f', interleaved x{reps}, medians shown' if reps > 1 else ''}) ===")
        print(f"  decisions: ours allow {o.get('allow', '?')}, reference allow {r['allow']} "
              f"(reference vs requests.json mismatches: {r['decision_mismatches_vs_file']})")
        print(f"  engine only      {'decisions/s':>14} {'mean µs':>12} {'p50 µs':>12} {'p99 µs':>12}")
        for lbl, e in (("ours", oe), ("reference", re_)):
            print(f"  {lbl:16} {e['decisions_per_s']:>14,.0f} {e['mean_us']:>12.2f} {e['p50_us']:>12.2f} {e['p99_us']:>12.2f}")
        print(f"  ratio (reference time / our time): mean {ratio:,.1f}x, p50 {r50:,.1f}x, p99 {r99:,.1f}x"
              + (f"   target >= {tgt:g}x: {'MET' if met else 'MISSED'}" if tgt else ""))
        if reps > 1:
            print(f"  per-run mean ratios: {', '.join(f'{x:.2f}x' for x in per_run)}")
        pipeline_met = None
        if "full" in o:
            pipeline_met = o["full"]["mean_us"] <= PIPELINE_TARGET_US
            ok &= pipeline_met
            print(f"  pipeline: ours {o['full']['mean_us']:.2f} µs/decision (p50 {o['full']['p50_us']:.2f}, "
                  f"p99 {o['full']['p99_us']:.2f}; uid+typed context+request validation+authorize)   "
                  f"target <= {PIPELINE_TARGET_US:g} µs: {'MET' if pipeline_met else 'MISSED'}")
            print(f"  (info) reference is_authorized_batch {r['pipeline_batch_us']:.2f} µs/decision (incl. Python/JSON) "
                  f"-> {r['pipeline_batch_us'] / o['full']['mean_us']:,.1f}x")
        results.append({"workload": name, "ours": o, "reference": r, "per_run_mean_ratios": per_run,
                        "ratio_mean": ratio, "ratio_p50": r50,
                        "ratio_p99": r99, "target": tgt, "target_met": met,
                        "pipeline_target_us": PIPELINE_TARGET_US, "pipeline_target_met": pipeline_met})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print("\nsummary: " + "; ".join(
        f"{x['workload']} {x['ratio_mean']:,.1f}x (target {x['target']:g}x {'met' if x['target_met'] else 'MISSED'}), "
        f"pipeline {x['ours']['full']['mean_us']:.2f} µs (target {PIPELINE_TARGET_US:g} µs "
        f"{'met' if x['pipeline_target_met'] else 'MISSED'})" if x.get("pipeline_target_met") is not None else
        f"{x['workload']} {x['ratio_mean']:,.1f}x (target {x['target']:g}x {'met' if x['target_met'] else 'MISSED'})"
        for x in results))
    return 1 if (a.enforce and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
