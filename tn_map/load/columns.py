"""Which column of a site table plays which role (latitude, name, sector, …), found once.

Headers come in English and Vietnamese, with units in brackets and any
diacritics or case: ``Vĩ độ (WGS-84)``, ``Kinh do``, ``Tên dự án``.  Each is
compared folded (no diacritics, lower case, punctuation as spaces, brackets
opened) with the aliases of :data:`COLUMN_ALIASES`, in order of preference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from .._errors import ParameterError
from ..names import fold
from ..positions import cell_position

__all__ = ["COLUMN_ALIASES", "ColumnRoles", "CoordinateColumns", "find_column", "detect_roles", "clean_header",
           "sniff_pair_column"]

#: Column names recognised for each role (compared folded).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "lon": ("lon", "lng", "long", "longitude", "kinh do", "kinhdo", "kd", "x wgs84", "lon wgs84", "longitude wgs84"),
    "lat": ("lat", "latitude", "vi do", "vido", "vd", "y wgs84", "lat wgs84", "latitude wgs84"),
    "latlon": ("toa do", "coordinates", "coordinate", "lat lon", "lat long", "lat lng", "latlng", "latlon",
               "toa do gps", "gps", "google maps", "vi tri gps", "toa do wgs84", "lat lon wgs84",
               "vi tri google maps", "link google maps", "google maps link", "link ban do", "map link", "maps link",
               "google map", "vi tri google map", "toa do google maps"),
    "x": ("x", "toa do x", "x vn2000", "x m", "easting", "dong"),
    "y": ("y", "toa do y", "y vn2000", "y m", "northing", "bac"),
    "name": ("name", "ten", "ten du an", "ten khu", "ten kcn", "ten ccn", "site", "site name", "park", "project", "du an",
             "ten dia diem", "ten diem", "ten cong trinh", "ten doanh nghiep", "ten nha may", "ten dd"),
    "sector": ("sector", "industry", "nganh", "nganh nghe", "linh vuc", "nganh nghe chinh", "sectors", "industries",
               "nganh san xuat", "loai hinh", "description", "mo ta"),
    "commune": ("commune", "communes", "commune s", "xa", "xa phuong", "phuong xa", "xa phuong thi tran", "ward"),
    "district": ("district", "huyen", "quan huyen", "huyen thanh pho", "district pre 2025", "don vi hanh chinh", "dia ban"),
    "address": ("address", "dia chi", "dia diem", "location", "vi tri"),
    "area_ha": ("area ha", "area", "dien tich", "dien tich ha", "dt ha", "quy mo ha", "hectares", "ha",
                "land ha", "land area ha", "land area", "site area ha", "site area", "land"),
    "capital": ("capital", "von", "von dau tu", "tong von", "tong von dau tu", "investment", "capital usd", "capital musd"),
    "investor": ("investor", "nha dau tu", "chu dau tu", "developer", "doanh nghiep", "company"),
    "status": ("status", "trang thai", "tinh trang", "tien do"),
    "precision": ("location precision", "precision", "do chinh xac", "do chinh xac vi tri"),
}


def clean_header(text: str) -> str:
    """A header folded for comparison: ``"Vĩ độ (WGS-84)"`` → ``"vi do wgs 84"``."""
    text = re.sub(r"[\(\[].*?[\)\]]", lambda m: " " + m.group(0)[1:-1] + " ", str(text))
    return fold(text)


def bare_header(text: str) -> str:
    """A header folded without what its brackets say: ``"Vĩ độ (WGS-84, độ)"`` → ``"vi do"``."""
    return fold(re.sub(r"[\(\[].*?[\)\]]", " ", str(text)))


def find_column(columns: list[str], role: str, given: str | None = None, *, param: str | None = None) -> str | None:
    """The column playing ``role``: ``given`` (must exist), or the first alias match, or ``None``.

    Raises :class:`~tn_map.ParameterError` naming ``param`` when ``given`` is
    not a column.
    """
    if given is not None:
        if given in columns:
            return given
        raise ParameterError(
            f"no column {given!r}; columns are {', '.join(map(str, columns))}",
            param=param or role,
            words=("no_column", {"column": given, "columns": ", ".join(map(str, columns))}),
        )
    # the whole header first ("x m" for "X (m)"), then without its brackets' units or CRS
    for fold_header in (clean_header, bare_header):
        folded = {c: fold_header(c) for c in columns}
        for alias in COLUMN_ALIASES[role]:
            for column, name in folded.items():
                if name == alias:
                    return column
    return None


@dataclass(frozen=True)
class CoordinateColumns:
    """The columns that hold a table's coordinates.

    ``kind`` is ``"lonlat"`` (degrees: ``first`` = longitude, ``second`` =
    latitude), ``"pair"`` (one column holding ``"lat, lon"`` as Google Maps
    copies it: ``first`` = ``second`` = that column) or ``"xy"`` (projected:
    ``first`` = X, ``second`` = Y, in the order the file gives them).
    """

    kind: str
    first: str
    second: str


@dataclass(frozen=True)
class ColumnRoles:
    """The column (or ``None``) that plays each role in a site table."""

    name: str | None = None
    sector: str | None = None
    commune: str | None = None
    district: str | None = None
    address: str | None = None
    area_ha: str | None = None
    capital: str | None = None
    investor: str | None = None
    status: str | None = None
    precision: str | None = None
    coordinates: CoordinateColumns | None = None

    def with_pair(self, column: str) -> ColumnRoles:
        """The same roles with ``column`` as the one "lat, lon" (or map link) cell; it is then no address."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["coordinates"] = CoordinateColumns("pair", column, column)
        values["address"] = None if values["address"] == column else values["address"]
        return ColumnRoles(**values)

    def renamed(self, mapping: dict[str, str]) -> ColumnRoles:
        """The same roles after columns were renamed (``old → new``)."""
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, CoordinateColumns):
                value = CoordinateColumns(value.kind, mapping.get(value.first, value.first), mapping.get(value.second, value.second))
            elif isinstance(value, str):
                value = mapping.get(value, value)
            values[f.name] = value
        return ColumnRoles(**values)


_TEXT_ROLES = ("name", "sector", "commune", "district", "address", "area_ha", "capital", "investor", "status", "precision")


def detect_roles(
    columns: list[str],
    *,
    lon: str | None = None,
    lat: str | None = None,
    x: str | None = None,
    y: str | None = None,
    need_coordinates: bool = True,
) -> ColumnRoles:
    """Find every role's column once.

    Coordinates: ``lon``/``lat`` (degrees) or ``x``/``y`` (projected) name
    them; otherwise lon/lat aliases are tried, then x/y.  With
    ``need_coordinates`` and none found, a table that names a place
    (commune, district or address) is still accepted (its rows are placed
    by name); otherwise :class:`~tn_map.ParameterError`.
    """
    if (lon is None) != (lat is None):
        raise ParameterError.of("lon_lat_together", param="lat" if lat is None else "lon")
    if (x is None) != (y is None):
        raise ParameterError.of("x_y_together", param="y" if y is None else "x")
    coords = None
    if lon is not None:
        coords = CoordinateColumns("lonlat", find_column(columns, "lon", lon, param="lon"), find_column(columns, "lat", lat, param="lat"))
    elif x is not None:
        coords = CoordinateColumns("xy", find_column(columns, "x", x, param="x"), find_column(columns, "y", y, param="y"))
    else:
        found_lon, found_lat = find_column(columns, "lon"), find_column(columns, "lat")
        found_x, found_y = find_column(columns, "x"), find_column(columns, "y")
        found_pair = find_column(columns, "latlon")
        if found_lon and found_lat:
            coords = CoordinateColumns("lonlat", found_lon, found_lat)
        elif found_x and found_y:
            coords = CoordinateColumns("xy", found_x, found_y)
        elif found_pair:
            coords = CoordinateColumns("pair", found_pair, found_pair)
    roles = ColumnRoles(coordinates=coords, **{role: find_column(columns, role) for role in _TEXT_ROLES})
    if need_coordinates and coords is None and not (roles.commune or roles.district or roles.address):
        raise ParameterError(
            "no coordinate columns found (looked for lat/lon, latitude/longitude, vĩ độ/kinh độ, x/y…) "
            f"and no commune, district or address column; columns are {', '.join(map(str, columns))}",
            param="lat",
            words=("no_coordinates", {"columns": ", ".join(map(str, columns))}),
        )
    return roles


def sniff_pair_column(frame, columns: list[str]) -> str | None:
    """A column whose cells are positions though its header says nothing: map links or ``"lat, lon"`` pairs.

    A column qualifies when at least 80 % of its first 50 filled cells are a
    Google Maps link (with or without coordinates) or a "lat, lon" cell.
    """
    for column in columns:
        values = frame[column]
        sample = [str(v).strip() for v in values.head(500) if v is not None and str(v).strip() and str(v) != "nan"][:50]
        if not sample:
            continue
        hits = sum(1 for v in sample if cell_position(v)[0] != "none")
        if hits / len(sample) >= 0.8:
            return column
    return None
