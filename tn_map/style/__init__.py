"""Style: colours and Leaflet path styles, kept apart from data and rendering."""

from .palette import (
    CONTEXT_STYLE,
    FIT_COLOURS,
    FIT_MARKERS,
    SITE_MARKERS,
    FORMER_PROVINCE_STYLE,
    OUTSIDE_ZONING_COLOUR,
    PRINT_OUTSIDE_COLOUR,
    PRINT_SYMBOL_COLOURS,
    PRINT_ZONE_ALPHA,
    contrast_ratio,
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
    "PRINT_OUTSIDE_COLOUR",
    "PRINT_SYMBOL_COLOURS",
    "PRINT_ZONE_ALPHA",
    "contrast_ratio",
    "LINKED_SPACE_STYLE",
    "LINKED_ZONE_STYLE",
    "district_style",
    "highlight_style",
]
