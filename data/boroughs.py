"""London's boroughs: which one a point lies in, and their outlines for a map.

police.uk gives each search an approximate latitude and longitude; the borough is worked out once, when a file is
loaded, so the store holds it and no measure repeats the geometry. The boundaries ship in `data/baselines/`
(`london_boroughs.geojson.gz`, see its SOURCES.md). A point outside London (police.uk places a few of the Met's
searches beyond its boundary) is in no borough, like a search without coordinates.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely

from data.baselines import BASELINES

FILE = BASELINES / "london_boroughs.geojson.gz"
MAP_TOLERANCE = 0.0005
"""Degrees (about 35 m) the map's outlines may move: the full boundaries would put 2 MB into every page."""


@lru_cache(maxsize=1)
def _features() -> tuple[dict, ...]:
    with gzip.open(FILE, "rt", encoding="utf-8") as handle:
        return tuple(json.load(handle)["features"])


@lru_cache(maxsize=1)
def _polygons() -> tuple[np.ndarray, np.ndarray]:
    """The boroughs' names and prepared polygons (preparing makes each containment test a quick lookup)."""
    features = _features()
    shapes = np.array([shapely.geometry.shape(f["geometry"]) for f in features])
    shapely.prepare(shapes)
    return np.array([f["properties"]["name"] for f in features], dtype=object), shapes


def names() -> list[str]:
    """Every borough's name, alphabetically (ONS spelling: 'Kingston upon Thames')."""
    return sorted(_polygons()[0])


def codes() -> dict[str, str]:
    """Borough name -> ONS code (E09...)."""
    return {f["properties"]["name"]: f["properties"]["gss_code"] for f in _features()}


def locate(latitude, longitude) -> pd.Series:
    """The borough each point lies in (None: no coordinates, or in no borough), one vectorised test per borough."""
    lat = np.asarray(latitude, dtype="float64")
    lon = np.asarray(longitude, dtype="float64")
    found = np.full(len(lat), None, dtype=object)
    known = ~(np.isnan(lat) | np.isnan(lon))
    if known.any():
        labels, shapes = _polygons()
        x, y = lon[known], lat[known]
        where = np.full(len(x), None, dtype=object)
        for label, shape in zip(labels, shapes):
            where[shapely.contains_xy(shape, x, y)] = label
        found[known] = where
    return pd.Series(found, dtype="object")


@lru_cache(maxsize=1)
def outlines() -> dict:
    """The boroughs as a GeoJSON FeatureCollection for a map, simplified (`MAP_TOLERANCE`), each feature's `id`
    its name, so a map's locations are borough names."""
    labels, shapes = _polygons()
    simple = shapely.simplify(shapes, MAP_TOLERANCE, preserve_topology=True)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": label, "properties": {"name": label},
         "geometry": json.loads(shapely.to_geojson(shape, indent=None))}
        for label, shape in zip(labels, simple)]}
