"""Read boundary files (any format pyogrio/GDAL reads) into GeoDataFrames."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pyogrio
import pyogrio.errors

from .._errors import InputFileError, TnMapError
from .._resources import data_path

__all__ = ["read_boundaries", "read_context", "read_former_bac_kan", "read_vector", "read_web_cache"]


def _note_from_warning(message: warnings.WarningMessage, path: Path) -> str:
    """A library warning as one note about the user's file (no internal paths)."""
    text = " ".join(str(message.message).split())
    return text.replace(str(path), path.name)


def read_vector(path: str | Path) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:
    """Read a vector file with pyogrio: the layer and notes on what the reader assumed.

    The CRS is whatever the file declares (may be ``None``); validation
    decides what to do with it.  Library warnings (pyogrio, GDAL) become
    notes; any failure becomes one :class:`~tn_map.InputFileError`.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError("file not found", where=str(path))
    if path.is_dir() and path.suffix.lower() not in (".gdb",):
        raise InputFileError("is a folder, not a file", where=str(path))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        first = text.replace(f"{str(path)!r} ", "").replace(str(path), path.name).split(";")[0].strip(" .")
        raise InputFileError(f"cannot read as a vector file ({first})", where=str(path)) from exc
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise InputFileError(f"cannot read as a vector file ({type(exc).__name__})", where=str(path)) from exc
    return gdf, tuple(_note_from_warning(w, path) for w in caught)


def read_boundaries(path: str | Path | None = None) -> tuple[gpd.GeoDataFrame, str, tuple[str, ...]]:
    """Read district boundaries: ``path``, or the bundled ``boundaries.geojson``.

    Returns the layer, a name for its source and reading notes.  The bundled
    file is EPSG:4326 (lon/lat degrees) at full resolution, with properties
    ``code``, ``name``, ``name_full``, ``unit_type``, ``name_en`` and
    ``area_km2`` (km², geodesic).  A user file may have any property names.
    """
    gdf, notes = read_vector(path if path is not None else data_path("boundaries.geojson"))
    return gdf, (str(path) if path is not None else "boundaries.geojson (bundled)"), notes


def read_context() -> gpd.GeoDataFrame:
    """The bundled province outlines for context (EPSG:4326, simplified for display).

    Columns: ``code``, ``name``, ``name_full``, ``name_en``, ``role``
    (``subject`` / ``hightech`` / ``neighbour``) and ``hightech_space`` (bool).
    """
    return read_vector(data_path("context.geojson"))[0]


def read_former_bac_kan() -> gpd.GeoDataFrame:
    """Former Bắc Kạn province (in Thái Nguyên since 1 July 2025), EPSG:4326, within 20 m of the official outline."""
    return read_vector(data_path("former_bac_kan.geojson"))[0]


def read_web_cache() -> gpd.GeoDataFrame | None:
    """The bundled district geometry already simplified for the web, or ``None``.

    Made by ``scripts/build_boundaries.py`` with
    :func:`tn_map.render.geometry.simplify_for_web`; each feature carries the
    fingerprint of the full-resolution unit it stands for, so it is used only
    for exactly those boundaries.
    """
    try:
        return read_vector(data_path("boundaries_web.geojson"))[0]
    except (FileNotFoundError, TnMapError):
        return None
