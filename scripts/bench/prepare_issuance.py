"""Registers a benchmark identity with a fresh Ed25519 key and pre-signs client assertions (one per request),
then issues a pool of tokens for the introspection run. Usage: prepare_issuance.py URL ADMIN_TOKEN OUTDIR COUNT"""
import sys
import time
import uuid

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from joserfc.jwk import OKPKey

url, admin, outdir, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
key = ed25519.Ed25519PrivateKey.generate()
jwk = OKPKey.import_key(key.public_key()).as_dict(private=False)
headers = {"Authorization": f"Bearer {admin}"}
identity = requests.post(f"{url}/t/default/v1/identities", headers=headers, timeout=10, json={
    "name": f"bench-{uuid.uuid4().hex[:8]}", "kind": "agent", "owner": "alice", "purpose": "benchmark", "publicKeys": [jwk],
    "allowedDestinations": ["tickets.internal"]}).json()
client = identity["id"]
token_endpoint = f"{url}/t/default/oauth2/token"
now = int(time.time())
with open(f"{outdir}/client_id", "w") as handle:
    handle.write(client)
with open(f"{outdir}/assertions", "w") as handle:
    for _ in range(count):
        claims = {"iss": client, "sub": client, "aud": token_endpoint, "iat": now, "exp": now + 3000, "jti": uuid.uuid4().hex}
        handle.write(jwt.encode(claims, key, algorithm="EdDSA") + "\n")
with open(f"{outdir}/tokens", "w") as handle:
    for _ in range(1000):
        claims = {"iss": client, "sub": client, "aud": token_endpoint, "iat": now, "exp": now + 3000, "jti": uuid.uuid4().hex}
        response = requests.post(token_endpoint, timeout=10, data={
            "grant_type": "client_credentials", "client_id": client, "scope": "read",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": jwt.encode(claims, key, algorithm="EdDSA")})
        handle.write(response.json()["access_token"] + "\n")
