"""Locate: give every row of a site table a place — or a reason key why not.

One stage turns a :class:`~tn_map.load.sites.SiteTable` into
:class:`LocatedSites`: points from coordinates or from the file's geometry
(:mod:`.coordinates`), stand-ins for rows that only name their commune or
district (:mod:`.places`), and the district each point falls in.  Nothing is
dropped: a row that cannot be placed keeps a :class:`Reason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..crs import WGS84
from ..i18n import Notice
from ..load.columns import ColumnRoles
from ..load.sites import SiteTable
from ..names import fold
from .coordinates import RowPlaces, points_from_geometry, points_from_table
from .places import PlaceExtras, place_by_name, stated_keys
from .reasons import Note, Precision, Reason, Status
from .units import PointPlace, bundled_units, district_and_unit_of_xy, index_of_xy, place_point, province_of_xy

__all__ = ["LocatedSites", "locate_sites", "district_of_xy", "place_point", "PointPlace", "Reason", "Note", "Precision", "Status", "stated_keys", "stated_mismatch"]

#: Precision words (folded) that mean "these coordinates are exact".
_EXACT_WORDS = frozenset({"", "exact", "chinh xac", "precise", "surveyed", "do dac", "gps"})


@dataclass(frozen=True)
class LocatedSites:
    """Every row of a site table with its place (EPSG:4326 points) or reason.

    ``frame`` holds the file's columns and ``input_row``, plus ``status``
    (a :class:`Status` key: ``located`` in a zone, ``outside_zoning`` in
    former Bắc Kạn, ``rejected``), ``reason`` (a :class:`Reason` key or
    ``""``), ``reason_column``, ``note`` (a :class:`Note` key or ``""``),
    ``placed_at``, ``location_precision`` (a :class:`Precision` key),
    ``area_ha_geom`` (hectares, outlines only), ``located_district`` (proper
    Vietnamese short name), ``district_key`` and ``place_zones`` (the zone
    keys of a unit named by address, a tuple per row, ``()`` for none: a
    unit formed from two zones keeps both).
    """

    frame: gpd.GeoDataFrame
    source: str
    roles: ColumnRoles
    notes: tuple[Notice, ...] = ()


def district_of_xy(x: np.ndarray, y: np.ndarray, districts: gpd.GeoDataFrame) -> np.ndarray:
    """Index into ``districts`` of the district holding each (x, y), or -1.

    ``x``/``y`` are longitude/latitude arrays (EPSG:4326, NaN for no point);
    see :func:`tn_map.locate.units.index_of_xy`.  A point on a shared border
    goes to the first district in ``districts`` order.
    """
    return index_of_xy(x, y, districts.geometry.values)


def _precision(table: SiteTable, n: int) -> np.ndarray:
    """``exact`` or ``approximate`` per row, from the file's precision column (any case, vi or en)."""
    out = np.full(n, Precision.EXACT.value, dtype=object)
    column = table.roles.precision
    if column is not None:
        words = table.frame[column].astype("string").fillna("").map(fold)
        out[~words.isin(_EXACT_WORDS).to_numpy(dtype=bool)] = Precision.APPROXIMATE.value
    return out


def locate_sites(table: SiteTable, districts: gpd.GeoDataFrame) -> LocatedSites:
    """Place every row of ``table`` and find its district.

    Parameters
    ----------
    table
        A site table from :func:`tn_map.load.sites.read_site_table`.
    districts
        Joined districts (:func:`tn_map.join.join_zones`, EPSG:4326).

    Rows without coordinates are placed from their address or commune
    (through the 2025 crosswalk), or inside their stated district when the
    file says their position is not exact or gives no coordinate columns at
    all.  Points in former Bắc Kạn are ``outside_zoning``; points in no
    district and not there are rejected as ``outside_province``.
    """
    frame = table.frame
    n = len(frame)
    places = RowPlaces.empty(n)
    notices = list(table.notes)
    if table.is_vector:
        points_from_geometry(frame, table.crs, places, table.source)
    elif table.roles.coordinates is not None:
        notices += points_from_table(frame, table.roles.coordinates, table.crs, table.xy_order, places, table.source)
    else:
        places.reject(np.ones(n, dtype=bool), Reason.NO_COORDINATES)

    precision = _precision(table, n)
    extras = PlaceExtras(n)
    roles = table.roles
    if roles.address or roles.commune or roles.district:
        wanted = places.reason == Reason.NO_COORDINATES.value
        names = np.zeros(n, dtype=bool)
        for column in (roles.address, roles.commune):
            if column:
                names |= (frame[column].astype("string").fillna("").str.strip() != "").to_numpy(dtype=bool)
        if roles.coordinates is not None or table.is_vector:
            # a district alone is a position only where the file says it is not exact
            wanted &= names | (precision != Precision.EXACT.value)
        if wanted.any():
            place_by_name(frame, wanted, districts, roles, places, precision, extras)

    where = np.full(n, -1, dtype=np.int64)
    located = places.ok
    bac_kan = extras.bac_kan.copy()
    named = extras.units != ""  # placed by a name: the units of that name, not a guess from its point
    # placed somewhere inside a named district: which of its units is not known, and not guessed
    in_district = places.note == Note.PLACED_IN_DISTRICT.value
    by_point = located & ~named & ~in_district
    unit = np.full(n, -1, dtype=np.int64)
    if by_point.any():  # the units' polygons are read only when a row needs them (a list placed by names does not)
        where[located], unit[located] = district_and_unit_of_xy(
            places.lon[located], places.lat[located], districts.geometry.to_numpy(dtype=object))
    else:
        where[located] = district_of_xy(places.lon[located], places.lat[located], districts)
    loose = located & (where < 0) & ~bac_kan
    if loose.any():
        if not by_point.any():
            unit[loose] = bundled_units().index_of(places.lon[loose], places.lat[loose])
        bac_kan[loose] = bundled_units().former_bac_kan[np.clip(unit[loose], 0, None)] & (unit[loose] >= 0)
    unit_names = np.full(n, "", dtype=object)
    unit_codes = np.full(n, "", dtype=object)
    outside = located & (where < 0) & ~bac_kan
    province = np.full(n, "", dtype=object)
    province[located & ~outside] = "Thái Nguyên"
    if outside.any():
        province[outside] = province_of_xy(places.lon[outside], places.lat[outside])
    places.reject(outside, Reason.OUTSIDE_PROVINCE)
    inside = (where >= 0) & ~bac_kan
    safe = np.clip(where, 0, None)
    unit[outside | ~by_point] = -1
    if (unit >= 0).any():
        units = bundled_units()
        picked = np.clip(unit, 0, None)
        unit_names = np.where(unit >= 0, units.name[picked], "").astype(object)
        unit_codes = np.where(unit >= 0, units.code[picked], "").astype(object)
    if named.any():
        unit_names[named] = extras.units[named]
        unit_codes[named] = _unit_codes(extras.units[named])
    unit_mismatch = _unit_mismatch(frame, table.roles.commune, unit_names, by_point & (unit >= 0))

    geometry = np.full(n, None, dtype=object)
    geometry[places.ok] = shapely.points(places.lon[places.ok], places.lat[places.ok])
    out = gpd.GeoDataFrame(
        frame.drop(columns=[frame.geometry.name]) if isinstance(frame, gpd.GeoDataFrame) else frame.copy(),
        geometry=gpd.GeoSeries(geometry, index=frame.index, crs=WGS84),
    )
    status = np.where(places.ok, Status.LOCATED.value, Status.REJECTED.value).astype(object)
    status[places.ok & bac_kan] = Status.OUTSIDE_ZONING.value
    names = districts["name"].to_numpy(dtype=object)
    keys = districts["district_key"].to_numpy(dtype=object)
    text = lambda values: pd.Series(values, index=out.index, dtype=object)  # noqa: E731 (kept as objects: no copy to Arrow)
    out["status"] = text(status)
    out["reason"] = text(places.reason)
    out["reason_column"] = text(places.reason_column)
    out["note"] = text(places.note)
    out["placed_at"] = text(places.placed_at)
    out["location_precision"] = text(np.where(places.ok, precision, ""))  # a row with no place has no precision
    out["area_ha_geom"] = places.area_ha
    out["located_district"] = text(np.where(inside, names[safe], ""))
    out["district_key"] = text(np.where(inside, keys[safe], ""))
    none = np.empty(1, dtype=object)
    none[0] = ()
    out["place_zones"] = text(np.where(bac_kan, none, extras.zones))  # former Bắc Kạn is in no zone
    out["unit_code"] = text(unit_codes)
    out["unit_2025"] = text(unit_names)
    out["province_2025"] = text(province)
    out["unit_mismatch"] = unit_mismatch
    return LocatedSites(frame=out, source=table.source, roles=table.roles, notes=tuple(notices))


def _unit_codes(names: np.ndarray) -> np.ndarray:
    """Official codes of units given by name through the 2025 crosswalk (``""`` for several, ``"; "``-joined)."""
    from .crosswalk import build_crosswalk

    crosswalk = build_crosswalk()
    codes, distinct = pd.factorize(names)
    found = np.array(["" if "; " in str(name) else crosswalk.unit(str(name)).unit.code for name in distinct], dtype=object)
    return found[codes]


def stated_mismatch(stated: np.ndarray | None, actual: np.ndarray, judged: np.ndarray,
                    read: Callable[[list[str]], list[set[str]]]) -> pd.arrays.BooleanArray:
    """Whether the place a row states is not the place it lies in: one rule for districts and units.

    Parameters
    ----------
    stated
        The stated cell text per row (``None``: the file has no such column).
    actual
        The key or name of the place each row lies in (objects).
    judged
        Rows that can be judged (they lie in a known place).
    read
        Turns the distinct stated texts into the set of places each names, in
        the same key space as ``actual`` (an empty set: the text names nothing
        that can be settled).

    Returns
    -------
    pandas.arrays.BooleanArray
        ``True`` where the stated text names places and ``actual`` is not one
        of them, ``False`` where it is, ``<NA>`` where nothing is stated, the
        text cannot be settled or the row is not judged.  Each distinct
        (stated text, place) pair is judged once.
    """
    out = pd.array([None] * len(actual), dtype="boolean")
    if stated is None or not judged.any():
        return out
    texts = np.asarray(stated, dtype=object)
    rows = np.flatnonzero(judged & (texts != ""))
    if rows.size == 0:
        return out
    text_codes, distinct = pd.factorize(texts[rows])
    named = read([str(t) for t in distinct])
    place_codes, places = pd.factorize(np.asarray(actual, dtype=object)[rows])
    pair_codes, pairs = pd.factorize(text_codes * len(places) + place_codes)
    verdicts = np.array(
        [None if not named[p // len(places)] else places[p % len(places)] not in named[p // len(places)] for p in pairs],
        dtype=object,
    )
    out[rows] = pd.array(verdicts[pair_codes], dtype="boolean")
    return out


def _unit_mismatch(frame: pd.DataFrame, column: str | None, unit_names: np.ndarray, judged: np.ndarray) -> pd.arrays.BooleanArray:
    """Whether the commune or ward a row states is not the unit its point lies in (see :func:`stated_mismatch`).

    The stated name may be old (``xã Sơn Cẩm``) or new (``Phường Quan Triều``):
    it is read through the 2025 crosswalk, each distinct text once, and
    compared with every unit it names.  A name the crosswalk cannot settle
    is not judged.
    """

    def read(texts: list[str]) -> list[set[str]]:
        from .crosswalk import resolve_many

        resolved = resolve_many(pd.Series(texts, dtype=object))
        return [set(str(u).split("; ")) - {""} if not r else set() for u, r in zip(resolved["new_units"], resolved["reason"])]

    stated = frame[column].astype("string").fillna("").to_numpy(dtype=object) if column is not None else None
    return stated_mismatch(stated, unit_names, judged, read)
