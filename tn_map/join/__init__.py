"""Join: attach the plan (zones, clusters) to districts, and districts to sites."""

from .sites import classify_located, summarise
from .zones import find_name_column, join_zones, zone_table

__all__ = ["find_name_column", "join_zones", "zone_table", "classify_located", "summarise"]
