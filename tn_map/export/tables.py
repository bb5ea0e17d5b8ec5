"""Tables (zone summaries) as text: aligned, CSV or JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from .._errors import ParameterError, TnMapError
from .._gdal import gdal_session
from ..i18n import Lang, check_lang, fmt_number, tr
from .cells import CellIssue, clean_text_cells, csv_bytes, xlsx_bytes
from ..plan import PLAN, Plan

__all__ = ["table_text", "zone_table_text", "zone_summary_table", "write_table", "TABLE_FORMATS", "TABLE_FILES"]

#: File types :func:`write_table` writes, by extension.
TABLE_FILES = (".csv", ".xlsx", ".geojson")

TABLE_FORMATS = ("table", "csv", "json")


def table_text(df: pd.DataFrame, fmt: str = "table") -> str:
    """``df`` as an aligned text table, CSV or JSON records (text ending in a newline)."""
    if fmt == "csv":
        buffer = io.StringIO()
        df.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return df.to_string(index=False) + "\n"
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")


def zone_table_text(table: pd.DataFrame, fmt: str = "table", lang: Lang = "vi") -> str:
    """:func:`tn_map.zone_table`'s table as text in ``fmt`` (:func:`table_text`); the aligned table, for
    people, leaves out the ``zone_key`` column and has its headers and numbers in ``lang`` (CSV and
    JSON keep the column names and plain numbers, for programs).

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`tn_map.zone_table` returns it (areas in km², shares in %).
    fmt : {"table", "csv", "json"}
        The text format.
    lang : {"vi", "en"}
        Language of the aligned table's headers and numbers (``2.255,0`` in Vietnamese).

    Returns
    -------
    str
        Text ending in a newline.
    """
    if fmt != "table":
        return table_text(table, fmt)
    table = table.drop(columns=["zone_key"])
    for column, decimals in (("n_districts", 0), ("area_km2", 2), ("share_pct", 1)):
        table[column] = [fmt_number(v, lang, decimals) for v in table[column]]
    table.columns = [tr(f"table.{c}", lang) for c in table.columns]
    return table_text(table, fmt)


def zone_summary_table(summary: pd.DataFrame, plan: Plan = PLAN, lang: Lang = "vi") -> pd.DataFrame:
    """The zone summary (:func:`tn_map.join.zone_summary`) with zone names and clusters in ``lang``.

    Columns: ``zone``, ``zone_key``, ``districts``, ``n_districts``,
    ``clusters``, ``area_km2`` (km²), ``share_pct`` (% of the province).
    """
    check_lang(lang)
    zones = {z.key: z for z in plan.zones}
    out = summary.copy()
    out.insert(0, "zone", [zones[k].name.get(lang) for k in out["zone_key"]])
    out.insert(4, "clusters", ["; ".join(c.name.get(lang) for c in zones[k].clusters) for k in out["zone_key"]])
    return out


def write_table(
    table: pd.DataFrame,
    path: str | Path,
    *,
    sheet: str = "data",
    extra_sheets: dict[str, pd.DataFrame] | None = None,
    lon: str = "lon",
    lat: str = "lat",
) -> list[CellIssue]:
    """Write ``table`` as CSV, XLSX or GeoJSON (points from ``lon``/``lat``, EPSG:4326) by extension.

    CSV and XLSX cells stay data (see :mod:`tn_map.export.cells`);
    ``extra_sheets`` become further worksheets of an XLSX (e.g. sources).
    Returns the cells that had to change.  The same table gives the same bytes.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FILES:
        raise ParameterError.of("unsupported_output", str(path), param="path", suffix=suffix or "–", allowed=", ".join(TABLE_FILES))
    rows = pd.Series(range(1, len(table) + 1)).to_numpy()
    clean, issues = clean_text_cells(table, rows)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            path.write_bytes(csv_bytes(clean))
        elif suffix == ".xlsx":
            path.write_bytes(xlsx_bytes({sheet: clean, **(extra_sheets or {})}))
        else:
            features = []
            props = [c for c in clean.columns if c not in (lon, lat)]
            for record in clean.to_dict(orient="records"):
                x, y = record.get(lon), record.get(lat)
                geometry = None if x is None or y is None or x != x or y != y else {"type": "Point", "coordinates": [x, y]}
                features.append({"type": "Feature", "properties": {k: record[k] for k in props}, "geometry": geometry})
            text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
            path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise TnMapError.of("cannot_write", str(path), error=exc.strerror or exc) from exc
    return issues


#: The clock a GeoPackage states (its contents table has a "last change" time): fixed, so the same
#: table gives the same bytes.
FIXED_CLOCK = "2000-01-01T00:00:00Z"


def geojson_text(table) -> str:
    """RFC 7946 GeoJSON of a GeoDataFrame (EPSG:4326), keys in column order, no clock: the same table, the same text."""
    features = []
    props = [c for c in table.columns if c != table.geometry.name]
    for record, geom in zip(table[props].to_dict(orient="records"), table.geometry):
        features.append({"type": "Feature", "properties": record, "geometry": None if geom is None else geom.__geo_interface__})
    data = {"type": "FeatureCollection", "features": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_gpkg(table, path: Path, layer: str) -> None:
    """Write a GeoDataFrame as a one-layer GeoPackage whose stated clock is :data:`FIXED_CLOCK`."""
    if path.exists():
        path.unlink()
    # the GeoPackage driver reads its clock from GDAL's configuration only: set under the one GDAL lock
    with gdal_session({"OGR_CURRENT_DATE": FIXED_CLOCK}):
        table.to_file(path, driver="GPKG", engine="pyogrio", layer=layer)
