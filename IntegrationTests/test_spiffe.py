"""SPIFFE SVIDs checked by verifiers no one here wrote: py-spiffe (the PyPI `spiffe` package) validates JWT-SVIDs
against the published bundle; `openssl verify` and Python `cryptography` validate X.509-SVID chains."""
import base64
import json
import os
import stat
import subprocess

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from spiffe import JwtBundle, JwtSvid, TrustDomain

from lanyard_harness import Server, cli, new_postgres_database
from oauth_support import AS_JWT, Workload


def issuer(server, tenant="default"):
    return f"{server.url}/t/{tenant}"


def jwt_bundle(server, tenant="default", trust_domain="lanyard.local") -> JwtBundle:
    """py-spiffe's JwtBundle from the `jwt-svid` entries of the published SPIFFE bundle."""
    document = requests.get(f"{issuer(server, tenant)}/spiffe/bundle", timeout=10).json()
    jwt_keys = [k for k in document["keys"] if k["use"] == "jwt-svid"]
    return JwtBundle.parse(TrustDomain(trust_domain), json.dumps({"keys": jwt_keys}).encode())


def access_token(server, workload, scope="read") -> str:
    form = {"grant_type": "client_credentials", "client_id": workload.id, "client_assertion_type": AS_JWT,
            "client_assertion": workload.assertion(f"{issuer(server)}/oauth2/token"), "scope": scope}
    response = requests.post(f"{issuer(server)}/oauth2/token", data=form, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def jwt_svid(server, workload, audience, tenant="default"):
    form = {"client_id": workload.id, "client_assertion_type": AS_JWT,
            "client_assertion": workload.assertion(f"{issuer(server, tenant)}/spiffe/jwt-svid"), "audience": audience}
    return requests.post(f"{issuer(server, tenant)}/spiffe/jwt-svid", data=form, timeout=10)


def csr_pem(key=None) -> tuple[str, ec.EllipticCurvePrivateKey]:
    key = key or ec.generate_private_key(ec.SECP256R1())
    request = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ignored")]))
               .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier("spiffe://evil.example/x")]), critical=False)
               .sign(key, hashes.SHA256()))
    return request.public_bytes(serialization.Encoding.PEM).decode(), key


def test_jwt_svid_validated_by_py_spiffe_against_the_published_bundle(server):
    workload = Workload(server, "svid-bot")
    spiffe_id = "spiffe://lanyard.local/agent/svid-bot"
    response = jwt_svid(server, workload, "https://api.example spiffe://lanyard.local/db")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["spiffe_id"] == spiffe_id and answer["audience"] == ["https://api.example", "spiffe://lanyard.local/db"]

    svid = JwtSvid.parse_and_validate(answer["svid"], jwt_bundle(server), {"https://api.example"})
    assert str(svid.spiffe_id) == spiffe_id
    header = json.loads(base64.urlsafe_b64decode(answer["svid"].split(".")[0] + "=="))
    assert header["alg"] == "ES256" and header["typ"] == "JWT" and header["kid"]
    claims = json.loads(base64.urlsafe_b64decode(answer["svid"].split(".")[1] + "=="))
    assert svid.audience == {"https://api.example", "spiffe://lanyard.local/db"}
    assert 0 < svid.expiry - claims["iat"] <= 300 and claims["jti"].startswith("cred_") and svid.expiry == answer["expires_at"]

    # A verifier expecting another audience refuses it.
    with pytest.raises(Exception):
        JwtSvid.parse_and_validate(answer["svid"], jwt_bundle(server), {"https://other.example"})

    # With the access token as Bearer instead of private_key_jwt.
    token = access_token(server, workload)
    bearer = requests.post(f"{issuer(server)}/spiffe/jwt-svid", json={"audience": ["https://api.example"]},
                           headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert bearer.status_code == 200, bearer.text
    assert str(JwtSvid.parse_and_validate(bearer.json()["svid"], jwt_bundle(server), {"https://api.example"}).spiffe_id) == spiffe_id

    events = [e for e in server.api("GET", "/t/default/v1/audit?after=0&limit=1000").json()["events"]
              if e["action"] == "credential.issue" and e["details"].get("kind") == "jwt-svid"]
    assert len(events) == 2 and events[0]["details"]["spiffe_id"] == spiffe_id


def test_jwt_svid_does_not_validate_against_another_tenants_bundle(server, tmp_path):
    assert cli(server, "tenant", "create", "acme", "--token-file", str(tmp_path / "acme.token")).returncode == 0
    workload = Workload(server, "svid-bot")
    token = jwt_svid(server, workload, "https://api.example").json()["svid"]
    other = jwt_bundle(server, "acme", trust_domain="lanyard.local")  # acme's keys under our trust domain's name
    with pytest.raises(Exception):
        JwtSvid.parse_and_validate(token, other, {"https://api.example"})
    # ...and acme's bundle under its own trust domain does not match the subject's trust domain either.
    with pytest.raises(Exception):
        JwtSvid.parse_and_validate(token, jwt_bundle(server, "acme", trust_domain="acme.lanyard.local"), {"https://api.example"})


def test_jwt_svid_refusals(server):
    workload = Workload(server, "svid-bot")
    missing = jwt_svid(server, workload, "")
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    form = {"client_id": workload.id, "client_assertion_type": AS_JWT,
            "client_assertion": workload.assertion(f"{issuer(server)}/spiffe/jwt-svid")}
    assert requests.post(f"{issuer(server)}/spiffe/jwt-svid", data=form, timeout=10).status_code == 400
    assert requests.post(f"{issuer(server)}/spiffe/jwt-svid", data={"audience": "a"}, timeout=10).status_code == 401
    bad = requests.post(f"{issuer(server)}/spiffe/jwt-svid", data={"audience": "a"},
                        headers={"Authorization": "Bearer not-a-token"}, timeout=10)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"

    # An assertion is single-use.
    form["audience"] = "a"
    assert requests.post(f"{issuer(server)}/spiffe/jwt-svid", data=form, timeout=10).status_code == 200
    assert requests.post(f"{issuer(server)}/spiffe/jwt-svid", data=form, timeout=10).status_code == 401

    assert server.api("POST", f"/t/default/v1/identities/{workload.id}/suspend", json={"reason": "incident"}).status_code == 200
    suspended = jwt_svid(server, workload, "https://api.example")
    assert suspended.status_code == 400 and suspended.json()["error"] == "unauthorized_client", suspended.text
    assert "suspended" in suspended.json()["error_description"]
    csr, _ = csr_pem()
    x509_refused = requests.post(
        f"{issuer(server)}/spiffe/x509-svid", timeout=10,
        data={"client_id": workload.id, "client_assertion_type": AS_JWT, "csr": csr,
              "client_assertion": workload.assertion(f"{issuer(server)}/spiffe/x509-svid")})
    assert x509_refused.status_code == 400 and x509_refused.json()["error"] == "unauthorized_client"
    actions = [e["action"] for e in server.api("GET", "/t/default/v1/audit?after=0&limit=1000").json()["events"]]
    assert actions.count("svid.refuse") >= 5


def test_x509_svid_chain_verified_by_openssl_and_cryptography(server, tmp_path):
    workload = Workload(server, "svid-bot")
    csr, key = csr_pem()
    response = requests.post(
        f"{issuer(server)}/spiffe/x509-svid", timeout=10,
        data={"client_id": workload.id, "client_assertion_type": AS_JWT, "csr": csr,
              "client_assertion": workload.assertion(f"{issuer(server)}/spiffe/x509-svid")})
    assert response.status_code == 200, response.text
    answer = response.json()
    chain = x509.load_pem_x509_certificates(answer["svid_chain_pem"].encode())
    assert len(chain) == 2
    leaf, intermediate = chain
    bundle_pem = requests.get(f"{issuer(server)}/spiffe/bundle.pem", timeout=10).text
    assert bundle_pem == answer["bundle_pem"]
    root = x509.load_pem_x509_certificate(bundle_pem.encode())

    (tmp_path / "svid.pem").write_text(x509_pem(leaf))
    (tmp_path / "intermediate.pem").write_text(x509_pem(intermediate))
    (tmp_path / "bundle.pem").write_text(bundle_pem)
    verified = subprocess.run(["openssl", "verify", "-CAfile", str(tmp_path / "bundle.pem"), "-untrusted",
                               str(tmp_path / "intermediate.pem"), str(tmp_path / "svid.pem")], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # Without the intermediate, the leaf does not chain to the root.
    alone = subprocess.run(["openssl", "verify", "-CAfile", str(tmp_path / "bundle.pem"), str(tmp_path / "svid.pem")],
                           capture_output=True, text=True)
    assert alone.returncode != 0

    check_leaf(leaf, key.public_key(), "spiffe://lanyard.local/agent/svid-bot")
    leaf.verify_directly_issued_by(intermediate)
    intermediate.verify_directly_issued_by(root)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert root.subject == root.issuer and root.not_valid_after_utc.year - root.not_valid_before_utc.year >= 9

    # The JSON bundle carries the same root in x5c under use x509-svid.
    document = requests.get(f"{issuer(server)}/spiffe/bundle", timeout=10).json()
    x509_keys = [k for k in document["keys"] if k["use"] == "x509-svid"]
    assert len(x509_keys) == 1 and base64.b64decode(x509_keys[0]["x5c"][0]) == root.public_bytes(serialization.Encoding.DER)
    assert isinstance(document["spiffe_sequence"], int) and document["spiffe_refresh_hint"] > 0

    # The CA survives a restart: the same root is published afterwards.
    server.stop()
    server.start()
    assert requests.get(f"{issuer(server)}/spiffe/bundle.pem", timeout=10).text == bundle_pem


def x509_pem(certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def check_leaf(leaf, public_key, spiffe_id):
    sans = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.UniformResourceIdentifier) == [spiffe_id]
    assert len(list(sans)) == 1
    constraints = leaf.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature
    assert not usage.value.key_cert_sign and not usage.value.crl_sign
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(eku) == {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH}
    assert leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    lifetime = leaf.not_valid_after_utc - leaf.not_valid_before_utc
    assert 0 < lifetime.total_seconds() <= 3600 + 60
    assert leaf.public_key().public_numbers() == public_key.public_numbers()


def test_x509_svid_refuses_a_csr_with_a_bad_signature(server):
    workload = Workload(server, "svid-bot")
    csr, _ = csr_pem()
    der = bytearray(x509.load_pem_x509_csr(csr.encode()).public_bytes(serialization.Encoding.DER))
    der[-3] ^= 0x01  # inside the signature
    for body in (base64.b64encode(bytes(der)).decode(), "not a csr", "A" * 20000):
        response = requests.post(
            f"{issuer(server)}/spiffe/x509-svid", timeout=10,
            data={"client_id": workload.id, "client_assertion_type": AS_JWT, "csr": body,
                  "client_assertion": workload.assertion(f"{issuer(server)}/spiffe/x509-svid")})
        assert response.status_code == 400, response.text
    # A raw DER CSR with the access token as Bearer works.
    token = access_token(server, workload)
    good, _ = csr_pem()
    raw = x509.load_pem_x509_csr(good.encode()).public_bytes(serialization.Encoding.DER)
    response = requests.post(f"{issuer(server)}/spiffe/x509-svid", data=raw, timeout=10,
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/pkcs10"})
    assert response.status_code == 200, response.text


def test_cli_svid_jwt_and_x509(server, tmp_path):
    workload = Workload(server, "svid-bot", alg="ES256")
    key_file = tmp_path / "bot.pem"
    key_file.write_text(workload.pem)
    jwt = cli(server, "svid", "jwt", "--identity", workload.id, "--key-file", str(key_file), "--audience", "https://api.example")
    assert jwt.returncode == 0, jwt.stderr
    svid = JwtSvid.parse_and_validate(jwt.stdout.strip(), jwt_bundle(server), {"https://api.example"})
    assert str(svid.spiffe_id) == "spiffe://lanyard.local/agent/svid-bot"

    out = tmp_path / "svid"
    result = cli(server, "svid", "x509", "--identity", workload.id, "--key-file", str(key_file), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(out / "svid-key.pem").st_mode) == 0o600
    chain = x509.load_pem_x509_certificates((out / "svid.pem").read_bytes())
    (tmp_path / "intermediate.pem").write_text(x509_pem(chain[1]))
    (tmp_path / "leaf.pem").write_text(x509_pem(chain[0]))
    verified = subprocess.run(["openssl", "verify", "-CAfile", str(out / "bundle.pem"), "-untrusted",
                               str(tmp_path / "intermediate.pem"), str(tmp_path / "leaf.pem")], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    key = serialization.load_pem_private_key((out / "svid-key.pem").read_bytes(), password=None)
    check_leaf(chain[0], key.public_key(), "spiffe://lanyard.local/agent/svid-bot")


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_ca_created_once_and_kept_across_restarts(tmp_path, engine):
    database_url = new_postgres_database() if engine == "postgres" else None
    server = Server(tmp_path, database_url=database_url).start()
    try:
        workload = Workload(server, "svid-bot")
        first = requests.get(f"{issuer(server)}/spiffe/bundle.pem", timeout=10).text
        csr, _ = csr_pem()
        response = requests.post(
            f"{issuer(server)}/spiffe/x509-svid", timeout=10,
            data={"client_id": workload.id, "client_assertion_type": AS_JWT, "csr": csr,
                  "client_assertion": workload.assertion(f"{issuer(server)}/spiffe/x509-svid")})
        assert response.status_code == 200, response.text
        assert response.json()["bundle_pem"] == first
        server.stop()
        server = Server(tmp_path, database_url=database_url).start()
        assert requests.get(f"{issuer(server)}/spiffe/bundle.pem", timeout=10).text == first
        actions = [e["action"] for e in server.api("GET", "/t/default/v1/audit?after=0&limit=1000").json()["events"]]
        assert actions.count("spiffe.ca.create") == 1
    finally:
        server.stop()
