"""The CLI against a real server process, as a builder would use it."""
import datetime
import json
import os
import stat

from lanyard_harness import Server, cli, cli_json, free_port

REGISTER = ["identity", "register", "--name", "support-bot", "--kind", "agent", "--owner", "alice",
            "--purpose", "triage tickets", "--environment", "sandbox"]


def parse_time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_register_prints_identity_with_required_fields(server):
    created = cli_json(server, *REGISTER)
    for field in ["id", "name", "kind", "owner", "status", "spiffeId", "expiresAt"]:
        assert field in created
    assert created["spiffeId"] == "spiffe://lanyard.local/agent/support-bot"
    assert created["status"] == "active"
    life = parse_time(created["expiresAt"]) - parse_time(created["createdAt"])
    assert life == datetime.timedelta(days=30)  # the agent template's default

    human = cli(server, "identity", "show", "support-bot")
    assert human.returncode == 0
    assert "spiffe://lanyard.local/agent/support-bot" in human.stdout


def test_refusals_have_stable_exit_codes_and_clear_messages(server):
    assert cli(server, *REGISTER).returncode == 0
    duplicate = cli(server, *REGISTER)
    assert duplicate.returncode == 5 and "already exists" in duplicate.stderr

    over_cap = cli(server, *REGISTER[:3], "other", *REGISTER[4:], "--expires-in", "120d")
    assert over_cap.returncode == 2
    assert "expiresIn" in over_cap.stderr and "90d" in over_cap.stderr

    no_owner = cli(server, "identity", "register", "--name", "x", "--kind", "agent", "--purpose", "p")
    assert no_owner.returncode == 2 and "owner" in no_owner.stderr

    bad_kind = cli(server, "identity", "register", "--name", "x", "--kind", "robot", "--owner", "o", "--purpose", "p",
                   "--output", "json")
    assert bad_kind.returncode == 2
    assert json.loads(bad_kind.stderr)["field"] == "kind"

    assert cli(server, "identity", "show", "nobody").returncode == 3
    assert cli(server, "identity", "list", token="lyadm_not-a-real-token").returncode == 4

    listed = cli_json(server, "identity", "list")
    assert [i["name"] for i in listed["identities"]] == ["support-bot"]  # nothing stored by the refusals


def test_unreachable_server_exit_code(tmp_path):
    result = cli(None, "identity", "list", env={"LANYARD_ADDR": f"http://127.0.0.1:{free_port()}", "LANYARD_TOKEN": "x"})
    assert result.returncode == 6
    assert "Cannot reach" in result.stderr


def test_lifecycle_verbs_and_filters(server):
    bot = cli_json(server, *REGISTER)
    cli_json(server, "identity", "register", "--name", "proto", "--kind", "prototype", "--owner", "bob",
             "--purpose", "experiment", "--expires-in", "2d")

    extended = cli_json(server, "identity", "extend", bot["id"], "--by", "7d")
    assert parse_time(extended["expiresAt"]) - parse_time(bot["expiresAt"]) == datetime.timedelta(days=7)
    assert cli(server, "identity", "extend", bot["id"], "--by", "80d").returncode == 2  # past the 90d cap

    assert [i["name"] for i in cli_json(server, "identity", "list", "--owner", "bob")["identities"]] == ["proto"]
    assert [i["name"] for i in cli_json(server, "identity", "list", "--expiring-within", "3d")["identities"]] == ["proto"]
    assert [i["name"] for i in cli_json(server, "identity", "list", "--kind", "agent")["identities"]] == ["support-bot"]

    assert cli_json(server, "identity", "suspend", "support-bot", "--reason", "investigation")["status"] == "suspended"
    assert [i["name"] for i in cli_json(server, "identity", "list", "--status", "suspended")["identities"]] == ["support-bot"]
    assert cli_json(server, "identity", "resume", "support-bot")["status"] == "active"
    offboarded = cli_json(server, "identity", "offboard", "support-bot", "--reason", "project ended")
    assert offboarded["status"] == "offboarded" and offboarded["offboardReason"] == "project ended"
    assert cli(server, "identity", "resume", "support-bot").returncode == 5

    actions = [e["action"] for e in cli_json(server, "audit", "tail", "--limit", "1000")["events"]]
    assert actions[-6:] == ["identity.register", "identity.register", "identity.extend", "identity.suspend",
                            "identity.resume", "identity.offboard"]


def test_public_key_file_is_registered(server, tmp_path):
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    (tmp_path / "key.jwk").write_text(json.dumps(jwk))
    created = cli_json(server, *REGISTER, "--public-key-file", str(tmp_path / "key.jwk"))
    assert created["publicKeys"] == [jwk]
    (tmp_path / "private.jwk").write_text(json.dumps({**jwk, "d": "secret"}))
    refused = cli(server, "identity", "register", "--name", "leaky", "--kind", "agent", "--owner", "o", "--purpose", "p",
                  "--public-key-file", str(tmp_path / "private.jwk"))
    assert refused.returncode == 2 and "private key material" in refused.stderr


def test_templates(server):
    names = [t["name"] for t in cli_json(server, "template", "list")["templates"]]
    assert names == ["agent", "app", "pipeline", "prototype"]
    prototype = cli_json(server, "template", "show", "prototype")
    assert (prototype["defaultTTL"], prototype["maxTTL"], prototype["environments"]) == ("14d", "30d", ["sandbox"])
    made = cli_json(server, "template", "create", "notebook", "--default-ttl", "3d", "--max-ttl", "7d",
                    "--environment", "sandbox", "--scope", "read")
    assert made["maxTTL"] == "7d"
    assert cli(server, "template", "create", "notebook", "--default-ttl", "1d", "--max-ttl", "2d").returncode == 5
    nb = cli_json(server, "identity", "register", "--name", "nb", "--kind", "prototype", "--owner", "o", "--purpose", "p",
                  "--template", "notebook")
    assert parse_time(nb["expiresAt"]) - parse_time(nb["createdAt"]) == datetime.timedelta(days=3)


def test_tenants_are_isolated_and_tokens_written_0600(server, tmp_path):
    token_file = tmp_path / "acme.token"
    created = cli_json(server, "tenant", "create", "acme", "--token-file", str(token_file))
    assert created["tenant"]["issuer"] == f"{server.url}/t/acme"
    assert created["tenant"]["trustDomain"] == "acme.lanyard.local"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    acme_token = token_file.read_text().strip()
    assert acme_token not in json.dumps(created)

    cli_json(server, *REGISTER)
    acme_env = {"LANYARD_TENANT": "acme"}
    assert cli(server, "identity", "list", token=acme_token).returncode == 4  # default tenant: forbidden
    assert cli(server, *REGISTER, token=acme_token).returncode == 4
    mine = cli_json(server, *REGISTER, token=acme_token, env=acme_env)
    assert mine["spiffeId"] == "spiffe://acme.lanyard.local/agent/support-bot"
    assert [t["name"] for t in cli_json(server, "tenant", "list", token=acme_token)["tenants"]] == ["acme"]
    assert cli(server, "tenant", "create", "evil", token=acme_token).returncode == 4


def test_bootstrap_token_file_is_created_0600_then_reused(tmp_path):
    first = Server(tmp_path).start()
    token = first.token
    assert token.startswith("lyadm_")
    assert stat.S_IMODE(os.stat(first.token_file).st_mode) == 0o600
    assert first.api("GET", "/v1/tenants").status_code == 200
    first.stop()
    second = Server(tmp_path)
    second.port = free_port()
    second.start()
    try:
        assert second.token == token
        assert second.api("GET", "/v1/tenants").status_code == 200
    finally:
        second.stop()


def test_operator_chosen_bootstrap_token(tmp_path):
    (tmp_path / "bootstrap.token").write_text("chosen-by-the-operator-0123456789abcdef\n")
    server = Server(tmp_path).start()
    try:
        assert server.api("GET", "/v1/tenants", token="chosen-by-the-operator-0123456789abcdef").status_code == 200
    finally:
        server.stop()


def test_config_file_env_and_flags_in_order_of_precedence(tmp_path):
    file_port, env_port = free_port(), free_port()
    config = tmp_path / "lanyard.json"
    config.write_text(json.dumps({"listen": f"127.0.0.1:{file_port}", "trustDomain": "from-file.test",
                                  "dataDir": str(tmp_path / "d")}))
    server = Server(tmp_path, extra_args=("--config", str(config)))
    server.port = free_port()  # the flag (set by the harness) wins over the file
    server.start()
    try:
        created = cli_json(server, *REGISTER)
        assert created["spiffeId"].startswith("spiffe://from-file.test/")
    finally:
        server.stop()

    environment = {k: v for k, v in os.environ.items() if not k.startswith("LANYARD_")}
    environment.update({"LANYARD_LISTEN": f"127.0.0.1:{env_port}", "LANYARD_DATA_DIR": str(tmp_path / "e")})
    import subprocess
    from lanyard_harness import BIN, wait_ready
    log = tmp_path / "env.log"
    process = subprocess.Popen([BIN, "serve", "--config", str(config)], env=environment, cwd=tmp_path,
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        wait_ready(f"http://127.0.0.1:{env_port}", 60, process, log)  # env beats the file
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert "Platform admin token" in log.read_text()


def test_bad_configuration_is_refused_before_starting(tmp_path):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"listen": "127.0.0.1:1", "colour": "blue"}))
    result = cli(None, "serve", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2 and "Unknown key 'colour'" in result.stderr
    result = cli(None, "serve", "--listen", "nonsense", cwd=tmp_path)
    assert result.returncode == 2 and "host:port" in result.stderr
    result = cli(None, "serve", "--database-url", "mysql://x@y/z", cwd=tmp_path)
    assert result.returncode == 2 and "postgres://" in result.stderr


def test_metrics_count_routes_and_identities(server):
    cli_json(server, *REGISTER)
    text = server.api("GET", "/metrics", token=None).text
    assert 'lanyard_identities{tenant="default",status="active"} 1' in text
    assert 'lanyard_http_requests_total{method="POST",route="/t/{tenant}/v1/identities",status="201"} 1' in text
