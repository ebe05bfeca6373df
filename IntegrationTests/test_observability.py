"""Observability across nodes against the real binary (issue 15): OpenTelemetry traces exported by OTLP/HTTP to a
real receiver in this test (protobuf decoded with the `opentelemetry-proto` package, which no one here wrote), W3C
trace context taken from the caller and passed on to an external OIDC issuer, and the node id in JSON logs and on
`/metrics`.

Proves: a token request carrying a `traceparent` is exported as a server span in the caller's trace, whose parent
is the caller's span, named by its route, with the node id, tenant and grant type, and with database spans under it
(PostgreSQL, the several-nodes setup); the resource names the service and the node; no token or assertion appears in
any span; `OTEL_EXPORTER_OTLP_ENDPOINT` alone turns export on and the default node id is `<hostname>:<port>`; an OIDC
discovery/JWKS fetch made for a request carries that request's trace; `--log-format json` writes one JSON object per
line with the node id, and text stays the default; `/metrics` has `lanyard_node_info{node=...} 1`."""
import gzip
import json
import os
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest, ExportTraceServiceResponse
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from lanyard_harness import Server, new_postgres_database
from oauth_support import Workload, token_form
from test_federation import FakeIssuer, add_trust, exchange, register


class OTLPReceiver:
    """An OTLP/HTTP trace receiver on loopback: decodes every `POST /v1/traces` (protobuf, gzip or not) and keeps the
    spans with their resource's attributes."""

    def __init__(self):
        self.spans: list[tuple[dict, Span]] = []  # (resource attributes, span)
        self.content_types: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces":
                    self.send_response(404)
                    self.end_headers()
                    return
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                with receiver.lock:
                    receiver.content_types.append(self.headers.get("Content-Type", ""))
                    for resource_spans in request.resource_spans:
                        resource = attributes(resource_spans.resource.attributes)
                        for scope_spans in resource_spans.scope_spans:
                            receiver.spans += [(resource, span) for span in scope_spans.spans]
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def trace(self, trace_id: str, minimum: int, timeout: float = 15.0, server_span: bool = False) -> list[tuple[dict, Span]]:
        """The spans of `trace_id` (hex), once at least `minimum` have arrived — and, with `server_span`, the request's
        server span among them: it ends after its children, so it can come in a later export batch than they do."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [(r, s) for r, s in self.spans if s.trace_id.hex() == trace_id]
            complete = len(found) >= minimum and (not server_span or any(s.kind == Span.SPAN_KIND_SERVER for _, s in found))
            if complete or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def attributes(values) -> dict:
    """OTLP `KeyValue`s as a dict of plain Python values."""
    out = {}
    for item in values:
        kind = item.value.WhichOneof("value")
        out[item.key] = getattr(item.value, kind) if kind else None
    return out


def caller_context() -> tuple[str, str]:
    return os.urandom(16).hex(), os.urandom(8).hex()


def test_token_request_trace_carries_the_callers_traceparent_node_and_database_spans(tmp_path):
    receiver = OTLPReceiver()
    server = Server(tmp_path, database_url=new_postgres_database(),
                    extra_args=("--otlp-endpoint", receiver.url, "--node-id", "node-a")).start()
    try:
        workload = Workload(server, "traced-agent")
        trace_id, caller_span = caller_context()
        assertion = workload.assertion(f"{server.url}/t/default/oauth2/token")
        response = requests.post(f"{server.url}/t/default/oauth2/token", data=token_form(workload, assertion), timeout=30,
                                 headers={"traceparent": f"00-{trace_id}-{caller_span}-01", "tracestate": "caller=1"})
        assert response.status_code == 200, response.text
        access_token = response.json()["access_token"]
    finally:
        server.stop()  # a graceful stop flushes the exporter's batch
    try:
        spans = receiver.trace(trace_id, minimum=2)
    finally:
        receiver.stop()

    assert spans, "no span of the caller's trace was exported"
    assert all(ct == "application/x-protobuf" for ct in receiver.content_types), receiver.content_types
    servers = [s for _, s in spans if s.kind == Span.SPAN_KIND_SERVER]
    assert len(servers) == 1, [s.name for _, s in spans]
    request_span = servers[0]
    assert request_span.parent_span_id.hex() == caller_span, "the server span must be a child of the caller's span"
    assert request_span.trace_state == "caller=1"
    assert request_span.name == "/t/{tenant}/oauth2/token"
    span_attributes = attributes(request_span.attributes)
    assert span_attributes["lanyard.node.id"] == "node-a"
    assert span_attributes["lanyard.tenant"] == "default"
    assert span_attributes["lanyard.grant_type"] == "client_credentials"
    assert span_attributes["http.response.status_code"] == 200

    resources = {json.dumps(r, sort_keys=True) for r, _ in spans}
    assert len(resources) == 1
    resource = spans[0][0]
    assert resource["service.name"] == "lanyard" and resource["service.instance.id"] == "node-a"

    by_id = {s.span_id: s for _, s in spans}
    database = [s for _, s in spans if attributes(s.attributes).get("db.system.name") == "postgresql"]
    assert database, [s.name for _, s in spans]

    def under_request(span) -> bool:
        while span.parent_span_id in by_id:
            span = by_id[span.parent_span_id]
            if span.span_id == request_span.span_id:
                return True
        return False

    assert all(under_request(s) for s in database), [(s.name, s.parent_span_id.hex()) for s in database]
    names = {s.name for s in database}
    assert "store.append" in names and "store.group_commit" in names, names
    commit = next(s for s in database if s.name == "store.group_commit")
    assert by_id[commit.parent_span_id].name == "store.append"
    assert attributes(commit.attributes)["db.operation.batch.size"] >= 1

    exported = " ".join(str(v) for _, s in spans for v in attributes(s.attributes).values())
    for secret in (access_token, assertion, access_token.split(".")[2], assertion.split(".")[2]):
        assert secret not in exported, "a token reached a span"


def test_otel_endpoint_variable_turns_export_on_and_federation_fetches_carry_the_trace(tmp_path):
    receiver = OTLPReceiver()
    issuer = FakeIssuer()
    issuer.add_key()
    server = Server(tmp_path, env={"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url, "OTEL_BSP_SCHEDULE_DELAY": "100"}).start()
    try:
        identity = register(server, "deployer")
        add_trust(server, identity, issuer.url)
        trace_id, caller_span = caller_context()
        form = {"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": issuer.token(),
                "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", "client_id": identity["id"], "scope": "build"}
        response = requests.post(f"{server.url}/t/default/oauth2/token", data=form, timeout=30,
                                 headers={"traceparent": f"00-{trace_id}-{caller_span}-01"})
        assert response.status_code == 200, response.text
        # Discovery and JWKS were fetched for this request, each with a traceparent of the caller's trace.
        assert len(issuer.traceparents) == 2, issuer.traceparents
        outgoing = [re.fullmatch(r"00-([0-9a-f]{32})-([0-9a-f]{16})-01", value or "") for value in issuer.traceparents]
        assert all(outgoing) and {m.group(1) for m in outgoing} == {trace_id}, issuer.traceparents
        spans = receiver.trace(trace_id, minimum=4, server_span=True)  # a batch is sent every 100 ms
    finally:
        server.stop()
        issuer.stop()
        receiver.stop()

    by_id = {s.span_id.hex(): s for _, s in spans}
    request_span = next(s for _, s in spans if s.kind == Span.SPAN_KIND_SERVER)
    assert request_span.parent_span_id.hex() == caller_span
    assert attributes(request_span.attributes)["lanyard.grant_type"] == "urn:ietf:params:oauth:grant-type:token-exchange"
    for match in outgoing:
        fetch = by_id[match.group(2)]  # the issuer saw the fetch's own client span as its parent
        assert fetch.kind == Span.SPAN_KIND_CLIENT and fetch.name == "GET"
        assert attributes(fetch.attributes)["server.address"] == "127.0.0.1"
        assert fetch.parent_span_id == request_span.span_id
    # The default node id: host name and port.
    assert spans[0][0]["service.instance.id"] == f"{socket.gethostname()}:{server.port}"
    assert any(attributes(s.attributes).get("db.system.name") == "sqlite" for _, s in spans)


def stdout_banner(line: str) -> bool:
    return line.startswith("Lanyard is listening on ") or line.startswith("Platform admin token written to ")


def test_json_logs_and_metrics_carry_the_node_id(tmp_path):
    server = Server(tmp_path, extra_args=("--node-id", "node-b", "--log-format", "json", "--log-level", "info")).start()
    try:
        metrics = requests.get(f"{server.url}/metrics", timeout=10).text
        assert server.api("GET", "/t/nobody/v1/identities").status_code == 404
    finally:
        server.stop()
    assert re.search(r'^lanyard_node_info\{node="node-b"\} 1(\.0)?$', metrics, re.M), metrics
    assert "# TYPE lanyard_node_info gauge" in metrics

    lines = [line for line in server.log.read_text().splitlines() if line and not stdout_banner(line)]
    assert lines, "nothing was logged at info"
    records = [json.loads(line) for line in lines]  # every line on standard error is one JSON object
    for record in records:
        assert record["node"] == "node-b" and record["level"] in ("info", "notice", "warning", "error", "critical")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"]), record
        assert record["message"] and record["logger"]
    assert any(r["message"].startswith("Server started and listening") for r in records), records


def test_text_logs_stay_the_default_and_carry_no_json(tmp_path):
    server = Server(tmp_path, extra_args=("--log-level", "info")).start()
    server.stop()
    lines = [line for line in server.log.read_text().splitlines() if line and not stdout_banner(line)]
    assert lines and not any(line.startswith("{") for line in lines), lines
