"""What a zone brief says, assembled from the pipeline's typed objects; the writers only lay it out.

A :class:`Brief` is a sequence of blocks — headings, paragraphs, the map
picture, tables, bullet lists — in the reader's language.  Its facts come
from :data:`tn_map.PLAN` (zones, clusters, targets with and without Samsung,
the Decision), the joined districts (areas and shares) and classified site
lists (:class:`~tn_map.join.ClassifiedSites`: per-zone figures and one row
per site).  :mod:`.docx` writes it as a Word document (real headings and
tables), :mod:`.pdf` as a PDF with embedded fonts.  Every text is plain
text: the writers insert it as such, never as markup.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

import geopandas as gpd
import pandas as pd

from .._errors import ParameterError, TnMapError
from ..i18n import Lang, check_lang
from ..join.districts import as_districts
from ..join.sites import ClassifiedSites, in_zone, merge_reports, zone_membership
from ..plan import PLAN, SOURCE, Plan
from ..reform import REFORM_SOURCE
from ..i18n import fmt_area, fmt_share, tr
from .document import Block, Brief, Bullets, Heading, Paragraph, Picture, Table

__all__ = [
    "Heading",
    "Paragraph",
    "Picture",
    "Table",
    "Bullets",
    "Block",
    "Brief",
    "build_brief",
    "brief_bytes",
    "write_brief",
    "sites_on_map_note",
    "BRIEF_FORMATS",
    "MAX_SITE_ROWS",
]

#: File types a brief is written as, by extension.
BRIEF_FORMATS = (".docx", ".pdf")
#: Sites listed one by one in a brief; more are counted, not listed.
MAX_SITE_ROWS = 300


def _num(value: float | None, lang: Lang, decimals: int | None = None) -> str:
    from ..render.panels import fmt_number

    return fmt_number(value, lang, decimals)


def _unit(unit: str, lang: Lang) -> str:
    return tr("per_year", lang) if unit == "%/yr" else tr("of_grdp", lang)


def _narrow(sites: ClassifiedSites, zone: str) -> ClassifiedSites:
    """The same site list with only the rows placed in ``zone`` (for the map and the tables)."""
    frame = sites.frame[in_zone(sites.frame, zone)]
    return replace(sites, frame=frame)


def _brief_parks(frame: gpd.GeoDataFrame, sites: Sequence[ClassifiedSites], zone: str | None, parks: bool,
                 plan: Plan) -> ClassifiedSites | None:
    from ..join.parks import master_plan_parks

    found = master_plan_parks(frame, sites=tuple(sites), plan=plan) if parks else None
    return _narrow(found, zone) if found is not None and zone else found


#: The brief's map: as wide as the text of a Decree 30/2020/NĐ-CP page (A4 less 30 mm and 15 mm margins).
MAP_WIDTH_MM = 165.0


def _map_picture(model, zone: str | None) -> Picture:
    from ..render.static import Page, draw_map

    width_mm, height_mm = MAP_WIDTH_MM, 200.0 if model.sites else 185.0
    page = Page("brief", False, width_mm / 25.4, height_mm / 25.4, margin_mm=3.0)
    d = model.plan.decision
    caption = tr("source_line", model.lang, number=d.number, issuer=d.issuer.get(model.lang),
                 boundaries=model.attributions[0], crs=model.crs_note)
    return Picture(draw=lambda: draw_map(model, paper=page, focus=zone, title=False), width_mm=width_mm,
                   height_mm=height_mm, caption=caption, alt=model.title)


def _zone_blocks(frame: gpd.GeoDataFrame, zone: str | None, lang: Lang, plan: Plan) -> list[Block]:
    from ..join import zone_summary

    summary = zone_summary(frame, plan=plan)
    shown = [z for z in plan.zones if zone is None or z.key == zone]
    rows = []
    for z in shown:
        row = summary[summary["zone_key"] == z.key].iloc[0]
        rows.append((
            z.name.get(lang),
            str(row["districts"]),
            _num(row["area_km2"], lang, 1),
            _num(row["share_pct"], lang, 1),
            "; ".join(c.name.get(lang) for c in z.clusters),
        ))
    blocks: list[Block] = [
        Heading(tr("h_zones", lang), 1),
        Table(
            columns=(tr("zone", lang), tr("col_districts", lang), tr("col_area_km2", lang), tr("col_share", lang),
                     tr("clusters", lang)),
            rows=tuple(rows), numeric=(False, False, True, True, False), widths=(1.3, 2.0, 1.0, 1.1, 3.0),
            key="zones",
        ),
    ]
    for z in shown:
        blocks.append(Paragraph(f"{z.name.get(lang)}: {z.orientation.get(lang)}."))

    total = float(frame["area_km2"].sum())
    zone_area = {z.key: float(frame.loc[frame["zone"] == z.key, "area_km2"].sum()) for z in plan.zones}
    district_rows = []
    for z in shown:
        for d in z.districts:
            from ..names import name_key

            match = frame[frame["district_key"] == name_key(d.name)]
            area = float(match["area_km2"].iloc[0]) if len(match) else float("nan")
            district_rows.append((
                d.title(lang),
                z.name.get(lang),
                _num(area, lang, 1),
                _num(100 * area / total if total else float("nan"), lang, 1),
                _num(100 * area / zone_area[z.key] if zone_area[z.key] else float("nan"), lang, 1),
            ))
    blocks += [
        Heading(tr("layer_districts", lang), 2),
        Table(
            columns=(tr("district", lang), tr("zone", lang), tr("col_area_km2", lang), tr("col_share", lang),
                     tr("col_zone_share", lang)),
            rows=tuple(district_rows), numeric=(False, False, True, True, True), widths=(2.0, 1.6, 1.0, 1.2, 1.2),
            key="districts",
        ),
    ]
    return blocks


def _unit_blocks(zone: str, lang: Lang, plan: Plan) -> list[Block]:
    """A zone's communes and wards since 1 July 2025: name, what it was formed from, official area (km²).

    A unit formed from two zones is listed in both, marked as partly in this one.
    """
    from ..load import read_units

    units = read_units()
    rows = []
    for unit in units.itertuples():
        zones = tuple(unit.zones)
        if zone not in zones:
            continue
        name = unit.name if len(zones) == 1 else tr("unit_partly", lang, name=unit.name,
                                                         zones=", ".join(plan.zone(k).name.get(lang) for k in zones))
        rows.append((name, str(unit.formed_from), ", ".join(unit.old_districts), _num(unit.official_area_km2, lang, 2)))
    return [
        Heading(tr("h_units", lang), 2),
        Paragraph(tr("units_note", lang, n=len(rows)), small=True),
        Table(
            columns=(tr("col_unit", lang), tr("formed_from", lang), tr("col_old_district", lang), tr("col_area_km2", lang)),
            rows=tuple(rows), numeric=(False, False, False, True), widths=(1.8, 3.4, 1.6, 0.9),
            key="units",
        ),
    ]


def _target_blocks(lang: Lang, plan: Plan) -> list[Block]:
    rows = []
    for t in plan.targets:
        unit = _unit(t.unit, lang)
        rows.append((
            t.label.get(lang),
            t.period,
            f"{_num(t.value, lang)} {unit}",
            "–" if t.value_excl_samsung is None else f"{_num(t.value_excl_samsung, lang)} {unit}",
        ))
    d = plan.decision
    return [
        Heading(tr("h_targets", lang), 1),
        Paragraph(f"{d.goal.get(lang)}."),
        Table(
            columns=(tr("col_target", lang), tr("col_period", lang), tr("col_with_samsung", lang),
                     tr("col_excl_samsung", lang)),
            rows=tuple(rows), numeric=(False, False, True, True), widths=(3.2, 1.1, 1.4, 1.4), key="targets",
        ),
        Paragraph(f"{d.green_goal.get(lang)}."),
    ]


def _site_rows(sites: ClassifiedSites, numbers: Sequence[int], lang: Lang, plan: Plan) -> list[tuple[str, ...]]:
    """One row per site on the map, led by its number there (``numbers``, in ``sites.located`` order)."""
    frame, roles = sites.frame, sites.roles
    zone_names = {z.key: z.name.get(lang) for z in plan.zones}
    rows = []
    placed = frame[frame["status"] != "rejected"]
    zones_of = zone_membership(placed, plan).per_row()

    def cell(row, column: str | None) -> str:
        if not column or column not in row.index:
            return ""
        value = row[column]
        return "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else str(value)

    for number, (_, row), zones in zip(numbers, placed.iterrows(), zones_of):
        name = cell(row, roles.name) or tr("unnamed_site", lang)
        district = cell(row, "located_district")
        unit = cell(row, "unit_2025")  # today's commune or ward holding the site (or its named place)
        place = " / ".join(part for part in (district, unit) if part)  # no "/ Xã …" without a district
        flag = row.get("unit_mismatch")
        if flag is not None and not pd.isna(flag) and bool(flag):  # nullable boolean: only a judged mismatch
            place += " " + tr("brief_stated_unit", lang, commune=cell(row, roles.commune))
        zone = "; ".join(zone_names[k] for k in zones) if zones else tr("site_outside_zoning", lang)
        fit = tr(f"fit.{row['fit']}", lang) if row["fit"] else "–"
        precision = str(row["location_precision"])
        position = tr("precision.exact" if precision == "exact" else "precision.approximate", lang)
        rows.append((str(number), name, place, zone, cell(row, roles.sector), fit, position))
    return rows


def _site_blocks(sites: Sequence[ClassifiedSites], layers, zone: str | None, lang: Lang, plan: Plan) -> list[Block]:
    """The sites' summary and table; ``layers``: the map model's site layers (the same sites, numbered)."""
    blocks: list[Block] = [Heading(tr("h_sites", lang), 1)]
    for s in sites:
        r = s.report
        blocks.append(Paragraph(tr("sites_accounting", lang, source=_file_name(s.source), total=r.rows_in,
                                   located=r.located, outside=r.outside_zoning, rejected=r.rejected)))
    shown = [z for z in plan.zones if zone is None or z.key == zone]
    # the reports' own figures, added over the lists by the join's merge (nothing recounted here): what
    # sites classify prints and the map panel shows, in the same formats
    merged = merge_reports([s.report for s in sites])
    summary_rows = []
    for z in shown:
        figures = merged.zones[z.key]
        summary_rows.append((z.name.get(lang), _num(figures.count, lang, 0), fmt_area(figures.area, lang),
                             fmt_share(figures.priority, figures.known, lang), _num(figures.sector_unknown, lang, 0),
                             _num(figures.approximate, lang, 0)))
    blocks += [
        Heading(tr("h_site_summary", lang), 2),
        Table(
            columns=(tr("zone", lang), tr("col_sites", lang), tr("col_area_ha", lang), tr("col_priority_share", lang),
                     tr("col_sector_unknown", lang), tr("col_approximate", lang)),
            rows=tuple(summary_rows), numeric=(False, True, True, True, True, True), widths=(1.6, 0.9, 1.1, 1.2, 1.1, 1.1),
            key="site_summary",
        ),
    ]
    if merged.several_zones:  # why the zones' counts add up to more than the located sites
        blocks.append(Paragraph(tr("several_zones", lang, n=_num(merged.several_zones, lang, 0),
                                   places=", ".join(merged.several_zones_places)), small=True))
    rows: list[tuple[str, ...]] = []
    for layer in layers:
        rows += _site_rows(layer.sites, layer.numbers, lang, plan)
    blocks.append(Heading(tr("h_site_list", lang), 2))
    if not rows:
        blocks.append(Paragraph(tr("no_sites", lang)))
        return blocks
    blocks.append(Table(
        columns=(tr("col_number", lang), tr("col_site", lang), tr("col_place", lang), tr("zone", lang),
                 tr("col_sector", lang), tr("col_verdict", lang), tr("col_position", lang)),
        rows=tuple(rows[:MAX_SITE_ROWS]), numeric=(True,) + (False,) * 6, widths=(0.75, 2.0, 1.6, 1.4, 1.8, 1.5, 1.0),
        key="sites",
    ))
    if len(rows) > MAX_SITE_ROWS:
        blocks.append(Paragraph(tr("list_cut", lang, n=len(rows) - MAX_SITE_ROWS), small=True))
    return blocks


def _file_name(source: str) -> str:
    return str(source).replace("\\", "/").rsplit("/", 1)[-1]


def _closing_blocks(source: str, sites: Sequence[ClassifiedSites], lang: Lang, plan: Plan) -> list[Block]:
    d = plan.decision
    sources = [
        tr("src_plan", lang, source=SOURCE, number=d.number),
        tr("src_boundaries", lang, file=_file_name(source)),
        REFORM_SOURCE.get(lang) + ".",
    ]
    if sites:
        sources.append(tr("src_sites", lang, files=", ".join(_file_name(s.source) for s in sites)))
        sources.append(tr("src_communes", lang))
    method = [tr("method_zones", lang, crs=tr("scale_crs", lang))]
    if sites:
        method.append(tr("method_sites", lang))
    caveats = [tr("caveat_pre2025", lang), tr("caveat_reform", lang), tr("caveat_approximate", lang),
               tr("caveat_date", lang)]
    return [
        Heading(tr("h_sources", lang), 1),
        Bullets(tuple(sources)),
        Heading(tr("h_method", lang), 1),
        *[Paragraph(m) for m in method],
        Heading(tr("h_caveats", lang), 1),
        Bullets(tuple(caveats)),
    ]


def build_brief(
    districts=None,
    *,
    sites: Sequence[ClassifiedSites] = (),
    lang: Lang = "vi",
    zone: str | None = None,
    context: bool = True,
    colour_sites_by: str = "fit",
    parks: bool = True,
    plan: Plan = PLAN,
) -> Brief:
    """Assemble a brief: title and Decision reference, the map, zones, targets, sites, sources and caveats.

    ``districts``: :class:`~tn_map.join.districts.Districts`, a joined
    GeoDataFrame, or ``None`` for the bundled boundaries.  ``sites``:
    classified site lists (:func:`tn_map.classify_sites`) — with them the
    brief adds a per-zone summary and a table of sites.  ``zone``: a zone
    key (``"south"``, ``"west"``, ``"east"``) narrows the map, the tables
    and the sites to that zone; the scheme's targets stay (they are the
    province's).  ``parks``: the map shows the master plan's industrial
    parks (those of ``zone`` only, when narrowed), unless one of ``sites``
    is the parks file itself.  Raises :class:`~tn_map.ParameterError` naming ``zone`` or
    ``lang``.
    """
    check_lang(lang)
    if zone is not None and zone not in {z.key for z in plan.zones}:
        raise ParameterError.of("unknown_zone", param="zone", zone=zone, zones=", ".join(z.key for z in plan.zones))
    given = as_districts(districts, plan)
    frame, source = given.frame, given.source
    sites = tuple(sites)
    shown_sites = tuple(_narrow(s, zone) for s in sites) if zone else sites
    from ..render.compose import map_model

    # one model for the map and the site table: the numbers beside the symbols are the table's
    model = map_model(frame, sites=shown_sites, lang=lang, context=context, colour_sites_by=colour_sites_by,
                      parks=_brief_parks(frame, sites, zone, parks, plan), plan=plan)
    d = plan.decision
    title = tr("title", lang)
    heading = tr("brief_zone_heading", lang, zone=plan.zone(zone).name.get(lang)) if zone else tr("brief_heading", lang)
    blocks: list[Block] = [
        Heading(title, 0),
        Paragraph(heading),
        Paragraph(tr("decision_ref", lang, title=d.title.get(lang), issuer=d.issuer.get(lang), number=d.number,
                     date_note=d.date_note.get(lang)), small=True),
        Heading(tr("h_map", lang), 1),
        _map_picture(model, zone),
    ]
    blocks += _zone_blocks(frame, zone, lang, plan)
    if zone:
        blocks += _unit_blocks(zone, lang, plan)
    blocks += _target_blocks(lang, plan)
    if sites:
        blocks += _site_blocks(sites, model.sites, zone, lang, plan)
    blocks += _closing_blocks(source, sites, lang, plan)
    return Brief(lang=lang, title=title, blocks=tuple(blocks), zone=zone)


def brief_bytes(brief: Brief, fmt: str) -> bytes:
    """The brief as ``"docx"`` or ``"pdf"`` bytes; the same brief gives the same bytes."""
    if fmt == "docx":
        from .docx import docx_bytes

        return docx_bytes(brief)
    if fmt == "pdf":
        from .pdf import pdf_bytes

        return pdf_bytes(brief)
    raise ParameterError.of("unsupported_brief", param="path", suffix=f".{fmt}", allowed=", ".join(BRIEF_FORMATS))


def write_brief(brief: Brief, path: str | Path) -> Path:
    """Write ``brief`` to ``path`` as DOCX or PDF, by extension; returns the path.

    An extension other than .docx/.pdf raises :class:`~tn_map.ParameterError`
    naming ``path``; a path that cannot be written, :class:`~tn_map.TnMapError`
    naming ``path``.
    """
    from ..export.paths import output_path

    path, suffix = output_path(path, BRIEF_FORMATS, "brief")
    data = brief_bytes(brief, suffix[1:])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise TnMapError.of("cannot_write_brief", str(path), param="path", error=exc.strerror or exc) from exc
    return path


