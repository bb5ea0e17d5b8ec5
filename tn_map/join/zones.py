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
import numpy as np
import pandas as pd
from pyproj import Geod

from .._errors import ParameterError, Phrase, TnMapError
from ..names import name_key, nfc
from ..plan import PLAN, Plan

__all__ = ["find_name_column", "join_zones", "zone_summary", "ZONE_COLUMNS"]

#: Columns :func:`join_zones` adds or overwrites.  Names are proper names
#: (Vietnamese, and the English form of the unit's name); the zone is a key
#: of :data:`tn_map.PLAN` — its words are added at the edge.
ZONE_COLUMNS = (
    "district_key",
    "name",
    "name_full",
    "name_en",
    "unit_type",
    "area_km2",
    "zone",
)

_GEOD = Geod(ellps="WGS84")
# Property names tried first, in order, before scanning every text column.
_PREFERRED = ("name", "name_full", "ten", "ten_huyen", "district", "huyen", "name_2", "varname_2")


def find_name_column(gdf: gpd.GeoDataFrame, plan: Plan = PLAN, where: str = "boundaries") -> str:
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
        tried = ", ".join(map(str, scores)) or "–"
        raise TnMapError.of("no_name_column", where, param="name_field", tried=tried)
    lowered = {c: str(c).lower() for c in scores}

    def rank(column: str) -> tuple[int, int]:
        pref = _PREFERRED.index(lowered[column]) if lowered[column] in _PREFERRED else len(_PREFERRED)
        return (-scores[column], pref)

    return min(scores, key=rank)


def join_zones(
    districts: gpd.GeoDataFrame,
    plan: Plan = PLAN,
    name_field: str | None = None,
    where: str = "boundaries",
) -> tuple[gpd.GeoDataFrame, str]:
    """Attach each district's zone and priority clusters.

    ``districts`` is a validated boundary layer in EPSG:4326.  Returns a copy
    in plan order (zone by zone, districts as the Decision lists them) with
    the columns of :data:`ZONE_COLUMNS`; ``name`` is the proper Vietnamese
    short name from the plan, whatever spelling the file used, and
    ``area_km2`` is computed geodesically (WGS 84 ellipsoid, km²) when the
    file does not carry it (or carries a value that is not a finite
    number).  Other columns are kept.  Returns the frame and the name of the
    column the names were read from.

    Raises :class:`TnMapError` listing every offender when a name is unknown,
    a district is missing or repeated, or the plan puts a district in two
    zones.
    """
    assignments = plan.district_zone_keys()
    doubled = {k: zs for k, zs in assignments.items() if len(zs) > 1}
    if doubled:
        detail = [Phrase("district_in_zones", {"name": plan.district(k).name, "zones": ", ".join(zs)}) for k, zs in doubled.items()]
        raise TnMapError.of("plan_two_zones", "plan", detail=detail)

    column = name_field or find_name_column(districts, plan, where)
    if column not in districts.columns:
        raise ParameterError.of("no_column", where, param="name_field", column=column, columns=", ".join(map(str, districts.columns)))
    raw = districts[column]
    keys = [name_key(v) if isinstance(v, str) and v.strip() else "" for v in raw]

    blank = [i + 1 for i, k in enumerate(keys) if not k]
    unknown = [(i + 1, nfc(raw.iloc[i])) for i, k in enumerate(keys) if k and k not in assignments]
    counts = Counter(k for k in keys if k)
    repeated = {k: [i + 1 for i, kk in enumerate(keys) if kk == k] for k, n in counts.items() if n > 1 and k in assignments}
    missing = [plan.district(k).name for k in assignments if k not in counts]
    problems = []
    if blank:
        problems.append(Phrase("names_blank", {"rows": ", ".join(map(str, blank))}))
    if unknown:
        listed = [Phrase("row_value", {"row": r, "value": v}) for r, v in unknown]
        problems.append(Phrase("names_unknown", {"listed": listed}))
    if repeated:
        listed = [Phrase("name_in_rows", {"name": plan.district(k).name, "rows": ", ".join(map(str, rows))})
                  for k, rows in repeated.items()]
        problems.append(Phrase("names_repeated", {"listed": listed}))
    if missing:
        problems.append(Phrase("names_missing", {"names": ", ".join(missing)}))
    if problems:
        raise TnMapError.of("name_column", where, column=column, problems=problems)

    out = districts.copy()
    out["district_key"] = keys
    order = {name_key(d.name): i for i, d in enumerate(d for z in plan.zones for d in z.districts)}
    out = out.iloc[sorted(range(len(out)), key=lambda i: order[keys[i]])].reset_index(drop=True)
    zone_of = {k: plan.zone(zs[0]) for k, zs in assignments.items()}
    district_of = {k: plan.district(k) for k in assignments}

    has_area = (
        "area_km2" in out.columns
        and pd.api.types.is_numeric_dtype(out["area_km2"])
        and bool(np.isfinite(out["area_km2"].to_numpy(dtype=float)).all())
        and bool((out["area_km2"] > 0).all())
    )
    if not has_area:
        out["area_km2"] = [round(abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6, 2) for g in out.geometry]
    out["name"] = [district_of[k].name for k in out["district_key"]]
    out["name_full"] = [district_of[k].name_full for k in out["district_key"]]
    out["name_en"] = [district_of[k].name_en for k in out["district_key"]]
    out["unit_type"] = [district_of[k].unit_type.vi for k in out["district_key"]]
    out["zone"] = [zone_of[k].key for k in out["district_key"]]
    return out, column


def zone_summary(districts: gpd.GeoDataFrame, plan: Plan = PLAN) -> pd.DataFrame:
    """One row per zone, in plan order: key, member districts, count, area and share.

    ``districts`` is the output of :func:`join_zones`.  ``area_km2`` is the sum
    of the member districts' areas (km²); ``share_pct`` its share of the
    province's total area, in per cent, rounded to 0.1.  Zone names and
    clusters are words: the edge adds them in the reader's language.
    """
    total = float(districts["area_km2"].sum())
    rows = []
    for zone in plan.zones:
        members = districts[districts["zone"] == zone.key]
        area = float(members["area_km2"].sum())
        rows.append(
            {
                "zone_key": zone.key,
                "districts": ", ".join(members["name"]),
                "n_districts": int(len(members)),
                "area_km2": round(area, 2),
                "share_pct": round(100.0 * area / total, 1) if total else 0.0,
            }
        )
    return pd.DataFrame(rows)
