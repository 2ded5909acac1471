"""Signing in, in headless Chromium: through an OpenID Connect provider the test starts (`tests/oidc_provider.py`),
and through the users file's form; then the page is drawn under the content security policy with no error in the
console, while a request without the session gets 302 (page) or 401 (callback, export), and a viewer 403 on a
chart download."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from dashboard.app import create_app
from dashboard.guard.settings import Settings
from tests.guard_helpers import PASSWORD, ROLE_USERS, NoRedirect, page_router, settings
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.browser


def status(url: str, data: bytes | None = None) -> int:
    """The status a request without any cookie gets (redirects not followed)."""
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def console_errors(dash_duo) -> list[str]:
    return [e["message"] for e in dash_duo.get_logs() if e["level"] == "SEVERE"]


def test_an_analyst_signs_in_through_openid_connect_and_sees_the_charts(dash_duo, shipped_store, tmp_path,
                                                                         free_port):
    with Provider(user="ana.lyst@force.example", roles=["Analyst"]) as idp:
        app = create_app(shipped_store, Settings(instance=tmp_path, oidc_metadata_url=idp.metadata_url,
                                                 oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                                                 access_log=tmp_path / "access.log"))
        dash_duo.start_server(app, navigate=False, port=free_port)  # (navigating waits for a Dash page)
        base = dash_duo.server.url
        assert status(base + "/interactions") == 302
        assert status(base + "/_dash-update-component", page_router(app, "/interactions").encode()) == 401
        assert status(base + "/export/interactions/rate.csv") == 401

        dash_duo.driver.get(base + "/interactions")  # to sign-in, to the provider, back, and on to the page
        dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners", timeout=120)
        dash_duo.wait_for_element(".js-plotly-plot", timeout=120)
        assert console_errors(dash_duo) == []  # Dash and Plotly work under the CSP
        assert "ana.lyst@force.example" in (tmp_path / "access.log").read_text()


def test_a_viewer_signs_in_with_a_password_and_may_not_download_a_chart(dash_duo, shipped_store, tmp_path,
                                                                        free_port):
    dash_duo.start_server(create_app(shipped_store, settings(tmp_path)), navigate=False, port=free_port)
    base = dash_duo.server.url
    dash_duo.driver.get(base + "/culture")
    dash_duo.wait_for_element("#username").send_keys(ROLE_USERS["viewer"])
    dash_duo.find_element("#password").send_keys(PASSWORD)
    dash_duo.find_element("#sign-in").click()
    dash_duo.wait_for_text_to_equal("h1", "Culture and internal processes", timeout=120)
    assert dash_duo.driver.current_url == base + "/culture"
    assert console_errors(dash_duo) == []

    dash_duo.driver.get(base + "/export/culture/grievance-share.csv")
    assert "Your role (viewer) may not see this" in dash_duo.find_element("body").text
