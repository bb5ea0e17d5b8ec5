"""Read investment-site lists as they really are: CSV, XLSX, GeoJSON, GeoPackage, Shapefile.

Nothing is dropped here: every data row of the file comes back as a row,
with ``input_row`` (its 1-based data row number; for CSV the header is line 1, so
data row 1 is line 2) and the file's own column names; names and text cells
are normalised to Unicode NFC.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import TnMapError
from ..names import nfc
from .boundaries import read_vector

__all__ = ["read_site_table", "TABLE_SUFFIXES", "VECTOR_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip", ".fgb")


def _decode(raw: bytes, where: str) -> str:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TnMapError("cannot decode the file as UTF-8 text", where=where)


def _read_csv(path: Path) -> pd.DataFrame:
    text = _decode(path.read_bytes(), str(path))
    if not text.strip():
        raise TnMapError("the file is empty", where=str(path))
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        # Everything as text: numbers are parsed later, per cell, so that a bad
        # value is reported for its row instead of spoiling its column.
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, ValueError) as exc:
        raise TnMapError(f"cannot parse as CSV ({str(exc).splitlines()[0]})", where=str(path)) from exc


def _read_xlsx(path: Path, sheet: str | int | None) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, dtype=object, engine="openpyxl")
    except (ValueError, KeyError, OSError) as exc:
        raise TnMapError(f"cannot read as an Excel workbook ({exc})", where=str(path)) from exc
    except Exception as exc:  # openpyxl raises its own zoo for broken files
        raise TnMapError(f"cannot read as an Excel workbook ({type(exc).__name__})", where=str(path)) from exc


def read_site_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame | gpd.GeoDataFrame:
    """Read a site file into a (Geo)DataFrame of all its rows, plus an ``input_row`` column.

    CSV: comma, semicolon, tab or pipe separated (sniffed), UTF-8 with or
    without BOM; cells are kept as text.  XLSX: the first sheet, or ``sheet``.
    Vector formats: read with pyogrio, geometry and CRS as the file declares.
    """
    path = Path(path)
    if not path.exists():
        raise TnMapError("file not found", where=str(path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        df = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        df = _read_xlsx(path, sheet)
    elif suffix in VECTOR_SUFFIXES:
        df = read_vector(path)
    else:
        raise TnMapError(
            f"unsupported file type {suffix or '(none)'}; use CSV, XLSX, GeoJSON, GeoPackage or Shapefile",
            where=str(path),
        )
    geometry_name = getattr(df, "_geometry_column_name", None)
    df = df.rename(columns={c: nfc(str(c)) for c in df.columns if c != geometry_name})
    # Text cells in NFC, so that "Phổ Yên" typed on any keyboard is one string.
    for column in df.columns:
        if column != geometry_name and (pd.api.types.is_object_dtype(df[column]) or pd.api.types.is_string_dtype(df[column])):
            df[column] = df[column].map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
    df.insert(0, "input_row", range(1, len(df) + 1))
    df.attrs["source"] = str(path)
    return df
