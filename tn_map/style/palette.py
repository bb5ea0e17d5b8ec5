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
