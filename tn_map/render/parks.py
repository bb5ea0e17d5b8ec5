"""The master plan's industrial parks on the Leaflet map: their own switchable layer.

Each park is a factory symbol (a saw-tooth roof and a chimney), filled by its
status in the plan — solid for established, grey for in earlier plans, white
for newly planned — so it reads apart from the site circles and in greyscale.
Markers are not clustered (there are 12); symbols that would overlap at the
current zoom (parks placed inside the same district share a position) are
set in a row just below the first one's position, a few pixels apart.  Popups are texts of
:class:`~tn_map.render.client.PageTexts` (``pk<i>.popup``), one per
language, so a language switch changes an open popup too; the rows reach the
page as data after templating (:mod:`tn_map.render.page`).  The layer
registers with the page's search like the new units' layer (``tnMap.units``:
rows with the escaped name at index 3, ``_tnKind``, and its markers).

The symbol's outline and fills are shared with the static renderer
(:mod:`.static`), which draws the same symbol for print.
"""

from __future__ import annotations

from html import escape

import folium
from folium.map import Layer
from folium.template import Template

from ..i18n import tr
from .client import PageTexts, _map_name
from .model import MapModel, ParkEntry
from .page import PayloadElement

__all__ = ["ParksLayer", "add_parks_layer", "parks_legend_html", "park_popup_html", "park_svg",
           "PARK_OUTLINE", "PARK_INK", "ROW", "park_fill", "fan_offsets"]

#: The park symbol's outline in a 20 × 20 box (SVG units, y down): a factory with a saw-tooth roof and a chimney.
PARK_OUTLINE: tuple[tuple[float, float], ...] = (
    (2.0, 18.0), (2.0, 9.5), (6.5, 6.0), (6.5, 9.5), (11.0, 6.0), (11.0, 9.5), (13.5, 9.5), (13.5, 2.0),
    (17.5, 2.0), (17.5, 18.0),
)
#: The symbol's outline colour.
PARK_INK = "#1a1a1a"
#: Fill by status in the plan: black, grey, white (distinct in greyscale print too).
_FILLS = {"established": PARK_INK, "in earlier plans": "#8c8c8c", "new": "#ffffff"}
#: At most this many symbols side by side where they would overlap; more wrap to the next row.
ROW = 5
#: Icon size on the page, CSS pixels.
_ICON_PX = 20


def park_fill(status: str) -> str:
    """The symbol's fill for a status key (white for a status the plan does not use)."""
    return _FILLS.get(status, "#ffffff")


def _path_d() -> str:
    return "M" + " L".join(f"{x:g} {y:g}" for x, y in PARK_OUTLINE) + " Z"


def park_svg(status: str, size: int = _ICON_PX) -> str:
    """The symbol as inline SVG (a white halo under the outline, so it stands out on any zone fill)."""
    d, fill = _path_d(), park_fill(status)
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true" class="tn-park-symbol">'
        f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round"/>'
        f'<path d="{d}" fill="{fill}" stroke="{PARK_INK}" stroke-width="1.4" stroke-linejoin="round"/></svg>'
    )


def fan_offsets(points: list[tuple[float, float]], step: float, down: float = 1.0) -> list[tuple[float, float]]:
    """Offsets that set symbols sharing a place in a row just below it, so none hides another.

    ``points`` are planar (x, y) in any one unit (metres on paper, pixels on
    screen); ``step`` is a symbol's width and a little more.  Every point
    starts as its own group; groups whose symbols overlap merge, until none
    do.  A group of ``n > 1`` is drawn in rows of up to :data:`ROW`,
    ``step`` apart, centred on its first point and starting ``0.6 * step``
    below it (``down``: the sign of
    "below" on the y axis, ``-1`` when y points up), since the district name
    sits just above the point a park placed in its district shares.  Each
    offset is from the point's own position; a point alone keeps (0, 0).
    Deterministic: input order.  The page's script does the same at each
    zoom (:class:`ParksLayer`).
    """
    groups = [[i] for i in range(len(points))]

    def box(group: list[int]) -> tuple[float, float, float, float]:
        (cx, cy), n = points[group[0]], len(group)
        cols = min(n, ROW)
        first = cy + down * (0.6 * step if n > 1 else 0.0)  # the first row's centre
        last = first + down * (-(-n // cols) - 1) * step
        return cx - cols / 2 * step, min(first, last) - step / 2, cx + cols / 2 * step, max(first, last) + step / 2

    merged = True
    while merged:
        merged = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                p, q = box(groups[a]), box(groups[b])
                if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                    groups[a] = groups[a] + groups.pop(b)  # the row stays on the first group's point
                    merged = True
                    break
            if merged:
                break
    out = [(0.0, 0.0)] * len(points)
    for group in groups:
        n = len(group)
        if n < 2:
            continue
        cx, cy = points[group[0]]
        cols = min(n, ROW)
        for k, i in enumerate(group):
            x, y = points[i]
            out[i] = (cx + (k % cols - (cols - 1) / 2) * step - x, cy + down * (0.6 + k // cols) * step - y)
    return out


class ParksLayer(PayloadElement, Layer):
    """The parks' markers, not clustered, each with its popup text, registered with the page's search.

    ``parks`` rows are ``[lat, lon, fill, name]`` (``name`` escaped); the
    popup of row ``i`` is the page text ``pk<i>.popup``.  At each zoom,
    symbols that would overlap are set in a row (:func:`fan_offsets`).
    """

    _payload_fields = ("parks",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this.map_name() }};
            var group = L.featureGroup();
            var parks = {{ this.refs.parks|tojson }};
            var d = {{ this.path|tojson }}, ink = {{ this.ink|tojson }}, px = {{ this.icon_px|tojson }}, ROW = {{ this.row|tojson }};
            function icon(p, dx, dy, size) {
                var html = '<svg width="' + size + '" height="' + size + '" viewBox="0 0 20 20" aria-hidden="true">'
                    + '<path d="' + d + '" fill="' + p[2] + '" stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round"/>'
                    + '<path d="' + d + '" fill="' + p[2] + '" stroke="' + ink + '" stroke-width="1.4" stroke-linejoin="round"/></svg>';
                var half = size / 2;
                return L.divIcon({html: html, className: 'tn-park', iconSize: [size, size],
                                  iconAnchor: [half - dx, half - dy], popupAnchor: [dx, dy - half + 2]});
            }
            var markers = parks.map(function (p, i) {
                var name = tnMap.unescape(p[3]);
                return L.marker([p[0], p[1]], {icon: icon(p, 0, 0, px), title: name, alt: name, zIndexOffset: 1000})
                    .bindPopup(function () { return tnMap.t(map, 'pk' + i + '.popup'); }, {maxWidth: 340})
                    .addTo(group);
            });
            // Parks whose symbols would overlap at this zoom (those placed in the same district, say)
            // are set in a row just below the first one's position: fan_offsets() in tn_map/render/parks.py.
            function layout() {
                // smaller symbols while the whole province is in view, full size closer in
                var z = map.getZoom(), size = z < 9.75 ? Math.round(px * 0.75) : px, step = size + 2;
                var pts = markers.map(function (mk) { return map.project(mk.getLatLng(), z); });
                var groups = pts.map(function (pt, i) { return [i]; });
                function box(g) {
                    var c = pts[g[0]], n = g.length, cols = Math.min(n, ROW), y = c.y + (n > 1 ? 0.6 * step : 0);
                    return [c.x - cols / 2 * step, y - step / 2, c.x + cols / 2 * step, y + (Math.ceil(n / cols) - 0.5) * step];
                }
                for (var merged = true; merged;) {
                    merged = false;
                    for (var a = 0; a < groups.length && !merged; a++) {
                        for (var b = a + 1; b < groups.length; b++) {
                            var p = box(groups[a]), q = box(groups[b]);
                            if (p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3]) {
                                groups[a] = groups[a].concat(groups.splice(b, 1)[0]);
                                merged = true;
                                break;
                            }
                        }
                    }
                }
                groups.forEach(function (members) {
                    var n = members.length, c = pts[members[0]], cols = Math.min(n, ROW);
                    members.forEach(function (i, k) {
                        var dx = n < 2 ? 0 : c.x + (k % cols - (cols - 1) / 2) * step - pts[i].x;
                        var dy = n < 2 ? 0 : c.y + (0.6 + Math.floor(k / cols)) * step - pts[i].y;
                        var key = size + ':' + Math.round(dx) + ',' + Math.round(dy);
                        if (markers[i]._tnFan !== key) { markers[i]._tnFan = key; markers[i].setIcon(icon(parks[i], dx, dy, size)); }
                    });
                });
            }
            map.on('zoomend', layout);
            layout();
            group._tnUnits = parks;
            group._tnKind = function () { return tnMap.t(map, 'txt.ui.park'); };
            tnMap.units(map, group, markers);
            return group;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, parks: list, show: bool = True) -> None:
        super().__init__(overlay=True, control=False, show=show)
        self._name = "ParksLayer"
        self.parks = parks
        self.path = _path_d()
        self.ink = PARK_INK
        self.icon_px = _ICON_PX
        self.row = ROW

    def map_name(self) -> str:
        return _map_name(self)


def park_popup_html(park: ParkEntry, model: MapModel) -> str:
    """A park's popup in the model's language: name, status, area and its source, place, zone, clusters, position, source."""
    lang = model.lang
    colour = next((z.colour for z in model.zones if z.key == park.zone), "#8c8c8c")
    swatch = f'<span class="tn-swatch" style="background:{escape(colour)}"></span>'
    rows = [(tr("park_status", lang), escape(park.status_text), "tn-park-status")]
    if park.area_text:
        rows.append((tr("area", lang), escape(park.area_text), "tn-park-area"))
    if park.sector:
        rows.append((tr("park_sector", lang), escape(park.sector), "tn-park-sector"))
    if park.place:
        rows.append((tr("park_place", lang), escape(park.place), "tn-park-place"))
    rows.append((tr("zone", lang), swatch + escape(park.zone_name), "tn-park-zone"))
    table = "".join(f'<tr><th>{escape(k)}</th><td class="{c}">{v}</td></tr>' for k, v, c in rows)
    parts = [f'<div class="tn-popup tn-park-popup"><h4>{escape(park.name)}</h4><table>{table}</table>']
    if park.clusters:
        parts.append(f'<p class="tn-h">{escape(tr("clusters", lang))}</p><p>{escape(park.clusters)}</p>')
    if park.placed:
        parts.append(f'<p class="tn-approx">{escape(park.placed)}</p>')
    if park.source:
        parts.append(f'<p class="tn-ref">{escape(tr("source", lang))}: {escape(park.source)}</p>')
    return "".join(parts) + "</div>"


def add_parks_layer(m: folium.Map, texts: PageTexts) -> tuple[Layer, str, bool]:
    """Add the model's parks to ``m``; return the layer, its name's text key and ``True`` (an overlay)."""
    model = next(iter(texts.models.values()))
    parks = model.parks.parks
    rows = []
    for i, park in enumerate(parks):
        texts.put(f"pk{i}.popup", {lang: park_popup_html(md.parks.parks[i], md) for lang, md in texts.models.items()})
        rows.append([park.lat, park.lon, park_fill(park.status), escape(park.name)])
    layer = ParksLayer(rows)
    layer.add_to(m)
    return layer, texts.add("layer.parks", lambda md: escape(md.parks.layer_name)), True


def parks_legend_html(model: MapModel) -> str:
    """The parks' part of the legend (``""`` without parks): each status's symbol and words, and the position note."""
    parks = model.parks
    if parks is None or not parks.parks:
        return ""
    items = "".join(
        f'<div class="tn-legend-item" data-park-status="{escape(key)}" style="margin:1px 0">'
        f'<span style="display:inline-block;width:18px;vertical-align:-4px;margin-right:4px">{park_svg(key, 16)}</span>'
        f"{escape(words)}</div>"
        for key, words in parks.statuses
    )
    # as narrow as the zones above it: a wider legend would leave the province less room
    return (
        f'<div class="tn-parks-legend" style="max-width:215px"><p class="tn-h">{escape(parks.legend_title)}</p>{items}'
        f'<div style="line-height:1.1"><small>{escape(parks.legend_note)}</small></div></div>'
    )
