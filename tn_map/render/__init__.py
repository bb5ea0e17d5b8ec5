"""Render: decide the map once (:mod:`.model`), draw it with Leaflet (:mod:`.leaflet`) or matplotlib (:mod:`.static`)."""

from .assets import inline_assets, local_asset
from .basemaps import DEFAULT_BASEMAP, resolve_basemap
from .geometry import simplify_for_web
from .leaflet import render_map, stable_ids
from .model import MapModel, build_model
from .page import Page
from .static import draw_map

__all__ = [
    "build_model",
    "MapModel",
    "render_map",
    "draw_map",
    "stable_ids",
    "simplify_for_web",
    "resolve_basemap",
    "DEFAULT_BASEMAP",
    "inline_assets",
    "local_asset",
    "Page",
]
