"""Load: read boundary and site files into GeoDataFrames (no checks beyond readability)."""

from .boundaries import read_boundaries, read_context

__all__ = ["read_boundaries", "read_context"]
