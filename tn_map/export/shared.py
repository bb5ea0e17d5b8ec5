"""Outputs for the programs sites are shared in: KML/KMZ for Google Earth, a QGIS style inside a GeoPackage.

KML is written with :mod:`xml.etree.ElementTree` (every value escaped as
XML text, nothing of a user's cell is markup): one ``<Style>`` per zone in
the zone's colour, each feature's fields as ``<ExtendedData>`` (what Google
Earth shows in its balloon), EPSG:4326 longitude/latitude as KML requires.
KMZ is that KML zipped as ``doc.kml`` with a fixed clock, so the same table
gives the same bytes.

A GeoPackage gets QGIS's own ``layer_styles`` table (the one QGIS writes
with "Save as default style"): a categorised renderer on the zone key in
the zone colours, with labels, so the layer opens coloured and labelled.
"""

from __future__ import annotations

import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._gdal import gdal_session
from ..style.palette import ZONE_COLOURS, UNKNOWN_COLOUR

__all__ = ["kml_bytes", "write_kml", "add_layer_style", "layer_style_qml"]

_KML_NS = "http://www.opengis.net/kml/2.2"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def _kml_colour(hex_colour: str, alpha: int = 255) -> str:
    """``#D55E00`` → KML's ``aabbggrr``."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha:02x}{b}{g}{r}".lower()


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and not np.isfinite(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _coordinates(coords) -> str:
    return " ".join(f"{x:.7f},{y:.7f}" for x, y, *_ in coords)


def _geometry(parent: ET.Element, geom) -> None:
    kind = geom.geom_type
    if kind == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = _coordinates(geom.coords)
    elif kind == "Polygon":
        polygon = ET.SubElement(parent, "Polygon")
        outer = ET.SubElement(ET.SubElement(polygon, "outerBoundaryIs"), "LinearRing")
        ET.SubElement(outer, "coordinates").text = _coordinates(geom.exterior.coords)
        for ring in geom.interiors:
            inner = ET.SubElement(ET.SubElement(polygon, "innerBoundaryIs"), "LinearRing")
            ET.SubElement(inner, "coordinates").text = _coordinates(ring.coords)
    elif kind.startswith("Multi") or kind == "GeometryCollection":
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in geom.geoms:
            _geometry(multi, part)
    elif kind == "LineString":
        ET.SubElement(ET.SubElement(parent, "LineString"), "coordinates").text = _coordinates(geom.coords)


def kml_bytes(table: gpd.GeoDataFrame, *, title: str, zone_column: str, name_column: str | None,
              zone_names: dict[str, str], folder_words: dict[str, str], folder_keys=None) -> bytes:
    """The rows of ``table`` (EPSG:4326) as a KML document: a folder per zone, every field as ExtendedData.

    ``zone_column`` holds one zone key per row (``"south"``), unless
    ``folder_keys`` gives each row's folder and colour (one zone key or
    ``""`` per row: a site list passes the first of each row's zones from
    :func:`tn_map.join.sites.zone_membership`); rows without geometry
    (rejected sites) go into a folder of their own with their fields, so
    that no row is lost.
    ``folder_words``: names for the ``"none"`` (no zone) and ``"rejected"``
    folders.
    """
    ET.register_namespace("", _KML_NS)
    kml = ET.Element("kml", xmlns=_KML_NS)
    document = ET.SubElement(kml, "Document")
    ET.SubElement(document, "name").text = title
    for key, colour in [*ZONE_COLOURS.items(), ("none", UNKNOWN_COLOUR)]:
        style = ET.SubElement(document, "Style", id=f"zone-{key}")
        icon = ET.SubElement(style, "IconStyle")
        ET.SubElement(icon, "color").text = _kml_colour(colour)
        ET.SubElement(icon, "scale").text = "1.1"
        ET.SubElement(ET.SubElement(icon, "Icon"), "href").text = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = _kml_colour("#FFFFFF")
        ET.SubElement(line, "width").text = "1.5"
        ET.SubElement(ET.SubElement(style, "PolyStyle"), "color").text = _kml_colour(colour, 0x99)
    geometry_name = table.geometry.name
    fields = [c for c in table.columns if c != geometry_name]
    keys = np.asarray(folder_keys if folder_keys is not None else table[zone_column].fillna("").astype(str), dtype=object)
    geoms = table.geometry.values
    has = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    groups = [(k, zone_names[k]) for k in ZONE_COLOURS] + [("", folder_words["none"]), (None, folder_words["rejected"])]
    records = table[fields].to_dict(orient="records")
    for key, label in groups:
        rows = np.flatnonzero(~has) if key is None else np.flatnonzero(has & (keys == key)) if key else \
            np.flatnonzero(has & ~np.isin(keys, list(ZONE_COLOURS)))
        if rows.size == 0:
            continue
        folder = ET.SubElement(document, "Folder")
        ET.SubElement(folder, "name").text = label
        for i in rows:
            record = records[i]
            mark = ET.SubElement(folder, "Placemark")
            name = _text(record.get(name_column)) if name_column else None
            ET.SubElement(mark, "name").text = name or _text(record.get("input_row")) or str(i + 1)
            ET.SubElement(mark, "styleUrl").text = f"#zone-{key if key in ZONE_COLOURS else 'none'}"
            data = ET.SubElement(mark, "ExtendedData")
            for field in fields:
                value = _text(record[field])
                if value is None:
                    continue
                item = ET.SubElement(data, "Data", name=str(field))
                ET.SubElement(item, "value").text = value
            if has[i]:
                _geometry(mark, geoms[i])
    ET.indent(kml, space=" ")
    return ET.tostring(kml, encoding="utf-8", xml_declaration=True) + b"\n"


def write_kml(data: bytes, path: Path) -> None:
    """KML bytes to ``path``: as they are for ``.kml``, zipped as ``doc.kml`` (fixed clock) for ``.kmz``."""
    if path.suffix.lower() == ".kmz":
        info = zipfile.ZipInfo("doc.kml", date_time=_FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as kmz:
            kmz.writestr(info, data)
        path.write_bytes(buffer.getvalue())
    else:
        path.write_bytes(data)


# --------------------------------------------------------------------------- QGIS style


def _rgba(hex_colour: str, alpha: int = 255) -> str:
    return f"{int(hex_colour[1:3], 16)},{int(hex_colour[3:5], 16)},{int(hex_colour[5:7], 16)},{alpha}"


def layer_style_qml(*, zone_column: str, label_column: str | None, zone_names: dict[str, str], other: str, polygons: bool) -> str:
    """A QGIS style (QML): categories of ``zone_column`` in the zone colours, labels from ``label_column``."""
    qgis = ET.Element("qgis", version="3.28.0", styleCategories="Symbology|Labeling")
    renderer = ET.SubElement(qgis, "renderer-v2", type="categorizedSymbol", attr=zone_column, symbollevels="0",
                             enableorderby="0", forceraster="0")
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    entries = [(k, zone_names[k], ZONE_COLOURS[k]) for k in ZONE_COLOURS] + [("", other, UNKNOWN_COLOUR)]
    for i, (value, label, colour) in enumerate(entries):
        ET.SubElement(categories, "category", symbol=str(i), value=value, label=label, render="true")
        symbol = ET.SubElement(symbols, "symbol", type="fill" if polygons else "marker", name=str(i), alpha="1",
                               clip_to_extent="1", force_rhr="0")
        layer = ET.SubElement(symbol, "layer", attrib={"class": "SimpleFill" if polygons else "SimpleMarker",
                                                       "enabled": "1", "locked": "0", "pass": "0"})
        options = ET.SubElement(layer, "Option", type="Map")
        settings = {"color": _rgba(colour, 170 if polygons else 255), "outline_color": "255,255,255,255",
                    "outline_width": "0.4" if polygons else "0.3", "style": "solid"}
        if not polygons:
            settings.update({"name": "circle", "size": "3"})
        for key, text in settings.items():
            ET.SubElement(options, "Option", name=key, type="QString", value=text)
    if label_column:
        labeling = ET.SubElement(qgis, "labeling", type="simple")
        settings = ET.SubElement(labeling, "settings", calloutType="simple")
        ET.SubElement(settings, "text-style", fieldName=label_column, isExpression="0", fontSize="9", textColor="0,0,0,255",
                      fontFamily="Noto Sans")
        ET.SubElement(settings, "text-buffer", bufferDraw="1", bufferSize="1", bufferColor="255,255,255,255")
        ET.SubElement(settings, "placement", placement="1" if polygons else "6", dist="1")
        ET.SubElement(settings, "rendering", obstacle="1", drawLabels="1")
    ET.SubElement(qgis, "layerGeometryType").text = "2" if polygons else "0"
    ET.indent(qgis, space=" ")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(qgis, encoding="unicode") + "\n"


def add_layer_style(path: Path, layer: str, geometry_column: str, qml: str, *, name: str, clock: str) -> None:
    """Add QGIS's ``layer_styles`` table to a GeoPackage, with ``qml`` as ``layer``'s default style.

    Written through GDAL as an attributes table (registered in
    ``gpkg_contents``), with the columns QGIS reads; ``clock`` fixes its
    dates so the file is deterministic.
    """
    import pyogrio

    row = pd.DataFrame({
        "f_table_catalog": [""], "f_table_schema": [""], "f_table_name": [layer], "f_geometry_column": [geometry_column],
        "styleName": [name], "styleQML": [qml], "styleSLD": [""], "useAsDefault": [True],
        "description": ["tn-map: zones in the colours of the map"], "owner": [""], "ui": [""], "update_time": [clock],
    })
    with gdal_session({"OGR_CURRENT_DATE": clock}):  # configuration only: see tn_map._gdal
        pyogrio.write_dataframe(row, path, layer="layer_styles", driver="GPKG", append=False)
