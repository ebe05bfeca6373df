"""Turns a Cedar benchmark workload (../shared/bench/cedar/workload/<name>/requests.json) into AuthZEN request
bodies, checks every decision once against the reference engine's expected answer, and writes the bodies for wrk.

    python3 prepare_authzen.py WORKLOAD_DIR BASE_URL TENANT PEP_TOKEN OUT_DIR

Writes OUT_DIR/single.jsonl (one evaluation per line) and OUT_DIR/batch.jsonl (evaluations of 100 items).
Prints how many decisions agree with the reference; exits 1 on any disagreement.
"""
import json
import sys
import urllib.request


def authzen(request):
    return {
        "subject": {"type": request["principal"]["type"], "id": request["principal"]["id"]},
        "action": {"name": request["action"]["id"]},
        "resource": {"type": request["resource"]["type"], "id": request["resource"]["id"]},
        "context": request.get("context", {}),
    }


def post(url, token, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.load(response)


def main():
    workload, base, tenant, token, out = sys.argv[1:6]
    requests = json.load(open(f"{workload}/requests.json"))["requests"]
    bodies = [authzen(r) for r in requests]
    expected = [r["decision"] == "allow" for r in requests]
    url = f"{base}/t/{tenant}/access/v1/evaluations"
    agree = 0
    for start in range(0, len(bodies), 100):
        chunk = bodies[start:start + 100]
        answer = post(url, token, {"evaluations": chunk})
        for offset, item in enumerate(answer["evaluations"]):
            if item["decision"] == expected[start + offset]:
                agree += 1
            else:
                print(f"disagreement on request {start + offset}: {json.dumps(chunk[offset])} -> {json.dumps(item)}", file=sys.stderr)
    print(f"{workload}: {agree}/{len(bodies)} decisions agree with the reference engine")
    with open(f"{out}/single.jsonl", "w") as f:
        for body in bodies:
            f.write(json.dumps(body, separators=(",", ":")) + "\n")
    with open(f"{out}/batch.jsonl", "w") as f:
        for start in range(0, len(bodies) - 99, 100):
            f.write(json.dumps({"evaluations": bodies[start:start + 100]}, separators=(",", ":")) + "\n")
    sys.exit(0 if agree == len(bodies) else 1)


if __name__ == "__main__":
    main()
