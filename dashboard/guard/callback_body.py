"""A Dash callback request checked before Dash reads it: a body that is not what the renderer sends (a JSON array or
string, wrong types, deep nesting, an output no callback has) is answered 400 with a one-line reason, never reaches
the callback and never puts a traceback (or the body) in the log."""
from __future__ import annotations

import json

import flask
from dash._utils import split_callback_id  # Dash's own reading of a callback's output key

ROUTE = "/_dash-update-component"
MAX_DEPTH = 32  # a figure or a table's rows sent back as State nest far less than this
# What each property the pages' callbacks take may hold (None too: a component not yet set).
PROPERTY_TYPES = {"value": (str,), "search": (str,), "pathname": (str,), "n_clicks": (int,), "id": (str, dict),
                  "data": (list, dict)}
FILTER_SUFFIXES = ("period", "by", "cross", "only", "force")


class BadCallback(ValueError):
    """The reason a callback body is refused."""


def parsed(app) -> dict:
    """The request's callback body, checked against `app`'s callbacks (once per request); BadCallback if it is not
    one the renderer could send."""
    if "stride_callback" not in flask.g:
        flask.g.stride_callback = _check(app, _load(flask.request.get_data(cache=True)))
    return flask.g.stride_callback


def _load(raw: bytes) -> dict:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadCallback("the body is not JSON") from None
    if not isinstance(body, dict):
        raise BadCallback(f"the body is a JSON {type(body).__name__}, not an object")
    if _depth(body) > MAX_DEPTH:
        raise BadCallback(f"the body nests deeper than {MAX_DEPTH} levels")
    return body


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _check(app, body: dict) -> dict:
    output = body.get("output")
    if not isinstance(output, str) or output not in app.callback_map:
        raise BadCallback("no callback has that output")
    declared = app.callback_map[output]
    for part in ("inputs", "state"):
        items = body.get(part, [])
        wanted = declared.get(part, [])
        if not isinstance(items, list) or len(items) != len(wanted):
            raise BadCallback(f"'{part}' is not the list of {len(wanted)} the callback takes")
        for item, want in zip(items, wanted):
            for one in item if isinstance(item, list) else [item]:
                _check_item(one, want)
    _check_outputs(body.get("outputs"), split_callback_id(output))
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadCallback("'changedPropIds' is not a list of strings")
    return body


def _check_outputs(outputs, declared) -> None:
    """The outputs named as the callback declares them: one object, or a list of as many as it has."""
    many = isinstance(declared, list)
    if not isinstance(outputs, list if many else (dict, list)) or (many and len(outputs) != len(declared)):
        raise BadCallback("'outputs' are not the callback's")
    for item, want in zip(outputs, declared) if many else [(outputs, declared)]:
        for one in item if isinstance(item, list) else [item]:
            if not isinstance(one, dict) or one.get("property") != want["property"]:
                raise BadCallback("'outputs' are not the callback's")


def _check_item(item, want: dict) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("id"), (str, dict)):
        raise BadCallback("an input is not an object with an id")
    if item.get("property") != want["property"]:
        raise BadCallback(f"an input's property is not {want['property']!r}")
    if isinstance(item["id"], str) and item["id"] != want["id"]:
        raise BadCallback("an input is not the component the callback takes")
    value = item.get("value")
    types = PROPERTY_TYPES.get(item["property"])
    if value is not None and types and (not isinstance(value, types) or isinstance(value, bool)):
        raise BadCallback(f"{item['property']!r} holds a {type(value).__name__}")


def filters(body: dict) -> dict[str, str]:
    """The filter bar's values a checked body carries ({"period": "2018", "only": "bcu:Hackney"}): from each menu,
    and from the address's query string; and the page's path when the body carries it (Dash's page router)."""
    from urllib.parse import parse_qsl

    out: dict[str, str] = {}
    for item in body.get("inputs", []) + body.get("state", []):
        for one in item if isinstance(item, list) else [item]:
            name, value = one.get("id"), one.get("value")
            if not isinstance(name, str) or not isinstance(value, str):
                continue
            if one.get("property") == "pathname":
                out["path"] = value
            elif one.get("property") == "search":
                out |= {k: v for k, v in parse_qsl(value.lstrip("?")) if k in FILTER_SUFFIXES}
            elif (key := name.rpartition("-")[2]) in FILTER_SUFFIXES:
                out[key] = value
    return out
