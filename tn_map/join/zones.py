"""Districts × zones × clusters.

Works on any boundary layer that has a column of district names, whatever it
is called: names are matched with :func:`tn_map.names.name_key`, so
``"Pho Yen"``, ``"TP. Phổ Yên"``, ``"Thị xã Phổ Yên"`` and decomposed Unicode
all find Phổ Yên.  The join is strict: every plan district exactly once, no
unknown names, no district in two zones.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd
from pyproj import Geod

from ..errors import TnMapError
from ..names import name_key, nfc
from ..plan import PLAN, Lang, Plan

__all__ = ["find_name_column", "join_zones", "zone_table", "ZONE_COLUMNS"]

#: Columns :func:`join_zones` adds or overwrites.
ZONE_COLUMNS = (
    "district_key",
    "name",
    "name_full",
    "name_en",
    "unit_type",
    "area_km2",
    "zone",
    "zone_vi",
    "zone_en",
    "clusters_vi",
    "clusters_en",
)

_GEOD = Geod(ellps="WGS84")
# Property names tried first, in order, before scanning every text column.
_PREFERRED = ("name", "name_full", "ten", "ten_huyen", "district", "huyen", "name_2", "varname_2")


def find_name_column(gdf: gpd.GeoDataFrame, plan: Plan = PLAN) -> str:
    """The column whose values best match the plan's district names.

    Scans every text column; the one with most values matching a district of
    the plan wins (ties broken by a preference for common names such as
    ``name`` or ``ten_huyen``).  Raises :class:`TnMapError` when no column
    holds any district name.
    """
    known = set(plan.district_zone_keys())
    scores: dict[str, int] = {}
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        values = gdf[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        scores[column] = sum(1 for v in values.dropna() if name_key(v) in known)
    if not scores or max(scores.values()) == 0:
        tried = ", ".join(map(str, scores)) or "none"
        raise TnMapError(
            f"no column holds Thái Nguyên district names (text columns tried: {tried}); "
            "name it with --name-field",
            where=gdf.attrs.get("source", "boundaries"),
        )
    lowered = {c: str(c).lower() for c in scores}

    def rank(column: str) -> tuple[int, int]:
        pref = _PREFERRED.index(lowered[column]) if lowered[column] in _PREFERRED else len(_PREFERRED)
        return (-scores[column], pref)

    return min(scores, key=rank)


def join_zones(
    districts: gpd.GeoDataFrame,
    plan: Plan = PLAN,
    name_field: str | None = None,
) -> gpd.GeoDataFrame:
    """Attach each district's zone and priority clusters.

    ``districts`` is a validated boundary layer in EPSG:4326.  Returns a copy
    in plan order (zone by zone, districts as the Decision lists them) with
    the columns of :data:`ZONE_COLUMNS`; ``name`` is the proper Vietnamese
    short name from the plan, whatever spelling the file used, and
    ``area_km2`` is computed geodesically (WGS 84 ellipsoid, km²) when the
    file does not carry it.  Other columns are kept.

    Raises :class:`TnMapError` listing every offender when a name is unknown,
    a district is missing or repeated, or the plan puts a district in two
    zones.
    """
    where = districts.attrs.get("source", "boundaries")
    assignments = plan.district_zone_keys()
    doubled = {k: zs for k, zs in assignments.items() if len(zs) > 1}
    if doubled:
        detail = "; ".join(f"{plan.district(k).name} in {' and '.join(zs)}" for k, zs in doubled.items())
        raise TnMapError(f"the plan assigns districts to more than one zone: {detail}", where="plan")

    column = name_field or find_name_column(districts, plan)
    if column not in districts.columns:
        raise TnMapError(
            f"no column {column!r}; columns are {', '.join(map(str, districts.columns))}", where=where
        )
    raw = districts[column]
    keys = [name_key(v) if isinstance(v, str) and v.strip() else "" for v in raw]

    blank = [i + 1 for i, k in enumerate(keys) if not k]
    unknown = [(i + 1, nfc(raw.iloc[i])) for i, k in enumerate(keys) if k and k not in assignments]
    counts = Counter(k for k in keys if k)
    repeated = {k: [i + 1 for i, kk in enumerate(keys) if kk == k] for k, n in counts.items() if n > 1 and k in assignments}
    missing = [plan.district(k).name for k in assignments if k not in counts]
    problems = []
    if blank:
        problems.append(f"rows {', '.join(map(str, blank))} have no name")
    if unknown:
        listed = ", ".join(f"row {r} {v!r}" for r, v in unknown)
        problems.append(f"not a district of the 2030 scheme: {listed}")
    if repeated:
        listed = "; ".join(f"{plan.district(k).name} in rows {', '.join(map(str, rows))}" for k, rows in repeated.items())
        problems.append(f"named more than once: {listed}")
    if missing:
        problems.append(f"missing districts: {', '.join(missing)}")
    if problems:
        raise TnMapError(f"column {column!r}: " + "; ".join(problems), where=where)

    out = districts.copy()
    out["district_key"] = keys
    order = {name_key(d.name): i for i, d in enumerate(d for z in plan.zones for d in z.districts)}
    out = out.iloc[sorted(range(len(out)), key=lambda i: order[keys[i]])].reset_index(drop=True)
    zone_of = {k: plan.zone(zs[0]) for k, zs in assignments.items()}
    district_of = {k: plan.district(k) for k in assignments}

    has_area = "area_km2" in out.columns and pd.api.types.is_numeric_dtype(out["area_km2"]) and out["area_km2"].notna().all()
    if not has_area:
        out["area_km2"] = [round(abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6, 2) for g in out.geometry]
    out["name"] = [district_of[k].name for k in out["district_key"]]
    out["name_full"] = [district_of[k].name_full for k in out["district_key"]]
    out["name_en"] = [district_of[k].name_en for k in out["district_key"]]
    out["unit_type"] = [district_of[k].unit_type.vi for k in out["district_key"]]
    out["zone"] = [zone_of[k].key for k in out["district_key"]]
    out["zone_vi"] = [zone_of[k].name.vi for k in out["district_key"]]
    out["zone_en"] = [zone_of[k].name.en for k in out["district_key"]]
    out["clusters_vi"] = ["; ".join(c.name.vi for c in zone_of[k].clusters) for k in out["district_key"]]
    out["clusters_en"] = ["; ".join(c.name.en for c in zone_of[k].clusters) for k in out["district_key"]]
    out.attrs["source"] = where
    out.attrs["name_field"] = column
    return out


def zone_table(districts: gpd.GeoDataFrame, plan: Plan = PLAN, lang: Lang = "en") -> pd.DataFrame:
    """One row per zone: districts, priority clusters, district count, area and share.

    ``districts`` is the output of :func:`join_zones`.  ``area_km2`` is the sum
    of the member districts' areas (km²); ``share_pct`` its share of the
    province's total area, in per cent, rounded to 0.1.
    """
    total = float(districts["area_km2"].sum())
    rows = []
    for zone in plan.zones:
        members = districts[districts["zone"] == zone.key]
        area = float(members["area_km2"].sum())
        rows.append(
            {
                "zone": zone.name.get(lang),
                "zone_key": zone.key,
                "districts": ", ".join(members["name"]),
                "n_districts": int(len(members)),
                "clusters": "; ".join(c.name.get(lang) for c in zone.clusters),
                "area_km2": round(area, 2),
                "share_pct": round(100.0 * area / total, 1) if total else 0.0,
            }
        )
    return pd.DataFrame(rows)
