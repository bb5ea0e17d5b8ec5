"""The 2025 reform crosswalk: new communes/wards ↔ old communes ↔ old districts ↔ the scheme's zones.

The 2030 scheme (Decision 2031/QĐ-UBND) defines its zones on old Thái
Nguyên's nine districts; since 1 July 2025 the province has no districts and
also contains former Bắc Kạn.  :func:`build_crosswalk` follows each new unit
back to the old communes it was formed from (``vietnamadminunits`` data, see
:mod:`tn_map.load.units`), their old districts, and those districts' zones:

* a unit formed from several old districts lists all of them, and every
  zone they belong to (Xã Đại Phúc: South *and* West) — never a guess;
* a unit formed from old Bắc Kạn communes is ``former_bac_kan`` and lies in
  no zone of the scheme;
* an old commune split between new units maps to each of them.

:func:`lookup` finds a new unit, an old commune or an old district from a
name or an address (old ``xã X, huyện Y`` form or new ``Phường X, tỉnh Thái
Nguyên`` form, with or without diacritics); :func:`resolve_many` does the
same for a whole column of addresses, reading each distinct text once;
:func:`crosswalk_table` gives the crosswalk as one row per new unit.

Points are ``(lon, lat)`` in EPSG:4326 degrees: one point per unit as
``vietnamadminunits`` gives it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import MappingProxyType
from typing import Any, Iterable, Literal, Mapping

import numpy as np
import pandas as pd

from .._errors import Phrase, UnknownPlaceError
from ..load.units import (
    OLD_BAC_KAN_KEY,
    NewUnit,
    OldCommune,
    OldDistrict,
    conversions,
    new_units,
    old_communes,
    old_districts,
    province_names,
)
from ..names import fold, name_key, nfc
from ..plan import PLAN, Plan
from .address import Reading, address_parts, read_name, split_at_prefixes, unit_key, written_form

__all__ = [
    "Level",
    "LEVELS",
    "REASON_UNKNOWN",
    "REASON_AMBIGUOUS",
    "REASON_MISSING",
    "REASON_OUTSIDE",
    "UnitOrigin",
    "Crosswalk",
    "Match",
    "build_crosswalk",
    "lookup",
    "crosswalk_table",
    "resolve_many",
]

Level = Literal["new_unit", "old_commune", "old_district"]
#: Match levels, in the order matches are listed.
LEVELS: tuple[Level, ...] = ("new_unit", "old_commune", "old_district")

#: :func:`resolve_many` reason: the text names no unit of Thái Nguyên that tn-map knows.
REASON_UNKNOWN = "address_unknown"
#: :func:`resolve_many` reason: the text fits several units (see its ``candidates`` column).
REASON_AMBIGUOUS = "address_ambiguous"
#: :func:`resolve_many` reason: the cell is empty.
REASON_MISSING = "address_missing"
#: :func:`resolve_many` reason: the text names a province other than Thái Nguyên or Bắc Kạn.
REASON_OUTSIDE = "address_outside"

_COUNTRY_KEYS = frozenset({"vietnam", "vn"})


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class UnitOrigin:
    """A new unit and what it was formed from.

    Attributes
    ----------
    unit : NewUnit
        The unit (since 1 July 2025).
    old_communes : tuple of OldCommune
        Every old commune wholly or partly merged into it, in code order.
    split_communes : tuple of OldCommune
        Those of ``old_communes`` that were split between several new units.
    old_districts : tuple of OldDistrict
        The old districts of ``old_communes``, distinct, in code order.
    zones : tuple of str
        Zone keys of the plan holding any of ``old_districts``, distinct, in
        the plan's zone order.  Several when the old districts lie in
        different zones; empty for former Bắc Kạn.
    former_bac_kan : bool
        True if any of its old communes was in old Bắc Kạn.
    """

    unit: NewUnit
    old_communes: tuple[OldCommune, ...]
    split_communes: tuple[OldCommune, ...]
    old_districts: tuple[OldDistrict, ...]
    zones: tuple[str, ...]
    former_bac_kan: bool


@dataclass(frozen=True)
class Match:
    """One unit that a :func:`lookup` query names.

    Each :func:`lookup` call builds new matches; their lists are the
    caller's to keep.

    Attributes
    ----------
    name : str
        Official name with its type prefix, NFC (``"Xã Đại Phúc"``,
        ``"Huyện Định Hóa"``).
    level : {"new_unit", "old_commune", "old_district"}
        What kind of unit it is.
    old_districts : list of str
        Old district(s): the unit itself for an old district, the commune's
        district for an old commune, all source districts for a new unit.
    new_units : list of str
        New unit(s) it is in (an old commune split in 2025 is in several) or
        that were formed from it (old district); itself for a new unit.
    zones : list of str
        Zone keys of the plan (``"south"``, ``"west"``, ``"east"``), distinct,
        plan order; empty for former Bắc Kạn.
    former_bac_kan : bool
        True for units of, or formed from, old Bắc Kạn.
    point : tuple of float or None
        ``(lon, lat)`` in EPSG:4326 degrees, the package's point for the unit.
    code : str
        Official code of the unit.
    """

    name: str
    level: Level
    old_districts: list[str]
    new_units: list[str]
    zones: list[str]
    former_bac_kan: bool
    point: tuple[float, float] | None
    code: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form: name, level, old_districts, new_units, zones, former_bac_kan, point.

        ``point`` is ``[lon, lat]`` or ``None``.
        """
        return {
            "name": self.name,
            "level": self.level,
            "old_districts": list(self.old_districts),
            "new_units": list(self.new_units),
            "zones": list(self.zones),
            "former_bac_kan": self.former_bac_kan,
            "point": list(self.point) if self.point is not None else None,
        }


@dataclass(frozen=True)
class _Entry:
    """An index entry: one name of one unit."""

    level: Level
    code: str
    type_key: str
    district_code: str | None  # old communes: their district
    written: str  # short name, lower case NFC (see Reading.written)


@dataclass(frozen=True)
class _Index:
    primary: Mapping[str, tuple[_Entry, ...]]
    aliases: Mapping[str, tuple[_Entry, ...]]
    display: Mapping[str, tuple[str, ...]]  # key → names to suggest
    province_keys: frozenset[str]  # old Thái Nguyên, old Bắc Kạn (new Thái Nguyên is the first)
    other_province_keys: frozenset[str]  # every other province, old or new


@dataclass(frozen=True, eq=False)
class Crosswalk:
    """New units ↔ old communes ↔ old districts ↔ zones of one plan.

    Build it with :func:`build_crosswalk`.  Every tuple is in code order;
    zone keys are in the plan's order.

    Attributes
    ----------
    units : tuple of UnitOrigin
        One per new unit of Thái Nguyên, in code order.
    old_communes : tuple of OldCommune
        Old communes of old Thái Nguyên and old Bắc Kạn.
    old_districts : tuple of OldDistrict
        Old districts of old Thái Nguyên and old Bắc Kạn.
    zone_keys : tuple of str
        The plan's zone keys, in plan order.
    """

    units: tuple[UnitOrigin, ...]
    old_communes: tuple[OldCommune, ...]
    old_districts: tuple[OldDistrict, ...]
    zone_keys: tuple[str, ...]
    _district_zones: Mapping[str, tuple[str, ...]] = field(repr=False)
    _new_of_old: Mapping[str, tuple[str, ...]] = field(repr=False)

    # --- lookups by code

    @cached_property
    def _unit_by_code(self) -> Mapping[str, UnitOrigin]:
        return MappingProxyType({u.unit.code: u for u in self.units})

    @cached_property
    def _commune_by_code(self) -> Mapping[str, OldCommune]:
        return MappingProxyType({c.code: c for c in self.old_communes})

    @cached_property
    def _district_by_code(self) -> Mapping[str, OldDistrict]:
        return MappingProxyType({d.code: d for d in self.old_districts})

    @cached_property
    def _new_of_district(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {d.code: [] for d in self.old_districts}
        for origin in self.units:
            for district in origin.old_districts:
                out[district.code].append(origin.unit.code)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def unit(self, name_or_code: str) -> UnitOrigin:
        """The new unit with this official name (``"Xã Đại Phúc"``, any case/diacritics) or code.

        Raises
        ------
        KeyError
            If no new unit has that name or code.
        """
        if name_or_code in self._unit_by_code:
            return self._unit_by_code[name_or_code]
        wanted = fold(name_or_code)
        for origin in self.units:
            if fold(origin.unit.name) == wanted:
                return origin
        raise KeyError(name_or_code)

    def district(self, code: str) -> OldDistrict:
        """The old district with this code."""
        return self._district_by_code[code]

    def district_of(self, commune: OldCommune) -> OldDistrict:
        """The old district of an old commune."""
        return self._district_by_code[commune.district_code]

    def district_zones(self, district: OldDistrict) -> tuple[str, ...]:
        """Zone keys of an old district (plan order); empty for old Bắc Kạn."""
        return self._district_zones[district.code]

    def new_units_of_commune(self, commune: OldCommune) -> tuple[NewUnit, ...]:
        """The new unit(s) an old commune went into, in code order (several if it was split)."""
        return tuple(self._unit_by_code[c].unit for c in self._new_of_old[commune.code])

    def new_units_of_district(self, district: OldDistrict) -> tuple[NewUnit, ...]:
        """The new units formed wholly or partly from an old district's communes, in code order."""
        return tuple(self._unit_by_code[c].unit for c in self._new_of_district[district.code])

    def old_communes_of_district(self, district: OldDistrict) -> tuple[OldCommune, ...]:
        """The old communes of an old district, in code order."""
        return tuple(c for c in self.old_communes if c.district_code == district.code)

    # --- matches

    def match_new_unit(self, origin: UnitOrigin) -> Match:
        """:class:`Match` for a new unit."""
        return Match(
            name=origin.unit.name,
            level="new_unit",
            old_districts=[d.name for d in origin.old_districts],
            new_units=[origin.unit.name],
            zones=list(origin.zones),
            former_bac_kan=origin.former_bac_kan,
            point=origin.unit.point,
            code=origin.unit.code,
        )

    def match_old_commune(self, commune: OldCommune) -> Match:
        """:class:`Match` for an old commune: its own district's zones, its new unit(s)."""
        district = self.district_of(commune)
        return Match(
            name=commune.name,
            level="old_commune",
            old_districts=[district.name],
            new_units=[u.name for u in self.new_units_of_commune(commune)],
            zones=list(self.district_zones(district)),
            former_bac_kan=district.province_key == OLD_BAC_KAN_KEY,
            point=commune.point,
            code=commune.code,
        )

    def match_old_district(self, district: OldDistrict) -> Match:
        """:class:`Match` for an old district: its zones, the new units formed from it."""
        return Match(
            name=district.name,
            level="old_district",
            old_districts=[district.name],
            new_units=[u.name for u in self.new_units_of_district(district)],
            zones=list(self.district_zones(district)),
            former_bac_kan=district.province_key == OLD_BAC_KAN_KEY,
            point=district.point,
            code=district.code,
        )

    def _match(self, entry: _Entry) -> Match:
        if entry.level == "new_unit":
            return self.match_new_unit(self._unit_by_code[entry.code])
        if entry.level == "old_commune":
            return self.match_old_commune(self._commune_by_code[entry.code])
        return self.match_old_district(self._district_by_code[entry.code])

    # --- name index

    @cached_property
    def _index(self) -> _Index:
        primary: dict[str, list[_Entry]] = {}
        aliases: dict[str, list[_Entry]] = {}
        display: dict[str, list[str]] = {}

        def add(table: dict[str, list[_Entry]], key: str, entry: _Entry, shown: str) -> None:
            table.setdefault(key, []).append(entry)
            names = display.setdefault(key, [])
            if shown not in names:
                names.append(shown)

        for origin in self.units:
            unit = origin.unit
            entry = _Entry("new_unit", unit.code, fold(unit.type_vi), None, written_form(unit.short_name))
            add(primary, unit_key(unit.short_name), entry, unit.name)
        for commune in self.old_communes:
            entry = _Entry(
                "old_commune", commune.code, fold(commune.type_vi), commune.district_code, written_form(commune.short_name)
            )
            shown = f"{commune.name} ({self.district_of(commune).name})"
            add(primary, unit_key(commune.short_name), entry, shown)
            for alias in commune.aliases:
                if alias != unit_key(commune.short_name):
                    aliases.setdefault(alias, []).append(entry)
        for district in self.old_districts:
            entry = _Entry("old_district", district.code, fold(district.type_vi), None, written_form(district.short_name))
            add(primary, unit_key(district.short_name), entry, district.name)
        provinces = {unit_key(d.province_short) for d in self.old_districts}
        others = {unit_key(p) for p in province_names()} - provinces
        return _Index(
            primary=MappingProxyType({k: tuple(v) for k, v in primary.items()}),
            aliases=MappingProxyType({k: tuple(v) for k, v in aliases.items()}),
            display=MappingProxyType({k: tuple(v) for k, v in display.items()}),
            province_keys=frozenset(provinces),
            other_province_keys=frozenset(others),
        )


# --------------------------------------------------------------------------- build


@cache
def build_crosswalk(plan: Plan = PLAN) -> Crosswalk:
    """Follow every new unit of Thái Nguyên back to old communes, old districts and ``plan``'s zones.

    Computed once per process and plan (cached).

    Parameters
    ----------
    plan : Plan
        The scheme whose zones are attached (default :data:`tn_map.plan.PLAN`).

    Returns
    -------
    Crosswalk
        One :class:`UnitOrigin` per new unit, plus the reverse maps.

    Raises
    ------
    RuntimeError
        (a bug, not the user's input) If the package's data and the plan disagree: a district of old Thái
        Nguyên in no zone, a plan district that is no old district, or an old
        commune / new unit without a link.
    """
    units = new_units()
    communes = old_communes()
    districts = old_districts()
    zone_order = tuple(z.key for z in plan.zones)
    plan_zones = plan.district_zone_keys()

    district_zones: dict[str, tuple[str, ...]] = {}
    for district in districts:
        keys = plan_zones.get(name_key(district.short_name), [])
        if district.province_key == OLD_BAC_KAN_KEY:
            keys = []  # the scheme predates the merger: old Bắc Kạn is in no zone
        elif not keys:
            raise RuntimeError(f"the plan puts {district.name} (old Thái Nguyên) in no zone")
        district_zones[district.code] = tuple(z for z in zone_order if z in keys)
    known = {name_key(d.short_name) for d in districts if d.province_key != OLD_BAC_KAN_KEY}
    stray = sorted(set(plan_zones) - known)
    if stray:
        raise RuntimeError(f"the plan names districts that are no old district of Thái Nguyên: {', '.join(stray)}")

    commune_by_key = {c.key: c for c in communes}
    unit_by_key = {u.key: u for u in units}
    district_by_code = {d.code: d for d in districts}
    members: dict[str, list[OldCommune]] = {u.code: [] for u in units}
    split: dict[str, list[OldCommune]] = {u.code: [] for u in units}
    new_of_old: dict[str, list[str]] = {c.code: [] for c in communes}
    for link in conversions():
        commune = commune_by_key.get(link.old_key)
        unit = unit_by_key.get(link.new_key)
        if commune is None or unit is None:
            raise RuntimeError(f"vietnamadminunits links {link.old_key} to {link.new_key}, which it does not list")
        members[unit.code].append(commune)
        if link.split:
            split[unit.code].append(commune)
        new_of_old[commune.code].append(unit.code)
    orphans = [c.name for c in communes if not new_of_old[c.code]] + [u.name for u in units if not members[u.code]]
    if orphans:
        raise RuntimeError(f"vietnamadminunits links no new unit to: {', '.join(orphans)}")

    origins = []
    for unit in units:
        olds = tuple(sorted(members[unit.code], key=lambda c: c.code))
        dists = tuple(sorted({district_by_code[c.district_code] for c in olds}, key=lambda d: d.code))
        zone_set = {z for d in dists for z in district_zones[d.code]}
        origins.append(
            UnitOrigin(
                unit=unit,
                old_communes=olds,
                split_communes=tuple(sorted(split[unit.code], key=lambda c: c.code)),
                old_districts=dists,
                zones=tuple(z for z in zone_order if z in zone_set),
                former_bac_kan=any(d.province_key == OLD_BAC_KAN_KEY for d in dists),
            )
        )
    return Crosswalk(
        units=tuple(origins),
        old_communes=communes,
        old_districts=districts,
        zone_keys=zone_order,
        _district_zones=MappingProxyType(district_zones),
        _new_of_old=MappingProxyType({k: tuple(sorted(v)) for k, v in new_of_old.items()}),
    )


# --------------------------------------------------------------------------- table


def crosswalk_table(crosswalk: Crosswalk | None = None, *, zone_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The crosswalk as one row per new unit, in code order.

    Parameters
    ----------
    crosswalk : Crosswalk, optional
        Default :func:`build_crosswalk` of :data:`tn_map.plan.PLAN`.
    zone_names : dict, optional
        Zone key → name; when given, a ``zone_names`` column follows
        ``zones`` with the unit's zones in words, composed from its zone keys
        (not from the joined text).

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``type`` (``ward``/``commune``), ``code``,
        ``old_communes`` and ``old_districts`` (names joined by ``"; "``),
        ``zones`` (zone keys joined by ``"; "``, empty for former Bắc Kạn),
        ``former_bac_kan``, ``lon``, ``lat`` (EPSG:4326 degrees) and
        ``split_old_communes`` (those old communes only partly in the unit).
    """
    xw = crosswalk if crosswalk is not None else build_crosswalk()
    rows = []
    for origin in xw.units:
        point = origin.unit.point
        rows.append(
            {
                "name": origin.unit.name,
                "type": origin.unit.unit_type,
                "code": origin.unit.code,
                "old_communes": "; ".join(c.name for c in origin.old_communes),
                "old_districts": "; ".join(d.name for d in origin.old_districts),
                "zones": "; ".join(origin.zones),
                **({"zone_names": "; ".join(zone_names[k] for k in origin.zones)} if zone_names is not None else {}),
                "former_bac_kan": origin.former_bac_kan,
                "lon": point[0] if point else np.nan,
                "lat": point[1] if point else np.nan,
                "split_old_communes": "; ".join(c.name for c in origin.split_communes),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- lookup


@dataclass(frozen=True)
class _Outcome:
    """What one query text resolves to."""

    matches: tuple[Match, ...] = ()
    problem: str | None = None  # a REASON_* code when nothing matched
    message: Phrase | None = None  # why nothing matched, as words
    hint_keys: tuple[str, ...] = ()  # keys to base suggestions on
    hint_district: str | None = None  # district code to suggest communes of


def _order(entries: Iterable[_Entry]) -> list[_Entry]:
    """Distinct entries, new units first, then old communes, old districts; by code within a level."""
    unique = list(dict.fromkeys(entries))
    return sorted(unique, key=lambda e: (LEVELS.index(e.level), e.code))


def _prefer_written(entries: list[_Entry], readings: tuple[Reading, ...]) -> list[_Entry]:
    """Narrow diacritic-blind matches by what was written, where that is possible.

    Entries spelled exactly as written (diacritics included: ``Văn Lăng``
    is not ``Văn Lang``) are kept if there are any; then those of the written
    type (``Xã``/``Phường``/…), if any.  Never narrows to nothing.
    """
    spelled = {r.written for r in readings}
    exact = [e for e in entries if e.written in spelled]
    entries = exact or entries
    types = {r.type_key for r in readings if r.type_key}
    same = [e for e in entries if e.type_key in types]
    return same or entries


_KIND_LEVELS: dict[str | None, tuple[Level, ...]] = {
    "commune": ("new_unit", "old_commune"),
    "district": ("old_district",),
    None: LEVELS,
}


def _find(index: _Index, readings: tuple[Reading, ...], levels: tuple[Level, ...] | None = None) -> list[_Entry]:
    """Entries named by any reading (type word restricting the level), aliases only if nothing else."""
    for table in (index.primary, index.aliases):
        found = []
        for reading in readings:
            allowed = _KIND_LEVELS.get(reading.kind, ())
            if levels is not None:
                allowed = tuple(lv for lv in allowed if lv in levels)
            found += [e for e in table.get(reading.key, ()) if e.level in allowed]
        if found:
            return _order(_prefer_written(found, readings))
    return []


def _is_province(readings: tuple[Reading, ...], index: _Index, bare_allowed: bool) -> tuple[bool, bool]:
    """(is a province or country, is outside Thái Nguyên/Bắc Kạn)."""
    for reading in readings:
        if reading.kind == "province":
            return True, reading.key not in index.province_keys
        if reading.kind is None and reading.key in _COUNTRY_KEYS:
            return True, False
    if bare_allowed:
        bare = [r.key for r in readings if r.kind is None]
        if any(k in index.province_keys for k in bare):
            return True, False
        # "…, Hà Nội": another province, unless the name is also one of ours
        if any(k in index.other_province_keys and k not in index.primary for k in bare):
            return True, True
    return False, False


def _resolve_parts(parts: list[str], xw: Crosswalk) -> _Outcome:
    index = xw._index
    parts = list(parts)
    # Trailing province / country parts: "…, tỉnh Thái Nguyên", "…, Thai Nguyen, Việt Nam".
    while parts:
        is_province, outside = _is_province(read_name(parts[-1]), index, bare_allowed=len(parts) > 1)
        if not is_province:
            break
        if outside:
            return _Outcome(problem=REASON_OUTSIDE, message=Phrase("place_not_tn", {"name": parts[-1]}))
        parts.pop()
    if not parts:
        return _Outcome(problem=REASON_UNKNOWN, message=Phrase("place_province_only"))

    last = read_name(parts[-1])
    if not last:
        return _Outcome(problem=REASON_UNKNOWN, message=Phrase("place_nothing"))
    if len(parts) >= 2:
        districts = _find(index, tuple(r for r in last if r.kind in ("district", None)), ("old_district",))
        explicit_district = any(r.kind == "district" for r in last)
        if districts and (explicit_district or len(districts) == 1):
            outcome = _resolve_in_districts(parts[-2], districts, explicit_district, xw)
            if outcome is not None:
                return outcome
    entries = _find(index, last)
    if not entries:
        return _Outcome(problem=REASON_UNKNOWN, message=Phrase("place_no_unit", {"name": parts[-1]}), hint_keys=tuple(r.key for r in last))
    return _Outcome(matches=tuple(xw._match(e) for e in entries))


def _resolve_in_districts(text: str, districts: list[_Entry], explicit: bool, xw: Crosswalk) -> _Outcome | None:
    """Old form ``xã X, huyện Y``: X among Y's old communes (or a new unit formed from Y).

    ``None`` when the part before the district is no commune and the district
    was not written as one (``…, Phổ Yên`` may be Phường Phổ Yên).
    """
    index = xw._index
    codes = {e.code for e in districts}
    readings = tuple(r for r in read_name(text) if r.kind in ("commune", None))
    in_district = [
        e for e in _find(index, readings, ("old_commune",)) if e.district_code in codes
    ]
    if not in_district:  # a former name (alias) of a commune of this district
        in_district = [
            e
            for r in readings
            for e in index.aliases.get(r.key, ())
            if e.district_code in codes
        ]
        in_district = _order(in_district)
    if in_district:
        return _Outcome(matches=tuple(xw._match(e) for e in in_district))
    # A new unit's name with an old district it was formed from ("Xã Đại Phúc, huyện Đại Từ").
    new = [
        e
        for e in _find(index, readings, ("new_unit",))
        if codes & {d.code for d in xw._unit_by_code[e.code].old_districts}
    ]
    if new:
        return _Outcome(matches=tuple(xw._match(e) for e in new))
    # a commune-level name, written as one or known as one elsewhere ("Sơn Cẩm, Phú Lương": Sơn Cẩm is in
    # TP Thái Nguyên): the address contradicts itself; it is not read as the district's name alone
    elsewhere = _find(index, readings, ("old_commune", "new_unit"))
    if any(r.kind == "commune" for r in read_name(text)) or elsewhere:
        names = ", ".join(xw.district(c).name for c in sorted(codes))
        return _Outcome(
            problem=REASON_UNKNOWN,
            message=Phrase("place_no_commune", {"name": text, "districts": names}),
            hint_keys=tuple(r.key for r in readings),
            hint_district=sorted(codes)[0],
        )
    if explicit:  # "Tổ 5, TP Phổ Yên": the district is all we know
        return _Outcome(matches=tuple(xw._match(e) for e in districts))
    return None


def _resolve_text(text: str, xw: Crosswalk) -> _Outcome:
    parts = address_parts(text)
    outcome = _resolve_parts(parts, xw)
    if outcome.problem == REASON_UNKNOWN:
        # Written without commas? "xã Tân Cương TP Thái Nguyên"
        cut = [piece for part in parts for piece in split_at_prefixes(part)]
        if len(cut) > len(parts):
            retry = _resolve_parts(cut, xw)
            if retry.problem is None:
                return retry
    return outcome


def _suggestions(outcome: _Outcome, xw: Crosswalk, limit: int = 6) -> list[str]:
    """Closest known names to what was asked: the stated district's communes first, then all units."""
    pools: list[dict[str, list[str]]] = []
    if outcome.hint_district is not None:
        district = xw.district(outcome.hint_district)
        local = {unit_key(c.short_name): [c.name] for c in xw.old_communes_of_district(district)}
        for unit in xw.new_units_of_district(district):
            local.setdefault(unit_key(unit.short_name), []).append(unit.name)
        pools.append(local)
    pools.append({k: list(v) for k, v in xw._index.display.items()})
    found: list[str] = []
    for pool in pools:
        keys = sorted(pool)
        for key in outcome.hint_keys:
            for close in difflib.get_close_matches(key, keys, n=limit, cutoff=0.6):
                for name in pool[close]:
                    if name not in found:
                        found.append(name)
    return found[:limit]


def lookup(query: str, crosswalk: Crosswalk | None = None) -> list[Match]:
    """Find the unit(s) a name or address names: new commune/ward, old commune or old district.

    Parameters
    ----------
    query : str
        A name (``"Đại Từ"``, ``"huyện Đại Từ"``, ``"TP Thái Nguyên"``,
        ``"Xã Đại Phúc"``, ``"xa dai phuc"``), optionally with a trailing
        province (``", tỉnh Thái Nguyên"``, ``", Thai Nguyen"``), or an
        address in the old form ``"xã X, huyện Y[, tỉnh Thái Nguyên]"`` (the
        district picks among old communes of the same name, and the result
        has that one district's zones even when the commune's new unit spans
        two) or the new form ``"[thôn/tổ …, ]Phường X, tỉnh Thái Nguyên"``.
        Case, diacritics and type prefixes (``Xã``, ``Phường``, ``Thị
        trấn``, ``Huyện``, ``TP.``, ``Thành phố``, ``Thị xã``) are optional;
        a prefix that is given restricts the level (``Huyện Phú Bình`` is the
        old district, ``Xã Phú Bình`` the new commune).
    crosswalk : Crosswalk, optional
        Default :func:`build_crosswalk` of :data:`tn_map.plan.PLAN`.

    Returns
    -------
    list of Match
        Every unit the query fits — several when it is ambiguous (``"Phổ
        Yên"`` is Phường Phổ Yên and old TP Phổ Yên) — ordered new units,
        old communes, old districts, then by code.

    Raises
    ------
    TnMapError
        If the query names nothing known; the message lists the closest
        known names.
    """
    xw = crosswalk if crosswalk is not None else build_crosswalk()
    outcome = _resolve_text(str(query), xw)
    if outcome.problem is None:
        return list(outcome.matches)
    close = _suggestions(outcome, xw)
    hint = Phrase("did_you_mean", {"names": ", ".join(close)}) if close else ""
    raise UnknownPlaceError(words=("unknown_place", {"query": nfc(str(query)), "problem": outcome.message, "hint": hint}),
                            suggestions=tuple(close))


# --------------------------------------------------------------------------- many


def settle(matches: tuple[Match, ...] | list[Match]) -> Match | None:
    """The one place several matches agree on, if there is one.

    ``"Xã Tân Cương"`` is both the new commune and the old commune that went
    wholly into it: either way the place is in the new commune.  Any other
    combination stays ambiguous.
    """
    if len(matches) == 1:
        return matches[0]
    new = [m for m in matches if m.level == "new_unit"]
    if len(new) != 1:
        return None
    others = [m for m in matches if m is not new[0]]
    if all(m.level == "old_commune" and m.new_units == [new[0].name] for m in others):
        return new[0]
    return None


_MANY_COLUMNS = ("name", "level", "new_units", "old_districts", "zones", "former_bac_kan", "lon", "lat", "reason", "candidates")


def resolve_many(texts: pd.Series, crosswalk: Crosswalk | None = None) -> pd.DataFrame:
    """Place many address strings on units and zones, reading each distinct text once.

    Each distinct text is resolved as :func:`lookup` would (its last
    commune-level part is taken; a leading village or street part is
    ignored), so the cost follows the number of distinct texts, not rows.
    Where ``lookup`` would list several matches, a row is placed only if
    they agree on one place (a new commune and the old commune that went
    wholly into it); otherwise it is ``address_ambiguous``.

    Parameters
    ----------
    texts : pandas.Series
        Address strings; missing values and blanks are allowed.
    crosswalk : Crosswalk, optional
        Default :func:`build_crosswalk` of :data:`tn_map.plan.PLAN`.

    Returns
    -------
    pandas.DataFrame
        Same index as ``texts``.  Columns ``name`` (official name of the
        unit found), ``level`` (``new_unit``/``old_commune``/
        ``old_district``), ``new_units``, ``old_districts`` and ``zones``
        (joined by ``"; "``), ``former_bac_kan`` (nullable boolean), ``lon``
        and ``lat`` (EPSG:4326 degrees, NaN if unknown), ``reason`` (empty
        when placed, else ``address_unknown``, ``address_ambiguous``,
        ``address_missing`` or ``address_outside``) and ``candidates``
        (names of the units an ambiguous text fits, joined by ``"; "``), and
        ``zone_keys``: the same zones as a tuple of keys (``()`` for none),
        for code that needs them as data.
    """
    xw = crosswalk if crosswalk is not None else build_crosswalk()
    series = pd.Series(texts)
    codes, uniques = pd.factorize(series, sort=False, use_na_sentinel=True)
    n = len(uniques) + 1  # last slot: missing values (code -1)
    cols: dict[str, np.ndarray] = {c: np.full(n, "", dtype=object) for c in _MANY_COLUMNS}
    cols["lon"] = np.full(n, np.nan)
    cols["lat"] = np.full(n, np.nan)
    bac_kan = np.zeros(n, dtype=bool)
    bac_kan_known = np.zeros(n, dtype=bool)
    cols["reason"][-1] = REASON_MISSING
    zone_keys = np.empty(n, dtype=object)
    zone_keys.fill(())
    for i, text in enumerate(uniques):
        text = str(text)
        if not text.strip():
            cols["reason"][i] = REASON_MISSING
            continue
        outcome = _resolve_text(text, xw)
        if outcome.problem is not None:
            cols["reason"][i] = outcome.problem
            continue
        match = settle(outcome.matches)
        if match is None:
            cols["reason"][i] = REASON_AMBIGUOUS
            cols["candidates"][i] = "; ".join(
                f"{m.name} ({m.old_districts[0]})" if m.level == "old_commune" else m.name for m in outcome.matches
            )
            continue
        cols["name"][i] = match.name
        cols["level"][i] = match.level
        cols["new_units"][i] = "; ".join(match.new_units)
        cols["old_districts"][i] = "; ".join(match.old_districts)
        cols["zones"][i] = "; ".join(match.zones)
        zone_keys[i] = tuple(match.zones)
        bac_kan[i] = match.former_bac_kan
        bac_kan_known[i] = True
        if match.point is not None:
            cols["lon"][i], cols["lat"][i] = match.point
    take = np.where(codes < 0, n - 1, codes)
    out = pd.DataFrame({c: cols[c][take] for c in _MANY_COLUMNS}, index=series.index)
    out["former_bac_kan"] = pd.array(np.where(bac_kan_known, bac_kan, None)[take], dtype="boolean")
    out["zone_keys"] = pd.Series(zone_keys[take], index=series.index, dtype=object)
    return out
