"""The Interactions page's public attitudes section in headless Chromium, on the whole shipped store: the weighted
PAS figures as the metrics layer gives them, a sentence naming only significant gaps, and MOPAC's neighbourhood
table with no intervals and the reason said."""
from __future__ import annotations

from dash.testing.wait import until

from dashboard import ids
from dashboard.app import create_app
from dashboard.filters import FilterState
from dashboard.neighbourhood_chart import NO_INTERVAL
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.test_page_interactions_browser import open_table, table_rows


def panel(key: str) -> str:
    return f"#{ids.panel(ids.INTERACTIONS, key)}"


def test_public_attitudes_section_shows_weighted_gaps_and_the_published_table(dash_duo, shipped_store, free_port):
    dash_duo.start_server(create_app(shipped_store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/interactions")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    assert "Public attitudes" in [h.text for h in dash_duo.driver.find_elements("css selector", "main h2")]

    fairly = panel("pas_fairly")
    dash_duo.wait_for_contains_text(f"{fairly} h3", "Treat everyone fairly")
    expected = measure("public_attitudes", Inputs.of(shipped_store), by="ethnicity", period="R12-2018-12",
                       filters={"question": "Treat everyone fairly"}).set_index("group")
    said = dash_duo.find_element(f"{fairly} .chart-sentence").text
    black = expected.loc["Black"]
    assert bool(black["significant"]) and f"Black {black['value']:.1f}%" in said
    for group, row in expected.iterrows():  # a group is named only when its gap is significant
        assert (f"{group} {row['value']:.1f}%" in said) == bool(row["significant"]), group
    open_table(dash_duo, fairly)
    shown = table_rows(dash_duo, fairly)
    assert shown["Black"] == f"{black['value']:,.1f}" and shown["White"] == f"{expected.loc['White', 'value']:,.1f}"

    # MOPAC's table is pooled to FY2020-21: its own period, with no intervals and the reason given
    dash_duo.driver.get(dash_duo.server_url + "/interactions" + FilterState("FY2020-21", "ethnicity").search)
    table = panel("pas_neighbourhoods")
    until(lambda: NO_INTERVAL in dash_duo.find_element(f"{table} .chart-sentence").text, 60)
    assert "14 of 112 neighbourhoods are suppressed" in dash_duo.find_element(f"{table} .chart-sentence").text
    open_table(dash_duo, table)
    shown = table_rows(dash_duo, table)
    assert shown["Barking and Dagenham - Barking: Black"] == "78.0"  # the raw file's cell
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
