"""Geometry prepared for the web: simplified, gap-free, with a measured error."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..crs import METRIC_CRS, WGS84

__all__ = ["simplify_for_web", "WEB_MAX_ERROR_M", "WEB_DECIMALS"]

#: Largest Hausdorff distance (metres) allowed between web and full geometry.
WEB_MAX_ERROR_M = 30.0
#: Decimals kept in web coordinates: 1e-5° is about 1.1 m here.
WEB_DECIMALS = 5


def simplify_for_web(
    gdf: gpd.GeoDataFrame,
    max_error_m: float = WEB_MAX_ERROR_M,
    decimals: int = WEB_DECIMALS,
) -> tuple[gpd.GeoDataFrame, float]:
    """Simplify a polygon coverage for display; return it and its error in metres.

    Uses :func:`shapely.coverage_simplify` in EPSG:9213 (metres) so that
    neighbouring units keep one identical shared border (no gaps, no
    overlaps), then snaps coordinates to ``decimals`` in EPSG:4326.  The
    tolerance is the largest found by bisection (7 steps over
    0–2×``max_error_m``) whose result, rounding included, stays within
    ``max_error_m`` of the input by (vertex) Hausdorff distance in metres.
    Input and output are EPSG:4326.
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

    best, best_error = attempt(0.0)
    if best_error > max_error_m:
        raise ValueError(f"rounding to {decimals} decimals alone exceeds {max_error_m} m")
    low, high = 0.0, 2.0 * max_error_m
    for _ in range(7):
        mid = (low + high) / 2
        candidate, error = attempt(mid)
        if error <= max_error_m:
            best, best_error, low = candidate, error, mid
        else:
            high = mid
    out = gdf.copy()
    out[gdf.geometry.name] = best
    out.attrs["hausdorff_m"] = best_error
    return out, best_error
