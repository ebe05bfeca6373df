"""An external OIDC issuer on loopback for scripts/bench-issuance: an RS256 key, its discovery document and JWKS over
plain HTTP (loopback only), one signed token (1 h) written to OUTDIR/external_jwt and the issuer URL to
OUTDIR/issuer_url, then serves until killed. RS256, like the external JWT of OpenBao's jwt-login workload.
Usage: fake_issuer.py OUTDIR"""
import json
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

outdir = sys.argv[1]
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
kid = uuid.uuid4().hex[:12]
public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
public.update(kid=kid, use="sig", alg="RS256")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/.well-known/openid-configuration":
            body = {"issuer": url, "jwks_uri": url + "/keys"}
        elif self.path == "/keys":
            body = {"keys": [public]}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
url = f"http://127.0.0.1:{server.server_address[1]}"
now = int(time.time())
token = jwt.encode({"iss": url, "sub": "repo:acme/app:ref:refs/heads/main", "aud": "lanyard-bench", "iat": now, "exp": now + 3600,
                    "repository_id": "424242", "ref": "refs/heads/main"}, key, algorithm="RS256", headers={"kid": kid})
with open(f"{outdir}/external_jwt", "w") as handle:
    handle.write(token)
with open(f"{outdir}/issuer_url", "w") as handle:
    handle.write(url)
server.serve_forever()
