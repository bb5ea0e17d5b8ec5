"""Write classified site lists: every input row, with its results, in the format the name asks for."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import TnMapError

__all__ = ["write_sites", "SITE_FORMATS"]

SITE_FORMATS = {".csv": "CSV", ".xlsx": "Excel", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG"}


def _with_coordinates(classified: gpd.GeoDataFrame) -> pd.DataFrame:
    """Table form: the point as ``lon_wgs84``/``lat_wgs84`` (degrees, 6 decimals), no geometry."""
    geoms = classified.geometry
    has = geoms.notna() & ~geoms.is_empty
    table = pd.DataFrame(classified.drop(columns=classified.geometry.name))
    table["lon_wgs84"] = np.where(has, geoms.x.where(has).round(6), np.nan)
    table["lat_wgs84"] = np.where(has, geoms.y.where(has).round(6), np.nan)
    return table


def write_sites(classified: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write all rows (located and rejected) to CSV, XLSX, GeoJSON or GeoPackage by extension.

    CSV is UTF-8 with a byte-order mark so that Excel opens Vietnamese text
    correctly.  Vector formats are EPSG:4326; rejected rows have no geometry.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SITE_FORMATS:
        raise TnMapError(
            f"unsupported output type {suffix or '(none)'}; use {', '.join(SITE_FORMATS)}", where=str(path)
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            _with_coordinates(classified).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        elif suffix == ".xlsx":
            table = _with_coordinates(classified)
            table["district_mismatch"] = table["district_mismatch"].astype(object).where(table["district_mismatch"].notna(), "")
            table.to_excel(path, index=False, engine="openpyxl")
        else:
            out = classified.copy()
            out["district_mismatch"] = out["district_mismatch"].astype(object).where(out["district_mismatch"].notna(), None)
            if path.exists():
                path.unlink()
            out.to_file(path, driver=SITE_FORMATS[suffix], engine="pyogrio")
    except OSError as exc:
        raise TnMapError(f"cannot write ({exc.strerror or exc})", where=str(path)) from exc
    return path
