"""The borough maps from small constructed frames: every borough drawn from the shipped outlines, a hidden value
grey and never coloured, the colour scale's lightness rising with the value (readable in greyscale), the sentences,
and a map fixed below force level shown to analysts only."""
from __future__ import annotations

import flask
import numpy as np
import pandas as pd
from plotly.colors import unlabel_rgb

from dashboard import maps, panels
from data import boroughs

THE_MET = [b for b in boroughs.names() if b != "City of London"]


def frame(values: dict, **columns) -> pd.DataFrame:
    groups = list(values) + ["Not recorded"]
    base = dict(group=groups, value=[*values.values(), np.nan], ratio=[*values.values(), np.nan],
                gap=[v - 10 for v in values.values()] + [np.nan], significant=[True] * len(values) + [pd.NA],
                suppressed=[np.isnan(v) for v in values.values()] + [False], note="")
    return pd.DataFrame(base | columns)


def lightness(colour: str) -> float:
    r, g, b = unlabel_rgb(colour) if colour.startswith("rgb") else (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_borough_is_drawn_and_a_hidden_one_is_grey():
    values = {b: float(i) for i, b in enumerate(THE_MET)}
    values["Sutton"] = np.nan
    figure = maps.rate_map(frame(values))
    fills = {t.name.split(": ")[0]: t.fillcolor for t in figure.data if t.fill == "toself"}
    assert set(fills) == set(boroughs.names())
    assert fills["Sutton"] == maps.NO_VALUE and maps.NO_VALUE_NAME in [t.name for t in figure.data]
    assert "City of London: not in the force's area" in [t.name for t in figure.data]
    shown = sorted((v, lightness(fills[b])) for b, v in values.items() if not np.isnan(v))
    assert all(a[1] < b[1] for a, b in zip(shown, shown[1:]))  # lighter as the value rises: greyscale-readable
    assert {t.type for t in figure.data} == {"scatter"}  # shapes on plain axes: no geo base map to fetch


def test_sentences_name_the_range_and_the_significant_boroughs():
    rows = frame({"Lambeth": 28.3, "Barnet": 2.8, "Westminster": 31.2})
    assert maps.rate_sentence(rows, None) == (
        "Searches per 1,000 residents ranged from 2.8 in Barnet to 31.2 in Westminster; 2 of 3 boroughs were "
        "significantly above the rest of the force area and 1 below.")
    assert maps.ratio_sentence(rows, None).startswith(
        "Black residents were significantly more likely than White residents to be searched in 3 of 3 boroughs; "
        "the ratio was highest in Westminster (31.2 times)")
    apart = pd.DataFrame({"suppressed": [False], "note": [
        "left out of the other groups' denominator; shown as a share of all records; searches in no borough of the "
        "force area: 12 without coordinates"]})
    assert maps.apart_reasons(apart) == "Not on the map: searches in no borough of the force area: 12 without coordinates."


def test_a_map_below_force_level_is_for_analysts_only():
    chart = panels.Chart("borough_rate", "stop_search_borough_rate", kind="map", by="borough")
    with flask.Flask(__name__).test_request_context("/interactions"):
        flask.g.stride_role = "viewer"
        panel = panels.render(chart, None, None, version="v")
    assert panel.sentence == panels.ANALYSTS_ONLY.format(column="borough") and panel.rows == []
