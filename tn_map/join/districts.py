"""The districts joined to the plan: read, validated and joined once, then passed on as one typed object.

:func:`as_districts` is the one place that turns what a caller gave — a
:class:`Districts`, a joined GeoDataFrame, or ``None`` for the bundled
boundaries — into a :class:`Districts`; every stage after this one (render,
export, report, pipeline) asks it rather than testing types itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from ..i18n import Notice
from ..load import read_boundaries
from ..plan import PLAN, Plan
from ..validate import check_location, validate_boundaries
from .zones import join_zones

__all__ = ["Districts", "read_districts", "load_districts", "as_districts"]


@dataclass(frozen=True)
class Districts:
    """The 9 districts joined to the plan, with where they came from.

    Attributes
    ----------
    frame : geopandas.GeoDataFrame
        EPSG:4326 (longitude, latitude in degrees), one row per district,
        columns of :data:`tn_map.join.zones.ZONE_COLUMNS` (``area_km2`` in
        km², geodesic).
    source : str
        The file read (``"boundaries.geojson (bundled)"`` for the bundled
        one, ``"GeoDataFrame"`` for a frame given in Python).
    name_field : str
        The column district names were read from (``""`` if not known).
    notes : tuple of Notice
        What reading and validation assumed or changed.
    """

    frame: gpd.GeoDataFrame
    source: str
    name_field: str
    notes: tuple[Notice, ...] = ()


def read_districts(
    path: str | Path | None = None, *, name_field: str | None = None, layer: str | None = None, plan: Plan = PLAN
) -> Districts:
    """Read, validate and join a district boundary file (default: the bundled one).

    Parameters
    ----------
    path : str or Path, optional
        Any format GDAL reads, in any CRS (reprojected to EPSG:4326).
        ``None``: the bundled boundaries.
    name_field : str, optional
        The column holding district names; by default the column that holds
        them is found.  Names match regardless of diacritics, case and unit
        prefixes.
    layer : str, optional
        The layer of a multi-layer file.
    plan : Plan
        The zoning plan joined (default :data:`tn_map.PLAN`).

    Returns
    -------
    Districts
        ``frame`` in EPSG:4326 with zone keys and areas in km².

    Raises
    ------
    tn_map.TnMapError
        With one line saying what is wrong and where.

    Notes
    -----
    Every file given as ``path`` is validated
    (:func:`~tn_map.validate.validate_boundaries`,
    :func:`~tn_map.validate.check_location`); the bundled file, derived by
    ``scripts/build_boundaries.py`` and shown by the tests to pass both
    unchanged, is not checked again on every read.
    """
    raw, source, read_notes = read_boundaries(path, layer=layer)
    bundled = path is None
    valid, notes = (raw, []) if bundled else validate_boundaries(raw, where=source)
    frame, column = join_zones(valid, plan=plan, name_field=name_field, where=source)
    if not bundled:
        check_location(frame, where=source)
        # today's communes and wards are never the user's: say which file each answer comes from
        notes = list(notes) + [Notice.of("units_bundled")]
    notices = tuple(read_notes) + tuple(notes)
    return Districts(frame=frame, source=source, name_field=column, notes=notices)


def load_districts(path: str | Path | None = None, *, name_field: str | None = None, plan: Plan = PLAN) -> gpd.GeoDataFrame:
    """The 9 districts with their zone key: :func:`read_districts` ``.frame``.

    Parameters
    ----------
    path : str or Path, optional
        A boundary file in any CRS GDAL reads; ``None``: the bundled one.
    name_field : str, optional
        The column holding district names (found by default).
    plan : Plan
        The zoning plan joined.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per district, areas in km².
    """
    return read_districts(path, name_field=name_field, plan=plan).frame


def as_districts(districts: Districts | gpd.GeoDataFrame | None, plan: Plan = PLAN) -> Districts:
    """What a caller gave as districts, as :class:`Districts`.

    Parameters
    ----------
    districts : Districts, geopandas.GeoDataFrame or None
        A :class:`Districts` (returned as it is), a GeoDataFrame already
        joined to the plan (EPSG:4326; its source is ``"GeoDataFrame"``), or
        ``None`` for the bundled boundaries (read with ``plan``).
    plan : Plan
        The plan the bundled boundaries are joined to.

    Returns
    -------
    Districts
    """
    if districts is None:
        return read_districts(plan=plan)
    if isinstance(districts, Districts):
        return districts
    return Districts(frame=districts, source="GeoDataFrame", name_field="")
