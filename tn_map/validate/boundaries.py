"""Checks on a district boundary layer before it is joined to the plan."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..crs import METRIC_CRS
from .._errors import InputFileError
from ..i18n import Notice

__all__ = ["validate_boundaries", "check_location", "OVERLAP_TOLERANCE_M2", "MIN_OVERLAP"]

#: Share of a boundary file's area that must lie inside Thái Nguyên's official
#: outline: a file in the wrong CRS (or of another province) falls far below.
MIN_OVERLAP = 0.9
#: Pairwise overlap allowed between two units before the file is rejected:
#: one hectare, far above digitising noise and far below any real error.
OVERLAP_TOLERANCE_M2 = 10_000.0


def validate_boundaries(gdf: gpd.GeoDataFrame, where: str = "boundaries") -> tuple[gpd.GeoDataFrame, list[Notice]]:
    """Check a boundary layer; return it in EPSG:4326 and notes on what was fixed.

    - the layer must have rows, a CRS, and polygon geometries in every row;
    - a projected CRS is reprojected to EPSG:4326 (noted);
    - invalid geometries are repaired with :func:`shapely.make_valid` (noted,
      naming the rows);
    - two units overlapping by more than :data:`OVERLAP_TOLERANCE_M2` (m², in
      EPSG:9213) is an error naming both rows.

    Raises :class:`~tn_map.InputFileError` with ``where`` set to the file.
    """
    notes: list[Notice] = []
    if len(gdf) == 0:
        raise InputFileError.of("no_features", where)
    if gdf.crs is None:
        raise InputFileError.of("layer_no_crs", where)
    if not gdf.crs.is_geographic or gdf.crs.to_epsg() != 4326:
        notes.append(Notice.of("reprojected", crs=gdf.crs.to_string()))
        gdf = gdf.to_crs(4326)

    geoms = gdf.geometry.values
    empty = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if empty.size:
        raise InputFileError.of("no_geometry", where, rows=_rows(empty))
    kinds = shapely.get_type_id(geoms)
    collections = np.flatnonzero(kinds == 7)
    if collections.size:
        # a GeometryCollection holding a stray line or point: keep its areas
        gdf = gdf.copy()
        parts = np.array([_polygonal_part(g) for g in geoms[collections]], dtype=object)
        gdf.loc[gdf.index[collections], gdf.geometry.name] = parts
        geoms = gdf.geometry.values
        kinds = shapely.get_type_id(geoms)
        notes.append(Notice.of("collections", rows=_rows(collections)))
    not_polygonal = np.flatnonzero(~np.isin(kinds, (3, 6)))  # Polygon, MultiPolygon
    if not_polygonal.size:
        kind = shapely.get_type_id(geoms[not_polygonal[0]])
        raise InputFileError.of("not_polygons", where, rows=_rows(not_polygonal), kind=kind)

    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if invalid.size:
        gdf = gdf.copy()
        repaired = shapely.make_valid(geoms[invalid])
        # make_valid may return collections holding stray lines: keep the areas.
        repaired = np.array([_polygonal_part(g) for g in repaired], dtype=object)
        gdf.loc[gdf.index[invalid], gdf.geometry.name] = repaired
        notes.append(Notice.of("repaired", rows=_rows(invalid)))

    metric = gdf.geometry.to_crs(METRIC_CRS).values
    tree = shapely.STRtree(metric)
    left, right = tree.query(metric, predicate="intersects")
    pairs = left < right
    if pairs.any():
        overlap = shapely.area(shapely.intersection(metric[left[pairs]], metric[right[pairs]]))
        bad = np.flatnonzero(overlap > OVERLAP_TOLERANCE_M2)
        if bad.size:
            i, j = left[pairs][bad[0]], right[pairs][bad[0]]
            raise InputFileError.of("overlap", where, a=i + 1, b=j + 1, km2=float(overlap[bad[0]] / 1e6),
                                    tolerance=OVERLAP_TOLERANCE_M2 / 1e6, pairs=int(bad.size))
    return gdf, notes


def _polygonal_part(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom


def _rows(indices: np.ndarray, limit: int = 10) -> str:
    """1-based row numbers for messages (feature 1 is the file's first feature)."""
    shown = ", ".join(str(int(i) + 1) for i in indices[:limit])
    return shown + (f", … (+{len(indices) - limit})" if len(indices) > limit else "")  # no words: said in any language


def check_location(districts: gpd.GeoDataFrame, where: str = "boundaries") -> None:
    """Stop when a district layer (EPSG:4326) does not lie where Thái Nguyên is.

    A file whose CRS is wrong (declared WGS 84 but in metres, or off by a
    datum shift of 150 km) still carries the right names; its shapes must
    also lie at least :data:`MIN_OVERLAP` inside the official province
    outline (bundled, EPSG:4326; compared in EPSG:9213).
    """
    from ..load import read_context

    context = read_context()
    province = context.loc[context["role"] == "subject"].to_crs(METRIC_CRS).geometry.iloc[0]
    shapes = shapely.union_all(districts.to_crs(METRIC_CRS).geometry.values)
    area = shapes.area
    inside = shapely.intersection(shapes, province).area / area if area else 0.0
    if inside < MIN_OVERLAP:
        offset_km = shapes.centroid.distance(province.centroid) / 1000.0
        raise InputFileError.of("far_away", where, km=float(offset_km), share=float(100 * inside))
