"""Render: turn joined, styled layers into an interactive folium map."""

from .assets import inline_assets, local_asset
from .basemaps import DEFAULT_BASEMAP, resolve_basemap
from .folium_map import render_map, stable_ids
from .geometry import simplify_for_web

__all__ = [
    "render_map",
    "stable_ids",
    "simplify_for_web",
    "resolve_basemap",
    "DEFAULT_BASEMAP",
    "inline_assets",
    "local_asset",
]
