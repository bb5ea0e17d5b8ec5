"""Locate: give every row of a site table a place — or a reason key why not.

One stage turns a :class:`~tn_map.load.sites.SiteTable` into
:class:`LocatedSites`: points from coordinates or from the file's geometry
(:mod:`.coordinates`), stand-ins for rows that only name their commune or
district (:mod:`.places`), and the district each point falls in.  Nothing is
dropped: a row that cannot be placed keeps a :class:`Reason`.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from .units import PointPlace, bundled_units, index_of_xy, place_point, province_of_xy

__all__ = ["LocatedSites", "locate_sites", "district_of_xy", "place_point", "PointPlace", "Reason", "Note", "Precision", "Status", "stated_keys"]

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
    Vietnamese short name), ``district_key`` and ``place_zones`` (zone keys
    of a unit named by address, ``"; "``-joined: a unit formed from two
    zones keeps both).
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
    where[located] = district_of_xy(places.lon[located], places.lat[located], districts)
    bac_kan = extras.bac_kan.copy()
    named = extras.units != ""  # placed by a name: the units of that name, not a guess from its point
    # placed somewhere inside a named district: which of its units is not known, and not guessed
    in_district = places.note == Note.PLACED_IN_DISTRICT.value
    loose = located & (where < 0) & ~bac_kan
    by_point = located & ~named & ~in_district
    need = by_point | loose  # the polygons are read only when a row needs them (a list placed by names does not)
    unit = np.full(n, -1, dtype=np.int64)
    unit_names = np.full(n, "", dtype=object)
    unit_codes = np.full(n, "", dtype=object)
    if need.any():
        units = bundled_units()
        unit[need] = units.index_of(places.lon[need], places.lat[need])
        bac_kan[loose] = units.former_bac_kan[np.clip(unit[loose], 0, None)] & (unit[loose] >= 0)
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
    out["place_zones"] = text(np.where(bac_kan, "", extras.zones))
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


def _unit_mismatch(frame: pd.DataFrame, column: str | None, unit_names: np.ndarray, judged: np.ndarray) -> pd.arrays.BooleanArray:
    """Whether the commune or ward a row states is not the unit its point lies in (``None``: not judged).

    The stated name may be old (``xã Sơn Cẩm``) or new (``Phường Quan Triều``):
    it is read through the 2025 crosswalk, each distinct text once, and
    compared with every unit it names.  A name the crosswalk cannot settle
    is not judged.
    """
    out = pd.array([None] * len(frame), dtype="boolean")
    if column is None or not judged.any():
        return out
    from .crosswalk import resolve_many

    texts = frame[column].astype("string").fillna("").to_numpy(dtype=object)
    rows = np.flatnonzero(judged & (texts != ""))
    if rows.size == 0:
        return out
    text_codes, distinct = pd.factorize(texts[rows])
    resolved = resolve_many(pd.Series(distinct, dtype=object))
    stated = [set(str(u).split("; ")) - {""} if not r else set() for u, r in zip(resolved["new_units"], resolved["reason"])]
    unit_codes, units = pd.factorize(unit_names[rows])
    # each distinct (stated text, unit) pair judged once
    pair_codes, pairs = pd.factorize(text_codes * len(units) + unit_codes)
    verdicts = np.array(
        [None if not stated[p // len(units)] else units[p % len(units)] not in stated[p // len(units)] for p in pairs], dtype=object
    )
    out[rows] = pd.array(verdicts[pair_codes], dtype="boolean")
    return out
