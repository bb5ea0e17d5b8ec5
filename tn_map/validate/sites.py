"""Turn a raw site table into points, row by row, losing nothing.

Every input row comes out: with a point (EPSG:4326) and ``status`` =
``"located"``, or without one and ``status`` = ``"rejected"`` with a
``reason`` naming the column and the value.  Fixes made on the way (swapped
latitude/longitude, X/Y given as northing/easting) are stated in ``note``.
All steps are vectorised over the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from ..crs import METRIC_CRS, WGS84, parse_crs
from ..errors import TnMapError
from ..names import fold

__all__ = [
    "locate_sites",
    "parse_numbers",
    "input_columns",
    "CoordinateColumns",
    "find_column",
    "COLUMN_ALIASES",
    "PROVINCE_BBOX",
    "RESULT_COLUMNS",
]

#: Thái Nguyên (pre-2025) bounding box in degrees, with a margin: used only to
#: decide whether swapping latitude and longitude is unambiguous.
PROVINCE_BBOX = (105.3, 21.2, 106.4, 22.2)

#: Columns tn-map adds to a site table.  An input column with one of these
#: names is kept as ``<name>_input``.
RESULT_COLUMNS = (
    "status", "reason", "note", "area_ha_geom", "located_district", "zone", "zone_name",
    "priority_clusters", "sector_clusters", "fit", "district_mismatch",
)

#: Column names recognised (compared folded: no diacritics, lower case,
#: punctuation as spaces, units in brackets dropped).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "lon": ("lon", "lng", "long", "longitude", "kinh do", "kinhdo", "kd", "x wgs84", "lon wgs84", "longitude wgs84"),
    "lat": ("lat", "latitude", "vi do", "vido", "vd", "y wgs84", "lat wgs84", "latitude wgs84"),
    "x": ("x", "toa do x", "x vn2000", "x m", "easting", "dong"),
    "y": ("y", "toa do y", "y vn2000", "y m", "northing", "bac"),
    "name": ("name", "ten", "ten du an", "ten khu", "ten kcn", "ten ccn", "site", "site name", "park", "project", "du an"),
    "sector": ("sector", "industry", "nganh", "nganh nghe", "linh vuc", "nganh nghe chinh", "sectors", "industries"),
    "commune": ("commune", "communes", "commune s", "xa", "xa phuong", "phuong xa", "xa phuong thi tran", "ward"),
    "district": ("district", "huyen", "quan huyen", "huyen thanh pho", "district pre 2025", "don vi hanh chinh", "dia ban"),
    "area_ha": ("area ha", "area", "dien tich", "dien tich ha", "dt ha", "quy mo ha", "hectares", "ha"),
    "capital": ("capital", "von", "von dau tu", "tong von", "investment", "capital usd", "capital musd"),
    "status": ("status", "trang thai", "tinh trang", "tien do"),
    "location_precision": ("location precision", "location_precision", "precision", "do chinh xac", "do chinh xac vi tri"),
}


def _clean_header(text: str) -> str:
    text = re.sub(r"[\(\[].*?[\)\]]", lambda m: " " + m.group(0)[1:-1] + " ", str(text))
    return fold(text)


def input_columns(sites: gpd.GeoDataFrame) -> list[str]:
    """The file's own columns of a located site table: not geometry, not tn-map's results."""
    own = set(RESULT_COLUMNS) | {sites.geometry.name, "input_row", "location_precision"}
    return [c for c in sites.columns if c not in own]


def find_column(columns: list[str], role: str, given: str | None = None, where: str = "") -> str | None:
    """The column playing ``role`` (``"lat"``, ``"sector"``, …): ``given``, or found by alias."""
    if given is not None:
        if given in columns:
            return given
        raise TnMapError(f"no column {given!r}; columns are {', '.join(map(str, columns))}", where=where)
    aliases = COLUMN_ALIASES[role]
    folded = {c: _clean_header(c) for c in columns}
    for alias in aliases:  # aliases are in order of preference
        for column, name in folded.items():
            if name == alias:
                return column
    return None


@dataclass(frozen=True)
class CoordinateColumns:
    """Which columns hold coordinates and how to read them.

    ``kind`` is ``"lonlat"`` (degrees) or ``"xy"`` (projected, metres).
    """

    kind: str
    first: str
    second: str


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse text cells as numbers, accepting decimal commas.

    Returns ``(numbers, blank, bad)``: float array (NaN where not a number)
    and boolean masks of blank cells and cells that are text but not a number.
    ``"21,5921"`` and ``"21.5921"`` are both 21.5921; ``"2.398.123,5"`` is
    2398123.5; ``"2,398,123.5"`` is 2398123.5.
    """
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.to_numpy(dtype=float)
        blank = np.isnan(numbers)
        return numbers, blank, np.zeros(len(values), dtype=bool)
    text = values.astype("string").fillna("").str.strip().str.replace(r"[\s\u00a0']", "", regex=True)
    blank = (text == "").to_numpy()
    has_comma = text.str.contains(",", regex=False)
    has_dot = text.str.contains(".", regex=False)
    comma_last = text.str.rfind(",") > text.str.rfind(".")
    # decimal comma: "21,59" or "2.398.123,5"
    decimal_comma = has_comma & (~has_dot | comma_last)
    text = text.where(~decimal_comma, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    # thousands commas: "2,398,123.5"
    text = text.where(~(has_comma & has_dot & ~comma_last), text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    bad = ~blank & np.isnan(numbers)
    return numbers, blank, bad


def _detect_columns(df: pd.DataFrame, lon: str | None, lat: str | None, x: str | None, y: str | None, where: str) -> CoordinateColumns:
    columns = [c for c in df.columns if c not in ("input_row",)]
    if lon or lat:
        if not (lon and lat):
            raise TnMapError("give both --lon and --lat", where=where)
        return CoordinateColumns("lonlat", find_column(columns, "lon", lon, where), find_column(columns, "lat", lat, where))
    if x or y:
        if not (x and y):
            raise TnMapError("give both --x and --y", where=where)
        return CoordinateColumns("xy", find_column(columns, "x", x, where), find_column(columns, "y", y, where))
    found_lon, found_lat = find_column(columns, "lon"), find_column(columns, "lat")
    if found_lon and found_lat:
        return CoordinateColumns("lonlat", found_lon, found_lat)
    found_x, found_y = find_column(columns, "x"), find_column(columns, "y")
    if found_x and found_y:
        return CoordinateColumns("xy", found_x, found_y)
    raise TnMapError(
        "no coordinate columns found (looked for lat/lon, latitude/longitude, vĩ độ/kinh độ, x/y…); "
        f"columns are {', '.join(map(str, columns))}; name them with --lat/--lon or --x/--y",
        where=where,
    )


def _reject(reasons: np.ndarray, mask: np.ndarray, text: str) -> None:
    """Set ``text`` as the reason where ``mask`` holds and no reason is set yet."""
    reasons[mask & (reasons == "")] = text


def _reject_cells(reasons: np.ndarray, mask: np.ndarray, column: str, values: pd.Series) -> None:
    """Reject rows whose cell in ``column`` is not a number, quoting the cell."""
    todo = np.flatnonzero(mask & (reasons == ""))
    for i in todo:  # only the bad rows, each needs its own message
        reasons[i] = f"not a number in column {column!r}: '{str(values.iloc[i])[:40]}'"


def locate_sites(
    df: pd.DataFrame | gpd.GeoDataFrame,
    *,
    lon: str | None = None,
    lat: str | None = None,
    x: str | None = None,
    y: str | None = None,
    crs: str | int | None = None,
    xy_order: str = "auto",
) -> gpd.GeoDataFrame:
    """Give every row of a site table a point in EPSG:4326, or a reason why not.

    Tables: coordinate columns are detected from common English and
    Vietnamese names, or named with ``lon``/``lat`` (degrees) or ``x``/``y``
    (projected).  ``crs`` (EPSG code or name, see
    :func:`tn_map.crs.parse_crs`) defaults to WGS 84 for lon/lat; projected
    x/y need it.  ``xy_order``: ``"en"`` (x = easting), ``"ne"`` (x =
    northing, the Vietnamese survey convention) or ``"auto"`` (decided from
    the values: a northing here is above 2,000,000 m, an easting below
    1,000,000 m).  A row whose latitude and longitude are swapped is fixed only
    when unambiguous (the swapped point falls in the province's box and the
    given one cannot be a valid latitude there).

    Vector files: the geometry is used; polygons give their area
    (``area_ha_geom``, hectares, EPSG:9213) and a representative point.

    Returns a GeoDataFrame (EPSG:4326) with all input rows and columns, plus
    ``status``, ``reason``, ``note`` and ``location_precision``.
    """
    where = df.attrs.get("source", "sites")
    clashes = {c: f"{c}_input" for c in df.columns if c in RESULT_COLUMNS}
    if clashes:
        df = df.rename(columns=clashes)
        df.attrs["source"] = where
    n = len(df)
    reasons = np.full(n, "", dtype=object)
    notes = np.full(n, "", dtype=object)

    if isinstance(df, gpd.GeoDataFrame) and df.geometry.name in df.columns and df.geometry.notna().any():
        out = _locate_geometries(df, crs, reasons, notes, where)
    else:
        out = _locate_table(pd.DataFrame(df), lon, lat, x, y, crs, xy_order, reasons, notes, where)

    precision_col = find_column([c for c in out.columns if c != out.geometry.name], "location_precision")
    if precision_col and precision_col != "location_precision":
        out["location_precision"] = out[precision_col]
    if "location_precision" not in out.columns:
        out["location_precision"] = "exact"
    out["location_precision"] = out["location_precision"].astype("string").fillna("").str.strip().replace("", "exact")
    out["status"] = np.where(reasons == "", "located", "rejected")
    out["reason"] = reasons
    out["note"] = notes
    out.loc[out["status"] == "rejected", out.geometry.name] = None
    out.attrs["source"] = where
    return out


def _locate_geometries(df: gpd.GeoDataFrame, crs, reasons, notes, where: str) -> gpd.GeoDataFrame:
    gdf = df.copy()
    if gdf.crs is None:
        if crs is None:
            raise TnMapError("the file declares no CRS; give one with --crs", where=where)
        gdf = gdf.set_crs(parse_crs(crs))
    geoms = gdf.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    _reject(reasons, missing, "no geometry")
    kinds = shapely.get_type_id(geoms)
    polygonal = np.isin(kinds, (3, 6))
    pointlike = np.isin(kinds, (0, 4))
    _reject(reasons, ~(polygonal | pointlike) & ~missing, "geometry is not a point or polygon")
    metric = gdf.geometry.to_crs(METRIC_CRS)
    area = np.where(polygonal, shapely.area(metric.values) / 10_000.0, np.nan)
    gdf["area_ha_geom"] = np.round(area, 2)
    points = np.where(polygonal, shapely.point_on_surface(geoms), geoms)
    multi = kinds == 4
    points = np.where(multi, shapely.centroid(geoms), points)
    notes[polygonal & ~missing] = "point inside the outline"
    gdf = gdf.set_geometry(gpd.GeoSeries(points, index=gdf.index, crs=gdf.crs)).to_crs(WGS84)
    return gdf


def _locate_table(df: pd.DataFrame, lon, lat, x, y, crs, xy_order, reasons, notes, where: str) -> gpd.GeoDataFrame:
    cols = _detect_columns(df, lon, lat, x, y, where)
    first, blank1, bad1 = parse_numbers(df[cols.first])
    second, blank2, bad2 = parse_numbers(df[cols.second])
    _reject(reasons, blank1 & blank2, "no coordinates")
    _reject(reasons, blank1, f"no value in column {cols.first!r}")
    _reject(reasons, blank2, f"no value in column {cols.second!r}")
    _reject_cells(reasons, bad1, cols.first, df[cols.first])
    _reject_cells(reasons, bad2, cols.second, df[cols.second])
    ok = reasons == ""

    if cols.kind == "xy" and crs is None:
        looks_degrees = ok.any() and np.nanmax(np.abs(np.r_[first[ok], second[ok]])) <= 180
        if not looks_degrees:
            raise TnMapError(
                f"columns {cols.first!r}/{cols.second!r} hold projected coordinates but no CRS was given; "
                "use --crs (e.g. 'VN-2000 TM-3 106-30' = EPSG:9213, 'VN-2000 UTM 48N' = EPSG:3405)",
                where=where,
            )
    source_crs = parse_crs(crs) if crs is not None else CRS.from_user_input(WGS84)

    if source_crs.is_geographic:
        # lon/lat columns, or x/y given in degrees (x is longitude)
        lons, lats = first.copy(), second.copy()
        minx, miny, maxx, maxy = PROVINCE_BBOX
        swapped = ok & (lons >= miny) & (lons <= maxy) & (lats >= minx) & (lats <= maxx)
        lons[swapped], lats[swapped] = lats[swapped], lons[swapped]
        notes[swapped] = "latitude and longitude were swapped; fixed"
        out_of_range = ok & ((np.abs(lats) > 90) | (np.abs(lons) > 180))
        _reject(reasons, out_of_range, "coordinates out of range for longitude/latitude")
        xs, ys = lons, lats
    else:
        xs, ys = first.copy(), second.copy()
        order = xy_order
        if order == "auto":
            med_first = np.nanmedian(first[ok]) if ok.any() else 0
            med_second = np.nanmedian(second[ok]) if ok.any() else 0
            order = "ne" if (med_first > 2_000_000 and med_second < 1_000_000) else "en"
        if order == "ne":
            xs, ys = second.copy(), first.copy()
            notes[ok] = f"{cols.first!r} read as northing, {cols.second!r} as easting (VN-2000 survey order)"
        elif order != "en":
            raise TnMapError(f"unknown --xy-order {xy_order!r}; use en, ne or auto", where="--xy-order")

    good = reasons == ""
    px = np.where(good, xs, np.nan)
    py = np.where(good, ys, np.nan)
    if not source_crs.equals(CRS.from_user_input(WGS84)):
        transformer = Transformer.from_crs(source_crs, WGS84, always_xy=True)
        px, py = transformer.transform(px, py)
        px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
        failed = good & ~(np.isfinite(px) & np.isfinite(py))
        _reject(reasons, failed, f"cannot convert from {source_crs.to_string()}")
    points = shapely.points(px, py)
    points = np.where(reasons == "", points, None)
    return gpd.GeoDataFrame(df.copy(), geometry=gpd.GeoSeries(points, index=df.index, crs=WGS84))
