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

# The 2025 crosswalk and the address reader are place lookups, used to locate sites: they live in
# tn_map.locate (no arrow from locate back up to join).  The old import paths keep working, as the
# same module objects (one cache).
import sys as _sys

from ..locate import address as _address, crosswalk as _crosswalk

_sys.modules.setdefault(f"{__name__}.crosswalk", _crosswalk)
_sys.modules.setdefault(f"{__name__}.address", _address)

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
