"""Registers IDENTITIES identities with a fresh Ed25519 key each (through the API, concurrently) and pre-signs
PER_IDENTITY client assertions for each, for scripts/bench/issue.lua (one "CLIENT_ID ASSERTION" line each).
Usage: prepare_posture.py URL ADMIN_TOKEN OUT_FILE IDENTITIES PER_IDENTITY"""
import concurrent.futures
import sys
import time
import uuid

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from joserfc.jwk import OKPKey

url, admin, out, identities, per_identity = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
token_endpoint = f"{url}/t/default/oauth2/token"
session = requests.Session()


def register(index: int):
    key = ed25519.Ed25519PrivateKey.generate()
    jwk = OKPKey.import_key(key.public_key()).as_dict(private=False)
    response = session.post(f"{url}/t/default/v1/identities", headers={"Authorization": f"Bearer {admin}"}, timeout=30, json={
        "name": f"keyed-{index}-{uuid.uuid4().hex[:6]}", "kind": "agent", "owner": f"owner-{index % 50}", "purpose": "benchmark",
        "publicKeys": [jwk]})
    response.raise_for_status()
    return response.json()["id"], key


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    registered = list(pool.map(register, range(identities)))
now = int(time.time())
with open(out, "w") as handle:
    for round_ in range(per_identity):
        for client, key in registered:
            claims = {"iss": client, "sub": client, "aud": token_endpoint, "iat": now, "exp": now + 3000, "jti": uuid.uuid4().hex}
            handle.write(client + " " + jwt.encode(claims, key, algorithm="EdDSA") + "\n")
print(len(registered) * per_identity)
