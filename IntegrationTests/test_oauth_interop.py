"""Interoperability of the issuer with OAuth/JOSE libraries no one here wrote: authlib obtains a token with
private_key_jwt, PyJWT's PyJWKClient and joserfc verify it against the published JWKS, and the token is
introspected (RFC 7662) and revoked (RFC 7009)."""
import jwt as pyjwt
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc import jwt as josejwt
from joserfc.jwk import KeySet

from oauth_support import Workload


def discover(server, tenant="default"):
    metadata = requests.get(f"{server.url}/t/{tenant}/.well-known/openid-configuration", timeout=10).json()
    assert metadata["issuer"] == f"{server.url}/t/{tenant}"
    return metadata


@pytest.mark.parametrize("alg", ["EdDSA", "ES256"])
def test_authlib_token_verified_by_pyjwt_and_joserfc_then_introspected_and_revoked(server, alg):
    metadata = discover(server)
    workload = Workload(server, f"interop-{alg.lower()}", alg=alg)

    session = OAuth2Session(client_id=workload.id, client_secret=workload.jose_key,
                            token_endpoint_auth_method="private_key_jwt",
                            revocation_endpoint_auth_method="private_key_jwt", scope="read")
    session.register_client_auth_method(PrivateKeyJWT(metadata["token_endpoint"], alg=alg))
    token = session.fetch_token(metadata["token_endpoint"], grant_type="client_credentials")
    access_token = token["access_token"]
    assert token["token_type"] == "Bearer" and token["scope"] == "read" and 0 < token["expires_in"] <= 600

    # PyJWT, keys fetched from the published JWKS by kid.
    jwks_client = pyjwt.PyJWKClient(metadata["jwks_uri"])
    signing_key = jwks_client.get_signing_key_from_jwt(access_token)
    claims = pyjwt.decode(access_token, signing_key.key, algorithms=["EdDSA", "ES256"],
                          audience=metadata["issuer"], issuer=metadata["issuer"])
    assert pyjwt.get_unverified_header(access_token)["typ"] == "at+jwt"
    assert claims["sub"] == workload.id and claims["client_id"] == workload.id
    assert claims["scope"] == "read" and claims["owner"] == "alice" and claims["env"] == "sandbox"
    assert claims["spiffe_id"] == "spiffe://lanyard.local/agent/" + workload.identity["name"]
    for claim in ["iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope", "owner", "env", "stage", "spiffe_id"]:
        assert claim in claims

    # joserfc, the whole key set.
    keyset = KeySet.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
    decoded = josejwt.decode(access_token, keyset, algorithms=["EdDSA", "ES256"])
    josejwt.JWTClaimsRegistry(iss={"essential": True, "value": metadata["issuer"]},
                              sub={"essential": True, "value": workload.id}).validate(decoded.claims)

    # RFC 7662 introspection, as an administrator.
    active = server.api("POST", "/t/default/oauth2/introspect", data={"token": access_token}).json()
    assert active["active"] is True and active["jti"] == claims["jti"] and active["scope"] == "read"

    # RFC 7009 revocation by the client itself, through authlib (private_key_jwt again, fresh assertion).
    revoke = session.revoke_token(metadata["revocation_endpoint"], access_token)
    assert revoke.status_code == 200, revoke.text
    inactive = server.api("POST", "/t/default/oauth2/introspect", data={"token": access_token}).json()
    assert inactive == {"active": False}

    record = [c for c in server.api("GET", f"/t/default/v1/credentials?identity={workload.id}").json()["credentials"]]
    assert len(record) == 1 and record[0]["jti"] == claims["jti"] and record[0]["revokedAt"]


def test_discovery_and_jwks_shape(server):
    metadata = discover(server)
    for field in ["jwks_uri", "token_endpoint", "introspection_endpoint", "revocation_endpoint"]:
        assert metadata[field].startswith(metadata["issuer"])
    assert metadata["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    jwks = requests.get(metadata["jwks_uri"], timeout=10).json()
    assert {key["alg"] for key in jwks["keys"]} == {"EdDSA", "ES256"}
    for key in jwks["keys"]:
        assert key["use"] == "sig" and key["kid"] and "d" not in key
    assert len({key["kid"] for key in jwks["keys"]}) == len(jwks["keys"]) == 4  # active + next per algorithm
