"""A page as the browser receives it (JSON), and the parts of it a test looks for."""
from __future__ import annotations

import json

from dash import page_registry
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids


def page(app, module: str, path: str, **query) -> dict:
    """The page `layouts.<module>` as sent to the browser, rendered inside a request to `app` for `query`."""
    with app.server.test_request_context(path):
        layout = page_registry[f"layouts.{module}"]["layout"](**query)
        return json.loads(json.dumps(layout, cls=PlotlyJSONEncoder))


def find(node, match) -> list[dict]:
    """Every component below `node` (itself included) for which `match(component)` holds."""
    found = []
    if isinstance(node, dict):
        found += [node] if match(node) else []
        for value in node.values():
            found += find(value, match)
    elif isinstance(node, list):
        for value in node:
            found += find(value, match)
    return found


def part(layout: dict, page_key: str, kind: str, chart: str) -> dict:
    """The props of one part (`ids.CHART_*`) of one panel."""
    wanted = ids.chart(kind, page_key, chart)
    found = find(layout, lambda c: c.get("props", {}).get("id") == wanted)
    assert len(found) == 1, (kind, chart)
    return found[0]["props"]
