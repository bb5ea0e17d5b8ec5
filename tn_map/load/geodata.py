"""Site files that carry their own geometry, as offices receive them: KML/KMZ, MapInfo, DXF, GeoParquet, WKT.

Each reader gives a GeoDataFrame of every placemark, feature or entity the
file holds (nothing dropped without a note) and :class:`~tn_map.i18n.Notice`
items for every assumption: driver, layers or folders read, encoding, CRS.
GDAL (through pyogrio) reads KML/KMZ (LIBKML driver), MapInfo TAB/MIF and
DXF; geopandas reads GeoParquet; shapely reads WKT.  Column roles,
coordinates and reasons are then found by the same code as for CSV
(:mod:`tn_map.load.sites`, :mod:`tn_map.locate`).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from .._errors import InputFileError, ParameterError
from .._gdal import gdal_session
from ..crs import METRIC_CRS, WGS84
from ..i18n import Notice
from ..names import fold
from .boundaries import _recode, read_vector
from .columns import clean_header

__all__ = ["read_kml", "read_dxf", "read_mapinfo", "read_parquet", "wkt_column", "with_wkt_geometry", "settle_crs",
           "fix_dbf_encoding", "KML_SUFFIXES", "DXF_SUFFIXES", "MAPINFO_SUFFIXES", "PARQUET_SUFFIXES", "WKT_GEOMETRY"]

KML_SUFFIXES = (".kml", ".kmz")
DXF_SUFFIXES = (".dxf",)
MAPINFO_SUFFIXES = (".tab", ".mif", ".mid")
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
#: Name of the geometry column made from a WKT column (the text column itself is kept).
WKT_GEOMETRY = "geometry_wkt_"
#: Thái Nguyên's box (degrees, with a margin), to say whether metres read as VN-2000 fall there.
_PROVINCE_BOX = (104.8, 20.7, 106.9, 22.7)


# --------------------------------------------------------------------------- KML / KMZ

# Columns the LIBKML driver adds for KML's own structure; kept only when a placemark sets them.
_KML_HOUSEKEEPING = {"id": None, "timestamp": None, "begin": None, "end": None, "altitudeMode": None, "tessellate": -1,
                     "extrude": 0, "visibility": -1, "drawOrder": None, "icon": None, "snippet": None}


class _Text(HTMLParser):
    """The text of an HTML fragment (a KML description): tags dropped, line breaks kept as ``; ``."""

    _BREAKS = {"br", "p", "div", "li", "tr", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def html_text(value):
    """``"<b>Ngành:</b> điện tử<br>12 ha"`` → ``"Ngành: điện tử; 12 ha"`` (plain text is returned as it is)."""
    if not isinstance(value, str) or "<" not in value:
        return value
    parser = _Text()
    parser.feed(value)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "; ".join(line for line in lines if line)


def _kml_text(path: Path) -> bytes:
    if path.suffix.lower() == ".kmz":
        try:
            with zipfile.ZipFile(path) as kmz:
                names = [n for n in kmz.namelist() if n.lower().endswith(".kml")]
                first = "doc.kml" if "doc.kml" in names else (names[0] if names else None)
                return kmz.read(first) if first else b""
        except (zipfile.BadZipFile, OSError):
            return b""
    return path.read_bytes()


def _data_names(path: Path) -> dict[str, str]:
    """ExtendedData names as written, by the ASCII form GDAL's LIBKML driver gives them.

    The driver replaces each byte of a non-ASCII name by ``_`` (``Ngành`` →
    ``Ng__nh``); the names are read back from the KML itself.
    """
    raw = _kml_text(path)
    names = set(re.findall(rb'<(?:\w+:)?(?:Data|SimpleData|SimpleField)\b[^>]*\bname\s*=\s*"([^"]+)"', raw))
    out = {}
    for name in names:
        try:
            text = name.decode("utf-8")
        except UnicodeDecodeError:
            continue
        laundered = re.sub(rb"[^\x00-\x7f]", b"_", name).decode("ascii")
        laundered = re.sub(r"[^A-Za-z0-9_]", "_", laundered)
        if laundered != text:
            out[laundered] = unicodedata.normalize("NFC", text)
    return out


def _folder_paths(path: Path) -> dict[str, str]:
    """Each KML folder's name → its path of folder names (``"Khu vực phía Nam / Điện tử"``), where the name is unique."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(_kml_text(path))
    except ET.ParseError:
        return {}
    paths: dict[str, list[str]] = {}

    def walk(node, trail: list[str]) -> None:
        for child in node:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "Folder":
                name_node = next((c for c in child if c.tag.rsplit("}", 1)[-1] == "name"), None)
                name = unicodedata.normalize("NFC", (name_node.text or "").strip()) if name_node is not None else ""
                paths.setdefault(name, []).append(" / ".join(trail + [name]))
                walk(child, trail + [name])
            elif tag in ("Document", "kml"):
                walk(child, trail)

    walk(root, [])
    return {name: found[0] for name, found in paths.items() if len(found) == 1}


_PAIR_LINE = re.compile(r"^\s*([^:;]{1,40}?)\s*:\s*(.+?)\s*$")


def _description_fields(descriptions: pd.Series) -> pd.DataFrame:
    """``"Ngành nghề: điện tử; Diện tích: 12 ha"`` → columns of the labels tn-map knows (sector, area…)."""
    from .tables import _ALIASES  # noqa: PLC0415 - the table reader's set of known headers
    from .columns import bare_header

    rows: list[dict[str, str]] = []
    for text in descriptions:
        found: dict[str, str] = {}
        for part in str(text).split("; ") if isinstance(text, str) else ():
            match = _PAIR_LINE.match(part)
            if match and (clean_header(match.group(1)) in _ALIASES or bare_header(match.group(1)) in _ALIASES):
                found.setdefault(unicodedata.normalize("NFC", match.group(1)), match.group(2))
        rows.append(found)
    return pd.DataFrame(rows, index=descriptions.index, dtype=object)


def read_kml(path: Path, layer: str | None = None) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Every placemark of a KML or KMZ (Google Earth, My Maps), its folder as a column.

    Each folder is a layer to GDAL's LIBKML driver; all are read, in the
    file's order, and the folder's name goes into a ``folder`` column
    (``layer`` reads one folder only).  HTML descriptions become plain text;
    ExtendedData fields are columns under their own names.  KML is WGS 84
    longitude/latitude by definition; heights are dropped.
    """
    import pyogrio

    where = str(path)
    try:
        with gdal_session():
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # noqa: BLE001 - GDAL's errors for a broken file
        raise InputFileError(f"cannot read as KML ({type(exc).__name__})", where=where,
                             words=("not_kml", {"error": type(exc).__name__})) from exc
    if layer is not None:
        found = [n for n in layers if fold(n) == fold(layer)]
        if not found:
            raise ParameterError(f"no folder {layer!r}; folders are {', '.join(map(repr, layers))}", where=where, param="layer",
                                 words=("no_layer", {"layer": layer, "layers": ", ".join(map(repr, layers))}))
        layers = found
    frames = []
    for name in layers:
        frame, _ = read_vector(path, layer=name)
        if len(frame):
            frames.append(frame.assign(folder=name))
    if not frames:
        raise InputFileError("the file has no placemarks", where=where, words=("no_rows", {}))
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)
    for column, default in _KML_HOUSEKEEPING.items():
        if column in gdf.columns:
            values = gdf[column]
            if values.isna().all() or (default is not None and (values.fillna(default) == default).all()):
                gdf = gdf.drop(columns=column)
    gdf = gdf.rename(columns=_data_names(path))
    if "description" in gdf.columns:
        gdf["description"] = gdf["description"].map(html_text)
        fields = _description_fields(gdf["description"])
        for column in fields.columns:  # "Ngành: …" in the description, unless ExtendedData has that column already
            if fold(column) not in {fold(str(c)) for c in gdf.columns}:
                gdf[column] = fields[column]
    paths = _folder_paths(path)
    gdf["folder"] = gdf["folder"].map(lambda name: paths.get(name, name))
    gdf = gdf.rename(columns={"Name": "name"} if "name" not in gdf.columns else {})
    gdf = gdf.set_geometry(shapely.force_2d(gdf.geometry.values))
    # text cells that are empty strings are no values (My Maps writes every ExtendedData field)
    for column in gdf.columns:
        if column != gdf.geometry.name and gdf[column].dtype == object:
            gdf[column] = gdf[column].map(lambda v: None if isinstance(v, str) and not v.strip() else v)
    order = ["folder"] + [c for c in gdf.columns if c != "folder"]
    notes = [Notice.of("kml", driver="LIBKML", folders=", ".join(repr(paths.get(n, n)) for n in layers), n=len(gdf))]
    return gdf[order], notes


# --------------------------------------------------------------------------- DXF

_DXF_KEEP = {"AcDbPoint": "point", "AcDbBlockReference": "block", "AcDbPolyline": "outline", "AcDb2dPolyline": "outline",
             "AcDbHatch": "outline"}


def _dxf_utf8(path: Path) -> bool:
    """Whether a DXF is AutoCAD 2007 or later (``$ACADVER`` AC1021+): its text is UTF-8 whatever its code page says."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    match = re.search(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*AC(\d{4})", head)
    return bool(match) and int(match.group(1)) >= 1021


def read_dxf(path: Path) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """The sites of a CAD drawing: points, blocks (their attributes as columns) and closed polylines as outlines.

    Read with GDAL's DXF driver, blocks not exploded (``DXF_INLINE_BLOCKS``
    off) so that each block insert is one point whose attributes (``TEN``,
    ``NGANH``…) become columns, and closed polylines as polygons.  Text,
    open lines and other drawing entities are annotation, not sites: they
    are counted in a note.  DXF stores no CRS.
    """
    options = {"DXF_INLINE_BLOCKS": "FALSE", "DXF_CLOSED_LINE_AS_POLYGON": "TRUE"}
    if _dxf_utf8(path):
        options["DXF_ENCODING"] = "UTF-8"
    with gdal_session(options):  # configuration only (no open options in GDAL's DXF driver): see tn_map._gdal
        gdf, _ = read_vector(path, layer="entities")
    kinds = gdf["SubClasses"].fillna("").map(lambda s: next((v for k, v in _DXF_KEEP.items() if k in s.split(":")), ""))
    polygonal = gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    keep = (kinds.isin(["point", "block"]).to_numpy() & (gdf.geometry.geom_type == "Point").to_numpy()) | \
           ((kinds == "outline").to_numpy() & polygonal)
    skipped = gdf.loc[~keep, "SubClasses"].fillna("").map(lambda s: s.split(":")[-1].removeprefix("AcDb") or "?")
    notes = [Notice.of("dxf", n=int(keep.sum()))]
    if "DXF_ENCODING" in options:
        notes.append(Notice.of("encoding", encoding="UTF-8 (AutoCAD 2007 or later)"))
    if len(skipped):
        counts = skipped.value_counts().sort_index()
        notes.append(Notice.of("dxf_skipped", n=int(len(skipped)), kinds=", ".join(f"{k} {v}" for k, v in counts.items())))
    out = gdf.loc[keep].reset_index(drop=True)
    attributes = out["BlockAttributes"] if "BlockAttributes" in out.columns else pd.Series([None] * len(out))
    table = pd.DataFrame({"layer": out["Layer"], "handle": out["EntityHandle"], "block": out.get("BlockName")})
    for i, items in enumerate(attributes):
        for item in (items if items is not None and not (isinstance(items, float)) else ()):
            tag, _, value = str(item).partition(" ")
            if tag not in table.columns:
                table[tag] = pd.Series([None] * len(table), dtype=object)
            table.loc[i, tag] = unicodedata.normalize("NFC", value)
    table = table.dropna(axis=1, how="all")
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(shapely.force_2d(out.geometry.values)), crs=None), notes


# --------------------------------------------------------------------------- MapInfo, GeoParquet


def read_mapinfo(path: Path, layer: str | None = None) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """A MapInfo table (``.tab``) or interchange file (``.mif`` with its ``.mid``), CRS as its CoordSys says."""
    if path.suffix.lower() == ".mid":
        path = next((p for p in (path.with_suffix(".mif"), path.with_suffix(".MIF")) if p.exists()), path.with_suffix(".mif"))
    gdf, notes = read_vector(path, layer=layer)
    return gdf, [Notice.of("driver_crs", driver="GDAL MapInfo File", crs=_crs_name(gdf.crs)), *notes]


def _crs_name(crs) -> str:
    """A CRS as a note names it: its name, and its EPSG code when it has one (VN-2000 in MapInfo has none)."""
    if crs is None:
        return "—"
    code = crs.to_epsg(min_confidence=70)
    if code:
        return f"{crs.name} (EPSG:{code})"
    if crs.is_projected:  # MapInfo's own VN-2000 (datum 9999 and its parameters) has no code: compare positions
        from pyproj import Transformer

        here = Transformer.from_crs(crs, WGS84, always_xy=True).transform(430_000, 2_390_000)
        for known in ("EPSG:9213", "EPSG:3405"):
            there = Transformer.from_crs(known, WGS84, always_xy=True).transform(430_000, 2_390_000)
            if max(abs(here[0] - there[0]), abs(here[1] - there[1])) < 1e-5:  # about a metre
                return f"{CRS.from_user_input(known).name} ({known}), written the MapInfo way"
    return crs.name


def read_parquet(path: Path) -> tuple[pd.DataFrame, list[Notice]]:
    """A GeoParquet file (geometry and CRS from its metadata), or a plain Parquet table of columns."""
    import pyarrow.parquet as pq

    where = str(path)
    try:
        metadata = pq.read_schema(path).metadata or {}
    except Exception as exc:  # noqa: BLE001 - pyarrow's errors for a broken file
        raise InputFileError(f"cannot read as Parquet ({type(exc).__name__})", where=where,
                             words=("not_parquet", {"error": type(exc).__name__})) from exc
    if b"geo" in metadata:
        gdf = gpd.read_parquet(path)
        return gdf, [Notice.of("driver_crs", driver="GeoParquet (geopandas)", crs=_crs_name(gdf.crs))]
    return pd.read_parquet(path), [Notice.of("driver", driver="Parquet")]


# --------------------------------------------------------------------------- WKT in a table

_WKT_HEADERS = {"wkt", "geometry", "geom", "the geom", "hinh hoc", "shape", "geometry wkt", "wkt geometry", "geojson"}
_WKT_RE = re.compile(r"^\s*(?:SRID=\d+\s*;\s*)?(?:MULTI)?(?:POINT|POLYGON|LINESTRING)\s*(?:Z|M|ZM)?\s*(?:\(|EMPTY)", re.IGNORECASE)


def wkt_column(frame: pd.DataFrame) -> str | None:
    """The column of a table holding WKT geometry (``POINT (105.84 21.59)``), by its header or its cells."""
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        sample = []  # the first 50 filled cells (a few cells each: a loop, not the string machinery of a column)
        for value in values:
            text = "" if value is None or value is pd.NA or value != value else str(value).strip()
            if text:
                sample.append(text)
                if len(sample) == 50:
                    break
        if not sample:
            continue
        looks = sum(1 for text in sample if _WKT_RE.match(text)) / len(sample)
        if looks >= 0.8 or (clean_header(column) in _WKT_HEADERS and looks > 0):
            return column
    return None


def with_wkt_geometry(frame: pd.DataFrame, column: str, where: str) -> gpd.GeoDataFrame:
    """``frame`` with the WKT of ``column`` as its geometry (CRS unknown: :func:`settle_crs` decides).

    A cell that is not WKT gives no geometry (its row is rejected with
    ``no_geometry``); the text column itself is kept.
    """
    text = frame[column].astype("string").fillna("").str.strip().str.replace(r"^SRID=\d+\s*;\s*", "", regex=True)
    geoms = shapely.from_wkt(text.replace("", None).to_numpy(dtype=object), on_invalid="ignore")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(shapely.force_2d(geoms), index=frame.index), crs=None) \
        .rename_geometry(WKT_GEOMETRY)


# --------------------------------------------------------------------------- CRS of a file that declares none


def settle_crs(gdf: gpd.GeoDataFrame, crs: CRS | None, where: str) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """A geometry with no declared CRS (DXF, WKT in a CSV): ``crs`` if given, WGS 84 if its values are degrees.

    Metres with no CRS stop with one line that says so, and which VN-2000
    zone puts them on Thái Nguyên (the same hint as for X/Y columns).
    """
    if crs is not None or gdf.crs is not None:
        return gdf, []
    geoms = gdf.geometry.values
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return gdf.set_crs(WGS84), []
    minx, miny, maxx, maxy = shapely.total_bounds(geoms[present])
    if max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90:
        return gdf.set_crs(WGS84), [Notice.of("crs_default")]
    fits = None
    for name, code in (("VN-2000 TM-3 106-30", METRIC_CRS), ("VN-2000 UTM 48N", "EPSG:3405")):
        box = gpd.GeoSeries([shapely.box(minx, miny, maxx, maxy)], crs=code).to_crs(WGS84).total_bounds
        if np.isfinite(box).all() and _PROVINCE_BOX[0] < box[0] and box[2] < _PROVINCE_BOX[2] \
                and _PROVINCE_BOX[1] < box[1] and box[3] < _PROVINCE_BOX[3]:
            fits = f"{name} ({code})"
            break
    hint = f"; read as {fits} they fall on Thái Nguyên" if fits else ""
    raise ParameterError(
        f"the coordinates are metres (up to {max(abs(minx), abs(maxx), abs(miny), abs(maxy)):,.0f}) but the file declares "
        f"no CRS: give it (e.g. 'VN-2000 TM-3 106-30' = EPSG:9213, 'VN-2000 UTM 48N' = EPSG:3405){hint}",
        where=where, param="crs", words=("metres_no_crs_fits", {"crs": fits}) if fits else ("metres_no_crs", {}),
    )


# --------------------------------------------------------------------------- shapefile text without .cpg


def fix_dbf_encoding(path: Path, gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """A shapefile's text decided from the DBF's bytes when it has no ``.cpg`` and no code-page mark.

    GDAL then reads the bytes as ISO-8859-1 (every byte is a character, so
    nothing is lost): the bytes are taken back and decoded as UTF-8 when
    they are UTF-8, else as Windows-1258 when charset-normalizer says the
    text is Vietnamese in that code page; a note says which.
    """
    if path.suffix.lower() != ".shp" or any(path.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        return gdf, []
    dbf = next((p for p in (path.with_suffix(".dbf"), path.with_suffix(".DBF")) if p.exists()), None)
    if dbf is None:
        return gdf, []
    data = dbf.read_bytes()
    if len(data) > 29 and data[29] != 0:  # the DBF names its code page (LDID): GDAL honours it
        return gdf, []
    header_end = int.from_bytes(data[8:10], "little") if len(data) >= 10 else 0
    body = data[header_end:]
    if body.isascii():
        return gdf, []
    try:
        body.decode("utf-8")
        actual, label = "utf-8", "UTF-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(body, cp_isolation=["cp1258", "cp1252"]).best()
        actual = best.encoding if best is not None else "cp1258"
        label = {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}.get(actual, actual)
    return _recode(gdf, "latin1", actual), [Notice.of("dbf_encoding", encoding=label)]
