"""The public API: the pipeline load → validate → join → render, composed.

Each step is also available on its own in the sub-packages
(:mod:`tn_map.load`, :mod:`tn_map.validate`, :mod:`tn_map.join`,
:mod:`tn_map.render`, :mod:`tn_map.export`).
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from .join import join_zones
from .join import zone_table as _zone_table
from .load import read_boundaries, read_context
from .plan import PLAN, Lang, Plan
from .render import DEFAULT_BASEMAP, render_map
from .validate import validate_boundaries

__all__ = ["load_districts", "zone_table", "build_map"]


def load_districts(
    path: str | Path | None = None,
    *,
    name_field: str | None = None,
    plan: Plan = PLAN,
) -> gpd.GeoDataFrame:
    """The 9 districts with their zone and priority clusters (EPSG:4326).

    ``path``: a boundary file in any format GDAL reads; by default the
    bundled ``boundaries.geojson``.  District names are found in whatever
    column holds them (or ``name_field``) and matched regardless of
    diacritics, case and unit prefixes.  Notes on repairs made during
    validation are in ``.attrs["notes"]``.  Columns: see
    :data:`tn_map.join.zones.ZONE_COLUMNS`; ``area_km2`` in km².

    Raises :class:`tn_map.TnMapError` with one line saying what is wrong and where.
    """
    raw = read_boundaries(path)
    source = raw.attrs.get("source", str(path))
    valid, notes = validate_boundaries(raw, where=source)
    valid.attrs["source"] = source
    districts = join_zones(valid, plan=plan, name_field=name_field)
    districts.attrs["notes"] = notes
    return districts


def zone_table(districts: gpd.GeoDataFrame | None = None, *, lang: Lang = "en", plan: Plan = PLAN) -> pd.DataFrame:
    """One row per zone: member districts, clusters, count, area (km²) and share (%)."""
    if districts is None:
        districts = load_districts(plan=plan)
    return _zone_table(districts, plan=plan, lang=lang)


def build_map(
    districts: gpd.GeoDataFrame | None = None,
    *,
    lang: Lang = "en",
    basemap: str = DEFAULT_BASEMAP,
    context: bool = True,
    offline: bool = False,
    plan: Plan = PLAN,
) -> folium.Map:
    """The interactive map of the zones as a :class:`folium.Map`.

    ``districts`` defaults to :func:`load_districts` on the bundled data.
    ``basemap`` is an xyzservices provider name or ``"none"``; ``context``
    adds the interregional high-tech space and neighbouring provinces;
    ``offline`` leaves out controls that need CDN-only plugins (save with
    :func:`tn_map.export.save_html` ``offline=True`` to inline the rest).
    """
    if districts is None:
        districts = load_districts(plan=plan)
    return render_map(
        districts,
        read_context() if context else None,
        plan=plan,
        lang=lang,
        basemap=basemap,
        offline=offline,
    )
