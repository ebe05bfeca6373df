"""Lists say when there is more: every list answer carries an opaque `next` cursor, the CLI prints how to get the
next page, and `--all` follows the cursors to the end (issue 13)."""
import shlex

import requests

from lanyard_harness import cli, cli_json

COUNT = 1203


def register_many(server, count: int = COUNT) -> list[str]:
    names = [f"bot-{(index * 7919) % count:05d}" for index in range(count)]
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {server.token}"
        for name in names:
            response = session.post(f"{server.url}/t/default/v1/identities",
                                    json={"name": name, "kind": "agent", "owner": "alice", "purpose": "paging"}, timeout=30)
            assert response.status_code == 201, response.text
    return sorted(names)


def table_names(stdout: str) -> list[str]:
    rows = stdout.strip().splitlines()[1:]  # after the header
    return [row.split()[1] for row in rows]


def test_identity_list_pages_and_all_follows_the_cursors(server):
    names = register_many(server)

    everything = cli_json(server, "identity", "list", "--all")
    assert [i["name"] for i in everything["identities"]] == names
    assert "next" not in everything

    first = cli_json(server, "identity", "list")
    assert [i["name"] for i in first["identities"]] == names[:500]
    assert first["next"]

    # The plain list prints the table on stdout and, on stderr, the command for the next page.
    plain = cli(server, "identity", "list")
    assert plain.returncode == 0, plain.stderr
    assert table_names(plain.stdout) == names[:500]
    hint = plain.stderr.strip().splitlines()[-1]
    assert hint == f"more: lanyard identity list --cursor {first['next']}"
    following = cli(server, *shlex.split(hint)[2:])
    assert following.returncode == 0, following.stderr
    assert table_names(following.stdout) == names[500:1000]
    last = cli(server, *shlex.split(following.stderr.strip().splitlines()[-1])[2:])
    assert table_names(last.stdout) == names[1000:] and "more:" not in last.stderr

    # Filters and the page size are kept in the hint; a token given on the command line never is.
    filtered = cli(server, "identity", "list", "--kind", "agent", "--limit", "1000", "--token", server.token, token="")
    assert table_names(filtered.stdout) == names[:1000]
    assert filtered.stderr.startswith("more: lanyard identity list --kind agent --limit 1000 --cursor ")
    assert server.token not in filtered.stderr


def test_cursors_are_opaque_checked_and_list_specific(server):
    register_many(server, 12)
    page = server.api("GET", "/t/default/v1/identities?limit=5").json()
    assert len(page["identities"]) == 5 and page["next"]
    second = server.api("GET", f"/t/default/v1/identities?limit=5&cursor={page['next']}").json()
    assert [i["name"] for i in second["identities"]] == [f"bot-{n:05d}" for n in range(5, 10)]
    tail = server.api("GET", f"/t/default/v1/identities?limit=5&cursor={second['next']}").json()
    assert len(tail["identities"]) == 2 and "next" not in tail

    for path in ["identities", "credentials", "audit", "audit/leaves", "audit/checkpoints", "policies/versions"]:
        for bad in ["garbage", page["next"] + "x", "e30"]:
            if path == "identities" and bad == page["next"] + "x":
                continue  # may still decode; tampering is covered by the other values
            answer = server.api("GET", f"/t/default/v1/{path}?cursor={bad}")
            assert answer.status_code == 400, (path, bad, answer.text)
            assert answer.json()["error"] == "invalid_cursor" and answer.json()["field"] == "cursor"
    # An identities cursor is not a credentials cursor.
    assert server.api("GET", f"/t/default/v1/credentials?cursor={page['next']}").json()["error"] == "invalid_cursor"
    refused = cli(server, "identity", "list", "--cursor", "garbage")
    assert refused.returncode == 2 and "cursor" in refused.stderr


def test_audit_and_policy_history_follow_cursors(server):
    register_many(server, 30)
    events = cli_json(server, "audit", "tail", "--limit", "7", "--all")["events"]
    sequences = [e["sequence"] for e in events]
    assert sequences == list(range(1, len(sequences) + 1)) and len(sequences) >= 30
    page = cli_json(server, "audit", "search", "--action", "identity.register", "--limit", "10")
    assert len(page["events"]) == 10 and page["next"]
    rest = cli_json(server, "audit", "search", "--action", "identity.register", "--limit", "10", "--cursor", page["next"], "--all")
    assert len(rest["events"]) == 20 and "next" not in rest
    assert {e["sequence"] for e in page["events"]}.isdisjoint(e["sequence"] for e in rest["events"])

    history = cli_json(server, "policy", "history", "--limit", "1", "--all")
    assert [v["version"] for v in history["versions"]] == [0] and "next" not in history


def test_tenants_tokens_templates_owners_and_keys_page_too(server):
    """The lists that used to answer whole: tenants, administrator tokens, templates, owners and signing keys."""
    for name in ["acme", "beta", "gamma"]:
        assert server.api("POST", "/v1/tenants", json={"name": name}).status_code == 201
    for index in range(3):
        made = server.api("POST", "/t/default/v1/templates", json={"name": f"tpl-{index}", "defaultTTL": "1d", "maxTTL": "7d"})
        assert made.status_code == 201, made.text
    for owner in ["ann", "bob", "cy", "zoë"]:
        assert server.api("POST", f"/t/default/v1/owners/{requests.utils.quote(owner, safe='')}/deactivate", json={}).status_code == 200
    for _ in range(3):
        assert server.api("POST", "/t/default/v1/admin/tokens", json={"role": "auditor"}).status_code == 201
    assert server.api("POST", "/t/default/v1/keys/rotate", json={}).status_code == 200

    cases = [
        (["tenant", "list"], "tenants", "name", ["acme", "beta", "default", "gamma"]),
        (["template", "list"], "templates", "name", None),
        (["owner", "list"], "owners", "owner", ["ann", "bob", "cy", "zoë"]),
        (["admin", "token", "list"], "tokens", "id", None),
        (["keys", "list"], "keys", "kid", None),
    ]
    cursors = {}
    for command, items, key, expected in cases:
        everything = cli_json(server, *command, "--limit", "2", "--all")
        names = [item[key] for item in everything[items]]
        assert "next" not in everything and len(names) == len(set(names)) >= 3, (command, names)
        if expected is not None:
            assert names == expected, (command, names)
        assert cli_json(server, *command)[items] == everything[items]  # the default page holds them all

        first = cli_json(server, *command, "--limit", "2")
        assert [item[key] for item in first[items]] == names[:2] and first["next"]
        cursors[items] = first["next"]
        plain = cli(server, *command, "--limit", "2")
        assert plain.returncode == 0, plain.stderr
        hint = plain.stderr.strip().splitlines()[-1]
        assert hint == f"more: lanyard {' '.join(command)} --limit 2 --cursor {first['next']}", hint
        following = cli_json(server, *shlex.split(hint)[2:])
        assert [item[key] for item in following[items]] == names[2:4]

        path = {"tenants": "/v1/tenants", "templates": "/t/default/v1/templates", "owners": "/t/default/v1/owners",
                "tokens": "/t/default/v1/admin/tokens", "keys": "/t/default/v1/keys"}[items]
        for bad in ["garbage", "e30", first["next"][:-2]]:
            answer = server.api("GET", f"{path}?cursor={bad}")
            assert answer.status_code == 400 and answer.json()["error"] == "invalid_cursor", (path, bad, answer.text)
        assert server.api("GET", f"{path}?limit=1001").status_code == 422
    assert server.api("GET", f"/v1/admin/tokens?cursor={cursors['tokens']}").status_code == 200  # a token cursor, another scope
    assert server.api("GET", f"/v1/tenants?cursor={cursors['tokens']}").json()["error"] == "invalid_cursor"
    assert server.api("GET", f"/t/default/v1/keys?cursor={cursors['tokens']}").json()["error"] == "invalid_cursor"
