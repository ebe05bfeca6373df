"""The MCP gateway's control plane against the real binary (issue 21, slice 1): the official MCP Python SDK 2.x —
its `PrivateKeyJWTOAuthProvider`, as a new user would set it up, with `issuer=` — discovers Lanyard from a gateway
endpoint's 401 and gets a token for exactly that endpoint, with no 404 on the way; Lanyard's metadata documents pass
the SDK's own models; the CLI's registry round trip; and the refusals (bad URLs and names, a name taken, unknown
servers, tokens for other resources, templates without the `mcp` scope).

The `crm` server here points at an address where nothing listens, so the gateway, once it accepts the token, answers
with a JSON-RPC error saying the upstream could not be reached (forwarding itself: `test_mcp_gateway.py`)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jwt
import pytest
import requests
from mcp.client.auth.utils import build_oauth_authorization_server_metadata_discovery_urls
from mcp.shared.auth import OAuthMetadata, ProtectedResourceMetadata

import mcp_agent
from lanyard_harness import Server, audit_events, cli, cli_json
from oauth_support import Workload, token_form


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A server whose tenant has the `crm` server registered (through the CLI) and a template that allows `mcp`."""
    server = Server(tmp_path_factory.mktemp("mcp")).start()
    made = server.api("POST", "/t/default/v1/templates",
                      json={"name": "mcp-agent", "defaultTTL": "7d", "maxTTL": "30d", "allowedScopes": ["mcp", "read"]})
    assert made.status_code == 201, made.text
    added = cli_json(server, "mcp", "server", "add", "crm", "--url", "http://127.0.0.1:9/mcp")
    assert added["resource"] == f"{server.url}/t/default/mcp/crm", added
    yield server
    server.stop()


def issuer(server: Server) -> str:
    return f"{server.url}/t/default"


def gateway(server: Server, name: str = "crm") -> str:
    return f"{server.url}/t/default/mcp/{name}"


def credentials(agent: Workload, server: Server) -> mcp_agent.Credentials:
    return mcp_agent.Credentials(client_id=agent.id, private_key_pem=agent.pem, algorithm="EdDSA", issuer=issuer(server))


def test_the_sdk_discovers_lanyard_and_gets_a_token_for_the_gateway_resource(world):
    server = world
    agent = Workload(server, "sdk-agent", template="mcp-agent")
    url = gateway(server)
    outcome = mcp_agent.list_tools(url, credentials=credentials(agent, server))

    # Every exchange up to the token request: a 401 with the challenge, then two metadata documents found at the first
    # URL tried — no 404 before the authorization server's metadata, nor anywhere else.
    token_index = next(i for i, e in enumerate(outcome.trace) if e.method == "POST" and "grant_type=" in e.request_body)
    before = outcome.trace[:token_index]
    challenge = before[0]
    assert (challenge.method, challenge.url, challenge.status) == ("POST", url, 401)
    metadata_url = f"{server.url}/.well-known/oauth-protected-resource/t/default/mcp/crm"
    assert challenge.response_headers["www-authenticate"] == f'Bearer resource_metadata="{metadata_url}", scope="mcp"'
    assert [(e.method, e.url, e.status) for e in before[1:]] == [
        ("GET", metadata_url, 200),
        ("GET", f"{server.url}/.well-known/oauth-authorization-server/t/default", 200),
    ]
    assert all(e.status != 404 for e in outcome.trace), [(e.url, e.status) for e in outcome.trace]

    # The token request exactly as the SDK builds it: resource = the gateway URL, the challenge's scope, no client_id,
    # an assertion for the issuer without kid.
    (token_request,) = outcome.token_requests()
    assert token_request.url == f"{issuer(server)}/oauth2/token" and token_request.status == 200, token_request.response_body
    form = token_request.form()
    assert form["grant_type"] == "client_credentials" and form["resource"] == url and form["scope"] == "mcp"
    assert "client_id" not in form
    assert "kid" not in jwt.get_unverified_header(form["client_assertion"])
    assertion = jwt.decode(form["client_assertion"], options={"verify_signature": False})
    assert assertion["aud"] == issuer(server) and assertion["iss"] == assertion["sub"] == agent.id

    # The token is Lanyard's, for the gateway resource, verified with the published keys.
    answer = json.loads(token_request.response_body)
    assert answer["token_type"] == "Bearer" and answer["scope"] == "mcp"
    signing_key = jwt.PyJWKClient(f"{issuer(server)}/.well-known/jwks.json").get_signing_key_from_jwt(answer["access_token"])
    claims = jwt.decode(answer["access_token"], signing_key.key, algorithms=["EdDSA", "ES256"], audience=url, issuer=issuer(server))
    assert claims["sub"] == agent.id and claims["scope"] == "mcp"

    # The SDK then sent its requests with that token; the gateway accepted it (no further 401) and said the upstream
    # could not be reached.
    after = [e for e in outcome.trace[token_index + 1:] if e.url == url]
    assert after and all(e.request_headers.get("authorization") == f"Bearer {answer['access_token']}" and e.status == 200 for e in after)
    assert outcome.error_code == -32004 or "could not be reached" in (outcome.exception or "") + (outcome.error_message or ""), outcome
    assert not outcome.ok
    issued = [e for e in audit_events(server) if e["action"] == "credential.issue" and e["details"].get("identity") == agent.id]
    assert [e["details"]["aud"] for e in issued] == [url]


def test_the_sdks_1x_line_discovers_the_same_way(world, tmp_path):
    """mcp 1.30 (the newest 1.x, in a virtualenv of its own: it cannot share one with 2.x) runs its own
    PrivateKeyJWTOAuthProvider through the same discovery: no 404, one token request, then the gateway's answer that the
    upstream could not be reached."""
    server = world
    python = mcp_agent.ensure_v1_venv(Path(tempfile.gettempdir()) / "lanyard-mcp-v1", with_peer_proxy=False)
    agent = Workload(server, "sdk1-agent", template="mcp-agent")
    key = tmp_path / "agent.pem"
    key.write_text(agent.pem)
    url = gateway(server)
    outcome = mcp_agent.run_v1(python, url, "list", client_id=agent.id, key_file=key, issuer=issuer(server))
    assert [tuple(step) for step in outcome["fetched"]] == [
        ("POST", url, 401),
        ("GET", f"{server.url}/.well-known/oauth-protected-resource/t/default/mcp/crm", 200),
        ("GET", f"{server.url}/.well-known/oauth-authorization-server/t/default", 200),
        ("POST", f"{issuer(server)}/oauth2/token", 200),
        ("POST", url, 200),
    ], outcome
    issued = [e for e in audit_events(server) if e["action"] == "credential.issue" and e["details"].get("identity") == agent.id]
    assert [e["details"]["aud"] for e in issued] == [url]


def test_the_metadata_documents_pass_the_sdks_own_models(world):
    server = world
    url = gateway(server)
    prm = requests.get(f"{server.url}/.well-known/oauth-protected-resource/t/default/mcp/crm", timeout=10)
    assert prm.status_code == 200
    resource = ProtectedResourceMetadata.model_validate_json(prm.content)
    assert str(resource.resource) == url and [str(s) for s in resource.authorization_servers] == [issuer(server)]
    assert resource.bearer_methods_supported == ["header"] and resource.scopes_supported == ["mcp"]
    assert prm.json()["resource"] == url, "the exact identifier on the wire, no trailing slash"

    documents = [requests.get(u, timeout=10) for u in build_oauth_authorization_server_metadata_discovery_urls(issuer(server), url)]
    assert [d.status_code for d in documents] == [200, 404, 200], "the RFC 8414 URL first; the OIDC one under the issuer"
    inserted, _, discovery = documents
    assert inserted.content == discovery.content, "one document at both URLs"
    metadata = OAuthMetadata.model_validate_json(inserted.content)
    assert str(metadata.issuer) == issuer(server) and inserted.json()["issuer"] == issuer(server)
    assert str(metadata.authorization_endpoint) == f"{issuer(server)}/oauth2/authorize"
    assert str(metadata.token_endpoint) == f"{issuer(server)}/oauth2/token"
    raw = inserted.json()
    assert "response_types_supported" not in raw and "scopes_supported" not in raw
    assert all(value != [] for value in raw.values()), "claims with zero elements are omitted (RFC 8414 §3.2)"

    # The authorization endpoint exists and refuses, without ever redirecting.
    refused = requests.get(f"{issuer(server)}/oauth2/authorize", allow_redirects=False, timeout=10,
                           params={"response_type": "code", "client_id": "x", "redirect_uri": "https://evil.example/cb", "state": "s"})
    assert refused.status_code == 400 and "Location" not in refused.headers
    assert refused.json()["error"] == "unsupported_response_type"


def test_the_registry_round_trip_through_the_cli(world):
    server = world
    added = cli_json(server, "mcp", "server", "add", "tickets", "--url", "https://tickets.example/mcp", "--tool-annotations", "trusted")
    assert added["toolAnnotationsTrusted"] is True and added["resource"] == gateway(server, "tickets")
    assert added["resourceMetadata"] == f"{server.url}/.well-known/oauth-protected-resource/t/default/mcp/tickets"
    listed = cli_json(server, "mcp", "server", "list")["servers"]
    assert [s["name"] for s in listed] == ["crm", "tickets"]
    assert [s["toolAnnotationsTrusted"] for s in listed] == [False, True]
    table = cli(server, "mcp", "server", "list")
    assert table.returncode == 0 and "tickets" in table.stdout and "trusted" in table.stdout
    assert cli_json(server, "mcp", "server", "show", "tickets")["url"] == "https://tickets.example/mcp"
    assert requests.get(added["resourceMetadata"], timeout=10).status_code == 200

    removed = cli(server, "mcp", "server", "remove", "tickets")
    assert removed.returncode == 0, removed.stderr
    assert requests.get(added["resourceMetadata"], timeout=10).status_code == 404
    assert requests.post(gateway(server, "tickets"), json={}, timeout=10).status_code == 404
    assert [s["name"] for s in cli_json(server, "mcp", "server", "list")["servers"]] == ["crm"]
    events = [e for e in audit_events(server) if e["target"] == "mcp_server:tickets"]
    assert [e["action"] for e in events] == ["mcp_server.add", "mcp_server.remove"]
    assert events[0]["details"] == {"url": "https://tickets.example/mcp", "toolAnnotationsTrusted": "true"}


@pytest.mark.parametrize("args, code, exit_code", [
    (["bad", "--url", "ftp://files.example/mcp"], "invalid_field", 2),
    (["bad", "--url", "https://user:secret@crm.example/mcp"], "invalid_field", 2),
    (["bad", "--url", "https://crm.example/mcp#top"], "invalid_field", 2),
    (["bad", "--url", "http://169.254.169.254/latest"], "invalid_field", 2),
    (["bad", "--url", "http://2852039166/mcp"], "invalid_field", 2),
    (["Bad_Name", "--url", "https://crm.example/mcp"], "invalid_field", 2),
    (["crm", "--url", "https://elsewhere.example/mcp"], "already_exists", 5),
])
def test_refused_registrations_change_nothing(world, args, code, exit_code):
    server = world
    before = len(audit_events(server))
    refused = cli(server, "mcp", "server", "add", *args, "--output", "json")
    assert refused.returncode == exit_code, refused.stderr
    error = json.loads(refused.stderr)
    assert error["error"] == code and error["message"]
    servers = cli_json(server, "mcp", "server", "list")["servers"]
    assert [(s["name"], s["url"]) for s in servers] == [("crm", "http://127.0.0.1:9/mcp")]
    assert len(audit_events(server)) == before


def test_unknown_servers_and_bad_flags(world):
    server = world
    assert requests.get(f"{server.url}/.well-known/oauth-protected-resource/t/default/mcp/nobody", timeout=10).status_code == 404
    assert requests.get(f"{server.url}/.well-known/oauth-protected-resource/t/nope/mcp/crm", timeout=10).status_code == 404
    missing = cli(server, "mcp", "server", "remove", "nobody")
    assert missing.returncode == 3 and "not_found" in missing.stderr
    flag = cli(server, "mcp", "server", "add", "x", "--url", "https://x.example/mcp", "--tool-annotations", "maybe")
    assert flag.returncode == 64 and "tool-annotations" in flag.stderr


def test_tokens_for_other_resources_and_templates_without_mcp_are_refused(world):
    server = world
    agent = Workload(server, "picky-agent", template="mcp-agent")
    endpoint = f"{issuer(server)}/oauth2/token"

    def ask(resource: str, scope: str = "mcp", who: Workload = agent):
        return server.api("POST", "/t/default/oauth2/token", token=None,
                          data=token_form(who, who.assertion(endpoint), scope=scope, resource=resource))

    for resource in [gateway(server, "mail"), gateway(server) + "/", f"{issuer(server)}/mcp/"]:
        answer = ask(resource)
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_target", (resource, answer.text)
    assert ask(gateway(server), scope="read").json()["error"] == "invalid_scope"
    plain = Workload(server, "plain-agent")  # the built-in agent template does not allow mcp
    assert ask(gateway(server), who=plain).json()["error"] == "invalid_scope"
    # The SDK with such an identity: discovery works, the token request is refused, nothing reaches the gateway.
    outcome = mcp_agent.list_tools(gateway(server), credentials=credentials(plain, server))
    assert "invalid_scope" in (outcome.exception or ""), outcome
    assert [e.status for e in outcome.trace if e.url == gateway(server)] == [401]

    # A token for Lanyard itself is not a token for the gateway: 401 with the challenge, invalid_token.
    own = ask(issuer(server))
    assert own.status_code == 200, own.text
    refused = requests.post(gateway(server), json={"jsonrpc": "2.0", "id": 1, "method": "ping"}, timeout=10,
                            headers={"Authorization": f"Bearer {own.json()['access_token']}"})
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_token"
    challenge = refused.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer error="invalid_token"') and 'scope="mcp"' in challenge and "resource_metadata=" in challenge
    good = ask(gateway(server))
    assert good.status_code == 200, good.text
    accepted = requests.post(gateway(server), json={"jsonrpc": "2.0", "id": 1, "method": "ping"}, timeout=10,
                             headers={"Authorization": f"Bearer {good.json()['access_token']}"})
    assert accepted.status_code == 400 and accepted.json()["error"]["code"] == -32600, accepted.text  # no MCP-Protocol-Version
