"""Load: read boundary and site files into (Geo)DataFrames (no checks beyond readability)."""

from .boundaries import read_boundaries, read_context, read_web_cache
from .sites import read_site_table

__all__ = ["read_boundaries", "read_context", "read_site_table", "read_web_cache"]
