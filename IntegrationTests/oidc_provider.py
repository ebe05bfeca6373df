"""A real OpenID Provider for the console's sign-in tests.

The protocol work is done by idpyoidc (the Identity Python project's OpenID Connect library, PyPI
`idpyoidc`): discovery, JWKS, the authorization endpoint, the authorization code grant with PKCE,
client authentication (`client_secret_basic`, `client_secret_post`, `private_key_jwt`), ID token
minting and signing, and userinfo. This module only adds what a test needs around it:

- a small HTTP front end (the standard library's `ThreadingHTTPServer`) on a free loopback port,
  run in a background thread of the test process;
- users with passwords, emails and groups, and a plain HTML sign-in page (labelled fields and a
  submit button) that Selenium can fill;
- clients registered at test time, once the relying party's redirect URI is known
  (`register_client`), with a client secret or with the client's public JWKS / JWKS URI;
- a tampering hook on the token endpoint: per test, the ID token in the token response can be
  replaced by one with a wrong `aud`, `nonce` or `iss`, an expired `exp`, a bad signature or no
  signature at all (`tamper`).

    op = OpenIDProvider().start()
    client = op.register_client(["http://127.0.0.1:8080/console/callback"])
    ...  # discovery at op.issuer + "/.well-known/openid-configuration"
    op.stop()

In pytest, use the `oidc_provider` fixture below (imported by conftest.py).

Run by hand (`python3 oidc_provider.py`) it starts with the default users, registers one client for
the redirect URI given with --redirect-uri and serves until interrupted.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import http.cookies
import json
import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional, Union
from urllib.parse import parse_qsl, urlsplit

import jwt as pyjwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from idpyoidc.message.oauth2 import ResponseMessage
from idpyoidc.message.oidc import AccessTokenRequest, AuthorizationRequest
from idpyoidc.server import Server
from idpyoidc.server.exception import FailedAuthentication, OnlyForTestingWarning
from idpyoidc.server.user_authn.authn_context import INTERNETPROTOCOLPASSWORD

log = logging.getLogger("oidc_provider")

# idpyoidc warns, on every sign-in page it renders, that its password method is for testing only.
# That is what it is used for here. (Under pytest, conftest.py adds the same filter: pytest resets
# the warning filters for each test.)
warnings.filterwarnings("ignore", category=OnlyForTestingWarning)

# The test users. Each has a password, an email, a display name and the groups the `groups` claim
# carries. Lanyard maps the groups to its roles (lanyard-admins -> platform or tenant admin,
# lanyard-reviewers -> security-reviewer, lanyard-builders -> builder).
DEFAULT_USERS = {
    "alice": {
        "password": "alice-password",
        "name": "Alice Admin",
        "email": "alice@example.test",
        "groups": ["lanyard-admins"],
    },
    "rita": {
        "password": "rita-password",
        "name": "Rita Reviewer",
        "email": "rita@example.test",
        "groups": ["lanyard-reviewers"],
    },
    "bob": {
        "password": "bob-password",
        "name": "Bob Builder",
        "email": "bob@example.test",
        "groups": ["lanyard-builders"],
    },
}

# The ways the token endpoint can spoil the ID token it returns (see OpenIDProvider.tamper).
TAMPER_MODES = ("aud", "nonce", "exp", "iss", "signature", "alg_none")

# The sign-in page. idpyoidc's UserPassJinja2 method renders it with: action (where to post),
# token (a signed JWT carrying the pending authorization request), page_header, user_label,
# passwd_label, submit_btn. `error` is ours, set after a wrong password.
LOGIN_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ page_header }}</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>{{ page_header }}</h1>
{% if error %}<p id="error" role="alert">{{ error }}</p>{% endif %}
<form id="login" action="{{ action }}" method="post">
<input type="hidden" name="token" value="{{ token }}">
<p><label for="username">{{ user_label }}</label>
<input id="username" name="username" type="text" autocomplete="username" required autofocus></p>
<p><label for="password">{{ passwd_label }}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button id="submit" type="submit">{{ submit_btn }}</button></p>
</form>
</main>
</body>
</html>
"""

ERROR_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="icon" href="data:,"></head>
<body><main><h1>Error</h1><p id="error">{{ message }}</p></main></body></html>
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for the relying party under
    test; the provider binds its own)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _b64url_json(segment: str) -> dict:
    """Decodes one base64url segment of a JWS into a dict."""
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded))


def _username_as_sub(uid, salt="", **kwargs) -> str:
    """idpyoidc's subject function for the `public` subject type: the username itself."""
    return uid


class OpenIDProvider:
    """An idpyoidc OpenID Provider served on 127.0.0.1 from a background thread.

    users: username -> {"password", "name", "email", "groups"}; DEFAULT_USERS when omitted.
    remember_sign_in: when False (the default) the provider ignores its own session cookie, so
        every authorization request shows the sign-in page (a test can sign in as alice, then as
        rita, in the same browser). When True it behaves like a real IdP with single sign-on.
    """

    def __init__(self, users: Optional[dict] = None, remember_sign_in: bool = False):
        self.users = copy.deepcopy(users if users is not None else DEFAULT_USERS)
        self.remember_sign_in = remember_sign_in
        # Bind the listening socket first (port 0: the kernel picks a free one), since the issuer
        # URL, which idpyoidc needs at construction, carries the port.
        provider = self

        class Handler(_Handler):
            op = provider

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.issuer = f"http://127.0.0.1:{self.port}"
        self._workdir = tempfile.mkdtemp(prefix="lanyard-op-")
        # idpyoidc keeps state in plain dicts and is not written for concurrent use: every call
        # into it is made under this lock.
        self._lock = threading.RLock()
        self._tamper: Union[None, str, Callable[[dict], None]] = None
        # Each ID token the hook spoiled: {"mode", "original", "tampered"} (the JWS strings).
        self.tampered: list[dict] = []
        # Every token response returned, after any tampering (parsed JSON), newest last.
        self.token_responses: list[dict] = []
        self._thread: Optional[threading.Thread] = None
        self.server = self._build_server()

    # ----- the idpyoidc server -------------------------------------------------------------

    def _path(self, name: str) -> str:
        return os.path.join(self._workdir, name)

    def _build_server(self) -> Server:
        # The user database idpyoidc's password method reads: username -> password.
        with open(self._path("passwd.json"), "w") as f:
            json.dump({u: info["password"] for u, info in self.users.items()}, f)

        # The claims userinfo and the ID token are built from: everything but the password.
        # `sub` is the username, so tests can predict it.
        claims_db = {}
        for username, info in self.users.items():
            claims = {k: v for k, v in info.items() if k != "password"}
            claims.setdefault("preferred_username", username)
            claims.setdefault("email_verified", True)
            claims_db[username] = claims

        # The scope `groups` releases the claim `groups` (in the ID token and from userinfo).
        scopes_to_claims = {
            "openid": ["sub"],
            "profile": ["name", "preferred_username"],
            "email": ["email", "email_verified"],
            "groups": ["groups"],
        }

        # idpyoidc renders the sign-in page from template_dir (with autoescaping).
        for name, text in (("login.html", LOGIN_TEMPLATE), ("error.html", ERROR_TEMPLATE)):
            with open(self._path(name), "w") as f:
                f.write(text)

        conf = {
            "issuer": self.issuer,
            "httpc_params": {"verify": False, "timeout": 4},
            # The provider's own signing keys: an RSA key (RS256, the default for ID tokens) and
            # a P-256 key (ES256, for a client registered with id_token_alg="ES256").
            "key_conf": {
                "key_defs": [
                    {"type": "RSA", "use": ["sig"]},
                    {"type": "EC", "crv": "P-256", "use": ["sig"]},
                ],
                "uri_path": "jwks.json",
            },
            "template_dir": self._workdir,
            "cookie_handler": {
                "class": "idpyoidc.server.cookie_handler.CookieHandler",
                "kwargs": {
                    "keys": {
                        "private_path": self._path("cookie_jwks.json"),
                        "key_defs": [
                            {"type": "OCT", "use": ["enc"], "kid": "enc"},
                            {"type": "OCT", "use": ["sig"], "kid": "sig"},
                        ],
                        "read_only": False,
                    },
                    "name": {
                        "session": "test_op_session",
                        "register": "test_op_rp",
                        "session_management": "test_op_sman",
                    },
                },
            },
            "endpoint": {
                "provider_config": {
                    "path": ".well-known/openid-configuration",
                    "class": "idpyoidc.server.oidc.provider_config.ProviderConfiguration",
                    "kwargs": {},
                },
                "authorization": {
                    "path": "authorization",
                    "class": "idpyoidc.server.oidc.authorization.Authorization",
                    "kwargs": {
                        "response_types_supported": ["code"],
                        "response_modes_supported": ["query"],
                        "claims_parameter_supported": True,
                        "request_parameter_supported": False,
                    },
                },
                "token": {
                    "path": "token",
                    "class": "idpyoidc.server.oidc.token.Token",
                    "kwargs": {
                        "client_authn_method": [
                            "client_secret_basic",
                            "client_secret_post",
                            "private_key_jwt",
                        ]
                    },
                },
                "userinfo": {
                    "path": "userinfo",
                    "class": "idpyoidc.server.oidc.userinfo.UserInfo",
                    "kwargs": {
                        "add_claims_by_scope": True,
                        "client_authn_method": ["bearer_header", "bearer_body"],
                    },
                },
            },
            "token_handler_args": {
                "jwks_def": {
                    "private_path": self._path("token_jwks.json"),
                    "read_only": False,
                    "key_defs": [{"type": "oct", "bytes": 24, "use": ["enc"], "kid": "code"}],
                },
                "code": {"kwargs": {"lifetime": 600}},
                "token": {
                    "class": "idpyoidc.server.token.jwt_token.JWTToken",
                    "kwargs": {"lifetime": 3600},
                },
                "refresh": {
                    "class": "idpyoidc.server.token.jwt_token.JWTToken",
                    "kwargs": {"lifetime": 86400},
                },
                # The ID token carries the claims of the scopes asked for (email, groups, ...),
                # not only sub: the console reads the groups straight from it.
                "id_token": {
                    "class": "idpyoidc.server.token.id_token.IDToken",
                    "kwargs": {"add_claims_by_scope": True, "lifetime": 600},
                },
            },
            "authentication": {
                "user": {
                    "acr": INTERNETPROTOCOLPASSWORD,
                    "class": "idpyoidc.server.user_authn.user.UserPassJinja2",
                    "kwargs": {
                        "verify_endpoint": "/verify/user",
                        "template": "login.html",
                        "db": {
                            "class": "idpyoidc.server.util.JSONDictDB",
                            "kwargs": {"filename": self._path("passwd.json")},
                        },
                        "page_header": "Sign in to the test identity provider",
                        "user_label": "Username",
                        "passwd_label": "Password",
                        "submit_btn": "Sign in",
                    },
                }
            },
            "userinfo": {"class": "idpyoidc.server.user_info.UserInfo", "kwargs": {"db": claims_db}},
            "authz": {
                "class": "idpyoidc.server.authz.AuthzHandling",
                "kwargs": {
                    "grant_config": {
                        "usage_rules": {
                            "authorization_code": {
                                "supports_minting": ["access_token", "refresh_token", "id_token"],
                                "max_usage": 1,
                            },
                            "access_token": {},
                            "refresh_token": {"supports_minting": ["access_token", "id_token"]},
                        },
                        "expires_in": 43200,
                    }
                },
            },
            # PKCE is required of every client, and only S256 is accepted.
            "add_on": {
                "pkce": {
                    "function": "idpyoidc.server.oauth2.add_on.pkce.add_support",
                    "kwargs": {"essential": True, "code_challenge_methods": {"S256": "S256"}},
                },
            },
            "scopes_to_claims": scopes_to_claims,
            "preference": {
                "subject_types_supported": ["public"],
                "grant_types_supported": ["authorization_code", "refresh_token"],
            },
            "claims_interface": {
                "class": "idpyoidc.server.session.claims.ClaimsInterface",
                "kwargs": {},
            },
            # `sub` is the username (idpyoidc's default is a salted hash), so tests can predict
            # who signed in.
            "session_params": {"sub_func": {"public": {"function": _username_as_sub}}},
        }
        server = Server(conf, cwd=self._workdir)
        # private_key_jwt: idpyoidc accepts an assertion whose aud is the token endpoint URL only.
        # Also accept the issuer identifier, as OpenID Connect's 2025 advice on client assertion
        # audiences recommends clients send ("" is idpyoidc's name for the issuer here).
        server.get_endpoint("token").allowed_targets.append("")
        # Discovery: advertise the scopes and claims this provider actually releases (idpyoidc
        # lists only "openid" by default).
        info = server.context.provider_info
        info["scopes_supported"] = list(scopes_to_claims)
        info["claims_supported"] = sorted(
            {"iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "azp", "sid"}
            | {c for claims in scopes_to_claims.values() for c in claims}
        )
        return server

    # ----- test-facing API -----------------------------------------------------------------

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    @property
    def jwks_url(self) -> str:
        return self.issuer + "/jwks.json"

    @property
    def authorization_endpoint(self) -> str:
        return self.issuer + "/authorization"

    @property
    def token_endpoint(self) -> str:
        return self.issuer + "/token"

    @property
    def userinfo_endpoint(self) -> str:
        return self.issuer + "/userinfo"

    def register_client(
        self,
        redirect_uris: list[str],
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        jwks: Optional[dict] = None,
        jwks_uri: Optional[str] = None,
        auth_method: Optional[str] = None,
        id_token_alg: str = "RS256",
        scopes: tuple = ("openid", "profile", "email", "groups"),
    ) -> dict:
        """Registers a relying party and returns its registration.

        With jwks (a public JWK set, {"keys": [...]}) or jwks_uri, the client authenticates with
        private_key_jwt; otherwise with a client secret (generated unless given), by
        client_secret_basic or client_secret_post. auth_method narrows it to one method.
        id_token_alg: "RS256" (default) or "ES256".

        Returns {"client_id", "client_secret" (None for private_key_jwt),
        "token_endpoint_auth_method", "auth_methods", "redirect_uris", "issuer"}.
        """
        client_id = client_id or "client-" + secrets.token_hex(6)
        if jwks is not None or jwks_uri is not None:
            methods = ["private_key_jwt"]
            client_secret = None
        else:
            methods = ["client_secret_basic", "client_secret_post"]
            client_secret = client_secret or secrets.token_urlsafe(24)
        if auth_method is not None:
            if auth_method not in methods:
                raise ValueError(f"{auth_method} does not fit a client registered this way")
            methods = [auth_method]

        info = {
            "client_id": client_id,
            "client_id_issued_at": int(time.time()),
            "redirect_uris": list(redirect_uris),
            "response_types": ["code"],
            "grant_types": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_method": methods[0],
            # idpyoidc refuses, at the token endpoint, any method not listed here (the key is
            # per endpoint: a plain "client_authn_method" would also bind userinfo's bearer token).
            "token_endpoint_client_authn_method": methods,
            "allowed_scopes": list(scopes),
            "id_token_signed_response_alg": id_token_alg,
            "pkce_essential": True,
        }
        if client_secret is not None:
            info["client_secret"] = client_secret
            info["client_secret_expires_at"] = 0
        if jwks_uri is not None:
            info["jwks_uri"] = jwks_uri
        with self._lock:
            self.server.context.cdb[client_id] = info
        if jwks is not None or jwks_uri is not None:
            self.set_client_keys(client_id, jwks=jwks, jwks_uri=jwks_uri)
        return {
            "client_id": client_id,
            "client_secret": client_secret,
            "token_endpoint_auth_method": methods[0],
            "auth_methods": methods,
            "redirect_uris": list(redirect_uris),
            "issuer": self.issuer,
        }

    def set_client_keys(self, client_id: str, jwks: Optional[dict] = None, jwks_uri: Optional[str] = None):
        """Replaces the public keys the provider checks a client's private_key_jwt assertions with.

        The keys live in idpyoidc's key jar under the client_id, which is where it looks for the
        key that signed an assertion. A JWKS URI is fetched at once (if nothing answers there yet,
        the failure is logged and the fetch is tried again when an assertion arrives) and then
        cached for 5 minutes (cryptojwt's default): after rotating the client's key, call this
        again to make the provider read the new set at once.
        """
        with self._lock:
            keyjar = self.server.context.keyjar
            if client_id in keyjar:
                del keyjar[client_id]
            if jwks is not None:
                keyjar.import_jwks(jwks, client_id)
            if jwks_uri is not None:
                keyjar.add_url(client_id, jwks_uri)

    def add_user(self, username: str, password: str, groups: list[str], email: str = "", name: str = ""):
        """Adds (or replaces) a user after start."""
        info = {
            "password": password,
            "name": name or username,
            "email": email or f"{username}@example.test",
            "groups": list(groups),
        }
        with self._lock:
            self.users[username] = info
            authn = self.server.context.authn_broker.get_method_by_id("user")
            authn.user_db._db[username] = password
            claims = {k: v for k, v in info.items() if k != "password"}
            claims["preferred_username"] = username
            claims["email_verified"] = True
            self.server.context.userinfo.db[username] = claims

    def tamper(self, mode: Union[None, str, Callable[[dict], None]]):
        """Sets how the token endpoint spoils the ID tokens it returns, until changed.

        None: no tampering (the default).
        "aud": aud is another client's id; signed with the provider's own key.
        "nonce": nonce is a different random value; signed with the provider's own key.
        "exp": issued two hours ago, expired an hour ago; signed with the provider's own key.
        "iss": iss is another issuer; signed with the provider's own key.
        "signature": the right claims, signed with a fresh key of the same type under the
            provider key's kid (the signature does not verify with the published JWKS).
        "alg_none": the right claims, unsigned (alg "none", empty signature).
        a callable: given the claims (a dict), changes them in place; the result is signed with
            the provider's own key.
        """
        if mode is not None and not callable(mode) and mode not in TAMPER_MODES:
            raise ValueError(f"unknown tamper mode {mode!r}; one of {TAMPER_MODES}")
        self._tamper = mode

    @contextlib.contextmanager
    def tampering(self, mode):
        """`with op.tampering("aud"): ...` -- tamper inside the block only."""
        self.tamper(mode)
        try:
            yield self
        finally:
            self.tamper(None)

    def signing_key(self, alg: str = "RS256"):
        """The provider's private signing key for alg ("RS256" or "ES256"): (key, kid), where key
        is a `cryptography` private key object, usable with PyJWT."""
        key_type = "RSA" if alg.startswith(("RS", "PS")) else "EC"
        with self._lock:
            keys = self.server.context.keyjar.get_signing_key(key_type, issuer_id="")
        if not keys:
            raise LookupError(f"no {key_type} signing key")
        return keys[0].private_key(), keys[0].kid

    def sign_id_token(self, claims: dict, alg: str = "RS256") -> str:
        """Signs any claims with the provider's own key, as the provider would."""
        key, kid = self.signing_key(alg)
        return pyjwt.encode(claims, key, algorithm=alg, headers={"kid": kid})

    def public_jwks(self) -> dict:
        """The provider's published JWK set."""
        with self._lock:
            return self.server.context.keyjar.export_jwks(issuer_id="")

    # ----- lifetime ------------------------------------------------------------------------

    def start(self) -> "OpenIDProvider":
        """Serves requests from a background thread; returns self."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="oidc-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stops serving, closes the socket and removes the provider's key and template files."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ----- tampering -----------------------------------------------------------------------

    def _spoil(self, id_token: str) -> str:
        """Returns the ID token as the current tamper mode wants it."""
        mode = self._tamper
        header = _b64url_json(id_token.split(".")[0])
        claims = _b64url_json(id_token.split(".")[1])
        alg, kid = header.get("alg", "RS256"), header.get("kid")
        now = int(time.time())

        if mode == "signature":
            # A key of the same type nobody published, presented under the provider key's kid.
            if alg.startswith("ES"):
                rogue = ec.generate_private_key(ec.SECP256R1())
            else:
                rogue = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return pyjwt.encode(claims, rogue, algorithm=alg, headers={"kid": kid})
        if mode == "alg_none":
            return pyjwt.encode(claims, None, algorithm="none")

        if mode == "aud":
            claims["aud"] = ["some-other-client"]
            claims["azp"] = "some-other-client"
        elif mode == "nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif mode == "exp":
            claims["iat"] = now - 7200
            claims["exp"] = now - 3600
            if "auth_time" in claims:
                claims["auth_time"] = now - 7200
        elif mode == "iss":
            claims["iss"] = "http://127.0.0.1:1/not-the-issuer"
        elif callable(mode):
            mode(claims)
        key, _ = self.signing_key(alg)
        return pyjwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


class _Handler(BaseHTTPRequestHandler):
    """Maps HTTP requests onto idpyoidc's endpoints."""

    op: OpenIDProvider  # set on the subclass made in start()
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: pytest output stays readable
        log.debug("%s " + fmt, self.address_string(), *args)

    # --- plumbing

    def _send(self, status: int, body: Union[str, bytes], content_type: str, headers=(), cookies=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            if name.lower() not in ("content-type", "content-length"):
                self.send_header(name, value)
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, obj):
        self._send(status, json.dumps(obj), "application/json")

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return dict(parse_qsl(raw, keep_blank_values=True))

    def _http_info(self) -> dict:
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() not in ("cookie", "user-agent")}
        cookies = []
        if self.op.remember_sign_in and self.headers.get("Cookie"):
            jar = http.cookies.SimpleCookie(self.headers["Cookie"])
            cookies = [{"name": k, "value": m.value} for k, m in jar.items()]
        return {
            "headers": headers,
            "method": self.command,
            "url": self.op.issuer + self.path,
            "cookie": cookies,
        }

    @staticmethod
    def _set_cookie_headers(spec) -> list[str]:
        """idpyoidc describes cookies as dicts (name, value, and attributes)."""
        specs = spec if isinstance(spec, list) else [spec]
        out = []
        for s in specs:
            # A session cookie (idpyoidc's "max-age" is an absolute time, not seconds); an
            # "expires" in the past is how idpyoidc deletes one.
            parts = [f"{s['name']}={s['value']}", "Path=/", "SameSite=Lax", "HttpOnly"]
            if s.get("expires"):
                parts.append("Expires=" + s["expires"].rstrip(";"))
            out.append("; ".join(parts))
        return out

    def _endpoint_response(self, endpoint, request, args: dict):
        """Turns what an endpoint's process_request returned into the HTTP response."""
        if "http_response" in args:  # the sign-in page
            self._send(200, args["http_response"], "text/html; charset=utf-8")
            return
        if "redirect_location" in args:
            self._send(302, "", "text/plain", headers=[("Location", args["redirect_location"])])
            return
        info = endpoint.do_response(request=request, **args)
        placement = info.get("response_placement", endpoint.response_placement)
        cookies = self._set_cookie_headers(info["cookie"]) if "cookie" in info else []
        headers = list(info.get("http_headers", []))
        if placement == "url":
            headers.append(("Location", info["response"]))
            self._send(302, "", "text/plain", headers=headers, cookies=cookies)
            return
        status = info.get("response_code", 400 if "error" in args else 200)
        body = info["response"]
        content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "application/json")
        self._send(status, body, content_type, headers=headers, cookies=cookies)

    def _serve_endpoint(self, name: str, request_args):
        op = self.op
        endpoint = op.server.get_endpoint(name)
        http_info = self._http_info()
        with op._lock:
            try:
                request = endpoint.parse_request(request_args, http_info=http_info)
            except Exception as err:  # idpyoidc raises on unknown clients, bad assertions, ...
                log.info("%s: parse_request failed: %r", name, err)
                status = 401 if "Authentic" in type(err).__name__ or "Client" in type(err).__name__ else 400
                self._json(status, {"error": "invalid_client" if status == 401 else "invalid_request",
                                    "error_description": str(err)})
                return
            if isinstance(request, ResponseMessage) and "error" in request:
                status = 401 if request["error"] == "invalid_client" else 400
                self._send(status, request.to_json(), "application/json")
                return
            try:
                if name == "token":
                    args = endpoint.process_request(AccessTokenRequest(**request), http_info=http_info)
                else:
                    args = endpoint.process_request(request, http_info=http_info)
            except Exception as err:
                log.exception("%s: process_request failed", name)
                self._json(400, {"error": "invalid_request", "error_description": str(err)})
                return
            if isinstance(args, ResponseMessage) and "error" in args:
                status = 401 if args["error"] == "invalid_client" else 400
                self._send(status, args.to_json(), "application/json")
                return
            if name == "token":
                self._token_response(endpoint, request, args)
                return
            self._endpoint_response(endpoint, request, args)

    def _token_response(self, endpoint, request, args):
        """The token endpoint's answer, with the ID token spoiled if a tamper mode is set."""
        info = endpoint.do_response(request=request, **args)
        body = info["response"]
        status = info.get("response_code", 200)
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if isinstance(payload, dict) and "error" in payload and status == 200:
            status = 401 if payload["error"] == "invalid_client" else 400
        if isinstance(payload, dict) and "id_token" in payload and self.op._tamper is not None:
            original = payload["id_token"]
            payload["id_token"] = self.op._spoil(original)
            self.op.tampered.append(
                {"mode": self.op._tamper if isinstance(self.op._tamper, str) else "callable",
                 "original": original, "tampered": payload["id_token"]}
            )
            body = json.dumps(payload)
        if isinstance(payload, dict):
            self.op.token_responses.append(payload)
        self._send(status, body, "application/json", headers=[("Pragma", "no-cache")])

    def _verify_user(self, form: dict):
        """The sign-in form's target: checks the password, then finishes the authorization."""
        op = self.op
        with op._lock:
            authn = op.server.context.authn_broker.get_method_by_id("user")
            try:
                username = authn.verify(username=form.get("username", ""), password=form.get("password", ""))
            except FailedAuthentication:
                # The form again, with an error. Status 200, as most IdPs answer: a 4xx here
                # would put a "failed to load resource" error in the browser console.
                page = op.server.context.template_handler.render(
                    "login.html",
                    action=authn.action,
                    token=form.get("token", ""),
                    error="Wrong username or password.",
                    **authn.kwargs,
                )
                self._send(200, page, "text/html; charset=utf-8")
                return
            try:
                pending = authn.unpack_token(form["token"])
            except Exception as err:
                self._error_page(400, f"The sign-in form has expired or was altered ({err}).")
                return
            authz_request = AuthorizationRequest().from_urlencoded(pending["query"])
            endpoint = op.server.get_endpoint("authorization")
            session_id = endpoint.create_session(
                authz_request, username, pending["authn_class_ref"], pending["iat"], authn
            )
            args = endpoint.authz_part2(request=authz_request, session_id=session_id)
            if isinstance(args, ResponseMessage) and "error" in args:
                self._error_page(400, args.to_json())
                return
            self._endpoint_response(endpoint, authz_request, args)

    def _error_page(self, status: int, message: str):
        page = self.op.server.context.template_handler.render("error.html", message=message)
        self._send(status, page, "text/html; charset=utf-8")

    # --- routes

    def do_GET(self):
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        if url.path == "/.well-known/openid-configuration":
            self._serve_endpoint("provider_config", query)
        elif url.path == "/jwks.json":
            self._json(200, self.op.public_jwks())
        elif url.path == "/authorization":
            self._serve_endpoint("authorization", query)
        elif url.path == "/userinfo":
            self._serve_endpoint("userinfo", query)
        elif url.path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self):
        url = urlsplit(self.path)
        form = self._form()
        if url.path == "/token":
            self._serve_endpoint("token", form)
        elif url.path == "/verify/user":
            self._verify_user(form)
        elif url.path == "/userinfo":
            self._serve_endpoint("userinfo", form)
        elif url.path == "/authorization":
            self._serve_endpoint("authorization", form)
        else:
            self._json(404, {"error": "not_found"})


# ----- browser helper ------------------------------------------------------------------------

def sign_in(driver, username: str, password: str, timeout: float = 10):
    """Fills the provider's sign-in page in a Selenium-driven browser and submits it.

    The fields are found through their <label>s, the way a person reads the form. Returns once
    the form is submitted; the browser then follows the redirect back to the relying party (or
    shows the form again with an error after a wrong password).
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.ID, "login")))

    def field(label_text):
        label = driver.find_element(By.XPATH, f"//label[normalize-space()='{label_text}']")
        return driver.find_element(By.ID, label.get_attribute("for"))

    user_field, password_field = field("Username"), field("Password")
    user_field.clear()
    user_field.send_keys(username)
    password_field.clear()
    password_field.send_keys(password)
    form = driver.find_element(By.ID, "login")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


# ----- pytest fixture ------------------------------------------------------------------------

try:
    import pytest
except ImportError:  # run by hand without pytest
    pytest = None

if pytest is not None:

    @pytest.fixture
    def oidc_provider():
        """A running OpenIDProvider with DEFAULT_USERS (alice, rita, bob); stopped afterwards."""
        op = OpenIDProvider().start()
        try:
            yield op
        finally:
            op.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run the test OpenID Provider by hand.")
    parser.add_argument("--redirect-uri", action="append", default=[])
    parser.add_argument("--client-id", default="lanyard-console")
    parser.add_argument("--client-secret", default=None)
    args = parser.parse_args()
    op = OpenIDProvider().start()
    client = op.register_client(args.redirect_uri or ["http://127.0.0.1:8080/console/callback"],
                                client_id=args.client_id, client_secret=args.client_secret)
    print(json.dumps({"issuer": op.issuer, **client}, indent=2), flush=True)
    for name, info in op.users.items():
        print(f"user {name} / {info['password']} groups={info['groups']}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        op.stop()
