"""Read boundary files (any format pyogrio/GDAL reads) into GeoDataFrames."""

from __future__ import annotations

import json
import re
import warnings
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._errors import InputFileError, ParameterError, TnMapError
from .._gdal import gdal_session
from .._resources import data_path
from ..i18n import Notice
from ..names import fold

__all__ = ["read_boundaries", "read_context", "read_derived_geojson", "read_former_bac_kan", "read_units", "read_vector"]


def _note_from_warning(message: warnings.WarningMessage, path: Path) -> str:
    """A library warning as one note about the user's file (no internal paths)."""
    text = " ".join(str(message.message).split())
    return text.replace(str(path), path.name)


def _choose_layer(path: Path, layer: str | None, polygons: bool = False) -> tuple[str | None, list[Notice]]:
    """The layer to read: ``layer``, the only one, the only one with rows (or, with ``polygons``, the only
    polygon layer with rows); else an error listing them."""
    if layer is None and path.suffix.lower() in (".geojson", ".geojsonl", ".geojsons"):
        return None, []  # GDAL's GeoJSON drivers read one layer: nothing to choose
    import pyogrio

    try:
        with gdal_session():
            layers = pyogrio.list_layers(path)
    except Exception:  # noqa: BLE001 - unreadable files are reported by the read itself
        return layer, []
    names = [str(name) for name, _ in layers]
    if layer is not None:
        found = [n for n in names if fold(n) == fold(layer)]
        if not found:
            raise ParameterError(f"no layer {layer!r}; layers are {', '.join(map(repr, names))}", where=str(path), param="layer",
                                 words=("no_layer", {"layer": layer, "layers": ", ".join(map(repr, names))}))
        return found[0], []
    if len(names) <= 1:
        return None, []
    with gdal_session():
        infos = {n: pyogrio.read_info(path, layer=n) for n in names}
    with_rows = [n for n in names if infos[n].get("features", 0) != 0]
    if polygons and len(with_rows) > 1:
        with_rows = [n for n in with_rows if "polygon" in str(infos[n].get("geometry_type", "")).lower()] or with_rows
    if len(with_rows) == 1:
        return with_rows[0], [Notice.of("layer", layer=with_rows[0], layers=", ".join(names))]
    raise ParameterError(
        f"the file has {len(names)} layers ({', '.join(map(repr, names))}); name the one to read", where=str(path), param="layer",
        words=("layers", {"n": len(names), "layers": ", ".join(map(repr, names))}),
    )


def read_vector(path: str | Path, layer: str | None = None, *, polygons: bool = False) -> tuple[gpd.GeoDataFrame, tuple[Notice, ...]]:
    """Read a vector file with pyogrio: the layer and notices on what the reader assumed.

    The CRS is whatever the file declares (may be ``None``); validation
    decides what to do with it.  ``layer`` picks a layer of a multi-layer
    file (default: the one with rows).  A shapefile whose ``.cpg`` names
    Windows-1258 is decoded in Python (GDAL's converter drops letters).
    Library warnings (pyogrio, GDAL) become notices; any failure becomes one
    :class:`~tn_map.InputFileError`.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError("file not found", where=str(path), words=("file_not_found", {}))
    if path.is_dir() and path.suffix.lower() not in (".gdb",):
        raise InputFileError("is a folder, not a file", where=str(path), words=("folder", {}))
    import pyogrio.errors

    chosen, notes = _choose_layer(path, layer, polygons)
    cp1258 = _shapefile_cp1258(path)
    try:
        with gdal_session(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            options = {"layer": chosen} if chosen is not None else {}
            if cp1258:
                options["encoding"] = "latin1"  # bytes as they are; decoded below
            gdf = gpd.read_file(path, engine="pyogrio", **options)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        first = text.replace(f"{str(path)!r} ", "").replace(str(path), path.name).split(";")[0].strip(" .")
        raise InputFileError.of("not_vector", str(path), error=first) from exc
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise InputFileError.of("not_vector", str(path), error=type(exc).__name__) from exc
    if cp1258:
        gdf = _recode(gdf, "latin1", "cp1258")
        notes.append(Notice.of("encoding", encoding="Windows-1258 (.cpg)"))
    notes.extend(Notice.of("reader", text=_note_from_warning(w, path)) for w in caught)
    return gdf, tuple(notes)


def _shapefile_cp1258(path: Path) -> bool:
    """Whether a shapefile's ``.cpg`` names Windows-1258 (Vietnamese)."""
    cpg = path.with_suffix(".cpg")
    if path.suffix.lower() != ".shp" or not cpg.is_file():
        return False
    return fold(cpg.read_text(encoding="ascii", errors="ignore")).replace(" ", "") in ("1258", "cp1258", "windows1258", "ansi1258")


def _recode(gdf: gpd.GeoDataFrame, read_as: str, actual: str) -> gpd.GeoDataFrame:
    """Text columns read as ``read_as`` re-decoded as ``actual`` and composed (NFC)."""
    import unicodedata

    out = gdf.copy()
    rename = {}
    for column in out.columns:
        if column == out.geometry.name:
            continue
        fixed = unicodedata.normalize("NFC", str(column).encode(read_as, "replace").decode(actual, "replace"))
        rename[column] = fixed
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype(object).map(
                lambda v: unicodedata.normalize("NFC", v.encode(read_as, "replace").decode(actual, "replace")) if isinstance(v, str) else v
            )
    return out.rename(columns=rename)


def read_boundaries(path: str | Path | None = None, layer: str | None = None) -> tuple[gpd.GeoDataFrame, str, tuple[Notice, ...]]:
    """Read district boundaries: ``path``, or the bundled ``boundaries.geojson``.

    Returns the layer, a name for its source and reading notes.  The bundled
    file is EPSG:4326 (lon/lat degrees) at full resolution, with properties
    ``code``, ``name``, ``name_full``, ``unit_type``, ``name_en`` and
    ``area_km2`` (km², geodesic).  A user file may have any property names.
    """
    if path is None and layer is None:  # read once per process; its geometries are then shared by every copy
        return _bundled_layer("boundaries.geojson").copy(), "boundaries.geojson (bundled)", ()
    gdf, notes = read_vector(path if path is not None else data_path("boundaries.geojson"), layer=layer, polygons=True)
    return gdf, (str(path) if path is not None else "boundaries.geojson (bundled)"), notes


@cache
def _bundled_layer(name: str) -> gpd.GeoDataFrame:
    """A bundled vector file, read once per process (callers get copies: the cached frame is never handed out)."""
    path = data_path(name)
    frame = read_derived_geojson(path)
    return frame if frame is not None else read_vector(path)[0]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT32 = (-(2**31), 2**31 - 1)


def read_derived_geojson(path: str | Path) -> gpd.GeoDataFrame | None:
    """A GeoJSON file that ``scripts/build_boundaries.py`` wrote, read without starting GDAL.

    Loading GDAL and its drivers takes longer than reading the bundled
    layers themselves (about 35 ms of a 0.7 s default build), so the bundled
    files are parsed by :mod:`json` and shapely's GeoJSON reader (GEOS)
    instead.  The frame is the one :func:`read_vector` gives for the same file
    (tests hold the two to each other on every bundled file): GDAL's GeoJSON
    driver's column types for the values those files hold (whole numbers →
    int32, numbers → float64, booleans, ``YYYY-MM-DD`` → ``datetime64[ms]``,
    text → str; a list of texts → an array of them, or a list when some are
    empty), EPSG:4326, a ``RangeIndex``.

    Parameters
    ----------
    path : str or Path
        A FeatureCollection in EPSG:4326 (lon/lat degrees), every feature
        with a geometry and the same properties.

    Returns
    -------
    geopandas.GeoDataFrame or None
        ``None`` when the file holds anything else (a null, a mixed or nested
        value, a foreign CRS): :func:`read_vector` reads it then.
    """
    text = Path(path).read_text(encoding="utf-8")
    properties = _properties_by_line(text)
    if properties is None:
        data = json.loads(text)
        features = data.get("features") if data.get("type") == "FeatureCollection" and "crs" not in data else None
        if not features or any(f.get("geometry") is None for f in features):
            return None
        properties = [f.get("properties") or {} for f in features]
    keys = list(properties[0]) if properties else []
    if not properties or any(list(p) != keys for p in properties):
        return None
    columns = {}
    for key in keys:
        column = _gdal_column([p[key] for p in properties])
        if column is None:
            return None
        columns[key] = column
    geometry = shapely.get_parts(shapely.from_geojson(text))
    if len(geometry) != len(properties):
        return None
    return gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4326")


_FEATURE_START = '{"type":"Feature","properties":'
_DECODER = json.JSONDecoder()


def _properties_by_line(text: str) -> list[dict] | None:
    """Each feature's properties, decoded without the coordinates after them, when the file is laid out as
    ``scripts/build_boundaries.py`` writes it (one feature a line, properties first); else ``None``."""
    lines = text.split("\n")
    if len(lines) < 4 or not lines[0].endswith('"features": [') or lines[-2:] != ["]}", ""]:
        return None
    head = json.loads(lines[0] + "]}")
    if head.get("type") != "FeatureCollection" or "crs" in head:
        return None
    out = []
    for line in lines[1:-2]:
        if not line.startswith(_FEATURE_START):
            return None
        try:
            properties, end = _DECODER.raw_decode(line, len(_FEATURE_START))
        except ValueError:
            return None
        if not isinstance(properties, dict) or not line.startswith(',"geometry":{', end):
            return None  # no geometry, or one that is null
        out.append(properties)
    return out


def _gdal_column(values: list):
    """``values`` typed as GDAL's GeoJSON driver types such a column, or ``None`` when unsure."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return np.array(values, dtype=bool)
    if kinds == {int}:
        return np.array(values, dtype="int32" if _INT32[0] <= min(values) and max(values) <= _INT32[1] else "int64")
    if kinds <= {int, float}:
        return np.array(values, dtype="float64")
    if kinds == {str}:
        if all(_DATE.fullmatch(v) for v in values):
            return pd.to_datetime(pd.Series(values), format="%Y-%m-%d").astype("datetime64[ms]").to_numpy()
        return pd.array(values, dtype="str")
    if kinds == {list} and all(isinstance(x, str) for v in values for x in v):
        if all(values):  # a string list: arrays, as pyogrio gives them
            column = np.empty(len(values), dtype=object)
            column[:] = [np.array(v) for v in values]
            return column
        column = np.empty(len(values), dtype=object)  # GDAL keeps a column with empty lists as JSON: lists
        column[:] = [list(v) for v in values]
        return column
    return None


def read_context() -> gpd.GeoDataFrame:
    """The bundled province outlines for context (EPSG:4326, simplified for display).

    Columns: ``code``, ``name``, ``name_full``, ``name_en``, ``role``
    (``subject`` / ``hightech`` / ``neighbour``) and ``hightech_space`` (bool).
    """
    return _bundled_layer("context.geojson").copy()


def read_units() -> gpd.GeoDataFrame:
    """Today's 92 communes and wards of Thái Nguyên (since 1 July 2025), the geography of record.

    EPSG:4326, the official polygons of the administrative-units reference map
    as one clean coverage (within about 6 m of the source; see
    ``data/SOURCES.md``), in code order.  Columns: ``code``, ``name`` (with
    its type word: ``"Xã Đại Phúc"``), ``short_name``, ``unit_type``
    (``commune``/``ward``), ``area_km2`` (geodesic, km²),
    ``official_area_km2`` (km², as the reference map states it),
    ``formed_from`` (the reference map's text), ``old_communes`` and
    ``old_districts`` (lists of names), ``old_district_codes``, ``zones``
    (zone keys of the 2030 scheme; two for Xã Đại Phúc, none for former Bắc
    Kạn) and ``former_bac_kan`` (bool).
    """
    return _bundled_layer("units.geojson").copy()


def read_former_bac_kan() -> gpd.GeoDataFrame:
    """Former Bắc Kạn province (in Thái Nguyên since 1 July 2025), EPSG:4326: the union of its 37 units."""
    return _bundled_layer("former_bac_kan.geojson").copy()
