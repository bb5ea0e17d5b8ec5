"""Points from coordinate columns or from a file's own geometry, row by row, losing nothing.

Every row gets a longitude/latitude (EPSG:4326 degrees) or a :class:`Reason`
key (and the column it concerns).  Fixes made on the way — swapped
latitude/longitude, X given as northing — are :class:`Note` keys.  All steps
are vectorised over the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from .._errors import ParameterError
from ..crs import METRIC_CRS, WGS84
from ..i18n import Notice
from ..load.columns import CoordinateColumns
from ..positions import angle_of, cell_position
from .reasons import Note, Reason

__all__ = ["RowPlaces", "parse_numbers", "points_from_table", "points_from_geometry", "PROVINCE_BBOX"]

#: Thái Nguyên (pre-2025) bounding box in degrees, with a margin: used only to
#: decide whether swapping latitude and longitude is unambiguous.
PROVINCE_BBOX = (105.3, 21.2, 106.4, 22.2)

_WGS84 = CRS.from_user_input(WGS84)


@dataclass
class RowPlaces:
    """Per-row results of locating (arrays of equal length).

    ``lon``/``lat`` in degrees (EPSG:4326; NaN where not located);
    ``reason``/``reason_column``/``note``/``placed_at`` hold keys and names
    (``""`` for none); ``area_ha`` is an outline's area in hectares (NaN
    for points), measured in EPSG:9213.
    """

    lon: np.ndarray
    lat: np.ndarray
    reason: np.ndarray
    reason_column: np.ndarray
    note: np.ndarray
    placed_at: np.ndarray
    area_ha: np.ndarray

    @classmethod
    def empty(cls, n: int) -> RowPlaces:
        """``n`` rows with nothing decided yet."""
        text = lambda: np.full(n, "", dtype=object)  # noqa: E731
        return cls(np.full(n, np.nan), np.full(n, np.nan), text(), text(), text(), text(), np.full(n, np.nan))

    def reject(self, mask: np.ndarray, reason: Reason, column: str = "") -> None:
        """Give ``reason`` to the rows in ``mask`` that have none yet."""
        todo = mask & (self.reason == "")
        self.reason[todo] = reason.value
        self.reason_column[todo] = column

    @property
    def ok(self) -> np.ndarray:
        """Rows with no reason (so far)."""
        return self.reason == ""


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
    # Fast path: most cells are plain numbers; only the others get cleaned.
    fast = _plain_numbers(values)
    todo = np.isnan(fast)
    if not todo.any():
        return fast, np.zeros(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    numbers, blank, bad = _parse_slow(values[todo])
    fast[todo] = numbers
    out_blank = np.zeros(len(values), dtype=bool)
    out_bad = np.zeros(len(values), dtype=bool)
    out_blank[todo], out_bad[todo] = blank, bad
    return fast, out_blank, out_bad


def _plain_numbers(values: pd.Series) -> np.ndarray:
    """``values`` as floats, NaN where a cell is not a plain number (a writable array).

    A column of plain numbers only (the usual case) is parsed by Arrow at C
    speed; one with any other cell (blank, decimal comma, spaces) by
    :func:`pandas.to_numeric`, cell by cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
        try:
            cells = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
            if cells.null_count == 0:
                return pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False).copy()
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
    return np.array(pd.to_numeric(values, errors="coerce"), dtype=float)


def _parse_slow(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`parse_numbers` for cells that are not plain numbers (decimal commas, spaces, thousands)."""
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


def parse_degrees(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`parse_numbers` for angles: also degrees–minutes–seconds (``21°35'12"N``, ``105°50'E``)."""
    numbers, blank, bad = parse_numbers(values)
    for i in np.flatnonzero(bad):
        angle = angle_of(str(values.iloc[i]))
        if angle is not None:
            numbers[i], bad[i] = angle, False
    return numbers, blank, bad


def parse_pairs(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One-cell positions (:func:`cell_position`): ``(lat, lon, blank, bad, link_without_coordinates)``."""
    n = len(values)
    lat, lon = np.full(n, np.nan), np.full(n, np.nan)
    text = values.astype("string").fillna("").str.strip()
    blank = (text == "").to_numpy()
    bad = np.zeros(n, dtype=bool)
    no_coordinates = np.zeros(n, dtype=bool)
    codes, uniques = pd.factorize(text)
    parsed = [cell_position(value) for value in uniques]
    for i, code in enumerate(codes):
        if blank[i]:
            continue
        kind, a, b = parsed[code]
        if kind == "none":
            bad[i] = True
        elif kind == "link_no_coordinates":
            no_coordinates[i] = True
        else:
            lat[i], lon[i] = a, b
    return lat, lon, blank, bad, no_coordinates


def points_from_table(
    frame: pd.DataFrame, coords: CoordinateColumns, crs: CRS | None, xy_order: str, places: RowPlaces, where: str
) -> list[Notice]:
    """Fill ``places`` from two coordinate columns; return notices of what was assumed.

    ``crs`` defaults to WGS 84 degrees; projected X/Y without one are an
    error (:class:`~tn_map.ParameterError` naming ``crs``) unless their values
    are degrees.  ``xy_order`` ``"ne"`` reads X as northing; ``"auto"``
    decides from the values (a northing here is above 2,000,000 m, an
    easting below 1,000,000 m).  A lon/lat row whose values are swapped is
    fixed only when unambiguous: the swapped point falls in the province's
    box and the given one cannot be a latitude there.
    """
    notices: list[Notice] = []
    n = len(frame)
    degrees_xy = np.zeros(n, dtype=bool)  # projected X/Y rows that hold degrees (DMS typed into the X/Y cells)
    if coords.kind == "pair":
        lat, lon, blank, bad, no_link_coordinates = parse_pairs(frame[coords.first])
        places.reject(no_link_coordinates, Reason.LINK_NO_COORDINATES, coords.first)
        first, second = lon, lat
        blank1 = blank2 = blank
        bad1, bad2 = bad, np.zeros(len(bad), dtype=bool)
    elif coords.kind == "lonlat" or crs is None or crs.is_geographic:
        first, blank1, bad1 = parse_degrees(frame[coords.first])
        second, blank2, bad2 = parse_degrees(frame[coords.second])
    else:
        first, blank1, bad1 = parse_numbers(frame[coords.first])
        second, blank2, bad2 = parse_numbers(frame[coords.second])
        both = np.flatnonzero(bad1 & bad2)
        if both.size:
            d1, _, b1 = parse_degrees(frame[coords.first].iloc[both])
            d2, _, b2 = parse_degrees(frame[coords.second].iloc[both])
            read = both[~b1 & ~b2]
            degrees_xy[read] = True
            # latitude and longitude from their size (in Viet Nam every longitude exceeds every latitude)
            a, b = d1[~b1 & ~b2], d2[~b1 & ~b2]
            lat_of, lon_of = np.minimum(a, b), np.maximum(a, b)
            first[read], second[read] = np.nan, np.nan
            bad1[read] = bad2[read] = False
            degrees_lonlat = (lon_of, lat_of)
    places.reject(blank1 & blank2, Reason.NO_COORDINATES)
    places.reject(blank1, Reason.NO_VALUE, coords.first)
    places.reject(blank2, Reason.NO_VALUE, coords.second)
    places.reject(bad1, Reason.NOT_A_NUMBER, coords.first)
    places.reject(bad2, Reason.NOT_A_NUMBER, coords.second)
    ok = places.ok

    if coords.kind == "xy" and crs is None:
        looks_degrees = ok.any() and np.nanmax(np.abs(np.r_[first[ok], second[ok]])) <= 180
        if not looks_degrees:
            raise ParameterError(
                f"columns {coords.first!r}/{coords.second!r} hold projected coordinates but no CRS was given "
                "(e.g. 'VN-2000 TM-3 106-30' = EPSG:9213, 'VN-2000 UTM 48N' = EPSG:3405)",
                where=where,
                param="crs",
                words=("projected_no_crs", {"first": coords.first, "second": coords.second}),
            )
    source_crs = crs if crs is not None else _WGS84
    if crs is None and coords.kind != "xy":
        notices.append(Notice.of("crs_default"))
    elif crs is not None:
        notices.append(Notice.of("crs", crs=f"{crs.name} ({crs.to_string()})"))
    if not source_crs.is_geographic and ok.any():
        if np.nanmax(np.abs(np.r_[first[ok], second[ok]])) <= 180:
            raise ParameterError(
                f"columns {coords.first!r}/{coords.second!r} hold degrees, but the CRS given is projected "
                f"({source_crs.name}, metres); leave the CRS out for longitude/latitude in degrees",
                where=where,
                param="crs",
                words=("degrees_projected", {"first": coords.first, "second": coords.second, "crs": source_crs.name}),
            )

    if source_crs.is_geographic:
        lons, lats = first.copy(), second.copy()
        minx, miny, maxx, maxy = PROVINCE_BBOX
        swapped = ok & (lons >= miny) & (lons <= maxy) & (lats >= minx) & (lats <= maxx)
        lons[swapped], lats[swapped] = lats[swapped], lons[swapped]
        places.note[swapped] = Note.LATLON_SWAPPED.value
        places.reject(ok & ((np.abs(lats) > 90) | (np.abs(lons) > 180)), Reason.OUT_OF_RANGE)
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
            places.note[ok] = Note.NORTHING_FIRST.value
            notices.append(Notice.of("northing_first", first=coords.first, second=coords.second))
        else:
            notices.append(Notice.of("easting_first", first=coords.first, second=coords.second))

    good = places.ok
    px = np.where(good, xs, np.nan)
    py = np.where(good, ys, np.nan)
    if not source_crs.equals(_WGS84):
        transformer = Transformer.from_crs(source_crs, WGS84, always_xy=True)
        px, py = transformer.transform(px, py)
        px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
        if degrees_xy.any():
            # degrees in a projected table are on that CRS's own datum (VN-2000 degrees for VN-2000 metres)
            geographic = source_crs.geodetic_crs or _WGS84
            lon_of, lat_of = degrees_lonlat
            gx, gy = Transformer.from_crs(geographic, WGS84, always_xy=True).transform(lon_of, lat_of)
            px[degrees_xy], py[degrees_xy] = gx, gy
            places.note[degrees_xy & good] = Note.DEGREES_IN_XY.value
            notices.append(Notice.of("degrees_in_xy", rows=int((degrees_xy & good).sum()), crs=geographic.name))
        places.reject(good & ~(np.isfinite(px) & np.isfinite(py)), Reason.CANNOT_CONVERT)
    good = places.ok
    places.lon = np.where(good, px, np.nan)
    places.lat = np.where(good, py, np.nan)
    return notices


def points_from_geometry(gdf: gpd.GeoDataFrame, crs: CRS | None, places: RowPlaces, where: str) -> None:
    """Fill ``places`` from a vector file's geometry.

    Points are used as they are; polygons give a point on their surface and
    their area (hectares, EPSG:9213); multipoints their centroid.  A layer
    without a declared CRS needs ``crs``.
    """
    if crs is not None:
        gdf = gdf.set_crs(crs, allow_override=True)  # the user's word over the file's (GeoJSON always says WGS 84)
    elif gdf.crs is None:
        raise ParameterError("the file declares no CRS", where=where, param="crs", words=("no_crs", {}))
    geoms = gdf.geometry.values
    if gdf.crs.is_geographic and len(geoms):
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
            hint = ""
            vn2000 = gpd.GeoSeries([shapely.box(minx, miny, maxx, maxy)], crs=METRIC_CRS).to_crs(WGS84).total_bounds
            if PROVINCE_BBOX[0] - 1 < vn2000[0] < PROVINCE_BBOX[2] + 1 and PROVINCE_BBOX[1] - 1 < vn2000[1] < PROVINCE_BBOX[3] + 1:
                hint = "; read as VN-2000 TM-3 106-30 (EPSG:9213) they fall on Thái Nguyên"
            raise ParameterError(
                f"coordinates are not degrees (up to {max(abs(minx), abs(maxx), abs(miny), abs(maxy)):,.0f}), "
                f"though the file says {gdf.crs.name}: declare the CRS{hint}",
                where=where,
                param="crs",
                words=("not_degrees", {"crs": gdf.crs.name, "hint": hint}),
            )
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    places.reject(missing, Reason.NO_GEOMETRY)
    kinds = shapely.get_type_id(geoms)
    polygonal = np.isin(kinds, (3, 6)) & ~missing
    pointlike = np.isin(kinds, (0, 4)) & ~missing
    places.reject(~(polygonal | pointlike) & ~missing, Reason.NOT_POINT_OR_POLYGON)
    metric = gpd.GeoSeries(geoms, crs=gdf.crs).to_crs(METRIC_CRS).values
    places.area_ha = np.round(np.where(polygonal, shapely.area(metric) / 10_000.0, np.nan), 2)
    points = np.where(polygonal, shapely.point_on_surface(geoms), geoms)
    points = np.where(kinds == 4, shapely.centroid(geoms), points)
    places.note[polygonal] = Note.OUTLINE_POINT.value
    places.note[(kinds == 4) & ~missing] = Note.MULTIPOINT_CENTROID.value
    ok = places.ok
    usable = np.where(ok, points, None)
    wgs = gpd.GeoSeries(usable, crs=gdf.crs).to_crs(WGS84).values
    has = ok & ~shapely.is_missing(wgs)
    places.lon[has] = shapely.get_x(wgs[has])
    places.lat[has] = shapely.get_y(wgs[has])


#: Old Thái Nguyên and former Bắc Kạn together, with a margin: where a typed point is expected (lon/lat degrees).
_REGION = (104.8, 20.8, 107.0, 23.2)
_TWO_NUMBERS = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,;/\s]\s*(-?\d+(?:[.,]\d+)?)\s*$")


def parse_point(text: str, crs: str | int | CRS | None = None) -> tuple[float, float, tuple[Notice, ...]] | None:
    """One typed point as ``(lon, lat, notices)`` in EPSG:4326 degrees, or ``None`` if ``text`` is no point.

    Without ``crs``, ``text`` is ``"lat, lon"`` as Google Maps copies it
    (decimal or degrees–minutes–seconds; a pair in lon, lat order is
    recognised and swapped, with a notice).  With ``crs`` (any projected
    CRS, e.g. VN-2000 TM-3 106-30, EPSG:9213), ``text`` is two numbers, X/Y
    in either order: the order that falls in Thái Nguyen is taken and stated
    in a notice.  Raises :class:`~tn_map.ParameterError` (``param="point"``)
    when the numbers fall nowhere near the province in any order.
    """
    from ..crs import parse_crs

    if crs is None:
        lat, lon, _, bad, link_only = parse_pairs(pd.Series([str(text)], dtype=object))
        if link_only[0]:  # a short map link: its coordinates are behind a redirect that tn-map never follows
            raise ParameterError(f"the map link {text!r} carries no coordinates; open it and copy the coordinates",
                                 param="point", words=("link_no_coordinates", {"text": str(text)}))
        if bad[0] or not np.isfinite(lat[0]):
            return None
        candidates = [(float(lon[0]), float(lat[0]), ()), (float(lat[0]), float(lon[0]), (Notice.of("point_swapped"),))]
        notes: tuple[Notice, ...] = ()
    else:
        match = _TWO_NUMBERS.match(str(text))
        if not match:
            return None
        a, b = (float(g.replace(",", ".")) for g in match.groups())
        source = crs if isinstance(crs, CRS) else parse_crs(crs)
        to_wgs = Transformer.from_crs(source, WGS84, always_xy=True)
        candidates = []
        for (x, y), key in (((a, b), "point_xy"), ((b, a), "point_yx")):
            lon_, lat_ = to_wgs.transform(x, y)
            candidates.append((float(lon_), float(lat_), (Notice.of(key, crs=source.to_string()),)))
        notes = ()
    for lon_, lat_, said in candidates:
        if _REGION[0] <= lon_ <= _REGION[2] and _REGION[1] <= lat_ <= _REGION[3]:
            return lon_, lat_, notes + said
    first = candidates[0]
    if crs is None and -180 <= first[0] <= 180 and -90 <= first[1] <= 90:
        return first[0], first[1], notes
    raise ParameterError(
        f"{text!r} is not a point near Thái Nguyên in any axis order", param="point", words=("point_nowhere", {"text": str(text)})
    )
