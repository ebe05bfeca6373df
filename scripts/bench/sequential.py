"""Sends N requests of one workload, one after another on one keep-alive connection, and checks every answer.
Used by scripts/bench-cpu, which measures the server's CPU time over the run (so the figure is CPU per request,
not throughput). Usage: sequential.py WORKLOAD HOST PORT WORKDIR N OFFSET

WORKLOAD is issue (one pre-signed assertion per request from WORKDIR/assertions, starting at line OFFSET),
introspect (tokens from WORKDIR/tokens), decide (an AuthZEN evaluation), decide10 (an evaluations batch of 10) or
decide-identity (an evaluation about the workload's own identity, with a destination in its context)."""
import http.client
import json
import sys

workload, host, port, workdir, count, offset = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
admin = open(f"{workdir}/token").read().strip()
client = open(f"{workdir}/client_id").read().strip()
connection = http.client.HTTPConnection(host, port)
form = {"Content-Type": "application/x-www-form-urlencoded"}
if workload == "issue":
    assertions = open(f"{workdir}/assertions").read().split()[offset:offset + count]
    assert len(assertions) == count, "not enough pre-signed assertions"
elif workload == "introspect":
    tokens = open(f"{workdir}/tokens").read().split()


def request(index):
    if workload == "issue":
        body = ("grant_type=client_credentials&client_id=" + client + "&scope=read"
                "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                "&client_assertion=" + assertions[index])
        return "/t/default/oauth2/token", body, form, b'"access_token"'
    if workload == "introspect":
        return ("/t/default/oauth2/introspect", "token=" + tokens[index % len(tokens)],
                {**form, "Authorization": "Bearer " + admin}, b'"active":true')
    item = {"resource": {"type": "doc", "id": f"d{index}"}}
    if workload == "decide-identity":
        # About the workload's identity, with Lanyard's context vocabulary; one in ten outside its declaration (the
        # audit-log detectors read and judge every one of these).
        context = {"destination": "crm.internal" if index % 10 == 0 else "tickets.internal", "environment": "dev"}
        body = {"subject": {"type": "Lanyard::Identity", "id": client}, "action": {"name": "read"}, **item, "context": context}
        return ("/t/default/access/v1/evaluation", json.dumps(body),
                {"Content-Type": "application/json", "Authorization": "Bearer " + admin}, b'"decision":')
    base = {"subject": {"type": "user", "id": "alice"}, "action": {"name": "read"}}
    if workload == "decide":
        body, path = {**base, **item}, "/t/default/access/v1/evaluation"
    else:
        body = {**base, "evaluations": [{"resource": {"type": "doc", "id": f"d{index}-{k}"}} for k in range(10)]}
        path = "/t/default/access/v1/evaluations"
    return path, json.dumps(body), {"Content-Type": "application/json", "Authorization": "Bearer " + admin}, b'"decision":true'


for index in range(count):
    path, body, headers, expect = request(index)
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    assert response.status == 200 and expect in answer, (response.status, answer[:300])
