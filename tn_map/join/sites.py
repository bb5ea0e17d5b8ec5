"""Located sites × zones: each site's zone, sectors, fit with the zone, and a typed report.

Data carries keys only — zone ``"south"``, fit ``"priority"``, sector keys —
and :class:`SiteReport` counts them; words for people are added at the edge
(:mod:`tn_map.i18n`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from ..load.columns import ColumnRoles
from ..locate import LocatedSites, Note, Precision, stated_keys
from ..locate.coordinates import parse_numbers
from ..plan import PLAN, Plan
from .sectors import sector_clusters

__all__ = [
    "ClassifiedSites",
    "SiteReport",
    "ZoneSummary",
    "RejectedRow",
    "classify_located",
    "summarise",
    "merge_reports",
    "FIT_PRIORITY",
    "FIT_NOT_PRIORITY",
    "FIT_UNKNOWN",
    "FIT_SPLIT",
    "FITS",
]

#: The largest area (hectares) a site's stated area may have: Thái Nguyên (old) is about 352,000 ha.
MAX_SITE_AREA_HA = 352_000.0

FIT_PRIORITY = "priority"
FIT_NOT_PRIORITY = "not_priority"
FIT_UNKNOWN = "unknown"
#: A site in a unit formed from two zones whose sector is a priority of one of them only.
FIT_SPLIT = "split"
#: The fit keys, in the order legends list them.
FITS = (FIT_PRIORITY, FIT_NOT_PRIORITY, FIT_UNKNOWN, FIT_SPLIT)


@dataclass(frozen=True)
class ZoneSummary:
    """One zone's sites: ``count``; ``area_ha`` (hectares; sites without an area count 0);
    ``priority_share`` (0–1 of sites with a known sector, ``None`` if none known);
    ``sector_unknown`` (count)."""

    count: int
    area_ha: float
    priority_share: float | None
    sector_unknown: int
    priority: int = 0  # sites whose sector is a priority here (with ``known``: the share, exactly mergeable)
    known: int = 0  # sites with a known sector


@dataclass(frozen=True)
class RejectedRow:
    """A rejected row for the report: data row number, reason key, column and cell text."""

    row: int
    reason: str
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class SiteReport:
    """Row accounting and per-zone figures of a classified site list.

    ``rows_in == located + outside_zoning + rejected`` always
    (``outside_zoning``: in former Bắc Kạn, in the province but in no zone).
    A site in a unit formed from two zones counts in both zones' figures.  ``rejected_by_reason`` counts
    rows per :class:`~tn_map.locate.Reason` key; ``rejected_examples`` are
    the first ten rejected rows.
    """

    source: str
    rows_in: int
    located: int
    rejected: int
    outside_zoning: int
    rejected_by_reason: dict[str, int]
    rejected_examples: tuple[RejectedRow, ...]
    approximate: int
    swapped_fixed: int
    district_mismatch: int
    zones: dict[str, ZoneSummary] = field(default_factory=dict)
    unit_mismatch: int = 0  # rows whose stated commune or ward is not the 2025 unit their point lies in

    def to_dict(self) -> dict:
        """Plain data for JSON: keys as in the dataclass, examples and zones as dicts."""
        return asdict(self)


@dataclass(frozen=True)
class ClassifiedSites:
    """A site list placed in districts and zones and judged against the zone's clusters.

    ``frame`` (EPSG:4326) has every input row with the columns of
    :class:`~tn_map.locate.LocatedSites` plus ``zone`` (zone key, or two
    ``"; "``-joined for a unit formed from two zones, or ``""``),
    ``sectors`` (sector keys, ``"; "``-joined), ``fit`` (``priority`` /
    ``not_priority`` / ``unknown`` / ``split``, ``""`` when in no zone) and
    ``district_mismatch`` (nullable boolean: the stated district differs from
    where the point falls).
    """

    frame: gpd.GeoDataFrame
    source: str
    roles: ColumnRoles
    report: SiteReport
    notes: tuple = ()

    @property
    def located(self) -> gpd.GeoDataFrame:
        """The rows that have a place (in a zone, or in former Bắc Kạn)."""
        return self.frame[self.frame["status"] != "rejected"]


def classify_located(located: LocatedSites, plan: Plan = PLAN) -> ClassifiedSites:
    """Add zone, sectors, fit verdict and mismatch flag to located sites; summarise them."""
    out = located.frame.copy()
    n = len(out)
    roles = located.roles
    text = lambda values: pd.Series(values, index=out.index, dtype=object)  # noqa: E731 (kept as objects: no copy to Arrow)
    district_key = out["district_key"].to_numpy(dtype=object)
    inside = district_key != ""
    # each distinct key looked up once, then indexed by codes
    key_codes, key_values = pd.factorize(district_key, use_na_sentinel=False)
    zone_of = {key: zones[0] for key, zones in plan.district_zone_keys().items()}
    zones = np.array([zone_of.get(k, "") for k in key_values] + [""], dtype=object)[key_codes]
    place_zones = out["place_zones"].to_numpy(dtype=object)
    named = place_zones != ""
    zones[named] = place_zones[named]  # a unit named by address: its own zone(s)
    zones[out["status"].to_numpy(dtype=object) != "located"] = ""
    out["zone"] = text(zones)

    # Sector fit, vectorised: read each distinct sector text once, decide each
    # distinct (zone, sector) pair once, then index by codes.
    zone_codes, zone_values = pd.factorize(zones)
    if roles.sector:
        sector_codes, sector_texts = pd.factorize(out[roles.sector].astype("string").fillna(""), use_na_sentinel=False)
    else:
        sector_codes, sector_texts = np.zeros(n, dtype=np.int64), pd.Index([""])
    matched = [sector_clusters(str(t)) for t in sector_texts]
    out["sectors"] = text(np.array(["; ".join(ks) for ks in matched], dtype=object)[sector_codes])
    zone_cluster_keys = {z.key: {c.key for c in z.clusters} for z in plan.zones}
    fit_table = np.full((len(zone_values), len(sector_texts)), "", dtype=object)
    for zi, value in enumerate(zone_values):
        keys = [k for k in str(value).split("; ") if k in zone_cluster_keys]
        if not keys:
            continue
        for si, ks in enumerate(matched):
            if not ks:
                fit_table[zi, si] = FIT_UNKNOWN
                continue
            hits = [bool(zone_cluster_keys[k] & set(ks)) for k in keys]
            fit_table[zi, si] = FIT_PRIORITY if all(hits) else FIT_SPLIT if any(hits) else FIT_NOT_PRIORITY
    out["fit"] = text(fit_table[zone_codes, sector_codes])

    # Stated-district mismatch, the same way: each distinct stated text once.
    mismatch = pd.array([None] * n, dtype="boolean")
    if roles.district and inside.any():
        keys = sorted(pd.unique(district_key[inside]))
        key_index = {k: i for i, k in enumerate(keys)}
        stated_codes, stated_texts = pd.factorize(out[roles.district].astype("string").fillna(""), use_na_sentinel=False)
        table = np.full((len(stated_texts), len(keys)), None, dtype=object)
        for ti, text in enumerate(stated_texts):
            named = stated_keys(str(text))
            if named:
                table[ti] = [key not in named for key in keys]
        columns = np.array([key_index.get(k, 0) for k in key_values] + [0])[key_codes]
        mismatch[inside] = table[stated_codes[inside], columns[inside]]
    out["district_mismatch"] = mismatch
    report = summarise(out, roles, located.source, plan)
    return ClassifiedSites(frame=out, source=located.source, roles=roles, report=report, notes=located.notes)


def summarise(frame: pd.DataFrame, roles: ColumnRoles, source: str, plan: Plan = PLAN) -> SiteReport:
    """Count rows by status and reason key, and sum sites, area and fit per zone."""
    status = frame["status"].to_numpy(dtype=object)
    located = status == "located"
    placed = status != "rejected"
    zone_codes, zone_values = pd.factorize(frame["zone"].astype(object), use_na_sentinel=False)
    fit = frame["fit"].to_numpy(dtype=object)
    area = _area_ha(frame, roles)
    zones = {}
    sector_codes, sector_values = pd.factorize(frame["sectors"].astype(object), use_na_sentinel=False)
    sector_sets = [set(str(v).split("; ")) - {""} for v in sector_values]
    known_sector = np.array([bool(s) for s in sector_sets], dtype=bool)[sector_codes]
    for zone in plan.zones:
        member = np.array([zone.key in str(v).split("; ") for v in zone_values], dtype=bool)
        mask = located & member[zone_codes]
        # judged against this zone's own clusters: a two-zone site may be a priority here and not there
        clusters = {c.key for c in zone.clusters}
        here = np.array([bool(s & clusters) for s in sector_sets], dtype=bool)[sector_codes]
        priority = int((mask & here).sum())
        known = int((mask & known_sector).sum())
        total = float(area[mask].sum())
        zones[zone.key] = ZoneSummary(
            count=int(mask.sum()),
            area_ha=round(total, 2) if math.isfinite(total) else 0.0,
            priority_share=round(priority / known, 3) if known else None,
            sector_unknown=int((mask & (fit == FIT_UNKNOWN)).sum()),
            priority=priority,
            known=known,
        )
    by_reason = {str(k): int(v) for k, v in frame.loc[~placed, "reason"].value_counts().sort_index().items()}
    examples = []
    for i in np.flatnonzero(~placed)[:10]:
        row = frame.iloc[i]
        column = str(row["reason_column"])
        value = "" if not column or pd.isna(row.get(column)) else str(row[column])[:40]
        if row["reason"] == "outside_province" and "province_2025" in frame.columns:
            value = str(row["province_2025"])  # today's province it lies in, where known
        examples.append(RejectedRow(int(row["input_row"]), str(row["reason"]), column, value))
    precision = frame["location_precision"].to_numpy(dtype=object)
    return SiteReport(
        source=source,
        rows_in=int(len(frame)),
        located=int(located.sum()),
        rejected=int((~placed).sum()),
        outside_zoning=int((placed & ~located).sum()),
        rejected_by_reason=by_reason,
        rejected_examples=tuple(examples),
        approximate=int((placed & (precision != Precision.EXACT.value)).sum()),
        swapped_fixed=int((frame["note"] == Note.LATLON_SWAPPED.value).sum()),
        district_mismatch=int(frame["district_mismatch"].fillna(False).sum()),
        zones=zones,
        unit_mismatch=int(frame["unit_mismatch"].fillna(False).sum()) if "unit_mismatch" in frame.columns else 0,
    )


def merge_reports(reports: list[SiteReport]) -> SiteReport:
    """One report for a file classified in chunks: counts added, shares recomputed, first examples kept."""
    first = reports[0]
    by_reason: dict[str, int] = {}
    for r in reports:
        for key, n in r.rejected_by_reason.items():
            by_reason[key] = by_reason.get(key, 0) + n
    zones = {}
    for key in first.zones:
        parts = [r.zones[key] for r in reports]
        priority, known = sum(z.priority for z in parts), sum(z.known for z in parts)
        total = sum(z.area_ha for z in parts)
        zones[key] = ZoneSummary(
            count=sum(z.count for z in parts),
            area_ha=round(total, 2) if math.isfinite(total) else 0.0,
            priority_share=round(priority / known, 3) if known else None,
            sector_unknown=sum(z.sector_unknown for z in parts),
            priority=priority,
            known=known,
        )
    return SiteReport(
        source=first.source,
        rows_in=sum(r.rows_in for r in reports),
        located=sum(r.located for r in reports),
        rejected=sum(r.rejected for r in reports),
        outside_zoning=sum(r.outside_zoning for r in reports),
        rejected_by_reason=dict(sorted(by_reason.items())),
        rejected_examples=tuple(e for r in reports for e in r.rejected_examples)[:10],
        approximate=sum(r.approximate for r in reports),
        swapped_fixed=sum(r.swapped_fixed for r in reports),
        district_mismatch=sum(r.district_mismatch for r in reports),
        zones=zones,
        unit_mismatch=sum(r.unit_mismatch for r in reports),
    )


def _area_ha(frame: pd.DataFrame, roles: ColumnRoles) -> np.ndarray:
    """Each site's area in hectares: from its outline, else its stated area column, else 0."""
    values = np.zeros(len(frame))
    if roles.area_ha:
        numbers, _, bad = parse_numbers(frame[roles.area_ha])
        if bad.any():  # "7 ha": the header's unit repeated in the cell is still seven hectares
            unit = frame[roles.area_ha][bad].astype("string").str.replace(r"(?i)\s*ha\s*$", "", regex=True)
            numbers[bad] = parse_numbers(unit)[0]
        # an area larger than the province (or not a number) is a typo, not a site: it counts 0
        values = np.where(np.isfinite(numbers) & (numbers >= 0) & (numbers <= MAX_SITE_AREA_HA), numbers, 0.0)
    geom_area = frame["area_ha_geom"].to_numpy(dtype=float)
    return np.where(np.isfinite(geom_area), geom_area, values)
