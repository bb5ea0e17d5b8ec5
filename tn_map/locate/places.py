"""Positions for rows that name a place instead of giving coordinates.

An address or a commune (old form ``xã X, huyện Y`` or new form ``Phường X,
tỉnh Thái Nguyên``, with or without diacritics) is resolved through the 2025
crosswalk (:mod:`tn_map.locate.crosswalk`): the row gets the unit's point and
its zone(s) — a new unit formed from two zones keeps both, never a guess.
A row that names only its district is placed at the pole of inaccessibility
of the named district(s).  Every such position is approximate and marked so.
Each distinct text is resolved once, so 100,000 rows cost about as much as
their distinct values.
"""

from __future__ import annotations

import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..geom import label_point
from ..load.columns import ColumnRoles
from ..names import fold, name_key
from .coordinates import RowPlaces
from .reasons import Note, Precision, Reason

__all__ = ["stated_parts", "stated_keys", "place_by_name", "PlaceExtras"]

_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\s[-–—]\s|\bvà\b|\band\b)\s*", flags=re.IGNORECASE)
_REASONS = {
    "address_unknown": Reason.ADDRESS_UNKNOWN,
    "address_ambiguous": Reason.ADDRESS_AMBIGUOUS,
    "address_outside": Reason.ADDRESS_OUTSIDE,
}


_PROVINCE_PART = re.compile(r"^(?:tinh|province|viet nam|vietnam|vn)\b|\bprovince$")


def stated_parts(text: Any) -> list[str]:
    """The places named in a cell: ``"TP Phổ Yên và huyện Phú Bình"`` → two names.

    Parts that name a province or the country (``tỉnh Thái Nguyên``,
    ``Việt Nam``) are not places of the cell's level: they are dropped, so
    that ``"huyện Đại Từ, tỉnh Thái Nguyên"`` is compared on Đại Từ.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    kept = [p for p in parts if not _PROVINCE_PART.search(fold(p))]
    return kept if kept else parts


def stated_keys(text: Any) -> set[str]:
    """District matching keys named in a "stated district" cell."""
    return {name_key(p) for p in stated_parts(text)}


class PlaceExtras:
    """Per-row results only name-placing gives: the zones a unit lies in, former Bắc Kạn."""

    def __init__(self, n: int) -> None:
        self.zones = np.empty(n, dtype=object)  # the zone keys of the named place, a tuple per row (() for none)
        self.zones.fill(())
        self.bac_kan = np.zeros(n, dtype=bool)
        self.units = np.full(n, "", dtype=object)  # today's unit(s) the named place is in, "; "-joined


def _cell(frame, column: str | None, i: int) -> str:
    """Row ``i``'s text in ``column`` (stripped; ``""`` for none); ``frame`` maps column names to arrays."""
    if column is None:
        return ""
    value = frame[column][i]
    return value.strip() if isinstance(value, str) else ("" if pd.isna(value) else str(value))


def _commune_level(text: str):
    """The one commune-level unit ``text`` names, when a Xã/Phường column's value also names an old district.

    ``"Phổ Yên"`` in a commune column is Phường Phổ Yên, not the old city.
    """
    from .crosswalk import lookup, settle

    try:
        matches = [m for m in lookup(text) if m.level != "old_district"]
    except Exception:  # noqa: BLE001 - unknown stays unknown
        return None
    return settle(matches) if matches else None


def _one_zone_districts(text: str) -> frozenset[str] | None:
    """The old districts of every unit an ambiguous ``text`` names, when all those units lie in one zone.

    ``"Phổ Yên"`` is Phường Phổ Yên and old TP Phổ Yên: both South, both in
    old Phổ Yên, so the zone is known though the unit is not.  ``None`` when
    the candidates' zones differ or one is in former Bắc Kạn.
    """
    from .crosswalk import lookup

    try:
        matches = lookup(text)
    except Exception:  # noqa: BLE001 - unknown stays unknown
        return None
    zones = {tuple(m.zones) for m in matches}
    if len(matches) < 2 or len(zones) != 1 or len(next(iter(zones))) != 1 or any(m.former_bac_kan for m in matches):
        return None
    return frozenset(name_key(d) for m in matches for d in m.old_districts)


def _queries(frame, roles: ColumnRoles, i: int) -> tuple[list[str], str, str]:
    """Texts to resolve for row ``i``, most specific first; the column and text a failure is reported on."""
    address = _cell(frame, roles.address, i)
    if address:
        return [address], roles.address, address
    communes = stated_parts(_cell(frame, roles.commune, i))
    districts = stated_parts(_cell(frame, roles.district, i))
    if communes:
        queries = [f"{c}, {d}" for c in communes for d in districts] if districts else list(communes)
        return queries, roles.commune, _cell(frame, roles.commune, i)
    return [], "", ""


def place_by_name(
    frame: pd.DataFrame,
    candidates: np.ndarray,
    districts: gpd.GeoDataFrame,
    roles: ColumnRoles,
    places: RowPlaces,
    precision: np.ndarray,
    extras: PlaceExtras,
) -> None:
    """Place the ``candidates`` rows (no coordinates) from their address, commune or district.

    ``districts``: joined districts (EPSG:4326) with ``district_key``,
    ``name`` and ``zone``.  Placed rows lose their reason and get a note,
    ``placed_at`` (the official name of the place) and a precision of
    ``commune`` or ``district``; a row whose address resolves nowhere, and
    names no district either, gets an address reason key.
    """
    from .crosswalk import resolve_many

    rows = np.flatnonzero(candidates)
    if rows.size == 0:
        return
    # the name columns as arrays, read once (a row at a time through pandas is slow)
    cells = {c: frame[c].to_numpy(dtype=object) for c in (roles.address, roles.commune, roles.district) if c}
    plans = {int(i): _queries(cells, roles, int(i)) for i in rows}
    texts = sorted({q for queries, _, _ in plans.values() for q in queries})
    resolved = resolve_many(pd.Series(texts, dtype=object)) if texts else None
    by_text = {} if resolved is None else dict(zip(texts, resolved.to_dict("records")))

    by_key = dict(zip(districts["district_key"], districts.geometry))
    names = dict(zip(districts["district_key"], districts["name"]))
    zone_of = dict(zip(districts["district_key"], districts["zone"]))
    order = list(by_key)
    centres: dict[frozenset, Any] = {}

    one_zone: dict[str, frozenset[str] | None] = {}

    def in_districts(i: int, named: frozenset) -> None:
        """Place row ``i`` inside the union of the ``named`` districts (their pole of inaccessibility)."""
        if named not in centres:
            centres[named] = label_point(shapely.union_all([by_key[k] for k in sorted(named)]), tolerance=0.0005)
        point = centres[named]
        places.lon[i], places.lat[i] = point.x, point.y
        places.reason[i] = places.reason_column[i] = ""
        places.note[i] = Note.PLACED_IN_DISTRICT.value
        places.placed_at[i] = " + ".join(names[k] for k in sorted(named, key=order.index))
        precision[i] = Precision.DISTRICT.value
        extras.zones[i] = tuple(dict.fromkeys(zone_of[k] for k in sorted(named, key=order.index)))

    for i in rows:
        i = int(i)
        queries, column, text = plans[i]
        failure = None
        for query in queries:
            hit = by_text[query]
            if hit["reason"] == "address_ambiguous" and column == roles.commune:
                match = _commune_level(query)
                if match is not None:
                    hit = {"reason": "", "name": match.name, "level": match.level, "zone_keys": tuple(match.zones),
                           "former_bac_kan": match.former_bac_kan, "old_districts": "; ".join(match.old_districts),
                           "new_units": "; ".join(match.new_units),
                           "lon": match.point[0] if match.point else np.nan, "lat": match.point[1] if match.point else np.nan}
            if hit["reason"] == "address_ambiguous":
                if query not in one_zone:
                    one_zone[query] = _one_zone_districts(query)
                named = one_zone[query]
                if named and named <= set(by_key):
                    in_districts(i, named)
                    places.note[i] = Note.ONE_ZONE.value
                    break
            if hit["reason"]:
                failure = failure or hit["reason"]
                continue
            district_key = name_key(hit["old_districts"]) if hit["level"] == "old_district" else ""
            if district_key in by_key:  # only a district: inside our outline of it, not the package's point
                in_districts(i, frozenset({district_key}))
                break
            if not np.isfinite(hit["lon"]):
                continue
            places.lon[i], places.lat[i] = hit["lon"], hit["lat"]
            places.reason[i] = places.reason_column[i] = ""
            places.note[i] = Note.PLACED_AT_COMMUNE.value
            places.placed_at[i] = hit["name"]
            precision[i] = (Precision.DISTRICT if hit["level"] == "old_district" else Precision.COMMUNE).value
            extras.zones[i] = hit["zone_keys"]
            extras.bac_kan[i] = bool(hit["former_bac_kan"])
            if hit["level"] != "old_district":
                extras.units[i] = hit["new_units"]
            break
        else:
            named = frozenset(k for k in stated_keys(_cell(cells, roles.district, i)) if k in by_key)
            if named:
                in_districts(i, named)
            elif failure:
                places.reason[i] = _REASONS[failure].value
                places.reason_column[i] = column
