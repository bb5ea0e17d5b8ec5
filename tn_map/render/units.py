"""Today's units on the Leaflet map: former Bắc Kạn and the 92 communes and wards since 1 July 2025.

Each unit is a dot at its point, filled with its zone's colour; a unit
formed from two zones is drawn half and half (two half-discs), so it is
visibly both; former Bắc Kạn is grey.  Its popup gives its lineage: the old
communes and districts it was formed from and its zone(s).
"""

from __future__ import annotations

from html import escape

import folium
from folium.map import Layer
from folium.template import Template

import shapely

from ..crs import METRIC_CRS, WGS84
from ..geom import label_point
from ..i18n import tr
from ..style import FORMER_PROVINCE_STYLE, OUTSIDE_ZONING_COLOUR
from .model import MapModel
from .page import PayloadElement, TextLabel

__all__ = ["NewUnitsLayer", "add_reform_layers"]


class NewUnitsLayer(PayloadElement, Layer):
    """A layer of dots (one per unit) with popups; ``units`` are ``[lat, lon, colours, popup_html]``."""

    _payload_fields = ("units",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var group = L.featureGroup();
            var units = {{ this.refs.units|tojson }};
            units.forEach(function (u) {
                var colours = u[2], html;
                if (colours.length > 1) {
                    html = '<svg width="14" height="14" viewBox="0 0 14 14"><path d="M7 1 A6 6 0 0 0 7 13 Z" fill="' + colours[0]
                        + '"/><path d="M7 1 A6 6 0 0 1 7 13 Z" fill="' + colours[1] + '"/><circle cx="7" cy="7" r="6" fill="none" stroke="#fff" stroke-width="1.5"/></svg>';
                } else {
                    html = '<svg width="14" height="14" viewBox="0 0 14 14"><circle cx="7" cy="7" r="6" fill="' + colours[0] + '" stroke="#fff" stroke-width="1.5"/></svg>';
                }
                L.marker([u[0], u[1]], {icon: L.divIcon({html: html, className: 'tn-unit', iconSize: [14, 14]}),
                                        title: u[4], alt: u[4]})
                    .bindPopup(u[3], {maxWidth: 320, autoPanPaddingTopLeft: [10, 90]}).addTo(group);
            });
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, units: list, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "NewUnitsLayer"
        self.units = units


def _popup(unit: dict, model: MapModel) -> str:
    lang = model.lang
    rows = [(tr("formed_from", lang), unit["old_communes"]), (tr("old_districts", lang), unit["old_districts"])]
    if unit["former_bac_kan"]:
        rows.append((tr("zones", lang), tr("outside_zoning", lang)))
    else:
        names = "; ".join(model.zone(k).name for k in unit["zones"])
        both = f" ({tr('two_zones', lang)})" if len(unit["zones"]) > 1 else ""
        rows.append((tr("zones", lang), names + both))
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return (
        f'<div class="tn-popup tn-unit-popup"><h4>{escape(unit["name"])}</h4>'
        f"<p>{escape(unit['kind'])} · {escape(tr('new_unit', lang))}</p><table>{table}</table>"
        f'<p class="tn-ref">{escape(model.new_units.source)}</p></div>'
    )


def add_reform_layers(m: folium.Map, model: MapModel) -> None:
    """Add former Bắc Kạn (outline and label) and the new units' dots to ``m``.

    The label sits in the part of former Bắc Kạn nearest the zones, so that
    it is in view when the map opens on the 9 districts.  With site lists on
    the map, the units' layer starts switched off: its dots would sit on the
    sites placed at their commune's point.
    """
    reform = model.new_units
    if reform is None:
        return
    group = folium.FeatureGroup(name=reform.bac_kan_layer_name, show=True)
    # an outline for context: 100 m of generalisation is under 2 px at the zooms that show it whole
    web = reform.bac_kan[[reform.bac_kan.geometry.name]].to_crs(METRIC_CRS).simplify(100.0).to_crs(WGS84).set_precision(1e-4)
    folium.GeoJson(
        web.__geo_interface__,
        style_function=lambda f: FORMER_PROVINCE_STYLE,
        interactive=False,
    ).add_to(group)
    outline = reform.bac_kan.geometry.iloc[0]
    minx, miny, maxx, maxy = model.districts.total_bounds
    near = outline.intersection(shapely.box(minx, maxy - 0.02, maxx, maxy + 0.12))  # the strip just north of the zones
    point = label_point(near if not near.is_empty else outline, tolerance=0.001)
    TextLabel((point.y, point.x), f"<div>{escape(reform.bac_kan_label)}</div>", "tn-label-province tn-label-former").add_to(group)
    group.add_to(m)

    colours = {z.key: z.colour for z in model.zones}
    units = [
        [u["lat"], u["lon"], [colours[k] for k in u["zones"]] or [OUTSIDE_ZONING_COLOUR], _popup(u, model), escape(u["name"])]
        for u in reform.units
        if u["lat"] is not None
    ]
    NewUnitsLayer(units, name=reform.layer_name, show=not model.sites).add_to(m)
