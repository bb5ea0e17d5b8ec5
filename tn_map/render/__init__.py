"""Render: decide the map once (:mod:`.model`), draw it with Leaflet (:mod:`.leaflet`) or matplotlib (:mod:`.static`)."""

from .._lazy import lazy_exports
from .basemaps import DEFAULT_BASEMAP, resolve_basemap
from .geometry import simplify_for_web
from .model import MapModel, build_model

__all__ = [
    "build_model",
    "MapModel",
    "render_map",
    "draw_map",
    "StaticMap",
    "simplify_for_web",
    "resolve_basemap",
    "DEFAULT_BASEMAP",
    "inline_assets",
    "local_asset",
    "Page",
]

# the Leaflet renderer and the page need folium, the print map matplotlib: each loaded when first asked for
__getattr__, __dir__ = lazy_exports(__name__, {
    "draw_map": ".static", "StaticMap": ".static",
    "render_map": ".leaflet", "Page": ".page", "inline_assets": ".assets", "local_asset": ".assets",
})
