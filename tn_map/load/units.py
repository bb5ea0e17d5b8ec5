"""Thái Nguyên's administrative units before and after the 2025 reform, from ``vietnamadminunits``.

Since 1 July 2025 Viet Nam has no districts: the new Thái Nguyên province
(old Thái Nguyên + old Bắc Kạn) is made of commune-level units only.  The
2030 scheme is written on old Thái Nguyên's districts, so tn-map needs three
things that the ``vietnamadminunits`` package (MIT) holds as data:

* the new commune-level units of Thái Nguyên (:func:`new_units`),
* the old (pre-2025) communes and districts of old Thái Nguyên and old Bắc
  Kạn (:func:`old_communes`, :func:`old_districts`),
* which old communes went into which new unit (:func:`conversions`),
  including old communes split between several new units.

The package's data files are read directly (its SQLite ``dataset.db`` and
``converter_2025.json``), once per process: importing the package itself
would load its address parsers' large JSON files, and calling its parser per
unit would be slow.  Nothing of the package's data is copied into tn-map.

Coordinates are one point per unit as the package gives it: longitude and
latitude in WGS 84 degrees (EPSG:4326).  Every name is NFC.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from ..names import nfc

__all__ = [
    "CRS",
    "NEW_PROVINCE_KEY",
    "OLD_THAI_NGUYEN_KEY",
    "OLD_BAC_KAN_KEY",
    "UnitType",
    "NewUnit",
    "OldDistrict",
    "OldCommune",
    "Conversion",
    "package_data_dir",
    "new_units",
    "old_districts",
    "old_communes",
    "conversions",
    "province_names",
]

#: CRS of every point in this module: WGS 84 longitude/latitude, degrees.
CRS = "EPSG:4326"

#: The package's key of the new (2025) Thái Nguyên province.
NEW_PROVINCE_KEY = "tinhthainguyen"
#: The package's key of old (pre-2025) Thái Nguyên province.
OLD_THAI_NGUYEN_KEY = "tinhthainguyen"
#: The package's key of old (pre-2025) Bắc Kạn province.
OLD_BAC_KAN_KEY = "tinhbackan"

#: Unit types in English: ``Xã`` → commune, ``Phường`` → ward, ``Thị trấn`` → township.
UnitType = Literal["commune", "ward", "township"]
_TYPE_EN: dict[str, UnitType] = {"xã": "commune", "phường": "ward", "thị trấn": "township"}

Point = tuple[float, float]


@dataclass(frozen=True)
class NewUnit:
    """A commune-level unit of Thái Nguyên since 1 July 2025.

    Attributes
    ----------
    code : str
        Official unit code (five digits, as the package gives it).
    name : str
        Full name with its type prefix, NFC: ``"Phường Phổ Yên"``.
    short_name : str
        Name without the prefix: ``"Phổ Yên"``.
    type_vi : str
        Vietnamese type word: ``"Xã"`` or ``"Phường"``.
    unit_type : {"commune", "ward"}
        The type in English.
    point : tuple of float or None
        ``(lon, lat)`` in EPSG:4326 degrees, the package's point for the unit.
    area_km2 : float or None
        Area in km² as the package states it.
    key : str
        The package's key for the unit (``"phuongphoyen"``); links to
        :class:`Conversion`.
    """

    code: str
    name: str
    short_name: str
    type_vi: str
    unit_type: UnitType
    point: Point | None
    area_km2: float | None
    key: str


@dataclass(frozen=True)
class OldDistrict:
    """A pre-2025 district-level unit of old Thái Nguyên or old Bắc Kạn.

    Attributes
    ----------
    code : str
        Official district code (three digits).
    name : str
        Full name, NFC, prefix capitalised as Vietnamese writes it:
        ``"Huyện Đại Từ"``, ``"Thành phố Bắc Kạn"``.
    short_name : str
        ``"Đại Từ"``.
    type_vi : str
        ``"Huyện"`` or ``"Thành phố"``.
    province : str
        Old province, full name: ``"Tỉnh Thái Nguyên"`` or ``"Tỉnh Bắc Kạn"``.
    province_short : str
        ``"Thái Nguyên"`` or ``"Bắc Kạn"``.
    province_key : str
        The package's key of the old province (:data:`OLD_THAI_NGUYEN_KEY`
        or :data:`OLD_BAC_KAN_KEY`).
    point : tuple of float or None
        ``(lon, lat)`` in EPSG:4326 degrees, the package's point for the district.
    """

    code: str
    name: str
    short_name: str
    type_vi: str
    province: str
    province_short: str
    province_key: str
    point: Point | None


@dataclass(frozen=True)
class OldCommune:
    """A pre-2025 commune-level unit (xã, phường, thị trấn) of old Thái Nguyên or old Bắc Kạn.

    Attributes
    ----------
    code : str
        Official unit code (five digits).
    name : str
        Full name with its type prefix, NFC: ``"Xã Tân Cương"``.
    short_name : str
        ``"Tân Cương"``.  Not unique: several old districts have a commune of
        the same name.
    type_vi : str
        ``"Xã"``, ``"Phường"`` or ``"Thị trấn"``.
    unit_type : {"commune", "ward", "township"}
        The type in English.
    district_code : str
        Code of its old district (see :class:`OldDistrict`).
    district : str
        Its old district's full name: ``"Thành phố Thái Nguyên"``.
    province : str
        Its old province's full name: ``"Tỉnh Thái Nguyên"`` or ``"Tỉnh Bắc Kạn"``.
    point : tuple of float or None
        ``(lon, lat)`` in EPSG:4326 degrees, the package's point for the commune.
    aliases : tuple of str
        The package's folded keys of former names, mostly communes merged into
        this one shortly before 2025 (``"kimson"`` for Xã Kim Phượng).
    key : str
        The package's key ``"<province>_<district>_<commune>"``; links to
        :class:`Conversion`.
    """

    code: str
    name: str
    short_name: str
    type_vi: str
    unit_type: UnitType
    district_code: str
    district: str
    province: str
    point: Point | None
    aliases: tuple[str, ...]
    key: str


@dataclass(frozen=True)
class Conversion:
    """One link old commune → new unit of the 2025 reform.

    Attributes
    ----------
    old_key : str
        :attr:`OldCommune.key`.
    new_key : str
        :attr:`NewUnit.key`.
    split : bool
        True when the old commune was divided between several new units;
        it then has one :class:`Conversion` per new unit.
    default : bool
        For a split commune: the new unit the package takes when nothing more
        is known (e.g. no street).  Always True for an undivided commune.
    """

    old_key: str
    new_key: str
    split: bool
    default: bool


def package_data_dir() -> Path:
    """Folder of ``vietnamadminunits``' data files, found without importing the package.

    Raises
    ------
    RuntimeError
        If the package is not installed or its data files are missing (a broken installation, not the user's input).
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed (pip install vietnamadminunits)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in ("dataset.db", "converter_2025.json"):
        if not (folder / name).is_file():
            raise RuntimeError(f"vietnamadminunits has no data file {name}", where=str(folder))
    return folder


def _query(sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Rows of ``sql`` on the package's SQLite file, opened read-only."""
    path = package_data_dir() / "dataset.db"
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


@cache
def _converter() -> dict:
    """The package's ``converter_2025.json`` (old → new keys)."""
    with open(package_data_dir() / "converter_2025.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _old_province_keys() -> tuple[str, ...]:
    """Keys of the old provinces that formed the new Thái Nguyên, as the package states them.

    Checked against :data:`OLD_THAI_NGUYEN_KEY` and :data:`OLD_BAC_KAN_KEY`,
    so that a changed package fails loudly rather than silently.
    """
    keys = tuple(sorted(_converter()["DICT_PROVINCE"].get(NEW_PROVINCE_KEY, ())))
    if set(keys) != {OLD_THAI_NGUYEN_KEY, OLD_BAC_KAN_KEY}:
        raise RuntimeError(
            f"vietnamadminunits says new Thái Nguyên was formed from {keys}, "
            f"not {OLD_THAI_NGUYEN_KEY} and {OLD_BAC_KAN_KEY}; tn-map needs updating"
        )
    return keys


def _point(lon: float | None, lat: float | None) -> Point | None:
    if lon is None or lat is None:
        return None
    return (float(lon), float(lat))


def _type_en(type_vi: str) -> UnitType:
    try:
        return _TYPE_EN[type_vi.casefold()]
    except KeyError:
        raise RuntimeError(f"vietnamadminunits has an unknown unit type {type_vi!r}") from None


def _capitalised(type_vi: str) -> str:
    """``"Thành Phố"`` → ``"Thành phố"``: Vietnamese capitalises the first word only."""
    text = nfc(type_vi)
    return text[:1].upper() + text[1:].lower()


@cache
def new_units() -> tuple[NewUnit, ...]:
    """The commune-level units of the new Thái Nguyên province, in code order.

    Returns
    -------
    tuple of NewUnit
        One per unit (92 in ``vietnamadminunits`` 1.0.4: 15 wards, 77
        communes).  Points are ``(lon, lat)`` in EPSG:4326 degrees.
    """
    rows = _query(
        "SELECT DISTINCT wardKey, wardCode, wardShort, wardType, wardLon, wardLat, wardAreaKm2 "
        "FROM admin_units WHERE provinceKey = ? ORDER BY wardCode",
        (NEW_PROVINCE_KEY,),
    )
    out = []
    for row in rows:
        type_vi = _capitalised(row["wardType"])
        short = nfc(row["wardShort"])
        out.append(
            NewUnit(
                code=str(row["wardCode"]),
                name=f"{type_vi} {short}",
                short_name=short,
                type_vi=type_vi,
                unit_type=_type_en(type_vi),
                point=_point(row["wardLon"], row["wardLat"]),
                area_km2=None if row["wardAreaKm2"] is None else float(row["wardAreaKm2"]),
                key=str(row["wardKey"]),
            )
        )
    return tuple(out)


@cache
def _legacy_rows() -> tuple[sqlite3.Row, ...]:
    """Old-unit rows of the provinces that formed new Thái Nguyên, in commune-code order."""
    keys = _old_province_keys()
    marks = ", ".join("?" for _ in keys)
    return tuple(_query(
        "SELECT DISTINCT provinceKey, provinceShort, districtKey, districtCode, districtShort, districtType, "
        "districtLon, districtLat, wardKey, wardCode, wardShort, wardType, wardLon, wardLat, wardAlias "
        f"FROM admin_units_legacy WHERE provinceKey IN ({marks}) ORDER BY wardCode",
        keys,
    ))


@cache
def old_districts() -> tuple[OldDistrict, ...]:
    """The pre-2025 districts of old Thái Nguyên and old Bắc Kạn, in code order.

    Returns
    -------
    tuple of OldDistrict
        17 in ``vietnamadminunits`` 1.0.4 (9 of Thái Nguyên, 8 of Bắc Kạn).
        Points are ``(lon, lat)`` in EPSG:4326 degrees.
    """
    seen: dict[str, OldDistrict] = {}
    for row in _legacy_rows():
        code = str(row["districtCode"])
        if code in seen:
            continue
        type_vi = _capitalised(row["districtType"])
        short = nfc(row["districtShort"])
        province_short = nfc(row["provinceShort"])
        seen[code] = OldDistrict(
            code=code,
            name=f"{type_vi} {short}",
            short_name=short,
            type_vi=type_vi,
            province=f"Tỉnh {province_short}",
            province_short=province_short,
            province_key=str(row["provinceKey"]),
            point=_point(row["districtLon"], row["districtLat"]),
        )
    return tuple(sorted(seen.values(), key=lambda d: d.code))


def _alias_keys(raw: str | None) -> tuple[str, ...]:
    """Former-name keys from the package's ``wardAlias`` JSON, sorted.

    The package lists a former name with and without its type word
    (``["xaphuonglinh", "phuonglinh"]``); a type word is dropped only where
    the rest is listed too, so that the name Phương Linh keeps its first
    syllable.
    """
    if not raw:
        return ()
    listed = {str(alias) for alias in json.loads(raw)}
    keys = set()
    for alias in listed:
        for prefix in ("thitran", "phuong", "xa", "tt"):
            if alias.startswith(prefix) and alias[len(prefix):] in listed:
                alias = alias[len(prefix):]
                break
        keys.add(alias)
    return tuple(sorted(keys))


@cache
def old_communes() -> tuple[OldCommune, ...]:
    """The pre-2025 communes, wards and townships of old Thái Nguyên and old Bắc Kạn, in code order.

    Returns
    -------
    tuple of OldCommune
        280 in ``vietnamadminunits`` 1.0.4 (172 of Thái Nguyên, 108 of Bắc
        Kạn).  Points are ``(lon, lat)`` in EPSG:4326 degrees; the old
        district is :attr:`OldCommune.district_code` (see :func:`old_districts`).
    """
    districts = {d.code: d for d in old_districts()}
    out = []
    for row in _legacy_rows():
        type_vi = _capitalised(row["wardType"])
        short = nfc(row["wardShort"])
        district = districts[str(row["districtCode"])]
        out.append(
            OldCommune(
                code=str(row["wardCode"]),
                name=f"{type_vi} {short}",
                short_name=short,
                type_vi=type_vi,
                unit_type=_type_en(type_vi),
                district_code=district.code,
                district=district.name,
                province=district.province,
                point=_point(row["wardLon"], row["wardLat"]),
                aliases=_alias_keys(row["wardAlias"]),
                key=f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}",
            )
        )
    return tuple(out)


@cache
def conversions() -> tuple[Conversion, ...]:
    """Every old commune → new unit link of new Thái Nguyên, sorted by (old key, new key).

    Returns
    -------
    tuple of Conversion
        One per link: an undivided old commune has one link (``split`` False),
        a divided one has one per new unit it went into (``split`` True, one of
        them ``default``).
    """
    data = _converter()
    links: list[Conversion] = []
    for new_key, old_keys in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(NEW_PROVINCE_KEY, {}).items():
        links.extend(Conversion(str(old), str(new_key), split=False, default=True) for old in old_keys)
    for old_key, targets in data["DICT_PROVINCE_WARD_DIVIDED"].get(NEW_PROVINCE_KEY, {}).items():
        links.extend(
            Conversion(str(old_key), str(t["newWardKey"]), split=True, default=bool(t["isDefaultNewWard"]))
            for t in targets
        )
    return tuple(sorted(links, key=lambda c: (c.old_key, c.new_key)))


@cache
def province_names() -> tuple[str, ...]:
    """Short names of every province the package knows, before and after 2025, NFC, sorted.

    Used to recognise an address in another province (``"…, Hà Nội"``).
    """
    rows = _query(
        "SELECT DISTINCT provinceShort FROM admin_units UNION SELECT DISTINCT provinceShort FROM admin_units_legacy"
    )
    return tuple(sorted({nfc(r["provinceShort"]) for r in rows if r["provinceShort"]}))
