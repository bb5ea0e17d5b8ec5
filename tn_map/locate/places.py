"""Stand-in positions for rows that name a place instead of giving coordinates.

A commune found in the stated district gives the commune's point (from the
``vietnamadminunits`` package); otherwise the point is the pole of
inaccessibility of the named district(s) — a site named in two districts goes
inside their union.  Both are approximate and marked so.
"""

from __future__ import annotations

import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..geom import label_point
from ..names import name_key
from .coordinates import RowPlaces
from .gazetteer import commune_point
from .reasons import Note, Precision

__all__ = ["stated_parts", "stated_keys", "place_by_name"]

_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\bvà\b|\band\b)\s*", flags=re.IGNORECASE)


def stated_parts(text: Any) -> list[str]:
    """The places named in a cell: ``"TP Phổ Yên và huyện Phú Bình"`` → two names."""
    if not isinstance(text, str) or not text.strip():
        return []
    return [p.strip() for p in _SPLIT.split(text) if p.strip()]


def stated_keys(text: Any) -> set[str]:
    """District matching keys named in a "stated district" cell."""
    return {name_key(p) for p in stated_parts(text)}


def place_by_name(
    frame: pd.DataFrame,
    candidates: np.ndarray,
    districts: gpd.GeoDataFrame,
    district_col: str,
    commune_col: str | None,
    places: RowPlaces,
    precision: np.ndarray,
) -> None:
    """Place the ``candidates`` rows (no coordinates) at their stated commune or district.

    ``districts``: joined districts (EPSG:4326) with ``district_key`` and
    ``name``.  Placed rows lose their reason and get a note, ``placed_at``
    (the official name of the place) and a precision of ``commune`` or
    ``district``; rows whose district is not one of ``districts`` keep
    their reason.
    """
    by_key = dict(zip(districts["district_key"], districts.geometry))
    names = dict(zip(districts["district_key"], districts["name"]))
    centres: dict[frozenset, Any] = {}
    for i in np.flatnonzero(candidates):
        named = frozenset(k for k in stated_keys(frame[district_col].iloc[i]) if k in by_key)
        if not named:
            continue
        placed = None
        if commune_col is not None:
            for commune in stated_parts(frame[commune_col].iloc[i]):
                for key in sorted(named):
                    hit = commune_point(commune, names[key])
                    if hit and by_key[key].contains(shapely.Point(hit[0], hit[1])):
                        placed = (hit[0], hit[1], Note.PLACED_AT_COMMUNE, hit[2], Precision.COMMUNE)
                        break
                if placed:
                    break
        if placed is None:
            if named not in centres:
                centres[named] = label_point(shapely.union_all([by_key[k] for k in sorted(named)]), tolerance=0.0005)
            point = centres[named]
            place = " + ".join(names[k] for k in sorted(named, key=list(by_key).index))
            placed = (point.x, point.y, Note.PLACED_IN_DISTRICT, place, Precision.DISTRICT)
        lon, lat, note, place, how = placed
        places.lon[i], places.lat[i] = lon, lat
        places.reason[i] = places.reason_column[i] = ""
        places.note[i] = note.value
        places.placed_at[i] = place
        precision[i] = how.value
