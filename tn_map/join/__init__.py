"""Join: attach the plan's zones and clusters to districts, and to located sites."""

from .sites import (
    ClassifiedSites,
    SiteReport,
    ZoneMembership,
    ZoneSummary,
    classify_located,
    fit_column,
    in_zone,
    member_column,
    merge_reports,
    summarise,
    zone_membership,
)
from .zones import find_name_column, join_zones, zone_summary

__all__ = [
    "find_name_column",
    "join_zones",
    "zone_summary",
    "classify_located",
    "summarise",
    "merge_reports",
    "zone_membership",
    "in_zone",
    "member_column",
    "fit_column",
    "ZoneMembership",
    "ClassifiedSites",
    "SiteReport",
    "ZoneSummary",
]
