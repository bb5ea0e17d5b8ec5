"""Today's units on the Leaflet map: the 92 communes and wards since 1 July 2025 as polygons.

The bundled geography reaches the page once, as one shared-border topology
(``data/units_web.json``, :mod:`tn_map.render.topology`): every border is
stored once and the page rebuilds from the same arcs the units, the old
districts (filled by zone), their strong outlines and former Bắc Kạn, so
all layers share identical borders.  The browser decodes it with the
vendored ``topojson-client``.

Units of the scheme's zones are outlined thinly over their district's zone
fill; the 37 units of former Bắc Kạn get a neutral grey.  A unit's tooltip
gives its name and zone(s); its popup its type, official area, the old
communes and districts it was formed from and its zone(s) with their
priority clusters, in the page's current language (built in the browser
from the unit's row and each language's words, so the names travel once).
Unit names are labels that appear from :data:`UNIT_LABEL_ZOOM` on, where
the page's label placer keeps those that fit without overlapping; from the
same zoom a click or hover reaches the unit (zoomed out, it reaches the
district under it, with the district's own popup).
"""

from __future__ import annotations

from typing import Any

import json
from functools import cache, cached_property
from html import escape

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.elements import JSCSSMixin
from folium.map import Layer

from .._resources import data_path
from ..i18n import fmt_number
from ..style import FORMER_PROVINCE_STYLE, district_style, highlight_style
from .client import PageTexts, _map_name
from .geometry import geometry_key
from .page import ScriptElement, ScriptLayer
from .topology import from_json

__all__ = ["WebGeography", "web_geography", "label_places", "page_label_point", "bac_kan_label", "TopologyData", "TopologyDistricts", "TopologyOutline", "UnitsLayer", "add_reform_layers",
           "UNIT_LABEL_ZOOM", "TOPOJSON_CLIENT_VERSION", "DISTRICTS_PANE", "UNITS_PANE"]

#: Map panes (Leaflet) of the districts and of the units over them: below the overlay pane, so that
#: site markers and outlines added later stay on top even when a reader switches the units on.
DISTRICTS_PANE = "tn-districts"
UNITS_PANE = "tn-units"
#: Unit names are offered from this zoom on (the label placer keeps those that fit); units answer clicks from it on.
UNIT_LABEL_ZOOM = 10.5
#: Priority of unit names among the map's labels: after districts, neighbours and former Bắc Kạn.
_UNIT_PRIORITY = 300
#: Former Bắc Kạn's label among the map's labels (after districts and neighbours).
_BAC_KAN_PRIORITY = 200
#: A unit's thin outline, and its outline while the pointer is over it.
UNIT_STYLE = {"color": "#3a3a3a", "weight": 0.7, "opacity": 0.75, "fill": True, "fillOpacity": 0}
UNIT_HIGHLIGHT = {"color": "#111111", "weight": 2.5, "opacity": 1}
#: Former Bắc Kạn's units: neutral, outside the scheme's zones.
BAC_KAN_UNIT_STYLE = {"color": "#8a8a8a", "weight": 0.7, "opacity": 0.9, "fill": True,
                      "fillColor": FORMER_PROVINCE_STYLE["fillColor"], "fillOpacity": 0.3}
#: The old districts' borders drawn over the units: strong.
DISTRICT_BORDER_STYLE = {"color": "#262626", "weight": 2.2, "opacity": 0.9, "interactive": False}


def _vendored() -> str:
    from importlib import resources

    manifest = json.loads(resources.files("tn_map.render").joinpath("vendor/vendor.json").read_text(encoding="utf-8"))
    return manifest["topojson-client"]["version"]


#: The vendored topojson-client's version: online pages load it from the CDN, offline pages inline the copy.
TOPOJSON_CLIENT_VERSION = _vendored()


class WebGeography:
    """The page's bundled geography (``data/units_web.json``), EPSG:4326.

    ``data``: the file's content (``topology``, ``units`` rows,
    ``districts`` fingerprints, ``places`` of the districts' labels,
    ``max_error_m``, ``hausdorff_m``); ``pieces``: the topology's pieces as
    shapely geometries with their ``unit`` (row index) and ``district`` (GSO
    code, or ``"BK"``), decoded when first asked for (the bundled districts'
    labels and boxes are stored: :func:`label_places`).
    """

    def __init__(self, data: dict) -> None:
        self.data = data

    @cached_property
    def _decoded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        topo, props = from_json(self.data["topology"])
        return topo.pieces(), np.array([p["u"] for p in props]), np.array([str(p["d"]) for p in props], dtype=object)

    @property
    def pieces(self) -> np.ndarray:
        return self._decoded[0]

    @property
    def unit(self) -> np.ndarray:
        return self._decoded[1]

    @property
    def district(self) -> np.ndarray:
        return self._decoded[2]

    def matches(self, districts: gpd.GeoDataFrame) -> bool:
        """Whether ``districts`` are exactly the boundaries the topology was built from."""
        keys = self.data["districts"]
        if "code" not in districts.columns or len(districts) != len(keys):
            return False
        return all(keys.get(str(int(c))) == geometry_key(g) for c, g in zip(districts["code"], districts.geometry))

    def district_geometry(self, code) -> shapely.Geometry:
        """The web geometry of old district ``code`` (the union of its pieces)."""
        return shapely.coverage_union_all(self.pieces[self.district == str(code)])

    def place(self, code) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
        """District ``code``'s stored label point ``(lon, lat)`` and box ``(minx, miny, maxx, maxy)`` (:func:`label_places`)."""
        label, box = self.data["places"][str(code)]
        return (label[0], label[1]), (box[0], box[1], box[2], box[3])


def page_label_point(geometry: shapely.Geometry) -> shapely.Point:
    """Where a polygon's name goes on the page (a district's, a province's): well inside it (EPSG:4326 degrees)."""
    from ..geom import label_point

    return label_point(geometry, tolerance=0.001)


def bac_kan_label(bac_kan: shapely.Geometry, bounds: tuple[float, float, float, float]) -> shapely.Point:
    """Where former Bắc Kạn's name goes: inside its lobe between Định Hóa and Võ Nhai.

    ``bounds``: the districts' total bounds (EPSG:4326), the view the map
    opens on; the label is in view there.
    """
    from ..geom import label_point

    minx, miny, maxx, maxy = bounds
    near = bac_kan.intersection(shapely.box(minx, maxy - 0.16, maxx, maxy - 0.04))
    return label_point(near if not near.is_empty else bac_kan, tolerance=0.001)


def label_places(geo: WebGeography, view: tuple[float, float, float, float]) -> dict[str, list]:
    """The labels' places that ``scripts/build_boundaries.py`` stores in ``units_web.json`` (``places``).

    Per old district (GSO code): its label point ``[lon, lat]`` and box
    ``[minx, miny, maxx, maxy]`` from its web geometry; ``"BK"``: former Bắc
    Kạn's label point and box, for a map that opens on ``view`` (the bundled
    districts' total bounds; :func:`bac_kan_label`).  EPSG:4326 degrees.  A
    page of the bundled districts reads them instead of merging the pieces
    again; one of a user's boundaries computes its own.
    """
    places: dict[str, list] = {}
    for code in sorted({str(d) for d in geo.district} - {"BK"}, key=int):
        geometry = geo.district_geometry(code)
        point = page_label_point(geometry)
        places[code] = [[point.x, point.y], list(geometry.bounds)]
    bac_kan = geo.district_geometry("BK")
    point = bac_kan_label(bac_kan, view)
    places["BK"] = [[point.x, point.y], list(bac_kan.bounds)]
    return places


@cache
def web_geography() -> WebGeography | None:
    """The bundled ``units_web.json``, read once per process (``None`` if it is missing)."""
    try:
        text = data_path("units_web.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return WebGeography(json.loads(text))


class TopologyData(JSCSSMixin, ScriptElement):
    """The page's topology, decoded once in the browser (``tnMap.topology``); layers draw from it."""

    default_js = [("topojson_client",
                   f"https://cdn.jsdelivr.net/npm/topojson-client@{TOPOJSON_CLIENT_VERSION}/dist/topojson-client.min.js")]

    def __init__(self, topology: dict) -> None:
        super().__init__()
        self._name = "TopologyData"
        self.topology = topology

    def op(self) -> tuple[str, list, Any]:
        return "topology", [], self.topology


class TopologyDistricts(ScriptLayer, Layer):
    """The old districts filled by zone, merged in the browser from the topology's pieces.

    ``rows``: one ``{"code", "name", "zone", "tn"}`` per district (``name``
    escaped); ``styles``/``highlights``: the path style of each zone.
    """

    def __init__(self, topology: TopologyData, rows: list[dict], styles: dict, highlights: dict) -> None:
        super().__init__(overlay=True, control=False, show=True)
        self._name = "TopologyDistricts"
        self.topology = topology
        self.options = {"rows": rows, "styles": styles, "highlights": highlights, "pane": DISTRICTS_PANE}

    def op(self) -> tuple[str, list, Any]:
        return "topoDistricts", [_map_name(self), self.topology.get_name()], self.options


class TopologyOutline(ScriptLayer, Layer):
    """One line round the union of the districts ``codes`` (GSO codes), drawn from the page's topology."""

    def __init__(self, topology: TopologyData, codes: list[int], style: dict, tn: str) -> None:
        super().__init__(overlay=True, control=False, show=True)
        self._name = "TopologyOutline"
        self.tn = tn
        self.topology = topology
        self.codes = [int(c) for c in codes]
        self.style = style

    def op(self) -> tuple[str, list, Any]:
        return "topoOutline", [_map_name(self), self.topology.get_name()], {"codes": self.codes, "style": self.style, "tn": self.tn}


class UnitsLayer(ScriptLayer, Layer):
    """The 92 units as polygons with tooltips, popups and name labels, registered with the page's search.

    ``units`` rows are ``[lat, lon, short_name, name, kind, old_communes,
    old_districts, zones, former_bac_kan, official_area_km2]`` (texts
    escaped; ``lat``/``lon`` the label point; ``kind`` indexes
    ``lookup.lang[l].kinds``, ``zones`` index ``lookup.lang[l].zones``).
    """

    def __init__(self, topology: TopologyData, units: list, lookup: dict, options: dict, show: bool = True) -> None:
        super().__init__(overlay=True, control=False, show=show)
        self._name = "UnitsLayer"
        self.topology = topology
        self.units = units
        self.lookup = lookup
        self.options = options
        self.bac_kan_group: folium.FeatureGroup | None = None

    def op(self) -> tuple[str, list, Any]:
        group = self.bac_kan_group.get_name() if self.bac_kan_group is not None else None
        return ("topoUnits", [_map_name(self), self.topology.get_name(), group],
                {"units": self.units, "lookup": self.lookup, "options": self.options})


def _words(model) -> dict:
    lang, words = model.lang, model.words
    return {
        "kinds": [escape(words["commune"]), escape(words["ward"])],
        "zones": [escape(z.name) for z in model.zones],
        "clusters": [escape("; ".join(z.clusters)) for z in model.zones],
        "formed_from": escape(words["formed_from"]),
        "old_districts": escape(words["old_districts"]),
        "zones_word": escape(words["zones"]),
        "clusters_word": escape(words["clusters"]),
        "two_zones": escape(words["two_zones"]),
        "outside": escape(words["outside_zoning"]),
        "new_unit": escape(words["new_unit"]),
        "area": escape(words["area"]),
        "official": escape(words["official_figure"]),
        "km2": escape(words["km2"]),
        # the language's number form for areas: decimal mark and thousands separator
        "decimal": fmt_number(1.5, lang)[1],
        "source": escape(model.new_units.source),
    }


def _layer_rows(model) -> list:
    """The units layer's rows (see :class:`UnitsLayer`): geometry facts from ``units_web.json``, lineage and zones from the model."""
    zone_index = {z.key: i for i, z in enumerate(model.zones)}
    lineage = {u["name"]: u for u in model.new_units.units}
    rows = []
    for u in web_geography().data["units"]:
        known = lineage.get(u["name"], {})
        zones = known.get("zones", u["zones"])
        rows.append([
            u["label"][0],
            u["label"][1],
            escape(u["short_name"]),
            escape(u["name"]),
            1 if u["unit_type"] == "ward" else 0,
            escape(known.get("old_communes", ", ".join(u["old_communes"]))),
            escape(known.get("old_districts", ", ".join(u["old_districts"]))),
            [zone_index[k] for k in zones if k in zone_index],
            1 if u["former_bac_kan"] else 0,
            u["official_area_km2"],
        ])
    return rows


def _area_ranks() -> list[int]:
    """Each unit's rank by official area, largest first (ties: code order)."""
    units = web_geography().data["units"]
    order = sorted(range(len(units)), key=lambda i: (-units[i]["official_area_km2"], units[i]["code"]))
    ranks = [0] * len(units)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def add_topology_districts(m: folium.Map, texts: PageTexts, web: gpd.GeoDataFrame, geo: WebGeography) -> tuple[TopologyData, Layer]:
    """The page's topology and the districts drawn from it (``web``: the districts with ``tn`` keys, in order)."""
    topology = TopologyData(geo.data["topology"])
    topology.add_to(m)
    zones = sorted({str(z) for z in web["zone"]})
    rows = [{"code": int(c), "name": escape(str(n)), "zone": str(z), "tn": tn}
            for c, n, z, tn in zip(web["code"], web["name"], web["zone"], web["tn"])]
    layer = TopologyDistricts(topology, rows, {z: district_style(z) for z in zones}, {z: highlight_style(z) for z in zones})
    layer.add_to(m)
    return topology, layer


def add_reform_layers(m: folium.Map, texts: PageTexts, topology: TopologyData | None) -> list[tuple[Layer, str, bool]]:
    """Add former Bắc Kạn (outline and label) and today's 92 units to ``m``.

    ``topology``: the page's topology (:func:`add_topology_districts`); with
    a user's own boundaries there is none yet, and it is added here for the
    units alone.  Returns the layers with their name keys and whether each
    starts shown, for the layer control.  The Bắc Kạn label sits in the
    part of former Bắc Kạn nearest the zones, so that it is in view when the
    map opens on the 9 districts.  With site lists on the map, the units'
    layer starts switched off, so that sites stay easy to click.
    """
    model = next(iter(texts.models.values()))
    reform = model.new_units
    geo = web_geography()
    if reform is None or geo is None:
        return []
    own_districts = topology is None  # a user's boundaries: the bundled districts' borders are not drawn over theirs
    if own_districts:
        topology = TopologyData(geo.data["topology"])
        topology.add_to(m)
    if not own_districts:  # the page's topology exists only for the bundled districts: their view's place is stored
        (x, y), _ = geo.place("BK")
        point = shapely.Point(x, y)
    else:
        point = bac_kan_label(geo.district_geometry("BK"), tuple(float(v) for v in model.districts.total_bounds))
    label = texts.add("lbl.bk", lambda md: escape(md.new_units.bac_kan_label))
    group = folium.FeatureGroup(show=True)
    from .client import Label

    Label((point.y, point.x), label, "tn-label-province tn-label-former", _BAC_KAN_PRIORITY).add_to(group)
    group.add_to(m)
    options = {
        "unitStyle": UNIT_STYLE,
        "bacKanStyle": BAC_KAN_UNIT_STYLE,
        "highlight": UNIT_HIGHLIGHT,
        "border": None if own_districts else DISTRICT_BORDER_STYLE,
        "formerStyle": {**FORMER_PROVINCE_STYLE, "fill": False, "interactive": False},
        "labelZoom": UNIT_LABEL_ZOOM,
        # where two names would overlap, the larger unit keeps its name (rank by official area)
        "labelRank": _area_ranks(),
        "pane": UNITS_PANE,
        "labelPriority": _UNIT_PRIORITY,
    }
    lookup = {"lang": {lang: _words(md) for lang, md in texts.models.items()}}
    layer = UnitsLayer(topology, _layer_rows(model), lookup, options, show=not model.sites)
    layer.bac_kan_group = group  # former Bắc Kạn's outline is drawn into its group, from the same arcs
    layer.add_to(m)
    return [
        (group, texts.add("layer.bac_kan", lambda md: escape(md.new_units.bac_kan_layer_name)), True),
        (layer, texts.add("layer.units", lambda md: escape(md.new_units.layer_name)), True),
    ]
