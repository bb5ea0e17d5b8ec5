"""Small geometry helpers shared by several pipeline stages."""

from __future__ import annotations

import numpy as np
import shapely
import shapely.ops

__all__ = ["label_point"]


def label_point(geom, tolerance: float) -> shapely.Point:
    """A point well inside ``geom``: the pole of inaccessibility of its largest part.

    Better than a centroid for labels and stand-in positions: it is always
    inside, as far as possible from the edges.  ``tolerance`` is in the
    geometry's units (degrees in EPSG:4326, metres in EPSG:9213).
    """
    parts = shapely.get_parts(geom)
    largest = parts[np.argmax(shapely.area(parts))]
    return shapely.ops.polylabel(largest, tolerance=tolerance)
