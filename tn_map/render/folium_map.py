"""The interactive map: districts by zone, context, panels and controls.

One public entry, :func:`render_map`; private helpers add one part each.
Inputs are the joined districts (see :func:`tn_map.join.join_zones`) and the
context provinces, both EPSG:4326.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from pathlib import Path

import folium
import folium.plugins
import geopandas as gpd
import shapely
from branca.element import Element
from branca.element import Element as BrancaElement

from ..crs import METRIC_CRS
from ..geom import label_point
from ..plan import PLAN, Lang, Plan
from ..style import CONTEXT_STYLE, HIGHTECH_STYLE, SOUTH_LINK_STYLE, district_style, highlight_style
from .assets import LEAFLET_CSS, LEAFLET_JS
from .basemaps import DEFAULT_BASEMAP, basemap_choices
from ..join.sites import summarise
from .geometry import WEB_MAX_ERROR_M, simplify_for_web
from .sites import site_layer, sites_summary_html
from .labels import label
from .page import Page
from .panels import (
    Attribution,
    HtmlControl,
    district_popup_html,
    district_tooltip_html,
    legend_html,
    plan_panel_html,
    title_html,
)

__all__ = ["render_map", "stable_ids"]

_CONTEXT_PANE = "tn-context"


def render_map(
    districts: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame | None = None,
    *,
    sites: list[gpd.GeoDataFrame] | tuple = (),
    plan: Plan = PLAN,
    lang: Lang = "en",
    basemap: str = DEFAULT_BASEMAP,
    offline: bool = False,
    colour_sites_by: str = "zone",
    max_error_m: float = WEB_MAX_ERROR_M,
    web_cache: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Build the folium map of the zones.

    ``districts``: output of :func:`~tn_map.join.join_zones` (EPSG:4326).
    ``context``: province outlines with ``role`` and ``name`` columns, or
    ``None`` to leave out the high-tech space and neighbour layers.
    ``basemap``: an xyzservices name or ``"none"``.  ``offline`` leaves out
    the controls whose JavaScript no local package ships (fullscreen,
    minimap) so the page can be made self-contained.  District geometry is
    simplified for the web to within ``max_error_m`` metres (Hausdorff).
    ``sites``: classified site lists (:func:`tn_map.classify_sites`), one
    clustered layer each, coloured by ``colour_sites_by`` (``zone``/``fit``),
    summarised per zone in the plan panel.  ``web_cache``: precomputed web
    geometry (see :func:`~tn_map.render.geometry.simplify_for_web`).
    """
    web, error_m = simplify_for_web(districts, max_error_m=max_error_m, precomputed=web_cache)
    providers = basemap_choices(basemap)

    # maxZoom: marker clustering needs one even when there is no basemap.
    # minZoom 7 still shows the whole region; it also spares the site layer
    # clustering work at zooms nobody uses for a province.
    m = folium.Map(
        location=None, tiles=None, control_scale=True, zoom_snap=0.25, zoom_delta=0.5, maxZoom=19, minZoom=7
    )
    # The page adds data after templating: no user text is ever template code.
    page = Page()
    page.add_child(m)
    # Only what the page uses: Leaflet itself.  No Bootstrap, jQuery or
    # awesome-markers, which folium loads by default from CDNs.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    css = resources.files("tn_map.render").joinpath("map.css").read_text(encoding="utf-8")
    m.get_root().header.add_child(Element(f"<style>{css}</style>"), name="tn_map_css")
    m.get_root().title = label("title", lang)

    for i, provider in enumerate(providers):
        folium.TileLayer(provider, name=provider.name, overlay=False, control=True, show=(i == 0)).add_to(m)

    if context is not None:
        folium.map.CustomPane(_CONTEXT_PANE, z_index=350).add_to(m)
        _add_neighbours(m, context, lang)
        _add_hightech(m, context, web, plan, lang)
    _add_districts(m, web, plan, lang)
    _add_district_labels(m, web, lang)
    for classified in sites:
        source = Path(str(classified.attrs.get("source", "sites"))).name
        # a file name is user text: the layer control shows it as HTML, escaped,
        # and it reaches the page as data (a token), not through a template
        layer_name = page.embed(escape(label("layer_sites", lang, name=source)))
        site_layer(classified, plan, lang, name=layer_name, colour_by=colour_sites_by).add_to(m)
    summary = sites_summary_html([summarise(c, plan) for c in sites], plan, lang)

    # The layer control goes first so that it sits at the top of its corner;
    # it must come after the layers in the page, hence after them here.
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    HtmlControl(title_html(plan, lang), "topleft", "tn-panel tn-title").add_to(m)
    sites_by = colour_sites_by if sites else None
    HtmlControl(legend_html(districts, plan, lang, sites_by), "bottomleft", "tn-panel tn-legend").add_to(m)
    HtmlControl(plan_panel_html(plan, lang, summary), "topright", "tn-panel tn-plan-panel").add_to(m)
    if sites:
        progress = f'<div id="tn-progress" class="tn-progress"><div></div><span>{escape(label("loading", lang))}</span></div>'
        HtmlControl(progress, "bottomleft", "tn-progress-holder").add_to(m)
    Attribution(label("boundaries_attr", lang)).add_to(m)
    Attribution(label("plan_attr", lang, number=plan.decision.number)).add_to(m)

    if not offline:
        folium.plugins.Fullscreen(position="topleft").add_to(m)
        if providers:
            folium.plugins.MiniMap(
                tile_layer=folium.TileLayer(providers[0]), position="bottomright", toggle_display=True
            ).add_to(m)

    minx, miny, maxx, maxy = districts.total_bounds
    # Leave room for the plan panel (right) and the title (top).
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding_top_left=(10, 60), padding_bottom_right=(290, 10))
    m.attrs = {"hausdorff_m": error_m}  # type: ignore[attr-defined]
    stable_ids(m)
    return m


def _geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """GeoJSON of ``gdf`` with only ``columns`` as properties (smaller pages)."""
    return json.loads(gdf[columns + [gdf.geometry.name]].to_json(drop_id=True))


def _add_districts(m: folium.Map, web: gpd.GeoDataFrame, plan: Plan, lang: Lang) -> None:
    data = web.copy()
    data["tooltip"] = [district_tooltip_html(r, lang) for _, r in data.iterrows()]
    data["popup"] = [district_popup_html(r, plan, lang) for _, r in data.iterrows()]
    layer = folium.GeoJson(
        _geojson(data, ["name", "zone", "tooltip", "popup"]),
        name=label("layer_districts", lang),
        style_function=lambda f: district_style(f["properties"]["zone"]),
        highlight_function=lambda f: highlight_style(f["properties"]["zone"]),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(
            fields=["popup"], labels=False, max_width=340, auto_pan_padding_top_left=[10, 90]
        ),
        smooth_factor=0.5,
    )
    layer.add_to(m)


def _add_text_labels(group: folium.FeatureGroup, gdf: gpd.GeoDataFrame, css_class: str) -> None:
    """A permanent, non-interactive name label inside each polygon of ``gdf`` (EPSG:4326)."""
    for geom, name in zip(gdf.geometry, gdf["name"]):
        point = label_point(geom, tolerance=0.001)
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(html=f"<div>{escape(name)}</div>", class_name=css_class, icon_size=(0, 0)),
            interactive=False,
            keyboard=False,
        ).add_to(group)


def _add_district_labels(m: folium.Map, web: gpd.GeoDataFrame, lang: Lang) -> None:
    group = folium.FeatureGroup(name=label("layer_labels", lang), show=True)
    _add_text_labels(group, web, "tn-label")
    group.add_to(m)


def _add_neighbours(m: folium.Map, context: gpd.GeoDataFrame, lang: Lang) -> None:
    others = context[context["role"] == "neighbour"]
    group = folium.FeatureGroup(name=label("layer_neighbours", lang), show=True)
    folium.GeoJson(
        _geojson(others, ["name"]),
        style_function=lambda f: CONTEXT_STYLE,
        interactive=False,
        pane=_CONTEXT_PANE,
    ).add_to(group)
    _add_text_labels(group, others, "tn-label-province")
    group.add_to(m)


def _add_hightech(m: folium.Map, context: gpd.GeoDataFrame, web: gpd.GeoDataFrame, plan: Plan, lang: Lang) -> None:
    space = plan.hightech_space.get(lang)
    partners = context[context["role"] == "hightech"].copy()
    partners["tooltip"] = [f"<b>{escape(n)}</b><br>{escape(space)}" for n in partners["name"]]
    group = folium.FeatureGroup(name=label("layer_hightech", lang), show=True)
    folium.GeoJson(
        _geojson(partners, ["name", "tooltip"]),
        style_function=lambda f: HIGHTECH_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        pane=_CONTEXT_PANE,
    ).add_to(group)
    south = web[web["zone"] == "south"]
    if len(south):
        outline = gpd.GeoDataFrame(
            {"tooltip": [f"<b>{escape(plan.zone('south').name.get(lang))}</b><br>"
                         f"{escape(label('linked_to', lang))} {escape(space)}"]},
            geometry=[shapely.coverage_union_all(south.geometry.values)],
            crs=web.crs,
        )
        # A decorative dashed line: 200 m of generalisation (1–2 px) hardly shows at
        # the zooms where it matters and keeps the page small.
        outline = outline.set_geometry(outline.geometry.to_crs(METRIC_CRS).simplify(200.0).to_crs(web.crs).set_precision(1e-5))
        folium.GeoJson(
            _geojson(outline, ["tooltip"]),
            style_function=lambda f: SOUTH_LINK_STYLE,
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
        stack.extend(v for v in vars(element).values() if isinstance(v, BrancaElement))
