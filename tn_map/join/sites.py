"""Sites × districts × zones: where each site falls and whether its sector fits there."""

from __future__ import annotations

import re
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..geom import label_point
from ..load.gazetteer import commune_point
from ..names import name_key
from ..plan import OTHER_SECTORS, PLAN, Plan, sector_clusters
from ..validate.sites import find_column, input_columns, parse_numbers

__all__ = ["classify_located", "summarise", "district_of_xy", "FIT_PRIORITY", "FIT_NOT_PRIORITY", "FIT_UNKNOWN", "OUTSIDE"]

FIT_PRIORITY = "priority"
FIT_NOT_PRIORITY = "not a priority here"
FIT_UNKNOWN = "sector unknown"
OUTSIDE = "outside the province"


def district_of_xy(x: np.ndarray, y: np.ndarray, districts: gpd.GeoDataFrame) -> np.ndarray:
    """Index into ``districts`` of the district holding each (x, y), or -1.

    ``x``/``y`` are longitude/latitude arrays (EPSG:4326, NaN for no point).
    Vectorised over the points: each district polygon is prepared once and
    tested against all still-unassigned points inside its bounding box with
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


def _point_in_district(points: gpd.GeoSeries, districts: gpd.GeoDataFrame) -> np.ndarray:
    """:func:`district_of_xy` for a series of points (missing or empty: -1)."""
    geoms = points.values
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    x[valid] = shapely.get_x(geoms[valid])
    y[valid] = shapely.get_y(geoms[valid])
    return district_of_xy(x, y, districts)


def _stated_parts(text: Any) -> list[str]:
    """The places named in a cell: "TP Phổ Yên và huyện Phú Bình" → two names."""
    if not isinstance(text, str) or not text.strip():
        return []
    parts = re.split(r"\s*(?:,|;|/|&|\+|\bvà\b|\band\b)\s*", text, flags=re.IGNORECASE)
    return [p.strip() for p in parts if p.strip()]


def _stated_keys(text: Any) -> set[str]:
    """District keys named in a 'stated district' cell."""
    return {name_key(p) for p in _stated_parts(text)}


def _place_by_stated_place(
    out: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, district_col: str, commune_col: str | None
) -> None:
    """Place rows without coordinates at their stated commune or district, when the file allows it.

    Only rows rejected for "no coordinates" whose ``location_precision`` is not
    ``exact`` (e.g. ``district``, ``commune``) qualify: the file says their
    position is approximate.  A named commune found in the stated district
    (see :func:`tn_map.load.gazetteer.commune_point`) gives the commune's
    point; otherwise the point is the pole of inaccessibility of the named
    district(s) (a site named in two districts goes inside their union).
    ``location_precision`` becomes ``approximate (commune centre)`` or
    ``approximate (district centre)``.
    """
    candidates = (
        (out["status"] == "rejected").to_numpy()
        & (out["reason"] == "no coordinates").to_numpy()
        & (out["location_precision"] != "exact").to_numpy()
    )
    if not candidates.any():
        return
    by_key = dict(zip(districts["district_key"], districts.geometry))
    names = dict(zip(districts["district_key"], districts["name"]))
    centres: dict[frozenset, Any] = {}
    geometry_at = out.columns.get_loc(out.geometry.name)
    for i in np.flatnonzero(candidates):
        named = frozenset(k for k in _stated_keys(out[district_col].iloc[i]) if k in by_key)
        if not named:
            continue
        placed = None
        if commune_col is not None:
            for commune in _stated_parts(out[commune_col].iloc[i]):
                for key in sorted(named):
                    hit = commune_point(commune, names[key])
                    if hit and by_key[key].contains(shapely.Point(hit[0], hit[1])):
                        placed = (shapely.Point(hit[0], hit[1]), f"placed at {hit[2]}", "approximate (commune centre)")
                        break
                if placed:
                    break
        if placed is None:
            if named not in centres:
                centres[named] = label_point(shapely.union_all([by_key[k] for k in sorted(named)]), tolerance=0.0005)
            placed = (centres[named], f"placed inside {out[district_col].iloc[i]}", "approximate (district centre)")
        point, how, precision = placed
        out.iloc[i, geometry_at] = point
        out.iloc[i, out.columns.get_loc("status")] = "located"
        out.iloc[i, out.columns.get_loc("reason")] = ""
        out.iloc[i, out.columns.get_loc("note")] = f"no coordinates: {how} (approximate)"
        out.iloc[i, out.columns.get_loc("location_precision")] = precision


def classify_located(sites: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, plan: Plan = PLAN, lang: str = "en") -> gpd.GeoDataFrame:
    """Add district, zone, clusters, fit verdict and mismatch flag to located sites.

    ``sites``: output of :func:`tn_map.validate.sites.locate_sites` (EPSG:4326).
    ``districts``: output of :func:`tn_map.join.join_zones`.  Located rows that
    fall in no district become ``status = "rejected"`` with reason
    ``"outside the province"``.  Rejected rows keep empty results.
    """
    out = sites.copy()
    n = len(out)
    columns = input_columns(out)
    sector_col = find_column(columns, "sector")
    district_col = find_column(columns, "district")

    if district_col:
        _place_by_stated_place(out, districts, district_col, find_column(columns, "commune"))

    where = np.full(n, -1, dtype=np.int64)
    located = (out["status"] == "located").to_numpy()
    where[located] = _point_in_district(out.geometry[located], districts)
    outside = located & (where < 0)
    out.loc[outside, "status"] = "rejected"
    out.loc[outside, "reason"] = OUTSIDE
    inside = where >= 0

    zone_keys = districts["zone"].to_numpy()
    names = districts["name"].to_numpy()
    keys = districts["district_key"].to_numpy()
    safe = np.clip(where, 0, None)
    out["located_district"] = np.where(inside, names[safe], "")
    zones = np.where(inside, zone_keys[safe], np.where(outside, OUTSIDE, ""))
    out["zone"] = zones
    zone_codes, zone_values = pd.factorize(zones)
    zone_name = {z.key: z.name.get(lang) for z in plan.zones}
    zone_clusters = {z.key: "; ".join(c.name.get(lang) for c in z.clusters) for z in plan.zones}
    out["zone_name"] = np.array([zone_name.get(z, z) for z in zone_values], dtype=object)[zone_codes]
    out["priority_clusters"] = np.array([zone_clusters.get(z, "") for z in zone_values], dtype=object)[zone_codes]

    # Sector fit, vectorised: classify each distinct sector text once, decide
    # each distinct (zone, sector) pair once, then index by codes.
    cluster_names = {c.key: c.name.get(lang) for z in plan.zones for c in z.clusters}
    cluster_names.update({k: t.get(lang) for k, t in OTHER_SECTORS.items()})
    zone_cluster_keys = {z.key: {c.key for c in z.clusters} for z in plan.zones}
    if sector_col:
        sector_codes, sector_texts = pd.factorize(out[sector_col].astype("string").fillna(""), use_na_sentinel=False)
    else:
        sector_codes, sector_texts = np.zeros(n, dtype=np.int64), pd.Index([""])
    matched = [sector_clusters(str(t)) for t in sector_texts]
    out["sector_clusters"] = np.array(["; ".join(cluster_names[k] for k in ks) for ks in matched], dtype=object)[sector_codes]
    fit_table = np.empty((len(zone_values), len(sector_texts)), dtype=object)
    for zi, zone in enumerate(zone_values):
        for si, ks in enumerate(matched):
            if zone not in zone_cluster_keys:
                fit_table[zi, si] = ""
            elif not ks:
                fit_table[zi, si] = FIT_UNKNOWN
            elif zone_cluster_keys[zone] & set(ks):
                fit_table[zi, si] = FIT_PRIORITY
            else:
                fit_table[zi, si] = FIT_NOT_PRIORITY
    out["fit"] = fit_table[zone_codes, sector_codes]

    # Stated-district mismatch, the same way: read each distinct stated text
    # once, decide each (stated text, district) pair once, index by codes.
    mismatch = pd.array([None] * n, dtype="boolean")
    if district_col and inside.any():
        stated_codes, stated_texts = pd.factorize(out[district_col].astype("string").fillna(""), use_na_sentinel=False)
        table = np.full((len(stated_texts), len(keys)), None, dtype=object)
        for ti, text in enumerate(stated_texts):
            named = _stated_keys(str(text))
            if named:
                table[ti] = [key not in named for key in keys]
        mismatch[inside] = table[stated_codes[inside], where[inside]]
    out["district_mismatch"] = mismatch
    out.attrs.update(sites.attrs)
    out.attrs["sector_column"] = sector_col
    out.attrs["district_column"] = district_col
    return out


def summarise(classified: gpd.GeoDataFrame, plan: Plan = PLAN) -> dict:
    """Row accounting and per-zone figures for a classified site list.

    Per zone: ``count``, ``area_ha`` (sum of the sites' stated or outline
    area, hectares; sites without an area count 0), ``priority_share`` (share
    of sites with a known sector whose sector is a priority of the zone, 0–1;
    ``None`` when no site has a known sector).  ``rejected_by_reason`` counts
    rows by reason; ``rejected_examples`` names the first ten (data row
    number and reason).  ``rows_in == located + rejected`` always.
    """
    located = classified["status"].to_numpy(dtype=object) == "located"
    zone_col = classified["zone"].to_numpy(dtype=object)
    fit = classified["fit"].to_numpy(dtype=object)
    area = _area_ha(classified).to_numpy()
    zones = {}
    for zone in plan.zones:
        mask = located & (zone_col == zone.key)
        priority = int((mask & (fit == FIT_PRIORITY)).sum())
        known = priority + int((mask & (fit == FIT_NOT_PRIORITY)).sum())
        zones[zone.key] = {
            "count": int(mask.sum()),
            "area_ha": round(float(area[mask].sum()), 2),
            "priority_share": round(priority / known, 3) if known else None,
            "sector_unknown": int((mask & (fit == FIT_UNKNOWN)).sum()),
        }
    by_reason: dict[str, int] = {}
    for reason, count in classified.loc[~located, "reason"].value_counts().items():
        # "not a number in column 'lat': 'abc'" counts under "not a number in column 'lat'"
        key = str(reason).split(":")[0] if "column" in str(reason) else str(reason)
        by_reason[key] = by_reason.get(key, 0) + int(count)
    swapped = sum(int(n) for note, n in classified["note"].value_counts().items() if "swapped" in str(note))
    first_rejected = classified.loc[~located, ["input_row", "reason"]].head(10) if "input_row" in classified else None
    examples = [] if first_rejected is None else [
        {"row": int(r), "reason": str(why)} for r, why in zip(first_rejected["input_row"], first_rejected["reason"])
    ]
    precision = classified["location_precision"].to_numpy(dtype=object)
    return {
        "source": classified.attrs.get("source"),
        "rows_in": int(len(classified)),
        "located": int(located.sum()),
        "rejected": int((~located).sum()),
        "rejected_by_reason": dict(sorted(by_reason.items())),
        "rejected_examples": examples,
        "approximate": int((located & (precision != "exact")).sum()),
        "swapped_fixed": swapped,
        "district_mismatch": int(classified["district_mismatch"].fillna(False).sum()),
        "zones": zones,
    }


def _area_ha(classified: gpd.GeoDataFrame) -> pd.Series:
    """Each site's area in hectares: from its outline, else its stated area column, else 0."""
    stated = find_column(input_columns(classified), "area_ha")
    values = np.zeros(len(classified))
    if stated:
        numbers, _, _ = parse_numbers(classified[stated])
        values = np.where(np.isfinite(numbers), numbers, 0.0)
    if "area_ha_geom" in classified.columns:
        geom_area = classified["area_ha_geom"].to_numpy(dtype=float)
        values = np.where(np.isfinite(geom_area), geom_area, values)
    return pd.Series(values, index=classified.index)
