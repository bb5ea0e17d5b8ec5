"""Style: colours and Leaflet path styles, kept apart from data and rendering."""

from .palette import (
    CONTEXT_STYLE,
    FIT_COLOURS,
    FIT_MARKERS,
    SITE_MARKERS,
    FORMER_PROVINCE_STYLE,
    OUTSIDE_ZONING_COLOUR,
    LINKED_SPACE_STYLE,
    LINKED_ZONE_STYLE,
    ZONE_COLOURS,
    district_style,
    highlight_style,
)

__all__ = [
    "ZONE_COLOURS",
    "CONTEXT_STYLE",
    "FIT_COLOURS",
    "FIT_MARKERS",
    "SITE_MARKERS",
    "FORMER_PROVINCE_STYLE",
    "OUTSIDE_ZONING_COLOUR",
    "LINKED_SPACE_STYLE",
    "LINKED_ZONE_STYLE",
    "district_style",
    "highlight_style",
]
