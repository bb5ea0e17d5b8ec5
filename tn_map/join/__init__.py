"""Join: attach the plan's zones and clusters to districts, and to located sites."""

from .sites import ClassifiedSites, SiteReport, ZoneSummary, classify_located, summarise
from .zones import find_name_column, join_zones, zone_summary

__all__ = [
    "find_name_column",
    "join_zones",
    "zone_summary",
    "classify_located",
    "summarise",
    "ClassifiedSites",
    "SiteReport",
    "ZoneSummary",
]
