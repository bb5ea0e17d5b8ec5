"""Zone colours and Leaflet path styles.

Colours are from the Okabe–Ito palette, chosen to stay distinct for the
common forms of colour-vision deficiency and in greyscale print: vermillion
for the South (the high-tech industrial core), bluish green for the West
(agro-forestry, tea), blue for the East.
"""

from __future__ import annotations

from ..join.sites import FIT_NOT_PRIORITY, FIT_PRIORITY, FIT_SPLIT, FIT_UNKNOWN

__all__ = [
    "SITE_MARKERS",
    "FIT_MARKERS",
    "PRINT_ZONE_ALPHA",
    "PRINT_SYMBOL_COLOURS",
    "PRINT_OUTSIDE_COLOUR",
    "contrast_ratio",
    "ZONE_COLOURS",
    "UNKNOWN_COLOUR",
    "OUTSIDE_ZONING_COLOUR",
    "FORMER_PROVINCE_STYLE",
    "FIT_COLOURS",
    "CONTEXT_STYLE",
    "LINKED_SPACE_STYLE",
    "LINKED_ZONE_STYLE",
    "district_style",
    "highlight_style",
]

ZONE_COLOURS: dict[str, str] = {
    "south": "#D55E00",
    "west": "#009E73",
    "east": "#0072B2",
}
UNKNOWN_COLOUR = "#999999"
#: Former Bắc Kạn: in the province since 1 July 2025, in no zone of the 2030 scheme.
OUTSIDE_ZONING_COLOUR = "#8C8C8C"
#: Its outline on the map: grey, lightly filled, dashed.
FORMER_PROVINCE_STYLE: dict = {"color": "#6b6b6b", "weight": 1.5, "dashArray": "2 4", "fillColor": "#BDBDBD", "fillOpacity": 0.25}

#: Site markers coloured by fit (blue / orange / grey: safe for colour-vision
#: deficiency, and distinct from the zone fills they sit on).
FIT_COLOURS: dict[str, str] = {
    FIT_PRIORITY: "#1F5FA8",
    FIT_NOT_PRIORITY: "#F28E2B",
    FIT_UNKNOWN: "#8C8C8C",
    FIT_SPLIT: "#9467BD",
}

#: Neighbouring provinces: thin grey outline, no fill.
CONTEXT_STYLE: dict = {"color": "#6b6b6b", "weight": 1.2, "dashArray": "4 3", "fill": False}
#: Provinces of a space a zone is tied to (the interregional high-tech space): light violet fill.
LINKED_SPACE_STYLE: dict = {"color": "#7B3294", "weight": 1.5, "fillColor": "#C2A5CF", "fillOpacity": 0.35}
#: Outline of the zone(s) tied to that space, drawn in its layer to show the link.
LINKED_ZONE_STYLE: dict = {"color": "#7B3294", "weight": 3.5, "dashArray": "8 5", "fill": False}


def district_style(zone: str) -> dict:
    """Leaflet path style for a district of ``zone`` (filled, white outline)."""
    return {
        "fillColor": ZONE_COLOURS.get(zone, UNKNOWN_COLOUR),
        "fillOpacity": 0.55,
        "color": "#ffffff",
        "weight": 1.5,
        "opacity": 1.0,
    }


def highlight_style(zone: str) -> dict:
    """Style while the pointer is over a district."""
    return {"fillOpacity": 0.8, "weight": 3, "color": "#222222"}


#: Site symbols on print maps (matplotlib markers) by zone key: distinct by shape,
#: not by colour alone ("" = in no zone: former Bắc Kạn).
SITE_MARKERS: dict[str, str] = {"south": "o", "west": "s", "east": "^", "": "p"}
#: Site symbols on print maps by fit key.
FIT_MARKERS: dict[str, str] = {FIT_PRIORITY: "o", FIT_NOT_PRIORITY: "v", FIT_UNKNOWN: "s", FIT_SPLIT: "D", "": "p"}


#: Opacity of the zone fills on print maps: the page's (``district_style``), so that both show one
#: colour, and light enough for the site symbols below to stand out on every fill.
PRINT_ZONE_ALPHA = 0.55
#: Site symbol colours on print maps, by zone or fit key: dark shades of the page's hues, so that
#: each reaches a WCAG contrast of 3:1 (graphical objects, SC 1.4.11) against every zone fill as
#: printed (``PRINT_ZONE_ALPHA`` on the map's paper colour); ``tests/test_print.py`` measures
#: every pair.  Shapes (``SITE_MARKERS``/``FIT_MARKERS``) still tell the categories apart without
#: colour.
PRINT_SYMBOL_COLOURS: dict[str, str] = {
    "south": "#7A2E00",
    "west": "#004D38",
    "east": "#00406A",
    FIT_PRIORITY: "#0B3C75",
    FIT_NOT_PRIORITY: "#7A3A00",
    FIT_UNKNOWN: "#4D4D4D",
    FIT_SPLIT: "#5B2A86",
}
#: Sites in no zone (former Bắc Kạn) on print maps.
PRINT_OUTSIDE_COLOUR = "#4D4D4D"


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
