"""The Leaflet renderer: draws a :class:`~tn_map.render.model.MapModel` as a folium map.

One public entry, :func:`render_map`; private helpers add one part each.
Like ``GeoDataFrame.explore(m=…)``, it can draw onto a caller's map.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

import folium
import folium.plugins
import geopandas as gpd
from branca.element import Element

from ..crs import METRIC_CRS
from ..geom import label_point
from ..i18n import tr
from ..style import CONTEXT_STYLE, LINKED_SPACE_STYLE, LINKED_ZONE_STYLE, district_style, highlight_style
from .assets import LEAFLET_CSS, LEAFLET_JS
from .basemaps import DEFAULT_BASEMAP, basemap_choices
from .geometry import WEB_MAX_ERROR_M, simplify_for_web
from .model import MapModel
from .page import Page, TextLabel
from .panels import (
    Attribution,
    HtmlControl,
    district_popup_html,
    district_tooltip_html,
    legend_html,
    plan_panel_html,
    title_html,
)
from .sites import site_layer, sites_summary_html
from .units import add_reform_layers

__all__ = ["render_map", "stable_ids"]

_CONTEXT_PANE = "tn-context"


def render_map(
    model: MapModel,
    *,
    basemap: str = DEFAULT_BASEMAP,
    offline: bool = False,
    m: folium.Map | None = None,
    max_error_m: float = WEB_MAX_ERROR_M,
    web_cache: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Draw ``model`` as an interactive folium map.

    Parameters
    ----------
    model
        What to draw (:func:`tn_map.render.model.build_model`).
    basemap
        An xyzservices provider name, or ``"none"`` for a blank background.
    offline
        Leave out the controls whose JavaScript no local package ships
        (fullscreen, minimap), so the page can be made self-contained.
    m
        A folium map to draw onto (its basemap and view are kept); a new
        one by default.
    max_error_m
        District geometry is simplified for the web to within this many
        metres (Hausdorff, measured in EPSG:9213).
    web_cache
        Precomputed web geometry (:func:`~tn_map.render.geometry.simplify_for_web`).
    """
    lang = model.lang
    web, _ = simplify_for_web(model.districts, max_error_m=max_error_m, precomputed=web_cache)
    providers = basemap_choices(basemap) if m is None else []
    own = m is None
    if m is None:
        # maxZoom: marker clustering needs one even when there is no basemap.
        m = folium.Map(
            location=None, tiles=None, control_scale=True, zoom_snap=0.25, zoom_delta=0.5, maxZoom=19, minZoom=7
        )
        # Only what the page uses: Leaflet itself.  No Bootstrap, jQuery or
        # awesome-markers, which folium loads by default from CDNs.
        m.default_js = [("leaflet", LEAFLET_JS)]
        m.default_css = [("leaflet_css", LEAFLET_CSS)]
    # The page adds data after templating: no user text is ever template code.
    page = m.get_root() if isinstance(m.get_root(), Page) else Page()
    if m.get_root() is not page:
        page.add_child(m)
    page.lang = lang
    css = resources.files("tn_map.render").joinpath("map.css").read_text(encoding="utf-8")
    page.header.add_child(Element(f"<style>{css}</style>"), name="tn_map_css")
    page.title = model.title

    for i, provider in enumerate(providers):
        folium.TileLayer(provider, name=provider.name, overlay=False, control=True, show=(i == 0)).add_to(m)

    if model.neighbours is not None or model.linked or model.new_units is not None:
        folium.map.CustomPane(_CONTEXT_PANE, z_index=350).add_to(m)
    if model.neighbours is not None:
        _add_neighbours(m, model)
    for space in model.linked:
        _add_linked_space(m, space, web, model)
    _add_districts(m, web, model)
    _add_district_labels(m, web, model)
    add_reform_layers(m, model)
    _embed_layer_data(m, page)
    for layer in model.sites:
        # a file name is user text: the layer control shows it as HTML, escaped,
        # and it reaches the page as data (a token), not through a template
        site_layer(layer, model, name=page.embed(escape(layer.name))).add_to(m)

    # The layer control goes first so that it sits at the top of its corner;
    # it must come after the layers in the page, hence after them here.
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    HtmlControl(title_html(model), "topleft", "tn-panel tn-title").add_to(m)
    HtmlControl(legend_html(model), "bottomleft", "tn-panel tn-legend").add_to(m)
    HtmlControl(plan_panel_html(model, sites_summary_html(model)), "topright", "tn-panel tn-plan-panel").add_to(m)
    if model.sites:
        progress = f'<div id="tn-progress" class="tn-progress"><div></div><span>{escape(tr("loading", lang))}</span></div>'
        HtmlControl(progress, "bottomleft", "tn-progress-holder").add_to(m)
    for text in model.attributions:
        Attribution(text).add_to(m)

    if own and not offline:
        folium.plugins.Fullscreen(position="topleft").add_to(m)
        if providers:
            folium.plugins.MiniMap(
                tile_layer=folium.TileLayer(providers[0]), position="bottomright", toggle_display=True
            ).add_to(m)

    if own:
        minx, miny, maxx, maxy = model.districts.total_bounds
        # Leave room for the plan panel (right) and the title (top).
        m.fit_bounds([[miny, minx], [maxy, maxx]], padding_top_left=(10, 60), padding_bottom_right=(290, 10))
    stable_ids(m)
    return m


def _embed_layer_data(m: folium.Map, page: Page) -> None:
    """Register every GeoJSON layer's data with the page: it joins after templating, as data."""
    stack = list(m._children.values())
    while stack:
        element = stack.pop()
        if isinstance(element, folium.GeoJson):
            page.embed(element.data)
        stack.extend(element._children.values())


def _geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """GeoJSON of ``gdf`` with only ``columns`` as properties (smaller pages)."""
    return json.loads(gdf[columns + [gdf.geometry.name]].to_json(drop_id=True))


def _add_districts(m: folium.Map, web: gpd.GeoDataFrame, model: MapModel) -> None:
    data = web.copy()
    data["tooltip"] = [district_tooltip_html(r, model) for _, r in data.iterrows()]
    data["popup"] = [district_popup_html(r, model) for _, r in data.iterrows()]
    layer = folium.GeoJson(
        _geojson(data, ["name", "zone", "tooltip", "popup"]),
        name=tr("layer_districts", model.lang),
        style_function=lambda f: district_style(f["properties"]["zone"]),
        highlight_function=lambda f: highlight_style(f["properties"]["zone"]),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=340, auto_pan_padding_top_left=[10, 90]),
        smooth_factor=0.5,
    )
    layer.add_to(m)


def _add_text_labels(group: folium.FeatureGroup, gdf: gpd.GeoDataFrame, css_class: str) -> None:
    """A permanent, non-interactive name label inside each polygon of ``gdf`` (EPSG:4326)."""
    for geom, name in zip(gdf.geometry, gdf["name"]):
        point = label_point(geom, tolerance=0.001)
        TextLabel((point.y, point.x), f"<div>{escape(name)}</div>", css_class).add_to(group)


def _add_district_labels(m: folium.Map, web: gpd.GeoDataFrame, model: MapModel) -> None:
    group = folium.FeatureGroup(name=tr("layer_labels", model.lang), show=True)
    _add_text_labels(group, web, "tn-label")
    group.add_to(m)


def _add_neighbours(m: folium.Map, model: MapModel) -> None:
    group = folium.FeatureGroup(name=tr("layer_neighbours", model.lang), show=True)
    folium.GeoJson(
        _geojson(model.neighbours, ["name"]),
        style_function=lambda f: CONTEXT_STYLE,
        interactive=False,
        pane=_CONTEXT_PANE,
    ).add_to(group)
    _add_text_labels(group, model.neighbours, "tn-label-province")
    group.add_to(m)


def _add_linked_space(m: folium.Map, space, web: gpd.GeoDataFrame, model: MapModel) -> None:
    partners = space.partners.copy()
    partners["tooltip"] = [f"<b>{escape(n)}</b><br>{escape(space.name)}" for n in partners["name"]]
    group = folium.FeatureGroup(name=space.layer_name, show=True)
    folium.GeoJson(
        _geojson(partners, ["name", "tooltip"]),
        style_function=lambda f: LINKED_SPACE_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        pane=_CONTEXT_PANE,
    ).add_to(group)
    _add_text_labels(group, partners, "tn-label-province")  # with today's names: "Vĩnh Phúc (now part of Phú Thọ)"
    zone_names = ", ".join(model.zone(k).name for k in space.zone_keys)
    outline = gpd.GeoDataFrame(
        {"tooltip": [f"<b>{escape(zone_names)}</b><br>{escape(space.outline_label)}"]},
        geometry=[space.outline],
        crs=web.crs,
    )
    # A decorative dashed line: 200 m of generalisation (1–2 px) hardly shows at
    # the zooms where it matters and keeps the page small.
    outline = outline.set_geometry(outline.geometry.to_crs(METRIC_CRS).simplify(200.0).to_crs(web.crs).set_precision(1e-5))
    folium.GeoJson(
        _geojson(outline, ["tooltip"]),
        style_function=lambda f: LINKED_ZONE_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
    ).add_to(group)
    group.add_to(m)


def stable_ids(root: folium.Map) -> None:
    """Give every element of the map a deterministic id, so equal maps are equal bytes.

    folium names each element with a random hex id; renumbering them in tree
    order makes the written HTML depend only on what the map contains.
    """
    counter = 0
    stack = [root.get_root()]
    seen: set[int] = set()
    while stack:
        element = stack.pop(0)
        if id(element) in seen:
            continue
        seen.add(id(element))
        element._id = f"{counter:08x}"
        counter += 1
        stack.extend(getattr(element, "_children", {}).values())
        # Elements held as attributes (a minimap's tile layer, a tooltip) too.
        stack.extend(v for v in vars(element).values() if isinstance(v, Element))
