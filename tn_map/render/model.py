"""One map model, decided once, drawn by two renderers (Leaflet and static).

Everything a reader sees — title, legend entries, the linked-space outline,
context labels, the site symbols and their vocabulary — is decided here from
:data:`tn_map.PLAN` and the joined data, in the reader's language.  The
Leaflet renderer (:mod:`.leaflet`) and the static renderer (:mod:`.static`)
only draw it, so the page and the printed map cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from ..i18n import WORDS, Lang, check_lang, tr
from ..join.sites import FITS, ClassifiedSites, zone_membership
from ..plan import PLAN, Plan
from ..reform import REFORM_SOURCE, SUCCESSORS, today_name
from ..style import FIT_COLOURS, OUTSIDE_ZONING_COLOUR, ZONE_COLOURS

__all__ = [
    "MapWords",
    "ZoneEntry",
    "SymbolEntry",
    "LinkedSpace",
    "SiteLayerModel",
    "NewUnitsModel",
    "ParkEntry",
    "ParksModel",
    "MapModel",
    "build_model",
    "COLOUR_SITES_BY",
    "PARK_OUTLINE",
    "PARK_INK",
    "PARK_ROW",
    "PARK_GROUP_M",
    "PARK_SHARED_M",
    "park_fill",
    "park_fan",
]

#: What site markers can be coloured by.
COLOUR_SITES_BY = ("zone", "fit")

#: The park symbol's outline in a 20 × 20 box (SVG units, y down): a factory with a saw-tooth roof and a chimney.
PARK_OUTLINE: tuple[tuple[float, float], ...] = (
    (2.0, 18.0), (2.0, 9.5), (6.5, 6.0), (6.5, 9.5), (11.0, 6.0), (11.0, 9.5), (13.5, 9.5), (13.5, 2.0),
    (17.5, 2.0), (17.5, 18.0),
)
#: The park symbol's outline colour.
PARK_INK = "#1a1a1a"
#: Park symbol fill by status in the plan: black, grey, white (distinct in greyscale print too).
_PARK_FILLS = {"established": PARK_INK, "in earlier plans": "#8c8c8c", "new": "#ffffff"}
#: Parks sharing a point are set at most this many side by side; more wrap to the next row.
PARK_ROW = 5
#: Parks closer than this (metres, geodesic on WGS 84; single linkage) are fanned out together where the
#: whole province is in view: their symbols overlap there (a 17-px step is about 5 km at zoom 9).
PARK_GROUP_M = 5000.0
#: Parks closer than this (metres) share one point (placed in the same district or commune):
#: fanned out at any scale.
PARK_SHARED_M = 50.0


def park_fill(status: str) -> str:
    """The park symbol's fill for a status key (white for a status the plan does not use)."""
    return _PARK_FILLS.get(status, "#ffffff")


def park_fan(points: list[tuple[float, float]], tolerance: float = PARK_GROUP_M) -> list[tuple[int, tuple[float, float] | None]]:
    """Each park's fan-out: the group it is drawn with and its place in the group's row.

    ``points`` are ``(lon, lat)`` in EPSG:4326 degrees.  Parks within
    ``tolerance`` metres of each other (geodesic, on the WGS 84 ellipsoid;
    single linkage) form a group, whose
    symbols would hide one another at the province's scale (parks placed
    in the same district share one point at any scale).  Returns, per park, ``(group, slot)``: ``group`` the index of the
    group's first park (its point is the group's anchor), ``slot`` the
    symbol's place in symbol widths from the anchor — ``x`` to the right,
    ``y`` downwards (screen order): rows of up to :data:`PARK_ROW`, centred
    under the anchor, the first 0.6 widths below it, as the district name
    sits just above the point its parks share — or ``None`` for a park
    alone (drawn at its own point).  Deterministic: input order.  The model
    decides two fan-outs: parks near each other at the province's scale
    (:data:`PARK_GROUP_M`) and parks sharing a point (:data:`PARK_SHARED_M`).
    The page draws the first while a group fits in two symbols' widths
    and the second closer in (``tnMap.parkShifts``).  The print map does
    not use them yet: it fans parks out together with the sites, at its
    own scale (:func:`tn_map.render.static._fan_out`).
    """
    from pyproj import Geod

    group = list(range(len(points)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    lon, lat = np.asarray(points, dtype=float).reshape(-1, 2).T
    pair_a, pair_b = np.triu_indices(len(points), k=1)  # every pair once, in input order
    distance = Geod(ellps="WGS84").inv(lon[pair_a], lat[pair_a], lon[pair_b], lat[pair_b])[2]
    for a, b, d in zip(pair_a.tolist(), pair_b.tolist(), np.asarray(distance).tolist()):
        if d <= tolerance:
            ra, rb = root(a), root(b)
            if ra != rb:
                group[max(ra, rb)] = min(ra, rb)  # the first park's index names the group
    members: dict[int, list[int]] = {}
    for i in range(len(points)):
        members.setdefault(root(i), []).append(i)
    out: list[tuple[int, tuple[float, float] | None]] = [(i, None) for i in range(len(points))]
    for first, group_members in members.items():
        n = len(group_members)
        if n < 2:
            continue
        cols = min(n, PARK_ROW)
        for k, i in enumerate(group_members):
            out[i] = (first, (k % cols - (cols - 1) / 2, 0.6 + k // cols))
    return out


class MapWords(Mapping[str, str]):
    """Every word a map shows, resolved in one language: the renderers' vocabulary, by key.

    Made by the model (:func:`build_model`), so that the renderers choose
    no language: they read ``words[key]``, or ``words.format(key, **values)``
    for words with ``{placeholders}``.  The keys are those of
    :data:`tn_map.i18n.WORDS`.
    """

    def __init__(self, lang: Lang) -> None:
        self.lang = check_lang(lang)
        self._table = {key: tr(key, lang) for key in WORDS}

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def format(self, key: str, **values: object) -> str:
        """The words for ``key`` with their ``{placeholders}`` filled from ``values``."""
        return self._table[key].format(**values)


@cache
def _words(lang: Lang) -> MapWords:
    return MapWords(lang)


@dataclass(frozen=True)
class ZoneEntry:
    """A zone as the legend and popups show it (texts in the model's language)."""

    key: str
    name: str
    colour: str
    districts: tuple[str, ...]
    clusters: tuple[str, ...]
    orientation: str


@dataclass(frozen=True)
class SymbolEntry:
    """A site symbol of the legend: ``key`` (zone or fit key), its words and colour."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class LinkedSpace:
    """A space a zone is tied to (the interregional high-tech space).

    ``outline`` is the union of the linked zones' districts (EPSG:4326, full
    resolution); ``partners`` the provinces of the space shown for context.
    """

    zone_keys: tuple[str, ...]
    name: str
    layer_name: str
    outline_label: str
    outline: shapely.Geometry
    partners: gpd.GeoDataFrame


@dataclass(frozen=True)
class SiteLayerModel:
    """One site list on the map: its layer name, located rows and what colours them.

    ``numbers``: each located row's number (``sites.located`` order), counted
    on from the layer before: the print map labels each symbol with it and
    the brief's site table lists it, so the two cannot disagree.
    """

    name: str
    sites: ClassifiedSites
    colour_by: str
    numbers: tuple[int, ...] = ()

    @cached_property
    def symbol_keys(self) -> np.ndarray:
        """Each located row's symbol, decided once for every renderer: the key of the legend entry
        (:attr:`MapModel.site_symbols`) it is drawn with.

        Coloured by zone, the site's zone (its first, for a unit formed from two
        zones); by fit, its verdict; ``""`` for a site in no zone (former Bắc
        Kạn), drawn in the neutral colour whatever the colouring.
        """
        located = self.sites.located
        membership = zone_membership(located)  # each distinct set of zones decided once, indexed by code
        first = np.array([keys[0] if keys else "" for keys in membership.keys] + [""], dtype=object)[membership.codes]
        if self.colour_by != "fit":
            return first
        fit = located["fit"].astype(object).to_numpy()
        return np.where(first != "", fit, "").astype(object)

    @cached_property
    def hollow(self) -> np.ndarray:
        """Each located row drawn hollow (True: its position is approximate) or solid."""
        return (self.sites.located["location_precision"].astype(str) != "exact").to_numpy(dtype=bool)


@dataclass(frozen=True)
class NewUnitsModel:
    """Today's communes and wards (since 1 July 2025) and former Bắc Kạn.

    ``units``: one row per new unit with ``name``, ``kind`` (words),
    ``zones`` (keys, a tuple: two for a unit formed from two zones, none
    for former Bắc Kạn), ``old_communes`` and ``old_districts`` (words),
    ``former_bac_kan`` and ``lon``/``lat`` (EPSG:4326, the unit's point: for the
    bundled plan, its label point inside its polygon, from ``units_web.json``).
    ``bac_kan``: former Bắc Kạn's outline (EPSG:4326) with its ``label``;
    ``outlines``: the 92 units' polygons (EPSG:4326, ``name``,
    ``former_bac_kan``).  Both are for the print map, which draws them; each
    is read when first asked for (the page draws both from its own topology).
    """

    layer_name: str
    units: list[dict]
    bac_kan_layer_name: str
    bac_kan_label: str
    source: str

    @cached_property
    def bac_kan(self) -> gpd.GeoDataFrame:
        """Former Bắc Kạn's outline (EPSG:4326) with its ``label``."""
        return _former_bac_kan().copy()

    @cached_property
    def outlines(self) -> gpd.GeoDataFrame:
        """The units' polygons (EPSG:4326) with ``code``, ``name`` and ``former_bac_kan``."""
        return _unit_outlines()


@dataclass(frozen=True)
class ParkEntry:
    """One park of the master plan as its popup and symbol show it (texts in the model's language).

    ``status``: the plan's status as the file writes it (``established``,
    ``in earlier plans``, ``new``), ``status_text`` its words; ``area_text``
    the area in hectares in the language's number form with its source and
    year (``""`` when the file gives none); ``place``: the district(s) and
    commune(s) the file states (pre-2025 units); ``placed``: how the
    position was found (approximate); ``lon``/``lat``: EPSG:4326 degrees.
    ``fill``: the symbol's fill (by status, :func:`park_fill`); ``fan_group``
    and ``fan_slot``: how it is set apart from parks near it at the
    province's scale (:func:`park_fan` with :data:`PARK_GROUP_M`);
    ``share_group`` and ``share_slot``: from parks sharing its point, at any
    scale (:data:`PARK_SHARED_M`).
    """

    name: str
    status: str
    status_text: str
    sector: str
    area_text: str
    place: str
    zone: str
    zone_name: str
    clusters: str
    placed: str
    source: str
    lon: float
    lat: float
    fill: str = "#ffffff"
    fan_group: int = 0
    fan_slot: tuple[float, float] | None = None
    share_group: int = 0
    share_slot: tuple[float, float] | None = None


@dataclass(frozen=True)
class ParksModel:
    """The master plan's industrial parks (``data/master_plan_parks.csv``): their own layer, not a site list.

    ``statuses``: each status key with its words, in the plan's order (the
    legend's entries); ``legend_title``/``legend_note``: the legend's words.
    """

    layer_name: str
    legend_title: str
    legend_note: str
    statuses: tuple[tuple[str, str], ...]
    parks: tuple[ParkEntry, ...]


@dataclass(frozen=True)
class MapModel:
    """Everything the renderers draw, in one language.

    ``districts``: joined districts (EPSG:4326, full resolution) with
    ``title`` (display name with unit type) and ``unit_type_text`` added;
    ``neighbours``: other provinces with ``name`` (EPSG:4326) or ``None``.
    """

    lang: Lang
    plan: Plan
    title: str
    subtitle: str
    districts: gpd.GeoDataFrame
    zones: tuple[ZoneEntry, ...]
    linked: tuple[LinkedSpace, ...]
    neighbours: gpd.GeoDataFrame | None
    sites: tuple[SiteLayerModel, ...]
    site_symbols: tuple[SymbolEntry, ...]
    attributions: tuple[str, ...]
    crs_note: str
    new_units: NewUnitsModel | None = None
    #: The master plan's industrial parks, drawn as their own layer (``None``: not on this map).
    parks: ParksModel | None = None
    #: Every word the map shows, in ``lang`` (``None``: resolved from ``lang`` when the model is made).
    words: MapWords | None = field(default=None, repr=False, compare=False)
    #: What the model was built from (:func:`build_model`'s arguments but ``lang``), so that
    #: :meth:`in_lang` can decide the same map in another language; ``None`` for a model made by hand.
    inputs: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.words is None:
            object.__setattr__(self, "words", _words(self.lang))

    def zone(self, key: str) -> ZoneEntry:
        """The zone entry with ``key``."""
        return next(z for z in self.zones if z.key == key)

    def in_lang(self, lang: Lang) -> MapModel:
        """The same map decided in ``lang`` (this model if it is in ``lang`` already).

        Raises :class:`ValueError` for a model not made by :func:`build_model`.
        """
        check_lang(lang)
        if lang == self.lang:
            return self
        if self.inputs is None:
            raise ValueError("this MapModel was not made by build_model(); build it in each language instead")
        return build_model(**self.inputs, lang=lang)


def _district_titles(districts: gpd.GeoDataFrame, plan: Plan, lang: Lang) -> gpd.GeoDataFrame:
    out = districts.copy()
    units = [plan.district(k) for k in out["district_key"]]
    # English readers still get the proper Vietnamese name: "Đại Từ District".
    out["title"] = [d.title(lang) for d in units]
    out["unit_type_text"] = [d.unit_type.get(lang).capitalize() for d in units]
    return out


def build_model(
    districts: gpd.GeoDataFrame,
    *,
    context: gpd.GeoDataFrame | None = None,
    sites: list[ClassifiedSites] | tuple[ClassifiedSites, ...] = (),
    site_names: list[str] | tuple[str, ...] | None = None,
    colour_sites_by: str = "zone",
    plan: Plan = PLAN,
    lang: Lang = "vi",
    reform: bool = True,
    parks: ClassifiedSites | None = None,
) -> MapModel:
    """Decide what the map shows.

    Parameters
    ----------
    districts
        Joined districts (:func:`tn_map.join.join_zones`, EPSG:4326).
    context
        Province outlines with ``role`` (``subject``/``hightech``/``neighbour``)
        and ``name`` (EPSG:4326), or ``None`` for no context.
    sites
        Classified site lists, one layer each; ``site_names`` names the
        layers (default: each list's file name).
    colour_sites_by
        ``"zone"`` or ``"fit"``.
    reform
        Show today's province: former Bắc Kạn and the 92 communes and wards
        since 1 July 2025 (from the ``vietnamadminunits`` crosswalk), and
        neighbours with today's names.
    parks
        The master plan's industrial parks, classified like a site list
        (:func:`tn_map.load.read_parks`), drawn as their own layer with
        their own symbol; not counted among the sites.  ``None``: no parks.
    """
    check_lang(lang)
    if colour_sites_by not in COLOUR_SITES_BY:
        from .._errors import ParameterError

        raise ParameterError.of("colour_by", param="colour_sites_by", value=colour_sites_by)
    zones = tuple(
        ZoneEntry(
            key=z.key,
            name=z.name.get(lang),
            colour=ZONE_COLOURS[z.key],
            districts=tuple(districts.loc[districts["zone"] == z.key, "name"]),
            clusters=tuple(c.name.get(lang) for c in z.clusters),
            orientation=z.orientation.get(lang),
        )
        for z in plan.zones
    )
    linked: list[LinkedSpace] = []
    neighbours = None
    if context is not None:
        neighbours = context[context["role"] == "neighbour"].copy()
        if reform:
            # Bắc Kạn is part of the province now: drawn as such, not as a neighbour
            neighbours = neighbours[~neighbours["name"].isin([old for old, new in SUCCESSORS.items() if new == "Thái Nguyên"])]
            neighbours["name"] = [today_name(n, lang) for n in neighbours["name"]]
        spaces: dict[str, list] = {}
        for z in plan.zones:
            if z.linked_space is not None:
                spaces.setdefault(z.linked_space.get(lang), []).append(z)
        for space, members in spaces.items():
            keys = tuple(z.key for z in members)
            union = shapely.coverage_union_all(districts.loc[districts["zone"].isin(keys)].geometry.values)
            zone_names = ", ".join(z.name.get(lang) for z in members)
            partners = context[context["role"] == "hightech"].copy()
            if reform:
                partners["name"] = [today_name(n, lang) for n in partners["name"]]
            linked.append(
                LinkedSpace(
                    zone_keys=keys,
                    name=space,
                    layer_name=tr("layer_linked_space", lang),
                    outline_label=f"{tr('linked_to', lang, zone=zone_names)} {space}",
                    outline=union,
                    partners=partners,
                )
            )
    names = list(site_names) if site_names is not None else [_file_name(s.source) for s in sites]
    layers, first = [], 1
    for s, name in zip(sites, names):
        count = len(s.located)
        layers.append(SiteLayerModel(name=tr("layer_sites", lang, name=name), sites=s, colour_by=colour_sites_by,
                                     numbers=tuple(range(first, first + count))))
        first += count
    layers = tuple(layers)
    if not sites:
        symbols: tuple[SymbolEntry, ...] = ()
    elif colour_sites_by == "fit":
        symbols = tuple(SymbolEntry(f, tr(f"fit.{f}", lang), FIT_COLOURS[f]) for f in FITS)
    else:
        symbols = tuple(SymbolEntry(z.key, z.name, z.colour) for z in zones)
    return MapModel(
        inputs=dict(
            districts=districts, context=context, sites=tuple(sites), site_names=site_names,
            colour_sites_by=colour_sites_by, plan=plan, reform=reform, parks=parks,
        ),
        parks=_parks(parks, zones, lang) if parks is not None else None,
        new_units=_new_units(plan, lang) if reform else None,
        lang=lang,
        plan=plan,
        title=tr("title", lang),
        subtitle=f"{tr('subtitle', lang, number=plan.decision.number)} · {tr('pre2025_note', lang)}",
        districts=_district_titles(districts, plan, lang),
        zones=zones,
        linked=tuple(linked),
        neighbours=neighbours,
        sites=layers,
        site_symbols=symbols,
        attributions=(tr("boundaries_attr", lang), tr("plan_attr", lang, number=plan.decision.number)),
        crs_note=tr("scale_crs", lang),
    )


def _file_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


@cache
def _former_bac_kan() -> gpd.GeoDataFrame:
    """The bundled outline, read once per process (a page decides its map in each language)."""
    from ..load import read_former_bac_kan

    return read_former_bac_kan()


def unit_rows(plan: Plan = PLAN) -> list[dict]:
    """The new units as the map shows them, in every language: one row per unit of the 2025 crosswalk.

    Each row: ``name``, ``unit_type`` (``"commune"``/``"ward"``), ``zones``
    (keys of ``plan``), ``old_communes`` and ``old_districts`` (names, as the
    popups list them), ``former_bac_kan`` and ``point`` (``[lon, lat]``,
    EPSG:4326 degrees, or ``None``).  Follows the crosswalk
    (:func:`tn_map.locate.crosswalk.build_crosswalk`).
    """
    from ..locate.crosswalk import build_crosswalk

    return [
        {
            "name": origin.unit.name,
            "unit_type": "ward" if origin.unit.unit_type == "ward" else "commune",
            "zones": list(origin.zones),
            "old_communes": ", ".join(f"{c.name} ({c.district})" for c in origin.old_communes),
            "old_districts": ", ".join(d.name for d in origin.old_districts),
            "former_bac_kan": origin.former_bac_kan,
            "point": list(origin.unit.point) if origin.unit.point else None,
        }
        for origin in build_crosswalk(plan).units
    ]


@cache
def _unit_rows(plan: Plan) -> tuple[dict, ...]:
    """:func:`unit_rows`; for :data:`PLAN` from the bundled ``units_web.json`` (no crosswalk to build).

    There, ``point`` is the unit's label point, well inside its polygon.
    """
    if plan is PLAN:
        import json

        from .._resources import data_path

        try:
            rows = json.loads(data_path("units_web.json").read_text(encoding="utf-8"))["units"]
        except FileNotFoundError:
            rows = None
        if rows is not None:
            return tuple(
                {
                    "name": r["name"],
                    "unit_type": r["unit_type"],
                    "zones": list(r["zones"]),
                    "old_communes": ", ".join(r["old_communes"]),
                    "old_districts": ", ".join(r["old_districts"]),
                    "former_bac_kan": r["former_bac_kan"],
                    "point": [r["label"][1], r["label"][0]],
                }
                for r in rows
            )
    return tuple(unit_rows(plan))


def _new_units(plan: Plan, lang: Lang) -> NewUnitsModel:
    units = [
        {
            "name": row["name"],
            "kind": tr(row["unit_type"], lang),
            "zones": tuple(row["zones"]),
            "old_communes": row["old_communes"],
            "old_districts": row["old_districts"],
            "former_bac_kan": row["former_bac_kan"],
            "lon": row["point"][0] if row["point"] else None,
            "lat": row["point"][1] if row["point"] else None,
        }
        for row in _unit_rows(plan)
    ]
    return NewUnitsModel(
        layer_name=tr("layer_new_units", lang),
        units=units,
        bac_kan_layer_name=tr("layer_former_bac_kan", lang),
        bac_kan_label=tr("former_bac_kan_label", lang),
        source=REFORM_SOURCE.get(lang),
    )


def _unit_outlines() -> gpd.GeoDataFrame:
    """The bundled units' polygons with their name and former-Bắc-Kạn flag (a copy of the once-read layer)."""
    from ..load import read_units

    return read_units()[["code", "name", "former_bac_kan", "geometry"]]


def _parks(parks: ClassifiedSites, zones: tuple[ZoneEntry, ...], lang: Lang) -> ParksModel:
    """The parks' layer in ``lang``: every located park with its words (rejected rows are not drawn)."""
    from ..i18n import fmt_number
    from ..load.parks import PARK_STATUSES, PARKS_DECISION
    from ..locate.coordinates import parse_numbers

    roles = parks.roles
    by_key = {z.key: z for z in zones}

    def cell(row, column: str | None) -> str:
        if column is None:
            return ""
        value = row.get(column)
        return "" if value is None or value != value else str(value).strip()

    def text(row, column: str) -> str:
        """A text column in the model's language: ``<column>_en`` holds the English where the file has one."""
        translated = f"{column}_{lang}"
        if lang != "vi" and translated in row.index and cell(row, translated):
            return cell(row, translated)
        return cell(row, column) if column in row.index else ""

    def status_words(status: str) -> str:
        key = f"park_status.{status}"
        return tr(key, lang) if status in PARK_STATUSES else status

    located = parks.located
    areas = parse_numbers(located[roles.area_ha])[0] if roles.area_ha else [float("nan")] * len(located)
    entries = []
    for (_, row), area, row_zones in zip(located.iterrows(), areas, zone_membership(located).per_row()):
        status = cell(row, roles.status)
        area_source = text(row, "area_source")
        area_text = ""
        if area == area:  # a number
            area_text = tr("park_area", lang, area=fmt_number(area, lang), source=area_source) if area_source \
                else f"{fmt_number(area, lang)} ha"
        place = "; ".join(v for v in (cell(row, roles.district), cell(row, roles.commune)) if v)
        keys = [k for k in row_zones if k in by_key]
        note = str(row["note"])
        placed_key = f"park_placed.{note}"
        placed = tr(placed_key, lang, place=row["placed_at"]) if placed_key in WORDS else tr("approximate", lang)
        if row["location_precision"] == "exact":
            placed = ""
        entries.append(
            ParkEntry(
                name=cell(row, roles.name),
                status=status,
                status_text=status_words(status),
                sector=cell(row, roles.sector),
                area_text=area_text,
                place=place,
                zone=keys[0] if keys else "",
                zone_name="; ".join(by_key[k].name for k in keys) or tr("outside_zoning", lang),
                clusters=" | ".join("; ".join(by_key[k].clusters) for k in keys),
                placed=placed,
                source=text(row, "source"),
                lon=round(float(row.geometry.x), 6),
                lat=round(float(row.geometry.y), 6),
            )
        )
    if entries:
        points = [(e.lon, e.lat) for e in entries]
        fans, shared = park_fan(points, PARK_GROUP_M), park_fan(points, PARK_SHARED_M)
        entries = [replace(e, fill=park_fill(e.status), fan_group=g, fan_slot=slot, share_group=h, share_slot=spot)
                   for e, (g, slot), (h, spot) in zip(entries, fans, shared)]
    present = [s for s in PARK_STATUSES if any(e.status == s for e in entries)]
    present += sorted({e.status for e in entries} - set(PARK_STATUSES))
    return ParksModel(
        layer_name=tr("layer_parks", lang),
        legend_title=tr("parks_legend", lang, number=PARKS_DECISION),
        legend_note=tr("parks_legend_note", lang),
        statuses=tuple((s, status_words(s)) for s in present),
        parks=tuple(entries),
    )

