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

from ..i18n import tr
from ..join.sites import FITS
from ..style import OUTSIDE_ZONING_COLOUR
from .model import MapModel, SiteLayerModel
from .page import PayloadElement
from .panels import fmt_number

__all__ = ["SiteLayer", "site_layer", "sites_summary_html"]

#: Roles whose columns a site popup shows, after the name, in this order.
_POPUP_ROLES = ("investor", "sector", "address", "commune", "district", "area_ha", "capital", "status")


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


def site_layer(layer: SiteLayerModel, model: MapModel, *, name: str, progress_id: str = "tn-progress") -> SiteLayer:
    """The marker layer of one classified site list (located rows only).

    Every user text is HTML-escaped here and reaches the page as data after
    templating (:mod:`tn_map.render.page`); the page inserts it as HTML, so
    nothing in a file can become markup, script or template code.
    """
    sites = layer.sites
    located = sites.located
    roles = sites.roles
    fields = [("name", roles.name)] + [(role, getattr(roles, role)) for role in _POPUP_ROLES]
    seen: set[str] = set()
    kept = []
    for role, col in fields:  # each column once, the name always
        if role == "name" or (col is not None and col not in seen):
            kept.append((role, col))
            seen.add(col) if col else None
    field_labels = [escape(str(col)) if col else "" for _, col in kept]

    # a site's zone: one key, two keys ("south; west": a unit formed from two
    # zones) or none (former Bắc Kạn); each distinct value is one lookup entry
    zones = [z.key for z in model.zones] + sorted(set(located["zone"]) - {z.key for z in model.zones})
    zone_index = {k: i for i, k in enumerate(zones)}
    entry = {z.key: z for z in model.zones}

    def zone_words(value: str) -> tuple[str, str, str]:
        keys = [k for k in value.split("; ") if k in entry]
        if not keys:
            return tr("outside_zoning", model.lang), "", OUTSIDE_ZONING_COLOUR
        return ("; ".join(entry[k].name for k in keys), " | ".join("; ".join(entry[k].clusters) for k in keys),
                entry[keys[0]].colour)
    district_names = sorted(set(located["located_district"]))
    district_index = {d: i for i, d in enumerate(district_names)}
    fit_index = {f: i for i, f in enumerate(FITS)}

    lat = np.round(located.geometry.y.to_numpy(), 6)
    lon = np.round(located.geometry.x.to_numpy(), 6)
    texts = [_text(located[col]) if col else [""] * len(located) for _, col in kept]
    approx = (located["location_precision"] != "exact").to_numpy()
    mismatch = located["district_mismatch"].fillna(False).to_numpy(dtype=bool)
    zone_codes = [zone_index[z] for z in located["zone"]]
    district_codes = [district_index[d] for d in located["located_district"]]
    fit_index[""] = len(FITS)  # no zone, no verdict
    fit_codes = [fit_index[f] for f in located["fit"]]

    data = [
        [float(lat[i]), float(lon[i]), [zone_codes[i], district_codes[i]], fit_codes[i], int(approx[i]), int(mismatch[i])]
        + [t[i] for t in texts]
        for i in range(len(located))
    ]
    lang = model.lang
    by_zone = layer.colour_by == "zone"
    colours = {s.key: s.colour for s in model.site_symbols}
    words = [zone_words(z) for z in zones]
    lookup = {
        "zones": [escape(w[0]) for w in words],
        "clusters": [escape(w[1]) for w in words],
        "districts": [escape(d) for d in district_names],
        "fits": [escape(tr(f"fit.{f}", lang)) for f in FITS] + [escape(tr("outside_zoning", lang))],
        "fields": field_labels,
        "colourByZone": 1 if by_zone else 0,
        "colours": [w[2] for w in words] if by_zone else [colours.get(f, OUTSIDE_ZONING_COLOUR) for f in FITS] + [OUTSIDE_ZONING_COLOUR],
        "unnamed": escape(tr("unnamed_site", lang)),
        "words": {
            "district": escape(tr("district", lang)),
            "zone": escape(tr("zone", lang)),
            "fit": escape(tr("fit", lang)),
            "clusters": escape(tr("clusters", lang)),
            "approx": escape(tr("approximate", lang)),
            "mismatch": escape(tr("mismatch", lang)),
        },
    }
    return SiteLayer(data, lookup, name=name, progress_id=progress_id)


def sites_summary_html(model: MapModel) -> str:
    """Per-zone site summary for the plan panel (all lists together)."""
    if not model.sites:
        return ""
    lang = model.lang
    reports = [layer.sites.report for layer in model.sites]
    rows = []
    for zone in model.zones:
        summaries = [r.zones[zone.key] for r in reports]
        count = sum(z.count for z in summaries)
        area = sum(z.area_ha for z in summaries)
        known = [(z.priority_share, z.count - z.sector_unknown) for z in summaries if z.priority_share is not None]
        weight = sum(n for _, n in known)
        share = f"{fmt_number(100 * sum(s * n for s, n in known) / weight, lang, 0)} %" if weight else "–"
        rows.append(
            f'<tr data-zone="{escape(zone.key)}"><td>{escape(zone.name)}</td><td>{escape(fmt_number(count, lang, 0))}</td>'
            f"<td>{escape(fmt_number(area, lang, 0))}</td><td>{escape(share)}</td></tr>"
        )
    rejected = sum(r.rejected for r in reports)
    total = sum(r.rows_in for r in reports)
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("zone", "sites", "area_ha", "priority_share"))
    accounted = tr("rows_accounted", lang, total=fmt_number(total, lang, 0), rejected=fmt_number(rejected, lang, 0))
    return (
        f'<div class="tn-sites-summary"><p class="tn-h">{escape(tr("sites_summary", lang))}</p>'
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p><small>{escape(accounted)}</small></p></div>"
    )
