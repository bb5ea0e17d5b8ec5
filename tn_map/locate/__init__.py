"""Locate: give every row of a site table a place — or a reason key why not.

One stage turns a :class:`~tn_map.load.sites.SiteTable` into
:class:`LocatedSites`: points from coordinates or from the file's geometry
(:mod:`.coordinates`), stand-ins for rows that only name their commune or
district (:mod:`.places`), and the district each point falls in.  Nothing is
dropped: a row that cannot be placed keeps a :class:`Reason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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

__all__ = ["LocatedSites", "locate_sites", "district_of_xy", "Reason", "Note", "Precision", "Status", "stated_keys"]

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

    ``x``/``y`` are longitude/latitude arrays (EPSG:4326, NaN for no point).
    Each district polygon is prepared once and tested against the
    still-unassigned points inside its bounding box with
    :func:`shapely.intersects_xy`; the loop runs over the (few) districts,
    never over points.  A point on a shared border goes to the first
    district in ``districts`` order, so results are deterministic.
    """
    result = np.full(len(x), -1, dtype=np.int64)
    for index, polygon in enumerate(districts.geometry.values):
        minx, miny, maxx, maxy = polygon.bounds
        candidates = np.flatnonzero((result < 0) & (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if candidates.size:
            shapely.prepare(polygon)
            hit = shapely.intersects_xy(polygon, x[candidates], y[candidates])
            result[candidates[hit]] = index
    return result


def _precision(table: SiteTable, n: int) -> np.ndarray:
    """``exact`` or ``approximate`` per row, from the file's precision column (any case, vi or en)."""
    out = np.full(n, Precision.EXACT.value, dtype=object)
    column = table.roles.precision
    if column is not None:
        words = table.frame[column].astype("string").fillna("").map(fold)
        out[~words.isin(_EXACT_WORDS).to_numpy(dtype=bool)] = Precision.APPROXIMATE.value
    return out


@cache
def _former_bac_kan():
    """Former Bắc Kạn's outline (EPSG:4326), widened by about 50 m to meet the district borders."""
    from ..load import read_former_bac_kan

    outline = read_former_bac_kan()
    shape = shapely.buffer(shapely.union_all(outline.geometry.values), 0.0005)
    shapely.prepare(shape)
    return shape


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
    loose = np.flatnonzero(located & (where < 0) & ~bac_kan)
    if loose.size:
        bac_kan[loose] = shapely.contains_xy(_former_bac_kan(), places.lon[loose], places.lat[loose])
    places.reject(located & (where < 0) & ~bac_kan, Reason.OUTSIDE_PROVINCE)
    inside = (where >= 0) & ~bac_kan
    safe = np.clip(where, 0, None)

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
    out["location_precision"] = text(precision)
    out["area_ha_geom"] = places.area_ha
    out["located_district"] = text(np.where(inside, names[safe], ""))
    out["district_key"] = text(np.where(inside, keys[safe], ""))
    out["place_zones"] = text(np.where(bac_kan, "", extras.zones))
    return LocatedSites(frame=out, source=table.source, roles=table.roles, notes=tuple(notices))
