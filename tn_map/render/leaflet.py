"""The Leaflet renderer: draws a :class:`~tn_map.render.model.MapModel` as a folium map.

One public entry, :func:`render_map`; private helpers add one part each.
Like ``GeoDataFrame.explore(m=…)``, it can draw onto a caller's map.

One page holds the map in each of its languages: the model is decided in
every language (:meth:`MapModel.in_lang`), each visible text is kept by key
in :class:`~tn_map.render.client.PageTexts`, and the page's script
(``controls.js``) shows the opening language and switches without a reload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import folium
import geopandas as gpd
import shapely
import shapely.geometry

from ..crs import METRIC_CRS
from ..i18n import BASEMAP_NAMES, LANGS, LANGUAGE_NAMES, Lang, check_lang
from ..style import CONTEXT_STYLE, LINKED_SPACE_STYLE, LINKED_ZONE_STYLE, district_style, highlight_style
from .assets import LEAFLET_CSS, LEAFLET_JS
from .basemaps import DEFAULT_BASEMAP, basemap_choices
from .client import (
    COMPACT_BELOW,
    BindTexts,
    ClientSetup,
    ClientStart,
    KeyedAttribution,
    Label,
    LayerControl,
    MiniMap,
    PageTexts,
    Panel,
)
from .geometry import WEB_MAX_ERROR_M, simplify_for_web
from .model import MapModel
from .page import Page, RawHtml
from .parks import add_parks_layer, parks_legend_html
from .panels import district_popup_html, district_tooltip_html, legend_html, plan_panel_html, title_html
from .sites import site_layer, sites_summary_html
from .units import (DISTRICTS_PANE, UNITS_PANE, TopologyData, TopologyOutline, add_reform_layers, add_topology_districts,
                    page_label_point, web_geography)

__all__ = ["render_map", "page_languages"]

_CONTEXT_PANE = "tn-context"
#: Labels of the 9 districts come first (by area, largest first), then the context's.
_NEIGHBOUR_PRIORITY = 100


def page_languages(model: MapModel, languages: Sequence[str] | None = None) -> tuple[Lang, ...]:
    """The page's languages, the model's (the opening one) first.

    ``None``: every language tn-map speaks when the model can be decided in
    another (:meth:`MapModel.in_lang`), else the model's alone.
    """
    if languages is None:
        languages = LANGS if model.inputs is not None else (model.lang,)
    langs = [check_lang(lang) for lang in languages]
    if model.lang not in langs:
        langs.insert(0, model.lang)
    return (model.lang, *[lang for lang in dict.fromkeys(langs) if lang != model.lang])


def render_map(
    model: MapModel,
    *,
    basemap: str = DEFAULT_BASEMAP,
    offline: bool = False,
    m: folium.Map | None = None,
    max_error_m: float = WEB_MAX_ERROR_M,
    languages: Sequence[str] | None = None,
) -> folium.Map:
    """Draw ``model`` as an interactive folium map.

    Parameters
    ----------
    model
        What to draw (:func:`tn_map.render.model.build_model`); its language
        is the one the page opens in.
    basemap
        An xyzservices provider name, or ``"none"`` for a blank background.
    offline
        Kept for compatibility: every control now works offline (tn-map
        writes its own and vendors the minimap), so the map is the same;
        :func:`tn_map.export.save_html` ``offline=True`` inlines the assets.
    m
        A folium map to draw onto (its basemap is kept); a new one by default.
    max_error_m
        District geometry other than the bundled boundaries is simplified
        for the web to within this many metres (Hausdorff, measured in
        EPSG:9213).  The bundled districts are drawn from the bundled
        units' shared-border topology (``data/units_web.json``, within 25 m).
    languages
        The languages a reader can switch between (default: all that tn-map
        speaks, when the model can be decided in each); ``(model.lang,)``
        for a page in one language, without the switch.
    """
    del offline  # every control is on every page
    langs = page_languages(model, languages)
    texts = PageTexts({lang: model.in_lang(lang) for lang in langs})
    # the bundled districts come from the page's shared-border topology; a user's own boundaries
    # have none and are simplified here, as GeoJSON
    geo = web_geography()
    if geo is not None and geo.matches(model.districts):
        web = model.districts  # drawn from the topology; labels and boxes stored with it
        places = [geo.place(int(c)) for c in web["code"]]
    else:
        geo = None
        web, _ = simplify_for_web(model.districts, max_error_m=max_error_m)
        places = list(zip(_inside(web), (g.bounds for g in web.geometry)))
    providers = basemap_choices(basemap) if m is None else []
    own = m is None
    minx, miny, maxx, maxy = (float(v) for v in model.districts.total_bounds)
    if m is None:
        # maxZoom: marker clustering needs one even when there is no basemap.
        # The opening view is set by the page's script, from the province and the panels.
        m = folium.Map(
            location=[(miny + maxy) / 2, (minx + maxx) / 2],
            zoom_start=9,
            tiles=None,
            zoom_snap=0.25,
            zoom_delta=0.5,
            maxZoom=19,
            minZoom=7,
        )
        # Only what the page uses: Leaflet itself.  No Bootstrap, jQuery or
        # awesome-markers, which folium loads by default from CDNs.
        m.default_js = [("leaflet", LEAFLET_JS)]
        m.default_css = [("leaflet_css", LEAFLET_CSS)]
    # The page adds data after templating: no user text is ever template code.
    page = m.get_root() if isinstance(m.get_root(), Page) else Page()
    if m.get_root() is not page:
        page.add_child(m)
    page.lang = model.lang
    page.title = model.title

    config = {
        "lang": model.lang,
        "langs": list(langs),
        "langNames": {lang: LANGUAGE_NAMES[lang] for lang in langs},
        "texts": texts.table,
        "bounds": [[miny, minx], [maxy, maxx]],
        "districts": [],
        "compact": COMPACT_BELOW,
    }
    ClientSetup(config).add_to(m)
    _add_words(texts)

    control: list[tuple[folium.map.Layer, str, bool]] = []
    for i, provider in enumerate(providers):
        key = texts.add(f"layer.base{i}", lambda md, p=provider: escape(_basemap_name(p.name, md.lang)))
        tiles = folium.TileLayer(provider, overlay=False, control=False, show=(i == 0))
        tiles.add_to(m)
        control.append((tiles, key, False))

    if model.neighbours is not None or model.linked or model.new_units is not None:
        folium.map.CustomPane(_CONTEXT_PANE, z_index=350).add_to(m)
    # districts, then today's units over them, both under the overlay pane's site markers and outlines
    folium.map.CustomPane(DISTRICTS_PANE, z_index=380).add_to(m)
    folium.map.CustomPane(UNITS_PANE, z_index=390).add_to(m)
    if model.neighbours is not None:
        control.append(_add_neighbours(m, texts))
    layer, topology = _add_districts(m, web, texts, config, geo, [box for _, box in places])
    for j in range(len(model.linked)):
        control.append(_add_linked_space(m, j, web, texts, topology))
    control.append(layer)
    control.append(_add_district_labels(m, web, texts, [point for point, _ in places]))
    control += add_reform_layers(m, texts, topology)
    _embed_layer_data(m, page)
    if model.parks is not None:
        control.append(add_parks_layer(m, texts))
    for i in range(len(model.sites)):
        layer = site_layer(i, texts)
        layer.add_to(m)
        # a file name is user text: it reaches the page escaped, as data (a text), never through a template
        key = texts.add(f"layer.sites{i}", lambda md, i=i: escape(md.sites[i].name))
        control.append((layer, key, True))

    LayerControl(control).add_to(m)
    Panel(texts.add("title", title_html), "topleft", "tn-title").add_to(m)
    Panel(texts.add("legend", lambda md: legend_html(md) + parks_legend_html(md)), "bottomleft", "tn-legend", label="ui.legend").add_to(m)
    plan = texts.add("plan", lambda md: plan_panel_html(md, sites_summary_html(md)))
    Panel(plan, "topright", "tn-plan-panel", label="ui.targets").add_to(m)
    if model.sites:
        progress = '<div id="tn-progress" class="tn-progress"><div></div><span data-tn-text="txt.loading"></span></div>'
        Panel(None, "bottomleft", "tn-progress-holder", html=progress).add_to(m)
    for i in range(len(model.attributions)):
        KeyedAttribution(texts.add(f"attr{i}", lambda md, i=i: escape(md.attributions[i]))).add_to(m)
    if own and providers:
        overview = folium.TileLayer(providers[0])
        MiniMap(overview.tiles, overview.options).add_to(m)
    ClientStart().add_to(m)
    page.html.add_child(RawHtml(offline_note_html(texts.models)), name="tn_offline")
    return m


def offline_note_html(models: Mapping[str, MapModel]) -> str:
    """The note a page shows when Leaflet did not load (no connection to its CDN), in each model's language.

    Hidden until ``controls.js`` finds no Leaflet once the page has loaded;
    it says to rebuild the page with ``--offline``, which inlines Leaflet.
    Our own words only, escaped.
    """
    parts = "".join(
        f'<p lang="{lang}"><strong>{escape(md.words["offline_title"])}</strong> {escape(md.words["offline_hint"])}</p>'
        for lang, md in models.items())
    return f'<div id="tn-offline" class="tn-offline" role="alert" hidden>{parts}</div>'


def _basemap_name(name: str, lang: str) -> str:
    known = BASEMAP_NAMES.get(name)
    return known.get(lang) if known is not None else name


def _add_words(texts: PageTexts) -> None:
    """The controls' words: plain text (``txt.``) for attributes, HTML for the panels' buttons."""
    for key in [k for k in next(iter(texts.models.values())).words if k.startswith("ui.")]:
        texts.add(f"txt.{key}", lambda md, key=key: md.words[key])
    texts.add("txt.page.title", lambda md: md.title)
    texts.add("txt.loading", lambda md: md.words["loading"])
    texts.add("ui.legend", lambda md: escape(md.words["ui.legend"]))
    texts.add("ui.targets", lambda md: escape(md.words["ui.targets"]))


def _embed_layer_data(m: folium.Map, page: Page) -> None:
    """Register every GeoJSON layer's data with the page: it joins after templating, as data."""
    stack = list(m._children.values())
    while stack:
        element = stack.pop()
        if isinstance(element, folium.GeoJson):
            page.embed(element.data)
        stack.extend(element._children.values())


def _geojson(gdf: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """GeoJSON of ``gdf`` with only ``columns`` as properties (smaller pages).

    Made as a mapping, not as text parsed back: the page serialises it once.
    """
    features = []
    for values, geom in zip(gdf[columns].itertuples(index=False, name=None), gdf.geometry):
        features.append({
            "type": "Feature",
            "properties": {c: _plain(v) for c, v in zip(columns, values)},
            "geometry": _geometry(geom),
        })
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    """A property value as JSON takes it (NumPy scalars as Python ones, missing as ``None``)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _geometry(geom) -> dict | None:
    """A geometry as a GeoJSON mapping, rings read as whole arrays (``shapely.geometry.mapping`` reads point by point)."""
    if geom is None or geom.is_empty:
        return None if geom is None else shapely.geometry.mapping(geom)
    kind = geom.geom_type
    if kind == "Polygon":
        return {"type": kind, "coordinates": _rings(geom)}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [_rings(part) for part in geom.geoms]}
    return shapely.geometry.mapping(geom)


def _rings(polygon) -> list:
    z = polygon.has_z
    return [shapely.get_coordinates(ring, include_z=z).tolist() for ring in (polygon.exterior, *polygon.interiors)]


def _rows_by_key(model: MapModel):
    return model.districts.set_index("district_key")


def _add_districts(m: folium.Map, web: gpd.GeoDataFrame, texts: PageTexts, config: dict, geo, boxes: list):
    """The districts by zone; tooltips and popups are texts (``d<i>.tooltip``, ``d<i>.popup``).

    ``geo``: the bundled web geography when ``web`` is the bundled districts: they are drawn from its
    topology (returned too, for the units), else as GeoJSON.  ``boxes``: each district's
    ``(minx, miny, maxx, maxy)`` as drawn (EPSG:4326), for the search.
    """
    data = web.copy()
    data["tn"] = [f"d{i}" for i in range(len(data))]
    by_key = {lang: _rows_by_key(md) for lang, md in texts.models.items()}
    for i, key in enumerate(data["district_key"]):
        rows = {lang: table.loc[key] for lang, table in by_key.items()}
        texts.put(f"d{i}.tooltip", {lang: district_tooltip_html(row, texts.models[lang]) for lang, row in rows.items()})
        texts.put(f"d{i}.popup", {lang: district_popup_html(row, texts.models[lang]) for lang, row in rows.items()})
        texts.put(f"txt.d{i}.kind", {lang: str(row["unit_type_text"]) for lang, row in rows.items()})
    for name, box in zip(data["name"], boxes):
        x0, y0, x1, y1 = (round(float(v), 5) for v in box)
        config["districts"].append([str(name), [[y0, x0], [y1, x1]]])
    topology: TopologyData | None = None
    if geo is not None:
        topology, layer = add_topology_districts(m, texts, data, geo)
    else:
        layer = folium.GeoJson(
            _geojson(data, ["name", "zone", "tn"]),
            style_function=lambda f: district_style(f["properties"]["zone"]),
            highlight_function=lambda f: highlight_style(f["properties"]["zone"]),
            smooth_factor=0.5,
            pane=DISTRICTS_PANE,
        )
        layer.add_to(m)
    BindTexts(tooltip=".tooltip", popup=".popup", max_width=340).add_to(layer)
    return (layer, texts.add("layer.districts", lambda md: escape(md.words["layer_districts"])), True), topology


def _add_text_labels(group: folium.FeatureGroup, points: list[tuple[float, float]], key: str, texts: PageTexts,
                     names: dict[str, list[str]], css_class: str, priorities: list[int]) -> None:
    """A permanent, non-interactive name label at each of ``points`` (``(lon, lat)``, EPSG:4326)."""
    for i, (x, y) in enumerate(points):
        label = texts.put(f"{key}{i}", {lang: escape(names[lang][i]) for lang in texts.langs})
        Label((y, x), label, css_class, priorities[i]).add_to(group)


def _inside(gdf: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    """A label point well inside each polygon of ``gdf`` (``(lon, lat)``, EPSG:4326)."""
    return [(p.x, p.y) for p in map(page_label_point, gdf.geometry)]


def _add_district_labels(m: folium.Map, web: gpd.GeoDataFrame, texts: PageTexts, points: list[tuple[float, float]]):
    group = folium.FeatureGroup(show=True)
    # where names would overlap, the larger district keeps its name
    order = sorted(range(len(web)), key=lambda i: -float(web["area_km2"].iloc[i]))
    priorities = [order.index(i) for i in range(len(web))]
    names = {lang: [str(n) for n in web["name"]] for lang in texts.langs}
    _add_text_labels(group, points, "lbl.d", texts, names, "tn-label", priorities)
    group.add_to(m)
    return group, texts.add("layer.labels", lambda md: escape(md.words["layer_labels"])), True


def _add_neighbours(m: folium.Map, texts: PageTexts):
    first = next(iter(texts.models.values()))
    group = folium.FeatureGroup(show=True)
    folium.GeoJson(
        _geojson(first.neighbours, ["name"]),
        style_function=lambda f: CONTEXT_STYLE,
        interactive=False,
        pane=_CONTEXT_PANE,
    ).add_to(group)
    names = {lang: [str(n) for n in md.neighbours["name"]] for lang, md in texts.models.items()}
    priorities = [_NEIGHBOUR_PRIORITY + i for i in range(len(first.neighbours))]
    _add_text_labels(group, _inside(first.neighbours), "lbl.nb", texts, names, "tn-label-province", priorities)
    group.add_to(m)
    return group, texts.add("layer.neighbours", lambda md: escape(md.words["layer_neighbours"])), True


def _add_linked_space(m: folium.Map, j: int, web: gpd.GeoDataFrame, texts: PageTexts, topology: TopologyData | None = None):
    first = next(iter(texts.models.values()))
    space = first.linked[j]
    partners = space.partners.copy()
    partners["tn"] = [f"ls{j}.p{k}" for k in range(len(partners))]
    for k in range(len(partners)):
        texts.add(
            f"ls{j}.p{k}.tooltip",
            lambda md, k=k: f"<b>{escape(md.linked[j].partners['name'].iloc[k])}</b><br>{escape(md.linked[j].name)}",
        )
    group = folium.FeatureGroup(show=True)
    partner_layer = folium.GeoJson(
        _geojson(partners, ["name", "tn"]),
        style_function=lambda f: LINKED_SPACE_STYLE,
        pane=_CONTEXT_PANE,
    )
    BindTexts(tooltip=".tooltip").add_to(partner_layer)
    partner_layer.add_to(group)
    # labelled with today's names: "Vĩnh Phúc (now part of Phú Thọ)"
    names = {lang: [str(n) for n in md.linked[j].partners["name"]] for lang, md in texts.models.items()}
    priorities = [_NEIGHBOUR_PRIORITY + 10 + k for k in range(len(partners))]
    _add_text_labels(group, _inside(partners), f"lbl.ls{j}", texts, names, "tn-label-province", priorities)

    def outline_tooltip(md: MapModel) -> str:
        linked = md.linked[j]
        zone_names = ", ".join(md.zone(k).name for k in linked.zone_keys)
        return f"<b>{escape(zone_names)}</b><br>{escape(linked.outline_label)}"

    texts.add(f"ls{j}.outline.tooltip", outline_tooltip)
    if topology is not None:
        # the line round the linked zones' districts, from the same arcs as the districts and units
        codes = [int(c) for c, z in zip(web["code"], web["zone"]) if z in space.zone_keys]
        outline_layer = TopologyOutline(topology, codes, LINKED_ZONE_STYLE, f"ls{j}.outline")
    else:
        outline = gpd.GeoDataFrame({"tn": [f"ls{j}.outline"]}, geometry=[space.outline], crs=web.crs)
        # A decorative dashed line: 200 m of generalisation (1–2 px) hardly shows at
        # the zooms where it matters and keeps the page small.
        outline = outline.set_geometry(outline.geometry.to_crs(METRIC_CRS).simplify(200.0).to_crs(web.crs).set_precision(1e-5))
        outline_layer = folium.GeoJson(_geojson(outline, ["tn"]), style_function=lambda f: LINKED_ZONE_STYLE)
    BindTexts(tooltip=".tooltip").add_to(outline_layer)
    outline_layer.add_to(group)
    group.add_to(m)
    return group, texts.add(f"layer.linked{j}", lambda md: escape(md.linked[j].layer_name)), True

