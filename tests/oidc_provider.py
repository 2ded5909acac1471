"""A small OpenID Connect provider for tests: discovery, an authorisation endpoint that signs in one configured user
at once (no form), a token endpoint giving an RS256-signed ID token, and its keys. Served on a loopback port in a
thread; `with Provider(...) as idp:` starts and stops it."""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID, CLIENT_SECRET = "stride-test", "test-secret-not-for-use"


class Provider:
    def __init__(self, *, user: str, roles: list[str]):
        self.user, self.roles = user, roles
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.codes: dict[str, str] = {}  # code -> the nonce the app sent
        self.server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.metadata_url = self.issuer + "/.well-known/openid-configuration"

    def __enter__(self) -> "Provider":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()

    @Request.application
    def wsgi(self, request: Request) -> Response:
        if request.path == "/.well-known/openid-configuration":
            return _json({"issuer": self.issuer, "authorization_endpoint": self.issuer + "/authorize",
                          "token_endpoint": self.issuer + "/token", "jwks_uri": self.issuer + "/jwks",
                          "response_types_supported": ["code"], "subject_types_supported": ["public"],
                          "id_token_signing_alg_values_supported": ["RS256"]})
        if request.path == "/jwks":
            return _json({"keys": [self.key.as_dict(private=False)]})
        if request.path == "/authorize":
            args = request.args
            if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
                return Response("bad authorisation request", status=400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = args.get("nonce", "")
            back = args["redirect_uri"] + "?" + urlencode({"code": code, "state": args["state"]})
            return Response(status=302, headers={"Location": back})
        if request.path == "/token" and request.method == "POST":
            return self.token(request)
        return Response("not found", status=404)

    def token(self, request: Request) -> Response:
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        sent = request.form.get("client_id") == CLIENT_ID and request.form.get("client_secret") == CLIENT_SECRET
        if request.headers.get("Authorization") != f"Basic {basic}" and not sent:
            return _json({"error": "invalid_client"}, 401)
        nonce = self.codes.pop(request.form.get("code", ""), None)
        if nonce is None:
            return _json({"error": "invalid_grant"}, 400)
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "user-1", "aud": CLIENT_ID, "iat": now, "exp": now + 600,
                  "nonce": nonce, "preferred_username": self.user, "roles": self.roles}
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return _json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                      "id_token": id_token})


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")
