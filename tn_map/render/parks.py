"""The master plan's industrial parks on the Leaflet map: their own switchable layer.

Each park is a factory symbol (a saw-tooth roof and a chimney), filled by its
status in the plan — solid for established, grey for in earlier plans, white
for newly planned — so it reads apart from the site circles and in greyscale.
Markers are not clustered (there are 12); parks that share a point (those
placed inside the same district) are set in a row just below it, as the
model decided (:func:`tn_map.render.model.park_fan`), a few pixels apart.  Popups are texts of
:class:`~tn_map.render.client.PageTexts` (``pk<i>.popup``), one per
language, so a language switch changes an open popup too; the rows reach the
page as data after templating (:mod:`tn_map.render.page`).  The layer
registers with the page's search like the new units' layer (``tnMap.units``:
rows with the escaped name at index 3, ``_tnKind``, and its markers).

The symbol's outline and fills are decided in the model
(:mod:`.model`) and shared with the static renderer (:mod:`.static`), which
draws the same symbol for print.
"""

from __future__ import annotations

from html import escape
from typing import Any

import folium
from folium.map import Layer

from .client import PageTexts, _map_name
from .model import PARK_INK, PARK_OUTLINE, PARK_ROW, MapModel, ParkEntry, park_fill
from .page import ScriptLayer

__all__ = ["ParksLayer", "add_parks_layer", "parks_legend_html", "park_popup_html", "park_svg",
           "PARK_OUTLINE", "PARK_INK", "PARK_ROW", "park_fill"]

#: Icon size on the page, CSS pixels.
_ICON_PX = 20


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


class ParksLayer(ScriptLayer, Layer):
    """The parks' markers, not clustered, each with its popup text, registered with the page's search.

    ``parks`` rows are ``[lat, lon, fill, name, fan_group, fan_slot,
    share_group, share_slot]`` (``name`` escaped; the fan-outs as the model
    decided them, :class:`~tn_map.render.model.ParkEntry`); the popup of row ``i`` is the
    page text ``pk<i>.popup``.  Drawn by ``tnMap.parkLayer``.
    """

    def __init__(self, parks: list, show: bool = True) -> None:
        super().__init__(overlay=True, control=False, show=show)
        self._name = "ParksLayer"
        self.parks = parks

    def map_name(self) -> str:
        return _map_name(self)

    def op(self) -> tuple[str, list, Any]:
        return "parkLayer", [self.map_name()], {"parks": self.parks, "path": _path_d(), "ink": PARK_INK, "px": _ICON_PX}


def park_popup_html(park: ParkEntry, model: MapModel) -> str:
    """A park's popup in the model's language: name, status, area and its source, place, zone, clusters, position, source."""
    words = model.words
    colour = next((z.colour for z in model.zones if z.key == park.zone), "#8c8c8c")
    swatch = f'<span class="tn-swatch" style="background:{escape(colour)}"></span>'
    rows = [(words["park_status"], escape(park.status_text), "tn-park-status")]
    if park.area_text:
        rows.append((words["area"], escape(park.area_text), "tn-park-area"))
    if park.sector:
        rows.append((words["park_sector"], escape(park.sector), "tn-park-sector"))
    if park.place:
        rows.append((words["park_place"], escape(park.place), "tn-park-place"))
    rows.append((words["zone"], swatch + escape(park.zone_name), "tn-park-zone"))
    table = "".join(f'<tr><th>{escape(k)}</th><td class="{c}">{v}</td></tr>' for k, v, c in rows)
    parts = [f'<div class="tn-popup tn-park-popup"><h4>{escape(park.name)}</h4><table>{table}</table>']
    if park.clusters:
        parts.append(f'<p class="tn-h">{escape(words["clusters"])}</p><p>{escape(park.clusters)}</p>')
    if park.placed:
        parts.append(f'<p class="tn-approx">{escape(park.placed)}</p>')
    if park.source:
        parts.append(f'<p class="tn-ref">{escape(words["source"])}: {escape(park.source)}</p>')
    return "".join(parts) + "</div>"


def add_parks_layer(m: folium.Map, texts: PageTexts) -> tuple[Layer, str, bool]:
    """Add the model's parks to ``m``; return the layer, its name's text key and ``True`` (an overlay)."""
    model = next(iter(texts.models.values()))
    parks = model.parks.parks
    rows = []
    for i, park in enumerate(parks):
        texts.put(f"pk{i}.popup", {lang: park_popup_html(md.parks.parks[i], md) for lang, md in texts.models.items()})
        rows.append([park.lat, park.lon, park.fill, escape(park.name),
                     park.fan_group, list(park.fan_slot) if park.fan_slot is not None else None,
                     park.share_group, list(park.share_slot) if park.share_slot is not None else None])
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
