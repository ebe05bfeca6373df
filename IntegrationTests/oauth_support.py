"""Helpers for the OAuth tests: workload keys made with `cryptography`, identities registered over the admin API."""
import json
import time
import uuid

import jwt as pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from joserfc.jwk import OKPKey, ECKey

AS_JWT = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class Workload:
    """A workload key pair and its registered identity."""

    def __init__(self, server, name: str | None, alg: str = "EdDSA", tenant: str = "default", token: str | None = None, **register):
        """Makes a key pair and registers `name` with its public key; with `server` None, only the key pair (the
        identity comes later, e.g. from a graduation: set `id`)."""
        self.alg = alg
        if alg == "EdDSA":
            self.private_key = ed25519.Ed25519PrivateKey.generate()
            self.public_jwk = OKPKey.import_key(self.private_key.public_key()).as_dict(private=False)
        else:
            self.private_key = ec.generate_private_key(ec.SECP256R1())
            self.public_jwk = ECKey.import_key(self.private_key.public_key()).as_dict(private=False)
        self.pem = self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        # authlib's private_key_jwt takes a joserfc key object for non-RSA keys.
        self.jose_key = (OKPKey if alg == "EdDSA" else ECKey).import_key(self.pem)
        self.tenant = tenant
        if server is None:
            return
        body = {"name": name, "kind": "agent", "owner": "alice", "purpose": "interop test", "publicKeys": [self.public_jwk], **register}
        response = server.api("POST", f"/t/{tenant}/v1/identities", json=body, token=token or "default")
        assert response.status_code == 201, response.text
        self.identity = response.json()
        self.id = self.identity["id"]
        self.tenant = tenant

    def assertion(self, audience: str, **overrides) -> str:
        now = int(time.time())
        claims = {"iss": self.id, "sub": self.id, "aud": audience, "iat": now, "exp": now + 60, "jti": uuid.uuid4().hex}
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return pyjwt.encode(claims, self.private_key, algorithm=self.alg)


def token_form(workload: Workload, assertion: str, scope: str = "read", **extra) -> dict:
    return {"grant_type": "client_credentials", "client_id": workload.id, "client_assertion_type": AS_JWT,
            "client_assertion": assertion, "scope": scope, **extra}


def audit_actions(server, tenant="default") -> list[str]:
    events, after = [], 0
    while True:
        page = server.api("GET", f"/t/{tenant}/v1/audit?after={after}&limit=1000").json()["events"]
        if not page:
            return [e["action"] for e in events]
        events += page
        after = page[-1]["sequence"]


def b64url(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, claims: dict, signature: bytes = b"") -> str:
    return ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()), b64url(signature)])
