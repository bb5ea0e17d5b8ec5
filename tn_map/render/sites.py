"""Investment sites on the map: a clustered marker layer that scales to 100,000 points.

Sites travel to the page as compact columns (coordinates as whole
millionths of a degree, one small code per site for its zone, district,
verdict and flags, and the pre-escaped text fields, each distinct value of
a repeating column once); markers and popups are built in the browser,
popups only when opened.  Lookup tables (zone names, clusters, verdicts)
are sent once, not per site.
"""

from __future__ import annotations

from html import escape
from typing import Any

import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from folium.map import Layer

from ..i18n import fmt_area, fmt_share
from ..join.sites import FITS, merge_reports, zone_membership, zone_text
from ..style import OUTSIDE_ZONING_COLOUR
from .client import PageTexts, _map_name
from .model import MapModel
from .page import ScriptLayer
from .panels import fmt_number

# Leaflet.markercluster, the version the xstatic package ships (offline pages inline that copy).
_CLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.4.1"

__all__ = ["SiteLayer", "site_layer", "sites_summary_html"]

#: Roles whose columns a site popup shows, after the name, in this order.
_POPUP_ROLES = ("investor", "sector", "address", "commune", "district", "area_ha", "capital", "status")


class SiteLayer(JSCSSMixin, ScriptLayer, Layer):
    """Leaflet.markercluster layer fed from compact columns, with chunked loading.

    ``data`` holds one column per attribute, each a list with one entry per
    site (made by :func:`site_layer`): ``lat``/``lon`` in millionths of a
    degree from ``origin`` (EPSG:4326), ``kind`` indexing ``kinds`` rows
    ``[zone, district, fit, flags]`` (``flags``: 1 approximate, 2 district
    mismatch) and ``fields``, the pre-escaped text fields named by
    ``lookup.fields`` (the site name first): a list of texts, or
    ``{"values": [...], "codes": [...]}`` for a column whose values repeat.
    Words are in ``lookup.lang[<language>]``: popups are built, when opened,
    in the page's current language.  ``data`` and ``lookup`` hold the
    user's text: they join the page as data (see
    :mod:`tn_map.render.page`), never through a template or as code.  Drawn
    by ``tnMap.siteLayer``, which registers it with the page's search (site
    names) through ``tnMap.sites``.
    """

    default_js = [("markerclusterjs", f"{_CLUSTER}/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", f"{_CLUSTER}/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{_CLUSTER}/MarkerCluster.Default.css"),
    ]

    def __init__(self, data: dict, lookup: dict, progress_id: str, show: bool = True) -> None:
        super().__init__(overlay=True, control=False, show=show)
        self._name = "SiteLayer"
        # Leaflet.markercluster's options
        self.options = {
            "chunkedLoading": True,
            "chunkInterval": 120,
            "chunkDelay": 20,
            "showCoverageOnHover": False,
            "spiderfyOnMaxZoom": True,
            "disableClusteringAtZoom": 17,
        }
        self.data = data
        self.lookup = lookup
        self.progress_id = progress_id

    def map_name(self) -> str:
        return _map_name(self)

    def op(self) -> tuple[str, list, Any]:
        return "siteLayer", [self.map_name()], {"data": self.data, "lookup": self.lookup, "options": self.options,
                                                "progress": self.progress_id}

    def __len__(self) -> int:
        return len(self.data["lat"])

    def site(self, i: int) -> dict:
        """Site ``i`` as its popup shows it: ``lat``/``lon`` (degrees), ``zone``/``district``/``fit``
        codes, ``approx``/``mismatch`` flags and ``fields`` (escaped texts, in ``lookup.fields`` order)."""
        data = self.data
        zone, district, fit, flags, _symbol = data["kinds"][data["kind"][i]]
        fields = [c["values"][c["codes"][i]] if isinstance(c, dict) else c[i] for c in data["fields"]]
        return {
            "lat": (data["origin"][0] + data["lat"][i]) / 1e6, "lon": (data["origin"][1] + data["lon"][i]) / 1e6,
            "zone": zone, "district": district, "fit": fit, "approx": bool(flags & 1), "mismatch": bool(flags & 2),
            "fields": fields,
        }


def _escaped(values: pd.Series) -> tuple[list[str], np.ndarray]:
    """The distinct escaped display texts of a column (blank for missing) and each row's index into them.

    Each distinct cell is converted, stripped and escaped once.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    shown = _escape_all([str(v).strip() for v in uniques.tolist()])
    if len(codes) and codes.min() < 0:  # missing cells show blank
        shown.append("")
        codes = np.where(codes < 0, len(shown) - 1, codes)
    merged, index = pd.factorize(np.asarray(shown, dtype=object), sort=False)  # "a " and "a" are one text
    return list(index), merged[codes] if len(shown) else codes


def _escape_all(texts: list[str]) -> list[str]:
    """:func:`html.escape` of each text, done on all of them at once (one pass per character to replace)."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    parts = escape(joined).split("\x00")
    if len(parts) != len(texts):  # a text holds the separator itself
        return [escape(t) for t in texts]
    return parts


def _codes(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Each value's index in ``categories`` (-1 for a value not in them), reading each distinct value once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    where = {c: i for i, c in enumerate(categories)}
    table = np.array([where.get(u, -1) for u in uniques.tolist()] + [-1], dtype=np.int64)
    return table[codes]  # code -1 (missing) takes the last entry


def _text_column(values: pd.Series) -> list[str] | dict:
    """A text column for the page: each row's text, or the distinct texts and codes when they repeat."""
    uniques, codes = _escaped(values)
    if 2 * len(uniques) <= len(codes):
        return {"values": uniques, "codes": codes.tolist()}
    return [uniques[c] for c in codes.tolist()]


def _micro_degrees(values: np.ndarray) -> tuple[int, list[int]]:
    """Degrees as whole millionths (about 0.1 m): the smallest, and each value's offset from it."""
    micro = np.rint(values * 1e6).astype(np.int64)
    origin = int(micro.min()) if len(micro) else 0
    return origin, (micro - origin).tolist()


def site_layer(index: int, texts: PageTexts, *, progress_id: str = "tn-progress") -> SiteLayer:
    """The marker layer of the model's site list ``index`` (located rows only), in every page language.

    Every user text is HTML-escaped here and reaches the page as data after
    templating (:mod:`tn_map.render.page`); the page inserts it as HTML, so
    nothing in a file can become markup, script or template code.
    """
    models = texts.models
    model = next(iter(models.values()))
    layer = model.sites[index]
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
    zone_keys = {zone_text(k): k for k in zone_membership(located).keys}  # each value's keys, from the membership
    zones = [z.key for z in model.zones] + sorted(set(zone_keys) - {z.key for z in model.zones})
    district_names = sorted(pd.unique(located["located_district"]).tolist())

    n = len(located)
    lat0, lat = _micro_degrees(located.geometry.y.to_numpy())
    lon0, lon = _micro_degrees(located.geometry.x.to_numpy())
    flags = (located["location_precision"] != "exact").to_numpy(dtype=bool).astype(np.int64)
    flags |= 2 * located["district_mismatch"].fillna(False).to_numpy(dtype=bool).astype(np.int64)
    # the few distinct (zone, district, fit, flags) combinations, one code per site
    zone = _codes(located["zone"], zones)
    district = _codes(located["located_district"], district_names)
    fit = _codes(located["fit"], [*FITS, ""])  # "": no zone, no verdict
    if n and min(zone.min(), district.min(), fit.min()) < 0:
        raise ValueError("site_layer: a located site without its zone, district or fit")
    # each site's symbol as the model decided it (the print map draws the same one)
    symbol_keys = sorted(set(layer.symbol_keys.tolist()))
    symbol = _codes(pd.Series(layer.symbol_keys, dtype=object), symbol_keys)
    d, f, y = len(district_names), len(FITS) + 1, max(len(symbol_keys), 1)
    combined = (((zone * d + district) * f + fit) * y + symbol) * 4 + flags
    present = np.flatnonzero(np.bincount(combined)) if n else np.zeros(0, dtype=np.int64)
    renumber = np.zeros(int(present[-1]) + 1 if n else 0, dtype=np.int64)
    renumber[present] = np.arange(len(present))
    kind = renumber[combined]
    kinds = [[c // 4 // y // f // d, c // 4 // y // f % d, c // 4 // y % f, c % 4, c // 4 % y] for c in present.tolist()]
    data = {
        "origin": [lat0, lon0],
        "lat": lat,
        "lon": lon,
        "kinds": kinds,
        "kind": kind.reshape(-1).tolist(),
        "fields": [_text_column(located[col]) if col else [""] * n for _, col in kept],
    }
    colours = {s.key: s.colour for s in model.site_symbols}
    lookup = {
        "districts": [escape(d) for d in district_names],
        "fields": field_labels,
        "colours": [colours.get(k, OUTSIDE_ZONING_COLOUR) for k in symbol_keys],
        "lang": {lang: _words(md, [zone_keys.get(z, (z,)) for z in zones]) for lang, md in models.items()},
    }
    return SiteLayer(data, lookup, progress_id=progress_id)


def _zone_entry(model: MapModel, zone_keys: tuple[str, ...]) -> tuple[str, str]:
    """Name and clusters of a site's zones: one key, two (a unit formed from two zones), or none (former Bắc Kạn).

    Its colour is the symbol's (:attr:`~tn_map.render.model.SiteLayerModel.symbol_keys`), not chosen here.
    """
    entry = {z.key: z for z in model.zones}
    keys = [k for k in zone_keys if k in entry]
    if not keys:
        return model.words["outside_zoning"], ""
    return "; ".join(entry[k].name for k in keys), " | ".join("; ".join(entry[k].clusters) for k in keys)


def _words(model: MapModel, zones: list[tuple[str, ...]]) -> dict:
    """A site popup's words in the model's language (escaped); ``zones``: the keys of each of the layer's zone values."""
    words = model.words
    entries = [_zone_entry(model, z) for z in zones]
    return {
        "zones": [escape(e[0]) for e in entries],
        "clusters": [escape(e[1]) for e in entries],
        "fits": [escape(words[f"fit.{f}"]) for f in FITS] + [escape(words["outside_zoning"])],
        "unnamed": escape(words["unnamed_site"]),
        "words": {
            "district": escape(words["district"]),
            "zone": escape(words["zone"]),
            "fit": escape(words["fit"]),
            "clusters": escape(words["clusters"]),
            "approx": escape(words["approximate"]),
            "mismatch": escape(words["mismatch"]),
        },
    }


def sites_summary_html(model: MapModel) -> str:
    """Per-zone site summary for the plan panel (all lists together)."""
    if not model.sites:
        return ""
    lang, words = model.lang, model.words
    reports = [layer.sites.report for layer in model.sites]
    merged = merge_reports(reports)  # the reports' own figures added over the lists: the brief's and the CLI's
    rows = []
    for zone in model.zones:
        z = merged.zones[zone.key]
        rows.append(
            f'<tr data-zone="{escape(zone.key)}"><td>{escape(zone.name)}</td><td>{escape(fmt_number(z.count, lang, 0))}</td>'
            f"<td>{escape(fmt_area(z.area, lang))}</td><td>{escape(fmt_share(z.priority, z.known, lang))}</td></tr>"
        )
    rejected = sum(r.rejected for r in reports)
    total = sum(r.rows_in for r in reports)
    head = "".join(f"<th>{escape(words[k])}</th>" for k in ("zone", "sites", "area_ha", "priority_share"))
    accounted = words.format("rows_accounted", total=fmt_number(total, lang, 0), rejected=fmt_number(rejected, lang, 0))
    if merged.several_zones:  # why the zones' counts add up to more than the sites
        accounted += ". " + words.format("several_zones", n=fmt_number(merged.several_zones, lang, 0),
                                         places=", ".join(merged.several_zones_places))
    return (
        f'<div class="tn-sites-summary"><p class="tn-h">{escape(words["sites_summary"])}</p>'
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p><small>{escape(accounted)}</small></p></div>"
    )
