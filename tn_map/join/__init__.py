"""Join: attach the plan (zones, clusters) to districts."""

from .zones import find_name_column, join_zones, zone_table

__all__ = ["find_name_column", "join_zones", "zone_table"]
