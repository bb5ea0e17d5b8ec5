"""Read boundary files (any format pyogrio/GDAL reads) into GeoDataFrames."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pyogrio.errors

from .._resources import data_path
from ..errors import TnMapError

__all__ = ["read_boundaries", "read_context", "read_vector", "read_web_cache"]


def read_vector(path: str | Path) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio; any failure becomes one :class:`TnMapError`.

    The CRS is whatever the file declares (may be ``None``); validation
    decides what to do with it.
    """
    path = Path(path)
    if not path.exists():
        raise TnMapError("file not found", where=str(path))
    if path.is_dir() and not path.suffix:
        raise TnMapError("is a folder, not a boundary file", where=str(path))
    try:
        return gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        first = text.replace(f"{str(path)!r} ", "").split(";")[0].strip(" .")
        raise TnMapError(f"cannot read as a vector file ({first})", where=str(path)) from exc
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise TnMapError(f"cannot read as a vector file ({exc})", where=str(path)) from exc


def read_boundaries(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Read district boundaries: ``path``, or the bundled ``boundaries.geojson``.

    The bundled file is EPSG:4326 (lon/lat degrees) at full resolution, with
    properties ``code``, ``name``, ``name_full``, ``unit_type``, ``name_en`` and
    ``area_km2`` (km², geodesic).  A user file may have any property names.
    """
    gdf = read_vector(path if path is not None else data_path("boundaries.geojson"))
    gdf.attrs["source"] = str(path) if path is not None else "boundaries.geojson (bundled)"
    return gdf


def read_context() -> gpd.GeoDataFrame:
    """The bundled province outlines for context (EPSG:4326, simplified for display).

    Columns: ``code``, ``name``, ``name_full``, ``name_en``, ``role``
    (``subject`` / ``hightech`` / ``neighbour``) and ``hightech_space`` (bool).
    """
    return read_vector(data_path("context.geojson"))


def read_web_cache() -> gpd.GeoDataFrame | None:
    """The bundled district geometry already simplified for the web, or ``None``.

    Made by ``scripts/build_boundaries.py`` with
    :func:`tn_map.render.geometry.simplify_for_web`; each feature carries the
    fingerprint of the full-resolution unit it stands for, so it is used only
    for exactly those boundaries.
    """
    try:
        return read_vector(data_path("boundaries_web.geojson"))
    except (FileNotFoundError, TnMapError):
        return None
