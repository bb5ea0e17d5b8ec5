"""Which of today's communes and wards (since 1 July 2025) holds a point, and which province a point outside lies in.

The units are the bundled official polygons (:func:`tn_map.load.read_units`);
the provinces around are today's (:func:`tn_map.load.read_context`, role
``neighbour``).  Every function takes and returns plain arrays; coordinates
are longitude/latitude in EPSG:4326 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely

__all__ = ["Units", "PointPlace", "bundled_units", "index_of_xy", "district_and_unit_of_xy", "place_point", "province_of_xy"]

#: The context outlines are simplified with a 1,000 m tolerance: a point nearer
#: than this to a neighbour's simplified border is not named as inside it.
_CONTEXT_MARGIN_DEG = 0.012


def index_of_xy(x: np.ndarray, y: np.ndarray, polygons) -> np.ndarray:
    """Index into ``polygons`` of the polygon holding each (x, y), or -1.

    Each polygon is prepared once and tested against the still-unassigned
    points inside its bounding box with :func:`shapely.intersects_xy`; the
    loop runs over the polygons, never over points.  A point on a shared
    border goes to the first polygon in order, so results are deterministic.
    NaN coordinates give -1.
    """
    result = np.full(len(x), -1, dtype=np.int64)
    for index, polygon in enumerate(polygons):
        minx, miny, maxx, maxy = polygon.bounds
        candidates = np.flatnonzero((result < 0) & (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if candidates.size:
            shapely.prepare(polygon)
            hit = shapely.intersects_xy(polygon, x[candidates], y[candidates])
            result[candidates[hit]] = index
    return result


@dataclass(frozen=True)
class Units:
    """The 92 units as arrays: ``code``, ``name``, ``former_bac_kan`` and ``zones`` (tuples of zone keys), ``geometry``."""

    code: np.ndarray
    name: np.ndarray
    former_bac_kan: np.ndarray
    zones: tuple[tuple[str, ...], ...]
    geometry: np.ndarray

    def index_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Index of the unit holding each point, or -1 (see :func:`index_of_xy`)."""
        return index_of_xy(x, y, self.geometry)


@cache
def bundled_units() -> Units:
    """The bundled units, read once per process (:func:`tn_map.load.read_units`)."""
    from ..load import read_units

    units = read_units()
    return Units(
        code=units["code"].to_numpy(dtype=object),
        name=units["name"].to_numpy(dtype=object),
        former_bac_kan=units["former_bac_kan"].to_numpy(dtype=bool),
        zones=tuple(tuple(z) for z in units["zones"]),
        geometry=units.geometry.to_numpy(dtype=object),
    )


@cache
def _bundled_districts():
    """The bundled districts' geometries (shared by every copy of the cached layer) and, per
    unit of :func:`bundled_units`, the positions of the districts it has pieces in."""
    from ..load.boundaries import _bundled_layer

    layer = _bundled_layer("boundaries.geojson")
    position = {code: i for i, code in enumerate(bundled_units().code)}
    pieces: list[list[int]] = [[] for _ in position]
    for d, codes in enumerate(layer["units"]):
        for code in codes:
            pieces[position[code]].append(d)
    return layer.geometry.to_numpy(dtype=object), tuple(tuple(p) for p in pieces)


def district_and_unit_of_xy(x: np.ndarray, y: np.ndarray, districts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index into ``districts`` of the district holding each (x, y), and index of today's unit, or -1.

    ``districts`` is an array of district polygons (EPSG:4326).  When they are
    the bundled districts (rebuilt from the units; in any order, as the join
    sorts them), a point's district follows from its unit, and only points in
    a unit with pieces in several districts (Xã Đại Phúc, Xã Tân Cương) are
    tested against those districts' polygons; any other districts (a user's
    file) are tested polygon by polygon (:func:`index_of_xy`).  Both answers
    are those of :func:`index_of_xy` except for points exactly on a border,
    which go to one side deterministically either way.
    """
    units = bundled_units()
    unit = units.index_of(x, y)
    bundled, pieces = _bundled_districts()
    # the bundled districts are recognised as the very geometries of the cached layer (every copy shares them)
    given = {id(g): i for i, g in enumerate(districts)}
    position = [given.get(id(g), -1) for g in bundled]
    if len(districts) != len(bundled) or -1 in position:
        return index_of_xy(x, y, districts), unit
    in_given = [sorted(position[d] for d in p) for p in pieces]  # each unit's districts, in the given order
    single = np.array([p[0] if len(p) == 1 else -1 for p in in_given] + [-1], dtype=np.int64)
    where = single[unit]  # unit -1 reads the last entry: no district
    for u, candidates in enumerate(in_given):
        if len(candidates) > 1:
            rows = np.flatnonzero(unit == u)
            if rows.size:
                hit = index_of_xy(x[rows], y[rows], districts[candidates])
                where[rows] = np.where(hit >= 0, np.array(candidates)[np.clip(hit, 0, None)], -1)
    return where, unit


@cache
def _neighbours():
    from ..load import read_context

    context = read_context()
    today = context[context["role"] == "neighbour"]
    # shrunk by the outlines' simplification: only points clearly inside are named
    shapes = shapely.buffer(today.geometry.to_numpy(dtype=object), -_CONTEXT_MARGIN_DEG)
    return today["name"].to_numpy(dtype=object), shapes


def province_of_xy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Today's neighbouring province (name) clearly holding each point, or ``""`` where not known.

    Only the provinces around Thái Nguyên are known; a point within about
    1.3 km of a neighbour's (simplified) border is not named.
    """
    names, shapes = _neighbours()
    where = index_of_xy(x, y, shapes)
    return np.where(where >= 0, names[np.clip(where, 0, None)], "").astype(object)


@dataclass(frozen=True)
class PointPlace:
    """Where one point lies, today and in the scheme.

    Attributes
    ----------
    lon, lat : float
        The point, EPSG:4326 degrees.
    unit, unit_code : str
        Today's commune or ward holding it (``""`` outside the province).
    district : str
        The pre-2025 district of the scheme it lies in (full name: ``"Huyện Đại Từ"``), ``""`` if none.
    zones : tuple of str
        Zone keys: the zone of the old district its point lies in (one, even
        in a unit formed from two zones); empty outside the zones.
    former_bac_kan : bool
        In former Bắc Kạn: in today's province, in no zone of the scheme.
    province : str
        ``"Thái Nguyên"``, the neighbouring province clearly holding it, or ``""``.
    unit_zones : tuple of str
        Every zone the unit was formed from (two for Xã Đại Phúc).
    """

    lon: float
    lat: float
    unit: str
    unit_code: str
    district: str
    zones: tuple[str, ...]
    former_bac_kan: bool
    province: str
    unit_zones: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain-JSON form (``point`` as ``[lon, lat]``)."""
        return {
            "point": [self.lon, self.lat], "unit": self.unit, "unit_code": self.unit_code, "old_district": self.district,
            "zones": list(self.zones), "unit_zones": list(self.unit_zones), "former_bac_kan": self.former_bac_kan,
            "province": self.province,
        }


def place_point(lon: float, lat: float, districts) -> PointPlace:
    """Today's unit, old district and zone of one point (EPSG:4326 degrees).

    ``districts``: joined districts (:func:`tn_map.join.join_zones`), whose
    ``zone`` column gives the zone.  The unit comes from the bundled 2025
    polygons (:func:`bundled_units`); a point in a unit formed from two
    zones gets the zone of the old district its point lies in.
    """
    x, y = np.array([float(lon)]), np.array([float(lat)])
    units = bundled_units()
    u = int(units.index_of(x, y)[0])
    d = int(index_of_xy(x, y, districts.geometry.values)[0])
    bac_kan = d < 0 and u >= 0 and bool(units.former_bac_kan[u])
    inside = d >= 0 or u >= 0
    return PointPlace(
        lon=float(lon),
        lat=float(lat),
        unit=str(units.name[u]) if u >= 0 else "",
        unit_code=str(units.code[u]) if u >= 0 else "",
        district=str(districts["name_full"].iloc[d]) if d >= 0 else "",
        zones=(str(districts["zone"].iloc[d]),) if d >= 0 else (),
        former_bac_kan=bac_kan,
        province="Thái Nguyên" if inside else str(province_of_xy(x, y)[0]),
        unit_zones=units.zones[u] if u >= 0 else (),
    )
