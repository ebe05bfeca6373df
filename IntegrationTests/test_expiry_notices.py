"""Expiry notices against a real server (issue 16): a template's leads, an identity with a short life, and the signed
`identity.expiring` webhook a receiver verifies with the `standardwebhooks` package — once per lead, the shortest
when several are due at once, none again after a restart; bad leads are refused and change nothing."""
from __future__ import annotations

import time

import pytest

from lanyard_harness import Server, audit_events, cli, cli_json, new_postgres_database
from test_webhooks import Receiver, add_endpoint

SERVE_ARGS = ("--webhook-interval", "1s", "--sweep-interval", "1s", "--webhook-allow-loopback-http")


def register(server: Server, name: str, expires_in: str) -> dict:
    response = server.api("POST", "/t/default/v1/identities",
                          json={"name": name, "kind": "agent", "owner": "alice", "backupOwner": "bob", "purpose": "notice test",
                                "template": "short", "expiresIn": expires_in})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_owners_get_one_signed_notice_per_lead(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    receiver = Receiver().start()
    server = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS).start()
    restarted = None
    try:
        template = cli_json(server, "template", "create", "short", "--default-ttl", "30m", "--max-ttl", "1d", "--scope", "read",
                            "--expiry-notice", "10m", "--expiry-notice", "1h")
        assert template["expiryNotices"] == ["1h", "10m"], template
        assert server.api("GET", "/t/default/v1/templates/agent").json()["expiryNotices"] == ["7d", "1d"]
        add_endpoint(server, receiver, "owners", "identity.expiring")

        # 30 minutes to live: the 1-hour lead is due, the 10-minute one not yet.
        half_hour = register(server, "half-hour", "30m")
        # 5 minutes to live: both leads are due; only the shortest is sent.
        five = register(server, "five-minutes", "5m")
        receiver.wait_for(lambda got: len(got) >= 2, timeout=60)
        time.sleep(3)  # passes run every second: nothing more may come
        got = receiver.messages()
        assert receiver.rejected == []
        assert len({m["id"] for m in got}) == 2, got
        by_identity = {m["payload"]["data"]["identity"]["id"]: m["payload"] for m in got}
        assert set(by_identity) == {half_hour["id"], five["id"]}
        for identity, lead in ((half_hour, "1h"), (five, "10m")):
            payload = by_identity[identity["id"]]
            assert payload["type"] == "identity.expiring"
            data = payload["data"]
            assert data["lead"] == lead and data["expiresAt"] == identity["expiresAt"], data
            assert data["owner"] == "alice" and data["backupOwner"] == "bob"
            assert data["identity"]["status"] == "active"

        notices = [e for e in audit_events(server) if e["action"] == "identity.expiry_notice"]
        assert sorted((e["target"], e["details"]["lead"]) for e in notices) == sorted(
            [(f"identity:{half_hour['id']}", "1h"), (f"identity:{five['id']}", "10m")]), notices

        # A restart sends nothing again: the notices are recorded with their webhooks.
        server.stop()
        restarted = Server(tmp_path, database_url=database_url, extra_args=SERVE_ARGS).start()
        time.sleep(4)
        assert len({m["id"] for m in receiver.messages()}) == 2, receiver.messages()
        assert len([e for e in audit_events(restarted) if e["action"] == "identity.expiry_notice"]) == 2
    finally:
        (restarted or server).stop()
        receiver.stop()


def test_bad_leads_are_refused_and_create_nothing(tmp_path):
    server = Server(tmp_path, extra_args=SERVE_ARGS).start()
    try:
        cases = [
            (["2d"], "longer than maxTTL"),
            (["1h", "60m"], "twice"),
            (["1h", "2h", "3h", "4h", "5h", "6h"], "at most 5"),
            (["soon"], "not a duration"),
        ]
        for leads, words in cases:
            response = server.api("POST", "/t/default/v1/templates",
                                  json={"name": "bad", "defaultTTL": "1h", "maxTTL": "1d", "expiryNotices": leads})
            assert response.status_code == 422, response.text
            error = response.json()
            assert error["field"] == "expiryNotices" and words in error["message"], error
        result = cli(server, "template", "create", "bad", "--default-ttl", "1h", "--max-ttl", "1d", "--expiry-notice", "2d")
        assert result.returncode != 0 and "maxTTL" in result.stderr, result.stderr
        assert server.api("GET", "/t/default/v1/templates/bad").status_code == 404
        assert not any(e["action"] == "template.create" for e in audit_events(server))
        quiet = cli_json(server, "template", "create", "quiet", "--default-ttl", "1h", "--max-ttl", "1d", "--no-expiry-notices")
        assert quiet["expiryNotices"] == []
    finally:
        server.stop()
