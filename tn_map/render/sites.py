"""Investment sites on the map: a clustered marker layer that scales to 100,000 points.

Sites travel to the page as one compact array (coordinates plus a few
pre-escaped text fields and small integer codes); markers and popups are
built in the browser, popups only when opened.  Lookup tables (zone names,
clusters, verdicts) are sent once, not per site.
"""

from __future__ import annotations

from html import escape

import geopandas as gpd
import numpy as np
import pandas as pd
from folium.plugins import FastMarkerCluster
from folium.template import Template

from ..join.sites import FIT_NOT_PRIORITY, FIT_PRIORITY, FIT_UNKNOWN
from ..plan import Lang, Plan
from ..style import FIT_COLOURS, ZONE_COLOURS
from ..validate.sites import find_column, input_columns
from .labels import label
from .page import PayloadElement
from .panels import fmt_number

__all__ = ["SiteLayer", "site_layer", "sites_summary_html"]

_FITS = (FIT_PRIORITY, FIT_NOT_PRIORITY, FIT_UNKNOWN)
_FIT_LABEL_KEYS = {FIT_PRIORITY: "fit_priority", FIT_NOT_PRIORITY: "fit_not_priority", FIT_UNKNOWN: "fit_unknown"}
_OPTIONAL_FIELDS = ("sector", "district", "area_ha", "capital", "status")


class SiteLayer(PayloadElement, FastMarkerCluster):
    """Leaflet.markercluster layer fed from a compact array, with chunked loading.

    Each row of ``data`` is ``[lat, lon, zone, fit, approx, mismatch, f0, f1, …]``
    where ``zone``/``fit`` index the lookup tables and ``f*`` are
    pre-escaped text fields named by ``field_labels``.  ``data`` and
    ``lookup`` hold the user's text: they join the page after templating
    (see :mod:`tn_map.render.page`), never through a template.
    """

    _payload_fields = ("data", "lookup")

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var lookup = {{ this.refs.lookup|tojson }};
            var data = {{ this.refs.data|tojson }};
            var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
            // Neutral cluster discs: the default green/yellow/orange would read as zone colours.
            cluster.options.iconCreateFunction = function (c) {
                var n = c.getChildCount();
                var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
                return L.divIcon({html: '<div><span>' + n + '</span></div>',
                                  className: 'marker-cluster tn-cluster', iconSize: L.point(size, size)});
            };
            function popup(row) {
                var html = '<div class="tn-popup tn-site-popup"><h4>' + (row[6] || lookup.unnamed) + '</h4><table>';
                for (var j = 1; j < lookup.fields.length; j++) {
                    if (row[6 + j] !== '') {
                        html += '<tr><th>' + lookup.fields[j] + '</th><td>' + row[6 + j] + '</td></tr>';
                    }
                }
                html += '<tr><th>' + lookup.words.district + '</th><td>' + lookup.districts[row[2][1]] + '</td></tr>';
                html += '<tr><th>' + lookup.words.zone + '</th><td>' + lookup.zones[row[2][0]] + '</td></tr>';
                html += '<tr><th>' + lookup.words.fit + '</th><td class="tn-fit" data-fit="' + row[3] + '">' + lookup.fits[row[3]] + '</td></tr>';
                html += '</table><p class="tn-h">' + lookup.words.clusters + '</p><p>' + lookup.clusters[row[2][0]] + '</p>';
                if (row[4]) { html += '<p class="tn-approx">' + lookup.words.approx + '</p>'; }
                if (row[5]) { html += '<p class="tn-mismatch">' + lookup.words.mismatch + '</p>'; }
                return html + '</div>';
            }
            var markers = new Array(data.length);
            for (var i = 0; i < data.length; i++) {
                var row = data[i];
                var marker = L.circleMarker([row[0], row[1]], {
                    radius: row[4] ? 6 : 7, weight: 1.5, color: '#ffffff', fillOpacity: 0.95,
                    fillColor: lookup.colours[lookup.colourByZone ? row[2][0] : row[3]],
                    dashArray: row[4] ? '2 2' : null
                });
                marker._tnRow = row;
                markers[i] = marker;
            }
            cluster.options.chunkProgress = function (done, total) {
                // looked up here: the bar's control is added after this layer
                var bar = document.getElementById({{ this.progress_id|tojson }});
                if (!bar) { return; }
                bar.style.display = done < total ? 'block' : 'none';
                bar.setAttribute('data-state', done < total ? 'loading' : 'done');
                bar.firstChild.style.width = Math.round(100 * done / total) + '%';
            };
            // One popup for the whole layer, filled when a marker is clicked:
            // binding a popup to each of 100,000 markers costs seconds.
            cluster.on('click', function (e) {
                if (!e.layer._tnRow) { return; }
                L.popup({maxWidth: 320, autoPanPaddingTopLeft: [10, 90]}).setLatLng(e.layer.getLatLng())
                    .setContent(popup(e.layer._tnRow)).openOn({{ this._parent.get_name() }});
            });
            // On the map first, so that addLayers loads in chunks and the page
            // stays responsive while clusters appear.
            cluster.addTo({{ this._parent.get_name() }});
            cluster.addLayers(markers);
            return cluster;
        })();
        {% endmacro %}"""
    )

    def __init__(self, data: list, lookup: dict, name: str, progress_id: str, show: bool = True) -> None:
        super().__init__(
            [],
            name=name,
            show=show,
            chunkedLoading=True,
            chunkInterval=120,
            chunkDelay=20,
            showCoverageOnHover=False,
            spiderfyOnMaxZoom=True,
            disableClusteringAtZoom=17,
        )
        self._name = "SiteLayer"
        self.data = data
        self.lookup = lookup
        self.progress_id = progress_id


def _text(values: pd.Series) -> list[str]:
    """Escaped display text of a column (blank for missing)."""
    cleaned = values.astype("string").fillna("").str.strip()
    return [escape(v) for v in cleaned]


def site_layer(
    classified: gpd.GeoDataFrame,
    plan: Plan,
    lang: Lang,
    *,
    name: str,
    colour_by: str = "zone",
    progress_id: str = "tn-progress",
) -> SiteLayer:
    """The marker layer of one classified site list (located rows only).

    ``colour_by``: ``"zone"`` (zone colours) or ``"fit"`` (priority / not a
    priority / unknown).  Every user text is HTML-escaped here, before it is
    embedded; the page inserts it as HTML, so nothing in a file can become
    markup or script.
    """
    if colour_by not in ("zone", "fit"):
        raise ValueError(f"colour_by must be 'zone' or 'fit', not {colour_by!r}")
    located = classified[classified["status"] == "located"]
    columns = input_columns(classified)
    name_col = find_column(columns, "name")
    fields = [("name", name_col)] + [(f, find_column(columns, f)) for f in _OPTIONAL_FIELDS]
    fields = [(role, col) for role, col in fields if col is not None or role == "name"]
    field_labels = [escape(str(col)) if col else "" for _, col in fields]

    zones = [z.key for z in plan.zones]
    zone_index = {k: i for i, k in enumerate(zones)}
    district_names = sorted(set(located["located_district"]))
    district_index = {d: i for i, d in enumerate(district_names)}
    fit_index = {f: i for i, f in enumerate(_FITS)}

    lat = np.round(located.geometry.y.to_numpy(), 6)
    lon = np.round(located.geometry.x.to_numpy(), 6)
    texts = [_text(located[col]) if col else [""] * len(located) for _, col in fields]
    approx = (located["location_precision"] != "exact").to_numpy()
    mismatch = located["district_mismatch"].fillna(False).to_numpy(dtype=bool)
    zone_codes = [zone_index[z] for z in located["zone"]]
    district_codes = [district_index[d] for d in located["located_district"]]
    fit_codes = [fit_index[f] for f in located["fit"]]

    data = [
        [float(lat[i]), float(lon[i]), [zone_codes[i], district_codes[i]], fit_codes[i], int(approx[i]), int(mismatch[i])]
        + [t[i] for t in texts]
        for i in range(len(located))
    ]
    lookup = {
        "zones": [escape(plan.zone(k).name.get(lang)) for k in zones],
        "clusters": [escape("; ".join(c.name.get(lang) for c in plan.zone(k).clusters)) for k in zones],
        "districts": [escape(d) for d in district_names],
        "fits": [escape(label(_FIT_LABEL_KEYS[f], lang)) for f in _FITS],
        "fields": field_labels,
        "colourByZone": 1 if colour_by == "zone" else 0,
        "colours": [ZONE_COLOURS[k] for k in zones] if colour_by == "zone" else [FIT_COLOURS[f] for f in _FITS],
        "unnamed": escape(label("unnamed_site", lang)),
        "words": {
            "district": escape(label("district", lang)),
            "zone": escape(label("zone", lang)),
            "fit": escape(label("fit", lang)),
            "clusters": escape(label("clusters", lang)),
            "approx": escape(label("approximate", lang)),
            "mismatch": escape(label("mismatch", lang)),
        },
    }
    return SiteLayer(data, lookup, name=name, progress_id=progress_id)


def sites_summary_html(reports: list[dict], plan: Plan, lang: Lang) -> str:
    """Per-zone site summary for the plan panel (all lists together)."""
    if not reports:
        return ""
    rows = []
    for zone in plan.zones:
        count = sum(r["zones"][zone.key]["count"] for r in reports)
        area = sum(r["zones"][zone.key]["area_ha"] for r in reports)
        known = [(r["zones"][zone.key]["priority_share"], r["zones"][zone.key]["count"] - r["zones"][zone.key]["sector_unknown"])
                 for r in reports if r["zones"][zone.key]["priority_share"] is not None]
        weight = sum(n for _, n in known)
        share = f"{fmt_number(100 * sum(s * n for s, n in known) / weight, lang, 0)} %" if weight else "–"
        rows.append(
            f'<tr data-zone="{escape(zone.key)}"><td>{escape(zone.name.get(lang))}</td><td>{count}</td>'
            f"<td>{escape(fmt_number(area, lang, 0))}</td><td>{escape(share)}</td></tr>"
        )
    rejected = sum(r["rejected"] for r in reports)
    total = sum(r["rows_in"] for r in reports)
    head = "".join(f"<th>{escape(label(k, lang))}</th>" for k in ("zone", "sites", "area_ha", "priority_share"))
    return (
        f'<div class="tn-sites-summary"><p class="tn-h">{escape(label("sites_summary", lang))}</p>'
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p><small>{escape(label('rows_accounted', lang, total=str(total), rejected=str(rejected)))}</small></p></div>"
    )
