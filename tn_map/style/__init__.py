"""Style: colours and Leaflet path styles, kept apart from data and rendering."""

from .palette import (
    CONTEXT_STYLE,
    FIT_COLOURS,
    HIGHTECH_STYLE,
    SOUTH_LINK_STYLE,
    ZONE_COLOURS,
    district_style,
    highlight_style,
)

__all__ = [
    "ZONE_COLOURS",
    "CONTEXT_STYLE",
    "FIT_COLOURS",
    "HIGHTECH_STYLE",
    "SOUTH_LINK_STYLE",
    "district_style",
    "highlight_style",
]
