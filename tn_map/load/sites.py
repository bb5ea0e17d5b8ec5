"""Read investment-site lists as they really are: CSV, workbooks, KML, GIS and CAD files.

Nothing is dropped here: every data row of the file comes back as a row,
with ``input_row`` (its 1-based data row number; for CSV the header is line 1, so
data row 1 is line 2) and the file's own column names; names and text cells
are normalised to Unicode NFC.  The result is a :class:`SiteTable` that knows
its source, the role of each column (found once, here) and how to read its
coordinates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from pyproj import CRS

from .._errors import InputFileError, ParameterError
from .._gdal import gdal_session
from ..crs import parse_crs
from ..i18n import Notice
from ..names import nfc
from ..plan import PLAN
from .boundaries import read_vector
from .columns import ColumnRoles, CoordinateColumns, detect_roles, sniff_pair_column
from .geodata import (
    DXF_SUFFIXES, KML_SUFFIXES, MAPINFO_SUFFIXES, PARQUET_SUFFIXES, fix_dbf_encoding, read_dxf, read_kml, read_mapinfo,
    read_parquet, settle_crs, with_wkt_geometry, wkt_column,
)
from .tables import WORKBOOK_SUFFIXES, _unique, iter_text_table, read_text_table, read_workbook, text_layout

__all__ = ["ReadOptions", "SiteTable", "read_site_table", "iter_site_tables", "TABLE_SUFFIXES", "VECTOR_SUFFIXES", "RESULT_COLUMNS", "XY_ORDERS"]

#: Columns tn-map adds to a site table.  In a file tn-map wrote itself they
#: are replaced; in any other file a column of the same name is kept as
#: ``<name>_input``.
RESULT_COLUMNS = (
    "status", "reason", "reason_column", "note", "placed_at", "location_precision", "area_ha_geom",
    "located_district", "district_key", "place_zones", "zone", "sectors", "fit", "district_mismatch",
    "unit_code", "unit_2025", "province_2025", "unit_mismatch",
) + tuple(f"{kind}_{zone.key}" for zone in PLAN.zones for kind in ("in", "fit"))  # the join's per-zone membership and verdict
# Columns only tn-map's exports carry (translations and coordinates).
_EXPORT_COLUMNS = ("zone_name", "fit_text", "reason_text", "note_text", "status_text", "unit_check", "lon_wgs84", "lat_wgs84")
#: How projected X/Y columns are ordered: decided from the values, X = easting, X = northing.
XY_ORDERS = ("auto", "en", "ne")


@dataclass(frozen=True)
class ReadOptions:
    """How to read a site file: one value passed through every reader (library, pipeline, command line).

    Every field defaults to "find it out" (by name, from the values or the
    file).  Readers take a ``ReadOptions`` and, for the keyword API, any of
    its fields by name (:meth:`of`).

    Attributes
    ----------
    lon, lat, x, y : str, optional
        Name the coordinate columns (longitude/latitude in degrees, or
        projected X/Y); found by name otherwise (:mod:`tn_map.load.columns`).
    crs : str or int, optional
        The CRS of the coordinates: an EPSG code or a name such as
        ``"VN-2000 TM-3 106-30"`` (EPSG:9213, metres); WGS 84 degrees by default.
    xy_order : {"auto", "en", "ne"}
        Projected X/Y: ``"en"`` (X = easting), ``"ne"`` (X = northing, the
        Vietnamese survey convention) or ``"auto"`` (from the values).
    sheet : str or int, optional
        The sheet of a workbook (default: the one with the table).
    encoding : str, optional
        The text encoding of a CSV (default: detected, and said in a note).
    layer : str, optional
        The layer of a multi-layer vector file (default: the one layer with
        rows, or an error listing them), or the one folder of a KML to read
        (default: all).
    """

    lon: str | None = None
    lat: str | None = None
    x: str | None = None
    y: str | None = None
    crs: str | int | None = None
    xy_order: str = "auto"
    sheet: str | int | None = None
    encoding: str | None = None
    layer: str | None = None

    @classmethod
    def of(cls, options: ReadOptions | None = None, **by_name) -> ReadOptions:
        """``options`` (default: all found out) with the fields named in ``by_name`` replaced.

        Raises
        ------
        TypeError
            For a name that is not a field (as a misspelt keyword would).
        """
        unknown = set(by_name) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown site reading option(s): {', '.join(sorted(unknown))}")
        return replace(options if options is not None else cls(), **by_name)

    @property
    def names_coordinates(self) -> bool:
        """Whether a coordinate column is named (then no WKT column is looked for)."""
        return any(v is not None for v in (self.lon, self.lat, self.x, self.y))


@dataclass(frozen=True)
class SiteTable:
    """A site list as read: every row, its source, its column roles and coordinate reading.

    Attributes
    ----------
    frame
        All data rows with the file's columns (NFC) and ``input_row``; a
        GeoDataFrame (geometry and CRS as the file declares) for vector files.
    source
        The file it came from.
    roles
        Which column plays which role (:class:`~tn_map.load.columns.ColumnRoles`).
    crs
        The CRS of coordinate columns (``None``: WGS 84 degrees, or the
        vector file's own).
    xy_order
        ``"auto"``, ``"en"`` or ``"ne"`` for projected X/Y columns.
    notes
        What was assumed or changed while reading (:class:`~tn_map.i18n.Notice`).
    """

    frame: pd.DataFrame
    source: str
    roles: ColumnRoles
    crs: CRS | None = None
    xy_order: str = "auto"
    notes: tuple[Notice, ...] = ()

    @property
    def is_vector(self) -> bool:
        """Whether rows carry their own geometry (GeoJSON, GeoPackage, Shapefile)."""
        return isinstance(self.frame, gpd.GeoDataFrame) and self.frame.geometry.notna().any()

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
TABLE_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip", ".fgb") + KML_SUFFIXES + MAPINFO_SUFFIXES + DXF_SUFFIXES \
    + PARQUET_SUFFIXES
#: Every file type a site list may be, for messages.
SITE_FILE_TYPES = "CSV, XLSX, XLS, ODS, KML, KMZ, GeoJSON, GeoPackage, Shapefile, MapInfo, DXF or GeoParquet"


def _coordinate_options(crs: str | int | None, xy_order: str) -> CRS | None:
    """The CRS parsed (``None``: WGS 84 or the file's own) once ``xy_order`` is known to be valid."""
    if xy_order not in XY_ORDERS:
        raise ParameterError.of("unknown_xy_order", param="xy_order", order=xy_order, orders=", ".join(XY_ORDERS))
    return parse_crs(crs) if crs is not None else None


def _own_output(columns: list[str]) -> bool:
    """Whether a table is one tn-map wrote (it has its row numbers and results)."""
    return {"input_row", "status", "reason", "fit"} <= set(columns)


def read_site_table(path: str | Path, options: ReadOptions | None = None, /, **by_name) -> SiteTable:
    """Read a site file: every row, with its column roles found once.

    Parameters
    ----------
    path
        CSV (comma, semicolon, tab or pipe separated, sniffed; UTF-8 with or
        without BOM; cells kept as text), a workbook (XLSX, XLSM, XLSB, XLS,
        ODS: the sheet with the table, or ``sheet``), KML/KMZ (every folder;
        WGS 84), GeoJSON, GeoPackage, Shapefile, MapInfo TAB/MIF, GeoParquet
        (geometry and CRS as the file declares) or DXF (no CRS: degrees are
        WGS 84, metres need ``crs``).  A table with a WKT column is read as
        geometry (WGS 84 when its values are degrees, else ``crs``).
    options : ReadOptions, optional
        How to read it (columns, CRS, X/Y order, sheet, encoding, layer).
    **by_name
        Any field of :class:`ReadOptions` by name (``crs=9213``), over ``options``.

    Returns
    -------
    SiteTable
        Every data row; coordinates as written (their CRS in ``crs``).

    A file tn-map wrote itself can be read again: its result columns are
    dropped (they are computed anew).

    Raises :class:`~tn_map.TnMapError` with the file, and the parameter
    when one would fix it.
    """
    options = ReadOptions.of(options, **by_name)
    lon, lat, x, y, crs, xy_order = options.lon, options.lat, options.x, options.y, options.crs, options.xy_order
    sheet, encoding, layer = options.sheet, options.encoding, options.layer
    parsed_crs = _coordinate_options(crs, xy_order)
    path = Path(path)
    if not path.exists():
        raise InputFileError("file not found", where=str(path), words=("file_not_found", {}))
    suffix = path.suffix.lower()
    notes: list[Notice] = []
    if path.is_dir():
        raise InputFileError("is a folder, not a site file", where=str(path), words=("folder", {}))
    if suffix in TEXT_SUFFIXES:
        raw = read_text_table(path, encoding)
        df = raw.frame
        notes.extend(raw.notes)
    elif suffix in WORKBOOK_SUFFIXES:
        raw = read_workbook(path, sheet)
        df = raw.frame
        notes.extend(raw.notes)
    elif suffix in KML_SUFFIXES:
        df, read_notes = read_kml(path, layer)
        notes.extend(read_notes)
    elif suffix in DXF_SUFFIXES:
        df, read_notes = read_dxf(path)
        notes.extend(read_notes)
    elif suffix in MAPINFO_SUFFIXES:
        df, read_notes = read_mapinfo(path, layer)
        notes.extend(read_notes)
    elif suffix in PARQUET_SUFFIXES:
        df, read_notes = read_parquet(path)
        notes.extend(read_notes)
    elif suffix in VECTOR_SUFFIXES:
        df, read_notes = read_vector(path, layer=layer if layer is not None else _only_spatial_layer(path))
        notes.extend(read_notes)
        df, encoding_notes = fix_dbf_encoding(path, df)
        notes.extend(encoding_notes)
    else:
        raise InputFileError(
            f"unsupported file type {suffix or '(none)'}; use {SITE_FILE_TYPES}",
            where=str(path),
            words=("file_type", {"suffix": suffix or "(none)"}),
        )
    if len(df) == 0:
        raise InputFileError("the file has no data rows", where=str(path), words=("no_rows", {}))
    df, wkt_notes = _geometry_of_table(df, str(path), parsed_crs, given=options.names_coordinates)
    notes.extend(wkt_notes)
    text_file = suffix in TEXT_SUFFIXES
    df, roles, notes = _tidy(df, path, notes, nfc_cells=not text_file, lon=lon, lat=lat, x=x, y=y)
    return SiteTable(frame=df, source=str(path), roles=roles, crs=parsed_crs, xy_order=xy_order, notes=tuple(notes))


def _only_spatial_layer(path: Path) -> str | None:
    """The one layer with geometry of a file whose other layers are tables (a GeoPackage with QGIS's
    ``layer_styles``), or ``None`` to let the reader choose."""
    try:
        import pyogrio

        with gdal_session():
            layers = pyogrio.list_layers(path)
    except Exception:  # noqa: BLE001 - the read itself reports an unreadable file
        return None
    spatial = [str(name) for name, kind in layers if kind is not None]
    return spatial[0] if len(layers) > 1 and len(spatial) == 1 else None


def _geometry_of_table(df, where: str, crs: CRS | None, *, given: bool, column: str | None = None):
    """A table with a WKT column as a GeoDataFrame, and any geometry without a CRS given one (or an error).

    ``given``: coordinate columns were named, so a WKT column is not looked
    for.  ``column``: the WKT column found on an earlier chunk.
    """
    notes: list[Notice] = []
    if not isinstance(df, gpd.GeoDataFrame) and not given:
        column = column or wkt_column(df)
        if column is not None:
            df = with_wkt_geometry(df, column, where)
            notes.append(Notice.of("wkt", column=column))
    if isinstance(df, gpd.GeoDataFrame) and df.geometry.notna().any():
        df, crs_notes = settle_crs(df, crs, where)
        notes.extend(crs_notes)
    return df, notes


def _tidy(df, path: Path, notes: list, *, nfc_cells: bool, lon, lat, x, y, first_row: int = 1, roles=None):
    """Unique NFC column names, tn-map's own result columns dropped, roles found, ``input_row`` added.

    ``roles`` found on an earlier chunk of the same file are reused.
    """
    notes = list(notes)
    geometry_name = getattr(df, "_geometry_column_name", None)
    names = [nfc(str(c)) if c != geometry_name else c for c in df.columns]
    unique = _unique(names)
    if unique != names:
        notes.append(Notice.of("duplicate_columns", columns=", ".join(n for n, o in zip(unique, names) if n != o)))
    df.columns = unique
    # Text cells in NFC, so that "Phổ Yên" typed on any keyboard is one string.
    for column in df.columns if nfc_cells else ():
        if column != geometry_name and (pd.api.types.is_object_dtype(df[column]) or pd.api.types.is_string_dtype(df[column])):
            df[column] = df[column].map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
    columns = [c for c in df.columns if c != geometry_name]
    if _own_output(columns):
        dropped = [c for c in columns if c in RESULT_COLUMNS + _EXPORT_COLUMNS + ("input_row",)]
        df = df.drop(columns=dropped)
        notes.append(Notice.of("own_output"))
        columns = [c for c in df.columns if c != geometry_name]
    is_vector = isinstance(df, gpd.GeoDataFrame)
    clashes = {c: f"{c}_input" for c in columns if c in RESULT_COLUMNS or c == "input_row"}
    if roles is None:
        try:
            roles = detect_roles(columns, lon=lon, lat=lat, x=x, y=y, need_coordinates=False)
            if roles.coordinates is None and not is_vector and lon is None and x is None:
                # a column of map links or "lat, lon" cells under a header that says nothing of it
                pair = sniff_pair_column(df, columns)
                if pair is not None:
                    roles = roles.with_pair(pair)
                    notes.append(Notice.of("pair_column", column=pair))
                else:
                    detect_roles(columns, need_coordinates=True)  # no coordinates and no place: its error
        except ParameterError as exc:
            raise ParameterError(exc.message, where=str(path), param=exc.param, words=exc.words) from None
        if roles.coordinates is not None and roles.coordinates.kind == "pair" and roles.address == roles.coordinates.first:
            roles = roles.with_pair(roles.coordinates.first)
        roles = roles.renamed(clashes)
    if clashes:
        df = df.rename(columns=clashes)
    df.insert(0, "input_row", range(first_row, first_row + len(df)))
    return df, roles, notes


def iter_site_tables(path: str | Path, options: ReadOptions | None = None, /, *, chunk_rows: int = 200_000, **by_name):
    """A CSV/TSV site file as :class:`SiteTable` chunks of ``chunk_rows`` rows, in order.

    The same reading as :func:`read_site_table` (layout found once, roles
    found once, ``input_row`` counting on across chunks), with memory that
    does not grow with the file.  Notices come with the first chunk.
    ``options``/``by_name`` as for :func:`read_site_table` (``sheet`` and
    ``layer`` do not apply to a text file).
    """
    options = ReadOptions.of(options, **by_name)
    lon, lat, x, y, crs, xy_order = options.lon, options.lat, options.x, options.y, options.crs, options.xy_order
    encoding = options.encoding
    parsed_crs = _coordinate_options(crs, xy_order)
    path = Path(path)
    if not path.is_file():
        raise InputFileError("file not found", where=str(path), words=("file_not_found", {}))
    layout = text_layout(path, encoding)
    roles = None
    first = 1
    wkt = None
    given = options.names_coordinates
    for frame in iter_text_table(path, layout, chunk_rows):
        notes = list(layout.notes) if roles is None else []
        if roles is None:
            wkt = None if given else wkt_column(frame)
        if wkt is not None:
            frame, wkt_notes = _geometry_of_table(frame, str(path), parsed_crs, given=False, column=wkt)
            notes.extend(wkt_notes if roles is None else [])
        frame, roles, notes = _tidy(frame, path, notes, nfc_cells=False, lon=lon, lat=lat, x=x, y=y,
                                    first_row=first, roles=roles)
        first += len(frame)
        yield SiteTable(frame=frame, source=str(path), roles=roles, crs=parsed_crs, xy_order=xy_order, notes=tuple(notes))
    if roles is None:
        raise InputFileError("the file has no data rows", where=str(path), words=("no_rows", {}))

