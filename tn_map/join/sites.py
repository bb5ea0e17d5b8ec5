"""Located sites × zones: each site's zone, sectors, fit with the zone, and a typed report.

Data carries keys only — zone ``"south"``, fit ``"priority"``, sector keys —
and :class:`SiteReport` counts them; words for people are added at the edge
(:mod:`tn_map.i18n`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd

from ..load.columns import ColumnRoles
from ..locate import LocatedSites, Note, Precision, stated_keys, stated_mismatch
from ..locate.coordinates import parse_numbers
from ..plan import PLAN, Plan
from .sectors import sector_clusters

__all__ = [
    "ClassifiedSites",
    "ZoneMembership",
    "member_column",
    "fit_column",
    "zone_membership",
    "zone_text",
    "in_zone",
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


def member_column(key: str) -> str:
    """The name of the boolean column saying a row lies in zone ``key`` (``in_south``)."""
    return f"in_{key}"


def fit_column(key: str) -> str:
    """The name of the column holding a row's verdict against zone ``key``'s own clusters (``fit_south``)."""
    return f"fit_{key}"


@dataclass(frozen=True)
class ZoneMembership:
    """Which zones each row lies in, read from the per-zone boolean columns once.

    ``codes[i]`` indexes ``keys``: ``keys[codes[i]]`` is row ``i``'s zone keys
    in the plan's order (``()`` for none; ``("south", "west")`` for a row in
    Xã Đại Phúc).  Consumers group by ``codes`` and put each distinct tuple
    into words once; nobody parses the ``zone`` text.
    """

    codes: np.ndarray
    keys: tuple[tuple[str, ...], ...]

    def per_row(self) -> list[tuple[str, ...]]:
        """Each row's zone keys (plan order)."""
        return [self.keys[c] for c in self.codes]


def zone_text(keys: tuple[str, ...]) -> str:
    """The written ``zone`` cell for a row's zone keys (plan order): ``"south; west"``, ``""`` for none."""
    return "; ".join(keys)


def zone_membership(frame: pd.DataFrame, plan: Plan = PLAN) -> ZoneMembership:
    """The zone keys of every row of a classified frame, from its ``in_<key>`` columns.

    Vectorised: the booleans are packed into one integer per row (bit ``j``:
    the plan's ``j``-th zone) and each distinct pattern becomes a tuple once.
    """
    keys = [z.key for z in plan.zones]
    bits = np.zeros(len(frame), dtype=np.int64)
    for j, key in enumerate(keys):
        column = member_column(key)
        if column in frame.columns:
            bits |= frame[column].to_numpy(dtype=bool).astype(np.int64) << j
    codes, patterns = pd.factorize(bits, sort=True)
    return ZoneMembership(codes=np.asarray(codes, dtype=np.int64), keys=tuple(_pattern_keys(p, keys) for p in patterns))


def _pattern_keys(pattern: int, keys: list[str]) -> tuple[str, ...]:
    """The zone keys of a membership pattern (bit ``j``: the plan's ``j``-th zone), in plan order."""
    return tuple(k for j, k in enumerate(keys) if int(pattern) >> j & 1)


def in_zone(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Boolean per row of a classified frame: the row lies in zone ``key`` (a two-zone row lies in both)."""
    column = member_column(key)
    return frame[column].to_numpy(dtype=bool) if column in frame.columns else np.zeros(len(frame), dtype=bool)


@dataclass(frozen=True)
class ZoneSummary:
    """One zone's located sites, counted once, exactly, by :func:`summarise`.

    ``count`` sites (a site in two zones counts in each); ``area_ha``
    (hectares) the sum over the ``area_known`` sites that have an area (an
    outline, or a valid stated area, 0 included); when ``area_known`` is 0
    the zone's area is not known (shown ``–``, see
    :func:`tn_map.i18n.fmt_area`), not zero; ``priority_share`` (0–1,
    ``priority / known``, ``None`` if no sector is known); ``sector_unknown``
    (count); ``priority`` sites whose sector is a priority of this zone's own
    clusters, ``known`` sites with a known sector (with ``priority``: the
    share, exactly mergeable); ``approximate`` sites whose position is not
    exact.
    """

    count: int
    area_ha: float
    priority_share: float | None
    sector_unknown: int
    priority: int = 0
    known: int = 0
    area_known: int = 0
    approximate: int = 0

    @property
    def area(self) -> float | None:
        """``area_ha``, or ``None`` when no site of the zone has an area."""
        return self.area_ha if self.area_known else None


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
    A site in a unit formed from two zones counts in both zones' figures, so the
    zones' counts add up to more than ``located`` by ``several_zones`` (the
    located sites in two zones or more; ``several_zones_places``: the first
    five distinct places they were placed at, such as ``Xã Đại Phúc``).  ``rejected_by_reason`` counts
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
    several_zones: int = 0
    several_zones_places: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain data for JSON: keys as in the dataclass, examples and zones as dicts."""
        return asdict(self)


@dataclass(frozen=True)
class ClassifiedSites:
    """A site list placed in districts and zones and judged against the zone's clusters.

    ``frame`` (EPSG:4326) has every input row with the columns of
    :class:`~tn_map.locate.LocatedSites` plus the membership ``in_<key>``
    (boolean) and ``fit_<key>`` (verdict against that zone) per zone of the
    plan (see :func:`classify_located`), ``zone`` (the same keys as text, for
    the written files: zone key, or two ``"; "``-joined, or ``""``; read
    membership with :func:`zone_membership`, never by parsing it),
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

    @cached_property
    def located(self) -> gpd.GeoDataFrame:
        """The rows that have a place (in a zone, or in former Bắc Kạn), selected once (EPSG:4326).

        Every reader (the model, each language's page, the print map) gets this
        one frame: read it, or copy it before changing it.
        """
        return self.frame[self.frame["status"] != "rejected"]


def classify_located(located: LocatedSites, plan: Plan = PLAN) -> ClassifiedSites:
    """Add zone membership, sectors, fit verdicts and mismatch flag to located sites; summarise them.

    Membership is data: one boolean column per zone of ``plan``
    (:func:`member_column`, ``in_south`` …) and one verdict per zone
    (:func:`fit_column`, ``fit_south`` …: ``priority`` / ``not_priority`` /
    ``unknown`` judged against that zone's own clusters, ``""`` when not in
    it).  ``zone`` (the keys ``"; "``-joined, plan order) and the overall
    ``fit`` are composed from them here, once, for the written files; read
    membership with :func:`zone_membership` or :func:`in_zone`, never by
    parsing ``zone``.
    """
    out = located.frame.copy()
    n = len(out)
    roles = located.roles
    keys = [z.key for z in plan.zones]
    text = lambda values: pd.Series(values, index=out.index, dtype=object)  # noqa: E731 (kept as objects: no copy to Arrow)
    district_key = out["district_key"].to_numpy(dtype=object)
    inside = district_key != ""
    # Membership as bits (bit j: the plan's j-th zone): each distinct district key and each
    # distinct named place looked up once, then indexed by codes.
    key_codes, key_values = pd.factorize(district_key, use_na_sentinel=False)
    zone_of = plan.district_zone_keys()
    district_bits = np.array([sum(1 << keys.index(z) for z in zone_of.get(k, ())[:1]) for k in key_values] + [0],
                             dtype=np.int64)
    bits = district_bits[key_codes]
    place_codes, place_values = pd.factorize(out["place_zones"].to_numpy(dtype=object), use_na_sentinel=False)
    # the locate stage's zone keys of a named place (a tuple: a unit formed from two zones keeps both), once each
    place_bits = np.array([sum(1 << keys.index(k) for k in set(v) if k in keys) for v in place_values],
                          dtype=np.int64)
    named = place_bits[place_codes] != 0
    bits[named] = place_bits[place_codes][named]
    bits[out["status"].to_numpy(dtype=object) != "located"] = 0
    bit_codes, patterns = pd.factorize(bits)
    out["zone"] = text(np.array([zone_text(_pattern_keys(p, keys)) for p in patterns],
                                dtype=object)[bit_codes] if n else np.zeros(0, dtype=object))
    member = {k: (bits >> j & 1).astype(bool) for j, k in enumerate(keys)}

    # Sector fit, vectorised: read each distinct sector text once, judge it against each zone's
    # clusters once, then index by codes.
    if roles.sector:
        sector_codes, sector_texts = pd.factorize(out[roles.sector].astype("string").fillna(""), use_na_sentinel=False)
    else:
        sector_codes, sector_texts = np.zeros(n, dtype=np.int64), pd.Index([""])
    matched = [sector_clusters(str(t)) for t in sector_texts]
    out["sectors"] = text(np.array(["; ".join(ks) for ks in matched], dtype=object)[sector_codes])
    known = np.array([bool(ks) for ks in matched], dtype=bool)[sector_codes]
    zones_in = np.zeros(n, dtype=np.int64)
    hits = np.zeros(n, dtype=np.int64)
    verdicts = pd.Index(["", FIT_PRIORITY, FIT_NOT_PRIORITY, FIT_UNKNOWN])
    for zone in plan.zones:
        clusters = {c.key for c in zone.clusters}
        hit = np.array([bool(clusters & set(ks)) for ks in matched], dtype=bool)[sector_codes]
        here = member[zone.key]
        zones_in += here
        hits += here & hit
        codes = np.where(here, np.where(known, np.where(hit, 1, 2), 3), 0).astype(np.int8)
        out[member_column(zone.key)] = here
        out[fit_column(zone.key)] = pd.Categorical.from_codes(codes, categories=verdicts)
    # the overall verdict over the row's zones: a priority of all, of some (split), of none
    overall = np.array(["", FIT_UNKNOWN, FIT_PRIORITY, FIT_SPLIT, FIT_NOT_PRIORITY], dtype=object)
    out["fit"] = text(overall[np.select(
        [zones_in == 0, ~known, hits == zones_in, hits > 0], [0, 1, 2, 3], default=4)])

    # Stated-district mismatch: each distinct (stated text, district) pair judged once
    stated = out[roles.district].astype("string").fillna("").to_numpy(dtype=object) if roles.district else None
    out["district_mismatch"] = stated_mismatch(
        stated, district_key, inside, lambda texts: [stated_keys(str(t)) for t in texts])
    report = summarise(out, roles, located.source, plan)
    return ClassifiedSites(frame=out, source=located.source, roles=roles, report=report, notes=located.notes)


#: Places named in :attr:`SiteReport.several_zones_places`, at most.
SEVERAL_ZONES_SHOWN = 5


def summarise(frame: pd.DataFrame, roles: ColumnRoles, source: str, plan: Plan = PLAN) -> SiteReport:
    """Count rows by status and reason key, and sites, area and fit per zone, from the membership columns.

    ``frame`` is a :attr:`ClassifiedSites.frame` (with ``in_<key>`` and
    ``fit_<key>`` columns); areas are in hectares.
    """
    status = frame["status"].to_numpy(dtype=object)
    located = status == "located"
    placed = status != "rejected"
    area, has_area = _area_ha(frame, roles)
    exact = (frame["location_precision"].to_numpy(dtype=object) == Precision.EXACT.value)
    zones = {}
    in_zones = np.zeros(len(frame), dtype=np.int64)
    for zone in plan.zones:
        mask = located & in_zone(frame, zone.key)
        in_zones += mask
        verdict = frame[fit_column(zone.key)]
        priority = int((mask & verdict.eq(FIT_PRIORITY).to_numpy(dtype=bool)).sum())
        known = priority + int((mask & verdict.eq(FIT_NOT_PRIORITY).to_numpy(dtype=bool)).sum())
        total = float(area[mask & has_area].sum())
        zones[zone.key] = ZoneSummary(
            count=int(mask.sum()),
            area_ha=round(total, 2) if math.isfinite(total) else 0.0,
            priority_share=round(priority / known, 3) if known else None,
            sector_unknown=int((mask & verdict.eq(FIT_UNKNOWN).to_numpy(dtype=bool)).sum()),
            priority=priority,
            known=known,
            area_known=int((mask & has_area).sum()),
            approximate=int((mask & ~exact).sum()),
        )
    several = in_zones > 1
    where = frame["placed_at"] if "placed_at" in frame.columns else frame["unit_2025"]
    several_places = tuple(str(p) for p in pd.unique(where.to_numpy(dtype=object)[several]) if str(p))[:SEVERAL_ZONES_SHOWN]
    by_reason = {str(k): int(v) for k, v in frame.loc[~placed, "reason"].value_counts().sort_index().items()}
    examples = []
    for i in np.flatnonzero(~placed)[:10]:
        row = frame.iloc[i]
        column = str(row["reason_column"])
        value = "" if not column or pd.isna(row.get(column)) else str(row[column])[:40]
        if row["reason"] == "outside_province" and "province_2025" in frame.columns:
            value = str(row["province_2025"])  # today's province it lies in, where known
        examples.append(RejectedRow(int(row["input_row"]), str(row["reason"]), column, value))
    return SiteReport(
        source=source,
        rows_in=int(len(frame)),
        located=int(located.sum()),
        rejected=int((~placed).sum()),
        outside_zoning=int((placed & ~located).sum()),
        rejected_by_reason=by_reason,
        rejected_examples=tuple(examples),
        approximate=int((placed & ~exact).sum()),
        swapped_fixed=int((frame["note"] == Note.LATLON_SWAPPED.value).sum()),
        district_mismatch=int(frame["district_mismatch"].fillna(False).sum()),
        zones=zones,
        unit_mismatch=int(frame["unit_mismatch"].fillna(False).sum()) if "unit_mismatch" in frame.columns else 0,
        several_zones=int(several.sum()),
        several_zones_places=several_places,
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
            area_known=sum(z.area_known for z in parts),
            approximate=sum(z.approximate for z in parts),
        )
    places = tuple(dict.fromkeys(p for r in reports for p in r.several_zones_places))[:SEVERAL_ZONES_SHOWN]
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
        several_zones=sum(r.several_zones for r in reports),
        several_zones_places=places,
    )


def _area_ha(frame: pd.DataFrame, roles: ColumnRoles) -> tuple[np.ndarray, np.ndarray]:
    """Each site's area in hectares (from its outline, else its stated area column, else 0) and
    whether it has one (an outline, or a stated area from 0 up to :data:`MAX_SITE_AREA_HA`)."""
    values = np.zeros(len(frame))
    stated = np.zeros(len(frame), dtype=bool)
    if roles.area_ha:
        numbers, _, bad = parse_numbers(frame[roles.area_ha])
        if bad.any():  # "7 ha": the header's unit repeated in the cell is still seven hectares
            unit = frame[roles.area_ha][bad].astype("string").str.replace(r"(?i)\s*ha\s*$", "", regex=True)
            numbers[bad] = parse_numbers(unit)[0]
        # an area larger than the province (or not a number) is a typo, not a site: it has no area
        stated = np.isfinite(numbers) & (numbers >= 0) & (numbers <= MAX_SITE_AREA_HA)
        values = np.where(stated, numbers, 0.0)
    geom_area = frame["area_ha_geom"].to_numpy(dtype=float)
    outlined = np.isfinite(geom_area)
    return np.where(outlined, geom_area, values), outlined | stated
