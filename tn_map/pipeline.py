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

from .join import classify_located, join_zones, summarise
from .join import zone_table as _zone_table
from .load import read_boundaries, read_context, read_site_table, read_web_cache
from .plan import PLAN, Lang, Plan
from .render import DEFAULT_BASEMAP, render_map
from .validate import locate_sites, validate_boundaries

__all__ = ["load_districts", "zone_table", "build_map", "read_sites", "classify_sites"]


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


def read_sites(
    path: str | Path,
    *,
    lon: str | None = None,
    lat: str | None = None,
    x: str | None = None,
    y: str | None = None,
    crs: str | int | None = None,
    xy_order: str = "auto",
    sheet: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Read a site list (CSV, XLSX, GeoJSON, GeoPackage, Shapefile) and locate every row.

    Returns every input row (EPSG:4326 points) with ``status`` (``located`` /
    ``rejected``), ``reason``, ``note`` and ``location_precision``; see
    :func:`tn_map.validate.sites.locate_sites` for the options.
    """
    table = read_site_table(path, sheet=sheet)
    return locate_sites(table, lon=lon, lat=lat, x=x, y=y, crs=crs, xy_order=xy_order)


def classify_sites(
    sites: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame | None = None,
    *,
    lang: Lang = "en",
    plan: Plan = PLAN,
) -> tuple[gpd.GeoDataFrame, dict]:
    """Place located sites in districts and zones and judge their sector against the zone.

    Returns ``(classified, report)``: every row of ``sites`` with
    ``located_district``, ``zone``, ``zone_name``, ``priority_clusters``,
    ``sector_clusters``, ``fit`` (``priority`` / ``not a priority here`` /
    ``sector unknown``) and ``district_mismatch``; sites outside the province
    become rejected.  ``report`` is :func:`tn_map.join.summarise` (row
    accounting, per-zone count, area in ha, priority-fit share).
    """
    if districts is None:
        districts = load_districts(plan=plan)
    classified = classify_located(sites, districts, plan=plan, lang=lang)
    return classified, summarise(classified, plan=plan)


def build_map(
    districts: gpd.GeoDataFrame | None = None,
    *,
    sites: list[gpd.GeoDataFrame] | None = None,
    lang: Lang = "en",
    basemap: str = DEFAULT_BASEMAP,
    context: bool = True,
    offline: bool = False,
    colour_sites_by: str = "zone",
    plan: Plan = PLAN,
) -> folium.Map:
    """The interactive map of the zones as a :class:`folium.Map`.

    ``districts`` defaults to :func:`load_districts` on the bundled data.
    ``basemap`` is an xyzservices provider name or ``"none"``; ``context``
    adds the interregional high-tech space and neighbouring provinces;
    ``offline`` leaves out controls that need CDN-only plugins (save with
    :func:`tn_map.export.save_html` ``offline=True`` to inline the rest).
    ``sites``: classified site lists (see :func:`classify_sites`), each
    drawn as a clustered marker layer coloured by ``zone`` or ``fit``.
    """
    if districts is None:
        districts = load_districts(plan=plan)
    return render_map(
        districts,
        read_context() if context else None,
        sites=sites or [],
        plan=plan,
        lang=lang,
        basemap=basemap,
        offline=offline,
        colour_sites_by=colour_sites_by,
        web_cache=read_web_cache(),
    )
