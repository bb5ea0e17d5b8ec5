"""Today's units on the Leaflet map: former Bắc Kạn and the 92 communes and wards since 1 July 2025.

Each unit is a dot at its point, filled with its zone's colour; a unit
formed from two zones is drawn half and half (two half-discs), so it is
visibly both; former Bắc Kạn is grey.  Its popup gives its lineage: the old
communes and districts it was formed from and its zone(s), in the page's
current language (built in the browser from the unit's row and each
language's words, so the names travel once).
"""

from __future__ import annotations

from html import escape

import folium
from folium.map import Layer

import shapely

from ..crs import METRIC_CRS, WGS84
from ..geom import label_point
from ..i18n import tr
from ..style import FORMER_PROVINCE_STYLE, OUTSIDE_ZONING_COLOUR
from .client import Label, PageTexts, _map_name
from .page import ScriptElement

__all__ = ["NewUnitsLayer", "add_reform_layers"]

#: Priority of former Bắc Kạn's label among the map's labels (after districts and neighbours).
_BAC_KAN_PRIORITY = 200


class NewUnitsLayer(Layer, ScriptElement):
    """A layer of dots (one per unit) with popups, registered with the page's search.

    ``units`` rows are ``[lat, lon, colours, name, kind, old_communes,
    old_districts, zones, former_bac_kan]`` (texts escaped; ``kind`` indexes
    ``lookup.lang[l].kinds``, ``zones`` index ``lookup.lang[l].zones``).
    """

    def __init__(self, units: list, lookup: dict, show: bool = True) -> None:
        super().__init__(overlay=True, control=False, show=show)
        self._name = "NewUnitsLayer"
        self.units = units
        self.lookup = lookup

    def map_name(self) -> str:
        return _map_name(self)

    def script(self) -> str:
        return f"""var {self.get_name()} = (function () {{
    var map = {self.map_name()};
    var group = L.featureGroup();
    var units = {self.embed(self.units)};
    var lookup = {self.embed(self.lookup)};
    function words() {{ return lookup.lang[tnMap.lang(map)]; }}
    function popup(u) {{
        var w = words(), zones;
        if (u[8]) {{
            zones = w.outside;
        }} else {{
            zones = u[7].map(function (z) {{ return w.zones[z]; }}).join('; ');
            if (u[7].length > 1) {{ zones += ' (' + w.two_zones + ')'; }}
        }}
        return '<div class="tn-popup tn-unit-popup"><h4>' + u[3] + '</h4><p>' + w.kinds[u[4]] + ' · ' + w.new_unit
            + '</p><table><tr><th>' + w.formed_from + '</th><td>' + u[5] + '</td></tr><tr><th>' + w.old_districts
            + '</th><td>' + u[6] + '</td></tr><tr><th>' + w.zones_word + '</th><td>' + zones + '</td></tr></table>'
            + '<p class="tn-ref">' + w.source + '</p></div>';
    }}
    var markers = units.map(function (u) {{
        var colours = u[2], html;
        if (colours.length > 1) {{
            html = '<svg width="14" height="14" viewBox="0 0 14 14"><path d="M7 1 A6 6 0 0 0 7 13 Z" fill="' + colours[0]
                + '"/><path d="M7 1 A6 6 0 0 1 7 13 Z" fill="' + colours[1] + '"/><circle cx="7" cy="7" r="6" fill="none" stroke="#fff" stroke-width="1.5"/></svg>';
        }} else {{
            html = '<svg width="14" height="14" viewBox="0 0 14 14"><circle cx="7" cy="7" r="6" fill="' + colours[0] + '" stroke="#fff" stroke-width="1.5"/></svg>';
        }}
        var name = tnMap.unescape(u[3]);
        return L.marker([u[0], u[1]], {{icon: L.divIcon({{html: html, className: 'tn-unit', iconSize: [14, 14]}}), title: name, alt: name}})
            .bindPopup(function () {{ return popup(u); }}, {{maxWidth: 320}}).addTo(group);
    }});
    group._tnUnits = units;
    group._tnKind = function (i) {{ return tnMap.unescape(words().kinds[units[i][4]]); }};
    tnMap.units(map, group, markers);
    return group;
}})();
"""


def _words(model) -> dict:
    lang = model.lang
    return {
        "kinds": [escape(tr("commune", lang)), escape(tr("ward", lang))],
        "zones": [escape(z.name) for z in model.zones],
        "formed_from": escape(tr("formed_from", lang)),
        "old_districts": escape(tr("old_districts", lang)),
        "zones_word": escape(tr("zones", lang)),
        "two_zones": escape(tr("two_zones", lang)),
        "outside": escape(tr("outside_zoning", lang)),
        "new_unit": escape(tr("new_unit", lang)),
        "source": escape(model.new_units.source),
    }


def add_reform_layers(m: folium.Map, texts: PageTexts) -> list[tuple[Layer, str, bool]]:
    """Add former Bắc Kạn (outline and label) and the new units' dots to ``m``.

    Returns the layers with their name keys and whether each starts shown,
    for the layer control.  The label sits in the part of former Bắc Kạn
    nearest the zones, so that it is in view when the map opens on the 9
    districts.  With site lists on the map, the units' layer starts switched
    off: its dots would sit on the sites placed at their commune's point.
    """
    model = next(iter(texts.models.values()))
    reform = model.new_units
    if reform is None:
        return []
    group = folium.FeatureGroup(show=True)
    # an outline for context: 100 m of generalisation is under 2 px at the zooms that show it whole
    web = reform.bac_kan[[reform.bac_kan.geometry.name]].to_crs(METRIC_CRS).simplify(100.0).to_crs(WGS84).set_precision(1e-4)
    folium.GeoJson(
        web.__geo_interface__,
        style_function=lambda f: FORMER_PROVINCE_STYLE,
        interactive=False,
    ).add_to(group)
    outline = reform.bac_kan.geometry.iloc[0]
    minx, miny, maxx, maxy = model.districts.total_bounds
    near = outline.intersection(shapely.box(minx, maxy - 0.16, maxx, maxy - 0.04))  # its lobe between Định Hóa and Võ Nhai, in view
    point = label_point(near if not near.is_empty else outline, tolerance=0.001)
    label = texts.add("lbl.bk", lambda md: escape(md.new_units.bac_kan_label))
    Label((point.y, point.x), label, "tn-label-province tn-label-former", _BAC_KAN_PRIORITY).add_to(group)
    group.add_to(m)

    colours = {z.key: z.colour for z in model.zones}
    zone_index = {z.key: i for i, z in enumerate(model.zones)}
    units = [
        [
            u["lat"],
            u["lon"],
            [colours[k] for k in u["zones"]] or [OUTSIDE_ZONING_COLOUR],
            escape(u["name"]),
            1 if u["kind"] == tr("ward", model.lang) else 0,
            escape(u["old_communes"]),
            escape(u["old_districts"]),
            [zone_index[k] for k in u["zones"]],
            1 if u["former_bac_kan"] else 0,
        ]
        for u in reform.units
        if u["lat"] is not None
    ]
    lookup = {"lang": {lang: _words(md) for lang, md in texts.models.items()}}
    layer = NewUnitsLayer(units, lookup, show=not model.sites)  # with sites, their dots would hide sites at commune points
    layer.add_to(m)
    return [
        (group, texts.add("layer.bac_kan", lambda md: escape(md.new_units.bac_kan_layer_name)), True),
        (layer, texts.add("layer.units", lambda md: escape(md.new_units.layer_name)), True),
    ]
