"""The 9 districts joined to the plan, written out for an annex: GeoJSON, GeoPackage, CSV or XLSX.

One row per pre-2025 district: its names, unit type, zone (key and name),
the zone's priority clusters (keys and names), area (km², geodesic) and
share of the province and of its zone, with the CRS stated.  Vector
formats carry the full-resolution boundaries (EPSG:4326); CSV and XLSX
carry a label point (longitude/latitude, EPSG:4326) and a ``crs`` column
instead.  XLSX has a header row in words and the sources on a second
sheet.  Text cells stay data (see :mod:`tn_map.export.cells`).  The same
districts give the same bytes (the GeoPackage's own clock is fixed too).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .._errors import TnMapError
from ..crs import WGS84
from ..geom import label_point
from ..i18n import Lang, check_lang
from ..join.districts import as_districts
from ..names import name_key
from ..plan import PLAN, SOURCE, Plan
from .cells import clean_text_cells, csv_bytes, xlsx_bytes
from .paths import output_path
from .tables import FIXED_CLOCK, geojson_text, write_gpkg

__all__ = ["district_table", "write_districts", "DISTRICT_FORMATS", "DISTRICT_COLUMNS"]

#: File types :func:`write_districts` writes, by extension.
DISTRICT_FORMATS = {".geojson": "GeoJSON", ".gpkg": "GPKG", ".csv": "CSV", ".xlsx": "XLSX", ".kml": "KML", ".kmz": "KMZ"}

#: Columns of :func:`district_table` (besides ``geometry``) and the words that head them in XLSX.
DISTRICT_COLUMNS: dict[str, str] = {
    "code": "col_code",
    "name": "col_name",
    "name_full": "col_name_full",
    "name_en": "col_name_en",
    "unit_type": "col_unit_type",
    "zone_key": "col_zone_key",
    "zone": "col_zone",
    "cluster_keys": "col_cluster_keys",
    "clusters": "col_clusters",
    "area_km2": "col_area_km2",
    "share_pct": "col_share",
    "zone_share_pct": "col_zone_share",
}
_POINT_COLUMNS = {"label_lon": "col_label_lon", "label_lat": "col_label_lat", "crs": "col_crs"}


def district_table(districts=None, *, lang: Lang = "vi", plan: Plan = PLAN) -> gpd.GeoDataFrame:
    """One row per district with its zone, clusters, area and shares (EPSG:4326, full resolution).

    ``districts``: :class:`~tn_map.join.districts.Districts`, a joined
    GeoDataFrame (:func:`tn_map.join.join_zones`) or ``None`` for the
    bundled boundaries.  Columns: :data:`DISTRICT_COLUMNS` (``code`` only
    when the boundary file has one); names of zones, clusters and unit types
    in ``lang``; keys ``"; "``-joined; ``area_km2`` in km², shares in per
    cent rounded to 0.1.  Rows follow the plan's order (South, West, East).
    """
    check_lang(lang)
    frame = as_districts(districts, plan).frame.to_crs(WGS84)
    total = float(frame["area_km2"].sum())
    zone_area = {z.key: float(frame.loc[frame["zone"] == z.key, "area_km2"].sum()) for z in plan.zones}
    rows = []
    for zone in plan.zones:
        for district in zone.districts:
            match = frame[frame["district_key"] == name_key(district.name)]
            if match.empty:
                continue
            row = match.iloc[0]
            area = float(row["area_km2"])
            record = {
                "name": district.name,
                "name_full": district.name_full,
                "name_en": district.name_en,
                "unit_type": district.unit_type.get(lang),
                "zone_key": zone.key,
                "zone": zone.name.get(lang),
                "cluster_keys": "; ".join(c.key for c in zone.clusters),
                "clusters": "; ".join(c.name.get(lang) for c in zone.clusters),
                "area_km2": round(area, 2),
                "share_pct": round(100 * area / total, 1) if total else None,
                "zone_share_pct": round(100 * area / zone_area[zone.key], 1) if zone_area[zone.key] else None,
                "geometry": row.geometry,
            }
            if "code" in frame.columns:
                record = {"code": str(row["code"]), **record}
            rows.append(record)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)


def _flat(table: gpd.GeoDataFrame) -> pd.DataFrame:
    """Table form: the label point instead of the outline, and the CRS it is in."""
    points = [label_point(g, tolerance=0.0005) for g in table.geometry]
    out = pd.DataFrame(table.drop(columns=table.geometry.name))
    out["label_lon"] = [round(p.x, 6) for p in points]
    out["label_lat"] = [round(p.y, 6) for p in points]
    out["crs"] = WGS84
    return out


def _sources(lang: Lang, source: str, plan: Plan) -> pd.DataFrame:
    from ..i18n import tr

    d = plan.decision
    rows = [
        (tr("src_item_plan", lang), f"{d.title.get(lang)} — {d.issuer.get(lang)}, {tr('subtitle', lang, number=d.number)}; "
                                    f"{SOURCE}"),
        (tr("src_item_boundaries", lang), f"{tr('boundaries_attr', lang)}; {source}"),
        (tr("src_item_validity", lang), tr("pre2025_note", lang)),
        (tr("src_item_area", lang), tr("src_area", lang)),
        (tr("src_item_crs", lang), tr("src_crs", lang)),
    ]
    return pd.DataFrame(rows, columns=[tr("col_item", lang), tr("col_source", lang)])


def _readable(flat: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    from ..i18n import tr

    names = {**DISTRICT_COLUMNS, **_POINT_COLUMNS}
    return flat.rename(columns={c: tr(names[c], lang) for c in flat.columns if c in names})


def write_districts(districts, path: str | Path, *, lang: Lang = "vi", plan: Plan = PLAN) -> Path:
    """Write :func:`district_table` to ``path`` as GeoJSON, GeoPackage, CSV or XLSX, by extension.

    ``districts``: as for :func:`district_table` (``None``: the bundled boundaries).

    GeoJSON and GeoPackage hold the outlines (EPSG:4326; the GeoPackage
    states its CRS, GeoJSON is EPSG:4326 by definition); CSV (UTF-8 with a
    byte-order mark) and XLSX hold a label point and a ``crs`` column.  XLSX
    headers are words in ``lang`` and its second sheet lists the sources.
    Raises :class:`~tn_map.ParameterError` naming ``path`` for another
    extension and :class:`~tn_map.TnMapError` naming ``path`` when the file
    cannot be written.
    """
    path, suffix = output_path(path, DISTRICT_FORMATS, "output")
    districts = as_districts(districts, plan)
    source = districts.source
    table = district_table(districts, lang=lang, plan=plan)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".geojson":
            path.write_text(geojson_text(table), encoding="utf-8")
        elif suffix == ".gpkg":
            write_gpkg(table, path, "districts")
            from ..i18n import tr
            from .shared import add_layer_style, layer_style_qml

            qml = layer_style_qml(zone_column="zone_key", label_column="name", other=tr("kml_no_zone", lang), polygons=True,
                                  zone_names={z.key: z.name.get(lang) for z in plan.zones})
            add_layer_style(path, "districts", "geom", qml, name="tn-map zones", clock=FIXED_CLOCK)
        elif suffix in (".kml", ".kmz"):
            from ..i18n import tr
            from .shared import kml_bytes, write_kml

            data = kml_bytes(table, title=tr("title", lang), zone_column="zone_key", name_column="name",
                             zone_names={z.key: z.name.get(lang) for z in plan.zones},
                             folder_words={"none": tr("kml_no_zone", lang), "rejected": tr("kml_rejected", lang)})
            write_kml(data, path)
        else:
            flat, _ = clean_text_cells(_flat(table), pd.Series(range(1, len(table) + 1)).to_numpy())
            if suffix == ".csv":
                path.write_bytes(csv_bytes(flat))
            else:
                from ..i18n import tr

                sheets = {tr("sheet_districts", lang): _readable(flat, lang),
                          tr("sheet_sources", lang): _sources(lang, source, plan)}
                path.write_bytes(xlsx_bytes(sheets))
    except OSError as exc:
        raise TnMapError.of("cannot_write", str(path), param="path", error=exc.strerror or exc) from exc
    return path
