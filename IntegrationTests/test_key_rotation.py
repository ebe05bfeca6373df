"""Rotation publishes the next key before it signs and keeps the old key until its tokens expire."""
import jwt as pyjwt
import requests

from oauth_support import Workload, token_form


def test_tokens_signed_before_rotation_keep_verifying(server):
    workload = Workload(server, "rotating")
    issuer = f"{server.url}/t/default"
    jwks_uri = issuer + "/.well-known/jwks.json"

    def issue():
        response = requests.post(issuer + "/oauth2/token", data=token_form(workload, workload.assertion(issuer)), timeout=10)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    before = issue()
    old_kid = pyjwt.get_unverified_header(before)["kid"]
    published_before = {k["kid"]: k for k in requests.get(jwks_uri, timeout=10).json()["keys"]}
    next_kids = {kid for kid, key in published_before.items() if key["alg"] == "EdDSA" and kid != old_kid}
    assert len(next_kids) == 1, "the next EdDSA key is published before it signs"

    rotated = server.api("POST", "/t/default/v1/keys/rotate", json={"algorithm": "EdDSA"})
    assert rotated.status_code == 200
    states = {k["kid"]: k["state"] for k in rotated.json()["keys"]}
    assert states[old_kid] == "retired" and states[next(iter(next_kids))] == "active"

    after = issue()
    assert pyjwt.get_unverified_header(after)["kid"] == next(iter(next_kids)), "the pre-published key signs now"
    client = pyjwt.PyJWKClient(jwks_uri, cache_keys=False)
    for token in (before, after):
        key = client.get_signing_key_from_jwt(token)
        pyjwt.decode(token, key.key, algorithms=["EdDSA"], audience=issuer, issuer=issuer)
        assert server.api("POST", "/t/default/oauth2/introspect", data={"token": token}).json()["active"] is True
    published_after = {k["kid"] for k in requests.get(jwks_uri, timeout=10).json()["keys"]}
    assert old_kid in published_after and len(published_after) == 5  # retired + active + new next (EdDSA), ES256 pair
    actions = [e["action"] for e in server.api("GET", "/t/default/v1/audit?limit=1000").json()["events"]]
    assert "keys.rotate" in actions
