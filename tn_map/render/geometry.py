"""Geometry prepared for the web: simplified, gap-free, with a measured error."""

from __future__ import annotations

import hashlib

import geopandas as gpd
import numpy as np
import shapely

from ..crs import METRIC_CRS, WGS84

__all__ = ["simplify_for_web", "geometry_key", "WEB_MAX_ERROR_M", "WEB_DECIMALS"]

#: Largest Hausdorff distance (metres) allowed between web and full geometry.
WEB_MAX_ERROR_M = 30.0
#: Decimals kept in web coordinates: 1e-5° is about 1.1 m here.
WEB_DECIMALS = 5
_LADDER = (1.4, 1.2, 1.0, 0.85, 0.7, 0.5, 0.3, 0.15, 0.0)


def geometry_key(geom) -> str:
    """A fingerprint of a geometry's exact coordinates (independent of ring order and start)."""
    return hashlib.sha256(shapely.to_wkb(shapely.normalize(geom), byte_order=1)).hexdigest()[:32]


def simplify_for_web(
    gdf: gpd.GeoDataFrame,
    max_error_m: float = WEB_MAX_ERROR_M,
    decimals: int = WEB_DECIMALS,
) -> tuple[gpd.GeoDataFrame, float]:
    """Simplify a polygon coverage for display; return it and its error in metres.

    Uses :func:`shapely.coverage_simplify` in EPSG:9213 (metres) so that
    neighbouring units keep one identical shared border (no gaps, no
    overlaps), then snaps coordinates to ``decimals`` in EPSG:4326.  The
    tolerance is the first of a descending ladder (1.4, 1.2, 1.0, 0.85, …
    × ``max_error_m``) whose result, rounding included, stays within
    ``max_error_m`` of the input by (vertex) Hausdorff distance in metres.
    (coverage_simplify's error is usually 0.6–0.9 × its tolerance, so the
    first or second rung passes; each rung costs one Hausdorff measurement,
    the expensive part.)  Input and output are EPSG:4326.  (The bundled
    districts are not simplified here: the page draws them from the units'
    shared-border topology, :mod:`tn_map.render.topology`.)
    """
    original = gdf.geometry.to_crs(METRIC_CRS).values
    grid = 10.0**-decimals

    def attempt(tolerance: float) -> tuple[np.ndarray, float]:
        simplified = shapely.coverage_simplify(original, tolerance) if tolerance > 0 else original
        degrees = gpd.GeoSeries(simplified, crs=METRIC_CRS).to_crs(WGS84).values
        snapped = shapely.set_precision(degrees, grid)
        back = gpd.GeoSeries(snapped, crs=WGS84).to_crs(METRIC_CRS).values
        error = float(np.max(shapely.hausdorff_distance(back, original)))
        return snapped, error

    for factor in _LADDER:
        best, best_error = attempt(factor * max_error_m)
        if best_error <= max_error_m:
            break
    else:
        raise ValueError(f"rounding to {decimals} decimals alone exceeds {max_error_m} m")
    out = gdf.copy()
    # normalised (ring order and start): the same input gives the same coordinates in the same order
    out[gdf.geometry.name] = shapely.normalize(best)
    best_error = round(best_error, 2)
    return out, best_error
