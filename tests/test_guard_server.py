"""The server's guard, through Flask's test client: no session gets 302 (pages) or 401 (callbacks, exports,
resources), a role that may not gets 403, malformed callback bodies and oversized requests get 4xx and leave no
trace of themselves in any log, and every answer carries the security headers."""
from __future__ import annotations

import json
import logging
import os
import stat
import urllib.error
import urllib.request

import pytest

from dashboard.app import create_app
from dashboard.guard.settings import Settings
from tests.guard_helpers import PASSWORD, NoRedirect, filter_change, page_router, sign_in, signed_in_app

MB = 1_000_000


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="module")
def app(shipped_store, instance):
    return signed_in_app(shipped_store, instance, export_rate_limit="3 per minute", sign_in_rate_limit="100 per minute")


@pytest.fixture(scope="module")
def open_app(shipped_store):
    app = create_app(shipped_store, Settings(users_file=None))  # sign-in not configured: loopback only
    app.server.test_client().get("/")
    return app


def client(app, role: str | None = None):
    c = app.server.test_client()
    if role:
        assert sign_in(c, role).status_code == 302
    return c


def post_callback(c, body, **kwargs):
    return c.post("/_dash-update-component", data=body, content_type="application/json", **kwargs)


# -- no session ------------------------------------------------------------------------------------------------------
def test_without_a_session_a_page_is_sent_to_sign_in_and_comes_back_after(app):
    response = client(app).get("/interactions?period=2018")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2Finteractions%3Fperiod%3D2018"


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies", "/export/interactions/rate.csv",
                                  "/export/pack.pdf?period=2018Q4", "/assets/stride.css"])
def test_without_a_session_resources_and_exports_are_401(app, path):
    assert client(app).get(path).status_code == 401


def test_without_a_session_a_callback_is_401_before_its_body_is_read(app):
    c = client(app)
    assert post_callback(c, page_router(app, "/interactions")).status_code == 401
    assert post_callback(c, "[1, 2]").status_code == 401


def test_a_wrong_password_is_401_and_gives_no_session(app):
    c = client(app)
    response = c.post("/auth/login", data={"username": "vera", "password": PASSWORD + "x", "next": "/"})
    assert response.status_code == 401 and b"not right" in response.data
    assert c.get("/_dash-layout").status_code == 401
    response = c.post("/auth/login", data={"username": "nobody", "password": PASSWORD, "next": "/"})
    assert response.status_code == 401


def test_sign_in_never_sends_anyone_to_another_site(app):
    c = client(app)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = c.post("/auth/login", data={"username": "vera", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/"


def test_password_guesses_are_rate_limited_per_address(shipped_store, tmp_path):
    c = client(signed_in_app(shipped_store, tmp_path, sign_in_rate_limit="3 per minute"))
    codes = [c.post("/auth/login", data={"username": "vera", "password": str(i)}).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]


def test_sign_out_ends_the_session(app):
    c = client(app, "viewer")
    assert c.get("/_dash-layout").status_code == 200
    assert c.get("/auth/logout").status_code == 302
    assert c.get("/_dash-layout").status_code == 401


# -- roles -----------------------------------------------------------------------------------------------------------
def test_a_viewer_sees_pages_and_the_pack_but_no_chart_download(app):
    c = client(app, "viewer")
    assert c.get("/interactions").status_code == 200
    assert c.get("/_dash-layout").status_code == 200
    assert post_callback(c, page_router(app, "/interactions")).status_code == 200
    assert c.get("/export/interactions/rate.csv").status_code == 403
    assert c.get("/export/pack.zip").status_code == 400  # past the role check: the route refuses the format


def test_a_viewer_may_not_break_figures_down_below_force_level(app):
    c = client(app, "viewer")
    assert c.get("/interactions?only=borough:Hackney").status_code == 403
    assert c.get("/reflective?by=bcu").status_code == 403
    assert post_callback(c, page_router(app, "/interactions", "?only=borough%3AHackney")).status_code == 403
    assert post_callback(c, filter_change(app, "interactions", only="borough:Hackney")).status_code == 403
    assert post_callback(c, filter_change(app, "reflective", cross="business_group")).status_code == 403


def test_a_viewer_is_not_offered_breakdowns_below_force_level(app):
    c = client(app, "viewer")
    response = post_callback(c, page_router(app, "/interactions"))
    assert response.status_code == 200
    assert "borough:" not in response.get_data(as_text=True)  # the "show only" menu holds no borough


def test_an_analyst_may_break_down_below_force_level_and_download(app):
    c = client(app, "analyst")
    response = post_callback(c, page_router(app, "/interactions"))
    assert response.status_code == 200 and "borough:" in response.get_data(as_text=True)
    assert c.get("/interactions?only=borough:Hackney").status_code == 200
    assert c.get("/export/no-such-page/chart.csv").status_code == 404  # past the role check: the route says why


def test_exports_are_rate_limited_per_user(app):
    analyst, admin = client(app, "analyst"), client(app, "admin")
    codes = [admin.get("/export/no-such-page/chart.csv").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]  # 3 per minute in this app's settings
    assert analyst.get("/export/no-such-page/chart.csv").status_code in (404, 429)  # counted apart from admin's...
    assert admin.get("/_dash-layout").status_code == 200  # ...and the pages are not limited


# -- malformed requests ----------------------------------------------------------------------------------------------
MALFORMED = {
    "a JSON array": "[1, 2, 3]",
    "a JSON string": '"output"',
    "not JSON": "{output: ",
    "an unknown output": json.dumps({"output": "nowhere.children", "inputs": [], "state": []}),
    "inputs not a list": None,  # filled in from a real body below
    "a number for a menu": None,
    "a string for clicks": None,
    "deep nesting": None,
    "very deep nesting": "[" * 200_000 + "]" * 200_000,
}


def malformed(app, case: str) -> str:
    body = json.loads(filter_change(app, "interactions"))
    if case == "inputs not a list":
        body["inputs"] = "x"
    elif case == "a number for a menu":
        body["inputs"][0]["value"] = 2018
    elif case == "a string for clicks":
        table = next(k for k in app.callback_map if "chart-table-holder" in k)
        body = {"output": table, "inputs": [{"id": {"chart": "rate", "page": "interactions",
                                                    "type": "chart-table-toggle"}, "property": "n_clicks",
                                             "value": "many"}, {}, {}], "state": [{}]}
    elif case == "deep nesting":
        nested = "x"
        for _ in range(40):
            nested = {"a": nested}
        body["inputs"][0]["value"] = nested
    else:
        return MALFORMED[case]
    return json.dumps(body)


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_callback_body_is_400_with_a_reason(app, open_app, case, caplog):
    for c in (client(app, "analyst"), client(open_app)):
        with caplog.at_level(logging.DEBUG):
            response = post_callback(c, malformed(app, case))
        assert response.status_code == 400, response.data
        assert response.data.startswith(b"Not a callback request: ")
        assert "Traceback" not in caplog.text and "Exception on" not in caplog.text


def test_a_60_mb_body_is_413_and_never_logged(app, open_app, instance, caplog):
    body = b'{"output": "' + b"A" * (60 * MB) + b'"}'
    for c in (client(app, "analyst"), client(app), client(open_app)):
        with caplog.at_level(logging.DEBUG):
            assert post_callback(c, body).status_code == 413
            assert c.post("/interactions", data=body).status_code == 413
    assert "AAAA" not in caplog.text
    access = (instance / "access.log").read_text()
    assert "AAAA" not in access and len(access) < 50_000


def test_the_open_app_answers_loopback_clients_only(open_app):
    assert client(open_app).get("/_dash-layout").status_code == 200
    response = client(open_app).get("/_dash-layout", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 403


# -- headers ---------------------------------------------------------------------------------------------------------
def test_every_answer_carries_the_security_headers(app):
    c = client(app, "viewer")
    for response in (c.get("/interactions"), c.get("/_dash-layout"), client(app).get("/auth/login"),
                     c.get("/export/interactions/rate.csv")):
        headers = response.headers
        policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # plain HTTP: HSTS only behind TLS
    secure = c.get("/auth/login", base_url="https://stride.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_dash_inline_scripts_are_allowed_by_hash(app):
    c = client(app, "viewer")
    response = c.get("/")
    for script in app.csp_hashes():
        assert script in response.headers["Content-Security-Policy"]
    assert "?v=" not in response.get_data(as_text=True).split('rel="icon"')[1].split(">")[0]  # no Dash version


def test_the_session_cookie_is_secure_httponly_and_samesite(app):
    response = sign_in(client(app), "viewer")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_secret_key_is_made_once_owner_only(app, instance):
    key = instance / "secret_key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert app.server.secret_key == key.read_text().strip() and len(key.read_text().strip()) == 64


# -- the access log --------------------------------------------------------------------------------------------------
def test_the_access_log_says_who_asked_for_what_and_no_figures(shipped_store, tmp_path):
    app = signed_in_app(shipped_store, tmp_path)
    viewer, analyst = client(app, "viewer"), client(app, "analyst")
    viewer.get("/interactions?period=2018")
    post_callback(viewer, filter_change(app, "interactions", period="R12-2018-12", by="sex"))
    viewer.get("/export/interactions/rate.csv?period=2018&by=sex")
    analyst.get("/export/no-such-page/chart.csv")
    lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
    assert stat.S_IMODE(os.stat(tmp_path / "access.log").st_mode) == 0o600
    by_kind = {(e["user"], e["kind"]): e for e in lines}
    page = by_kind[("vera", "page")]
    assert (page["role"], page["route"], page["status"], page["asked"]) == (
        "viewer", "/interactions", 200, {"period": "2018"})
    change = by_kind[("vera", "callback")]
    assert change["asked"]["period"] == "R12-2018-12" and change["asked"]["by"] == "sex"
    refused = by_kind[("vera", "export")]
    assert refused["status"] == 403
    assert refused["asked"] == {"period": "2018", "by": "sex", "page": "interactions", "chart": "rate.csv"}
    assert by_kind[("anil", "export")]["status"] == 404
    assert all(set(e) == {"time", "user", "role", "kind", "route", "status", "asked"} for e in lines)


def test_behind_a_tls_proxy_hsts_is_sent_and_the_client_address_is_the_forwarded_one(shipped_store, tmp_path):
    app = signed_in_app(shipped_store, tmp_path, proxies=1)
    response = client(app).get("/auth/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.9.8.7"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# -- OpenID Connect --------------------------------------------------------------------------------------------------
def oidc_sign_in(shipped_store, tmp_path, roles: list[str]):
    """Sign in through the test provider (its answers fetched by hand: the test client reaches only the app)."""
    import urllib.parse

    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

    with Provider(user="oscar@force.example", roles=roles) as idp:
        app = create_app(shipped_store, Settings(instance=tmp_path, oidc_metadata_url=idp.metadata_url,
                                                 oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                                                 access_log=tmp_path / "access.log"))
        c = client(app)
        to_login = c.get("/culture")
        assert to_login.headers["Location"].startswith("/auth/login")
        to_oidc = c.get(to_login.headers["Location"])
        assert to_oidc.headers["Location"].startswith("/auth/oidc")
        to_idp = c.get(to_oidc.headers["Location"]).headers["Location"]
        assert to_idp.startswith(idp.issuer + "/authorize")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(to_idp, timeout=30)
        except urllib.error.HTTPError as redirect:
            back = urllib.parse.urlsplit(redirect.headers["Location"])
        return c, c.get(f"{back.path}?{back.query}")


def test_openid_connect_gives_the_role_the_provider_names(shipped_store, tmp_path):
    c, back = oidc_sign_in(shipped_store, tmp_path, ["STRIDE.Reader", "Analyst"])
    assert back.status_code == 302 and back.headers["Location"] == "/culture"
    assert c.get("/_dash-layout").status_code == 200
    assert c.get("/export/no-such-page/chart.csv").status_code == 404  # an analyst: past the role check


def test_openid_connect_without_a_stride_role_is_refused(shipped_store, tmp_path):
    c, back = oidc_sign_in(shipped_store, tmp_path, ["Everyone"])
    assert back.status_code == 403 and b"no STRIDE role" in back.data
    assert c.get("/_dash-layout").status_code == 401
