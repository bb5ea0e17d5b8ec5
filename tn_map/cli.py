"""Command line: ``tn-map build``, ``image``, ``zones`` and ``sites classify``.

Errors in the user's input print one line on stderr (what is wrong, and
where) and exit with code 2; no traceback.  Set ``TN_MAP_DEBUG=1`` to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import __version__
from ._errors import ParameterError, TnMapError
from .export import save_image, table_text, write_sites
from .export.tables import TABLE_FORMATS, zone_table_text
from .i18n import LANGS, fmt_number, reason_kind, reason_text, tr
from .load import ReadOptions, is_parks_file
from .pipeline import build_map, classify_sites, draw_static_map, formed_from, read_districts, read_sites, zone_table
from .plan import PLAN
from .export.image import check_dpi
from .render import DEFAULT_BASEMAP
from .render.static import page_size

__all__ = ["main"]

DEFAULT_OUTPUT = Path("output") / "thai_nguyen_industry_map.html"

# The library names its parameters; the command line names its flags.
_FLAGS = {
    "lat": "--lat", "lon": "--lon", "x": "--x", "y": "--y", "crs": "--crs", "xy_order": "--xy-order",
    "sheet": "--sheet", "name_field": "--name-field", "path": "-o/--output", "lang": "--lang",
    "basemap": "--basemap", "colour_sites_by": "--colour-sites-by", "encoding": "--encoding", "layer": "--layer",
    "dpi": "--dpi", "paper": "--paper", "zone": "--zone", "boundaries_layer": "--boundaries-layer",
    "parks": "--no-parks", "point": "NAME",
}

# Characters a terminal may act on: C0 and C1 controls (escape sequences, BEL,
# carriage return, line feed), DEL, and the invisible marks that reorder or
# break lines.  Text from a user's file, folder or cell never reaches the
# terminal raw: each such character is shown as its escape (\x1b, \u202e).
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: object) -> str:
    """One line of text, every terminal-active character written as a visible escape."""
    return _TERMINAL_UNSAFE.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", str(text)
    )


def _say(*lines: object, err: bool = False) -> None:
    """Print each line made visible (see :func:`_visible`) on stdout, or stderr with ``err``."""
    stream = sys.stderr if err else sys.stdout
    for line in lines:
        print(_visible(line), file=stream, flush=err)


def _json_text(value: object) -> str:
    """JSON for the terminal: control, C1 and bidi characters as ``\\u`` escapes (still valid JSON)."""
    # json.dumps already escapes C0 controls inside strings; its own line
    # breaks (indentation) are the only raw ones and must stay.
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


#: Options that say how to read a site file; after a ``--sites FILE`` they apply to that file only.
_SITE_READ_OPTIONS = tuple(f.name for f in dataclasses.fields(ReadOptions))


class _SiteOption(argparse.Action):
    """Store a site-file option, and remember which ``--sites`` file it follows (none: every file)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)
        files = getattr(namespace, "sites", None) or []
        per_file = getattr(namespace, "per_file", None)
        if per_file is None:
            per_file = {}
            setattr(namespace, "per_file", per_file)
        if files:
            per_file.setdefault(len(files) - 1, {})[self.dest] = values
        else:
            per_file.setdefault(None, {})[self.dest] = values


def _read_options(args: argparse.Namespace, index: int | None = None) -> ReadOptions:
    """How to read site file ``index`` of ``--sites``: options given before any ``--sites`` apply to every
    file, options given after a ``--sites FILE`` to that file only (``index`` None: the one FILE argument)."""
    per_file = getattr(args, "per_file", None) or {}
    if index is None:
        return ReadOptions(**{k: getattr(args, k) for k in _SITE_READ_OPTIONS if hasattr(args, k)})
    return ReadOptions.of(ReadOptions.of(**per_file.get(None, {})), **per_file.get(index, {}))


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tn-map",
        description="Thái Nguyên's 2030 industrial restructuring scheme (Decision 2031/QĐ-UBND) on a map.",
    )
    parser.add_argument("--version", action="version", version=f"tn-map {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    def site_options(p: argparse.ArgumentParser) -> None:
        g = p.add_argument_group("reading site files",
                                 "with several --sites files, an option given after a --sites FILE applies to that file "
                                 "only; one given before the first --sites applies to every file")
        g.add_argument("--lat", metavar="COLUMN", action=_SiteOption, help="latitude column (default: detected)")
        g.add_argument("--lon", metavar="COLUMN", action=_SiteOption, help="longitude column (default: detected)")
        g.add_argument("--x", metavar="COLUMN", action=_SiteOption, help="projected X column (default: detected)")
        g.add_argument("--y", metavar="COLUMN", action=_SiteOption, help="projected Y column (default: detected)")
        g.add_argument("--crs", metavar="CRS", action=_SiteOption, help="CRS of the coordinates: EPSG code or name, e.g. 'VN-2000 TM-3 106-30' (EPSG:9213), 'VN-2000 UTM 48N' (EPSG:3405); default WGS 84")
        g.add_argument("--xy-order", choices=("auto", "en", "ne"), default="auto", action=_SiteOption, help="projected X/Y: en = X is easting, ne = X is northing (Vietnamese survey tables); default: detected")
        g.add_argument("--sheet", metavar="NAME", action=_SiteOption, help="sheet of a workbook to read (default: the sheet that holds the table)")
        g.add_argument("--encoding", metavar="NAME", action=_SiteOption, help="text encoding of a CSV, e.g. cp1258 (default: detected and stated)")
        g.add_argument("--layer", metavar="NAME", action=_SiteOption, help="layer of a multi-layer GeoPackage, or folder of a KML (default: all with rows)")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGS, default="vi", help="language of the map, tables and messages: vi (default) or en")
        p.add_argument(
            "--boundaries",
            type=Path,
            metavar="PATH",
            help="district boundary file (any GDAL vector format); default: the bundled pre-2025 boundaries",
        )
        p.add_argument("--name-field", metavar="COLUMN", help="column of district names in --boundaries (default: detected)")
        p.add_argument("--boundaries-layer", metavar="NAME", help="layer of a multi-layer --boundaries file (default: its polygon layer)")

    build = sub.add_parser("build", help="write the interactive HTML map", description="Write the interactive HTML map and print its path.")
    build.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH", help=f"HTML file to write (default: {DEFAULT_OUTPUT})")
    build.add_argument("--basemap", default=DEFAULT_BASEMAP, metavar="NAME", help=f"xyzservices basemap name, or 'none' for a blank background (default: {DEFAULT_BASEMAP})")
    build.add_argument("--offline", action="store_true", help="inline Leaflet and its plugins from local copies so the page needs no CDN (basemap tiles still load from the web; with --basemap none nothing does)")
    build.add_argument("--embed", action="store_true", help="also write <output>.embed.html, an <iframe> snippet that shows the map in a report column")
    build.add_argument("--no-context", action="store_true", help="leave out the high-tech space and neighbouring provinces")
    build.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help="add a site list as a layer (repeatable)")
    build.add_argument("--colour-sites-by", choices=("zone", "fit"), default="zone", help="colour site markers by zone or by priority fit (default: zone)")
    build.add_argument("--no-parks", action="store_true", help="leave out the layer of the provincial master plan's 12 industrial parks (data/master_plan_parks.csv)")
    common(build)
    site_options(build)

    image = sub.add_parser("image", help="write a static map image for reports",
                           description="Write a static map (PNG, SVG or PDF) for reports and print its path.")
    image.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT.with_suffix(".png"), metavar="PATH",
                       help=f"image to write, .png, .svg or .pdf (default: {DEFAULT_OUTPUT.with_suffix('.png')})")
    image.add_argument("--dpi", type=int, default=150, help="resolution of a PNG, 50–1200 (default: 150)")
    image.add_argument("--paper", default="A4", metavar="SIZE", help="paper size: A4 (default) or A3")
    image.add_argument("--landscape", action="store_true", help="landscape page (default: portrait)")
    image.add_argument("--no-context", action="store_true", help="leave out the high-tech space and neighbouring provinces")
    image.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help="draw a site list (repeatable)")
    image.add_argument("--colour-sites-by", choices=("zone", "fit"), default="zone", help="colour sites by zone or by priority fit")
    image.add_argument("--no-parks", action="store_true", help="leave out the provincial master plan's 12 industrial parks")
    common(image)
    site_options(image)

    sites = sub.add_parser("sites", help="work with investment-site lists", description="Work with investment-site lists.")
    sites_sub = sites.add_subparsers(dest="sites_command", required=True, parser_class=_Parser, metavar="ACTION")
    classify = sites_sub.add_parser(
        "classify",
        help="place each site in its district and zone and judge its sector",
        description="Place every row of a site file in its district and zone, judge its sector against the zone's "
        "priority clusters, write every row with its results, and print a summary.",
    )
    classify.add_argument("file", type=Path, metavar="FILE", help="CSV, XLSX, XLS, ODS, KML, KMZ, GeoJSON, GeoPackage, Shapefile, MapInfo TAB/MIF, DXF or GeoParquet")
    classify.add_argument("-o", "--output", type=Path, metavar="OUT", help="where to write every row with its results (.csv, .xlsx, .geojson, .gpkg with its QGIS style, .kml, .kmz); default: output/<FILE>_classified.csv")
    classify.add_argument("--format", choices=("table", "json"), default="table", help="summary format (default: table)")
    common(classify)
    site_options(classify)

    brief = sub.add_parser(
        "brief", help="write a short zone brief for a report (Word or PDF)",
        description="Write a brief: the Decision, the map, the zones, the targets and, with --sites, a summary and "
        "table of the sites; sources and caveats. DOCX opens in Word; PDF is for sending.",
    )
    brief.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.docx or FILE.pdf")
    brief.add_argument("--zone", choices=[z.key for z in PLAN.zones], help="narrow the brief to one zone")
    brief.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help="add a site list (repeatable)")
    brief.add_argument("--colour-sites-by", choices=("zone", "fit"), default="fit", help="site symbols by fit (default) or zone")
    brief.add_argument("--no-context", action="store_true", help="leave out the high-tech space and neighbouring provinces")
    brief.add_argument("--no-parks", action="store_true", help="leave the provincial master plan's 12 industrial parks off the brief's map")
    common(brief)
    site_options(brief)

    export = sub.add_parser(
        "export", help="write the 9 districts joined to zones and clusters (GeoJSON, GPKG, CSV, XLSX)",
        description="Write the 9 districts with zone, clusters, area and share: GeoJSON or GeoPackage "
        "(outlines, EPSG:4326), CSV or XLSX (a label point; XLSX with the sources on a second sheet).",
    )
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.geojson, .gpkg (with its QGIS style), .csv, .xlsx, .kml or .kmz")
    common(export)

    lookup = sub.add_parser(
        "lookup",
        help="which zone is a commune, ward or old district in (old and new units)",
        description="Find an old district, an old commune, or a commune/ward since 1 July 2025 by name "
        "(with or without diacritics, prefixes or province) and print its lineage and zone(s).",
    )
    lookup.add_argument("name", metavar="NAME", help="e.g. 'Xã Đại Phúc', 'xa tan cuong', 'xã Tân Cương, TP Thái Nguyên', "
                        "or a point: '21.5942, 105.8480' (lat, lon), or X/Y with --crs")
    lookup.add_argument("--crs", metavar="CRS", help="the point is X/Y in this CRS (e.g. 9213 = VN-2000 TM-3 106-30), either order")
    lookup.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default) or json")
    lookup.add_argument("--lang", choices=LANGS, default="vi", help="language: vi (default) or en")

    communes = sub.add_parser(
        "communes",
        help="the 92 communes and wards since 1 July 2025 with their old units and zones",
        description="Write the 2025 crosswalk: one row per commune/ward of today's Thái Nguyên, with the old "
        "communes and districts it was formed from, its zone(s) and whether it is former Bắc Kạn.",
    )
    communes.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help="write .csv or .xlsx (a point per unit), .geojson or .gpkg (polygons) (default: a table on stdout)")
    communes.add_argument("--lang", choices=LANGS, default="vi", help="language of zone names: vi (default) or en")

    zones = sub.add_parser("zones", help="print the zone table", description="Print one row per zone: districts, clusters, area and share of the province.")
    zones.add_argument("--format", choices=TABLE_FORMATS, default="table", help="output format (default: table)")
    common(zones)
    return parser


class _Progress:
    """Stage-by-stage progress on stderr, shown for large inputs only."""

    def __init__(self, stages: int, enabled: bool) -> None:
        self.stages, self.done, self.enabled = stages, 0, enabled

    def step(self, what: str) -> None:
        self.done += 1
        if self.enabled:
            filled = round(20 * self.done / self.stages)
            _say(f"tn-map: [{'#' * filled}{'.' * (20 - filled)}] {what}", err=True)


_LARGE = 50_000


def _load_sites(path: Path, args: argparse.Namespace, districts, progress: _Progress | None = None, index: int | None = None):
    sites = read_sites(path, _read_options(args, index))
    progress = progress or _Progress(2, len(sites.frame) >= _LARGE)
    progress.enabled = progress.enabled or len(sites.frame) >= _LARGE
    progress.step(f"read {len(sites.frame):,} rows of {path.name}")
    classified = classify_sites(sites, districts)
    progress.step(f"located and classified {classified.report.located:,} sites")
    for notice in classified.notes:
        _say(f"tn-map: {tr('cli.note', args.lang)}: {path}: {notice.text(args.lang)}", err=True)
    return classified


def _on_map(path: Path, classified, lang: str) -> None:
    """One line per site list drawn: how many rows are on the map and how many were rejected."""
    report = classified.report
    _say("tn-map: " + tr("cli.on_map", lang, path=path, located=report.located + report.outside_zoning,
                          rows=report.rows_in, rejected=report.rejected), err=True)


def _site_lists(args: argparse.Namespace, districts) -> list:
    """Every ``--sites`` file classified, each with its one line of what reaches the map."""
    sites = []
    for index, site_path in enumerate(args.sites):
        sites.append(_load_sites(site_path, args, districts, index=index))
        _on_map(site_path, sites[-1], args.lang)
    return sites


def _parks(args: argparse.Namespace) -> bool:
    """Whether the parks layer is drawn: not with ``--no-parks``, nor when ``--sites`` names the parks file itself."""
    if args.no_parks:
        return False
    for site_path in args.sites:
        if is_parks_file(site_path):
            _say(f"tn-map: {tr('cli.note', args.lang)}: {tr('parks_skipped', args.lang, path=site_path)}", err=True)
            return False
    return True


def _districts(args: argparse.Namespace):
    try:
        districts = read_districts(args.boundaries, name_field=args.name_field, layer=args.boundaries_layer)
    except TnMapError as exc:
        if exc.param == "layer":  # the boundaries' layer has its own flag
            exc.param = "boundaries_layer"
        raise
    for notice in districts.notes:
        _say(f"tn-map: {tr('cli.note', args.lang)}: {districts.source}: {notice.text(args.lang)}", err=True)
    return districts


def _cmd_build(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    districts = _districts(args)
    sites = _site_lists(args, districts)
    m = build_map(
        districts,
        sites=sites,
        lang=args.lang,
        basemap=args.basemap,
        context=not args.no_context,
        offline=args.offline,
        colour_sites_by=args.colour_sites_by,
        parks=_parks(args),
    )
    from .export.html import save_html

    path, missing = save_html(m, args.output, offline=args.offline)
    if args.embed:
        from .export.html import save_embed

        _say(save_embed(m, path))
    for url in missing:
        _say(f"tn-map: note: no local copy of {url}; the page still loads it online", err=True)
    _say(path)
    _say(f"tn-map: wrote {path.stat().st_size / 1024:.0f} KB in {time.perf_counter() - start:.2f} s", err=True)
    return 0


def _cmd_image(args: argparse.Namespace) -> int:
    districts = _districts(args)
    check_dpi(args.dpi)
    page_size(args.paper, args.landscape)
    sites = _site_lists(args, districts)
    fig = draw_static_map(
        districts, sites=sites, lang=args.lang, context=not args.no_context, colour_sites_by=args.colour_sites_by,
        parks=_parks(args), paper=args.paper, landscape=args.landscape,
    )
    path = save_image(fig, args.output, dpi=args.dpi)
    _say(path)
    return 0


def _reason_text(reason: str, column: str, value: str, lang: str) -> str:
    return reason_text(reason, lang, column=column, value=value)


def _summary_lines(report, lang: str) -> list[str]:
    n = lambda v, d=0: fmt_number(v, lang, d)  # noqa: E731
    extras = [
        tr(key, lang, n=n(count))
        for key, count in (("cli.approximate", report.approximate),
                           ("cli.swapped", report.swapped_fixed), ("cli.mismatch", report.district_mismatch),
                           ("cli.unit_mismatch", report.unit_mismatch))
        if count
    ]
    head = tr("cli.summary_outside" if report.outside_zoning else "cli.summary", lang, source=report.source,
              rows=n(report.rows_in), located=n(report.located), outside=n(report.outside_zoning), rejected=n(report.rejected))
    cols = [tr(k, lang) for k in ("cli.col_zone", "cli.col_sites", "cli.col_area", "cli.col_fit", "cli.col_unknown")]
    lines = ["; ".join([head] + extras), f"{cols[0]:<20} {cols[1]:>9} {cols[2]:>14} {cols[3]:>13} {cols[4]:>15}"]
    for zone in PLAN.zones:
        z = report.zones[zone.key]
        share = "-" if z.priority_share is None else f"{n(100 * z.priority_share)} %"
        lines.append(f"{zone.name.get(lang):<20} {n(z.count):>9} {n(z.area_ha, 1):>14} {share:>13} {n(z.sector_unknown):>15}")
    if report.rejected_by_reason:
        lines.append(tr("cli.by_reason", lang))
        lines += [f"  {reason_kind(r, lang)}: {n(c)}" for r, c in report.rejected_by_reason.items()]
        lines.append(tr("cli.first_rejected", lang))
        lines += [f"  {tr('cli.row', lang, row=e.row)}: {_reason_text(e.reason, e.column, e.value, lang)}"
                  for e in report.rejected_examples]
        if report.rejected > len(report.rejected_examples):
            lines.append("  " + tr("cli.more", lang, n=n(report.rejected - len(report.rejected_examples))))
    return lines


_SHOWN_CELL_ISSUES = 10
_CELL_ISSUE_WORDS = {
    "control_characters_removed": "control characters removed (a worksheet cannot hold them)",
    "cut_at_excel_limit": "text cut at Excel's 32,767-character limit",
}


def _cell_notes(out: Path, issues: list) -> None:
    for issue in issues[:_SHOWN_CELL_ISSUES]:
        where = "header" if issue.row == 0 else f"row {issue.row}"
        _say(f"tn-map: note: {out}: {where}, column {issue.column!r}: {_CELL_ISSUE_WORDS[issue.what]}", err=True)
    if len(issues) > _SHOWN_CELL_ISSUES:
        _say(f"tn-map: note: {out}: … and {len(issues) - _SHOWN_CELL_ISSUES} more cells changed the same way", err=True)


_TEXT_TABLES = (".csv", ".txt", ".tsv")


def _classify_streamed(args: argparse.Namespace, districts, out: Path):
    """A CSV in, a CSV out: classified in chunks (bounded memory), with a progress bar on a terminal."""
    from .pipeline import classify_file

    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        size = args.file.stat().st_size
        bar = tqdm(total=size, unit="B", unit_scale=True, desc="tn-map", file=sys.stderr, leave=False)
        rows_per_byte = []

        def progress(rows: int) -> None:
            if not rows_per_byte:
                rows_per_byte.append(max(rows, 1) / max(size, 1))
            bar.n = min(size, int(rows / rows_per_byte[0]))
            bar.refresh()
    else:
        progress = None
    try:
        return classify_file(args.file, out, districts, lang=args.lang, progress=progress, options=_read_options(args))
    finally:
        if bar is not None:
            bar.close()


def _cmd_sites(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    from .export.paths import output_path
    from .export.sites import SITE_FORMATS

    out = args.output or Path("output") / f"{args.file.stem}_classified.csv"
    output_path(out, SITE_FORMATS, "output")  # before anything is read: a wrong -o is said at once
    districts = _districts(args)
    if args.file.suffix.lower() in _TEXT_TABLES and out.suffix.lower() == ".csv" and args.file.is_file():
        report, notices, issues = _classify_streamed(args, districts, out)
        for notice in notices:
            _say(f"tn-map: {tr('cli.note', args.lang)}: {args.file}: {notice.text(args.lang)}", err=True)
    else:
        progress = _Progress(3, False)
        classified = _load_sites(args.file, args, districts, progress)
        report = classified.report
        issues = write_sites(classified, out, lang=args.lang)
        progress.step(f"wrote {out}")
    _cell_notes(out, issues)
    if args.format == "json":
        data = report.to_dict()
        data["output"] = str(out)
        data["seconds"] = round(time.perf_counter() - start, 2)
        print(_json_text(data))
    else:
        _say(*_summary_lines(report, args.lang))
        _say(tr("cli.written", args.lang, path=out))
    return 0


def _cmd_zones(args: argparse.Namespace) -> int:
    districts = _districts(args)
    text = zone_table_text(zone_table(districts, lang=args.lang), args.format)
    if args.format == "json":
        print(_json_text(json.loads(text)))
    else:
        _say(*text.rstrip("\n").split("\n"))
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    from .report import build_brief, write_brief

    districts = _districts(args)
    sites = _site_lists(args, districts)
    brief = build_brief(districts, sites=sites, lang=args.lang, zone=args.zone, context=not args.no_context,
                        colour_sites_by=args.colour_sites_by, parks=_parks(args))
    _say(write_brief(brief, args.output))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export.districts import write_districts

    _say(write_districts(_districts(args), args.output, lang=args.lang))
    return 0


def _zone_names(keys, lang: str) -> str:
    return "; ".join(PLAN.zone(k).name.get(lang) for k in keys)


def _lookup_lines(match, lang: str) -> list[str]:
    lines = [f"{match.name} — {tr(f'level.{match.level}', lang)}"]
    if match.level == "new_unit":
        lines.append(f"  {tr('formed_from', lang)}: " + ", ".join(
            f"{c.name} ({c.district})" for c in formed_from(match)))
    elif match.new_units:
        lines.append(f"  {tr('new_unit', lang)}: {', '.join(match.new_units)}")
    if match.old_districts and match.level != "old_district":
        lines.append(f"  {tr('old_districts', lang)}: {', '.join(match.old_districts)}")
    if match.former_bac_kan:
        lines.append(f"  {tr('outside_zoning', lang)}")
    elif match.zones:
        both = f" — {tr('two_zones', lang)}" if len(match.zones) > 1 else ""
        lines.append(f"  {tr('zones', lang)}: {_zone_names(match.zones, lang)}{both}")
        for key in match.zones:
            zone = PLAN.zone(key)
            lines.append(f"    {zone.name.get(lang)} — {tr('clusters', lang)}: "
                         + "; ".join(c.name.get(lang) for c in zone.clusters))
    return lines


def _point_lines(place, lang: str) -> list[str]:
    n = lambda v: fmt_number(v, lang, 6)  # noqa: E731
    head = f"({n(place.lat)}; {n(place.lon)}) — "
    if not place.unit and not place.district:
        where = tr("point.outside_in", lang, province=place.province) if place.province else tr("point.outside", lang)
        return [head + where]
    lines = [head + f"{place.unit} ({tr('point.code', lang)} {place.unit_code})"]
    if place.district:
        lines.append(f"  {tr('old_district', lang)}: {place.district}")
    if place.former_bac_kan:
        lines.append(f"  {tr('outside_zoning', lang)}")
    for key in place.zones:
        zone = PLAN.zone(key)
        lines.append(f"  {tr('zones', lang)}: {zone.name.get(lang)} — {tr('clusters', lang)}: "
                     + "; ".join(c.name.get(lang) for c in zone.clusters))
    if len(place.unit_zones) > 1:
        lines.append("  " + tr("point.two_zones", lang, unit=place.unit, zones=_zone_names(place.unit_zones, lang),
                               district=place.district))
    return lines


def _cmd_lookup(args: argparse.Namespace) -> int:
    from .locate.crosswalk import lookup
    from .locate import place_point
    from .locate.coordinates import parse_point

    point = parse_point(args.name, crs=args.crs)
    if point is None and args.crs is not None:
        raise ParameterError(f"{args.name!r} is not two numbers X, Y", param="point", words=("not_xy", {"text": args.name}))
    if point is not None:
        lon, lat, notes = point
        for notice in notes:
            _say(f"tn-map: {tr('cli.note', args.lang)}: {notice.text(args.lang)}", err=True)
        place = place_point(lon, lat, read_districts().frame)
        if args.format == "json":
            print(_json_text({"query": args.name, **place.to_dict()}))
        else:
            _say(*_point_lines(place, args.lang))
        return 0
    matches = lookup(args.name)
    if args.format == "json":
        print(_json_text({"query": args.name, "matches": [m.to_dict() for m in matches]}))
        return 0
    for i, match in enumerate(matches):
        if i:
            _say("")
        _say(*_lookup_lines(match, args.lang))
    return 0


def _cmd_communes(args: argparse.Namespace) -> int:
    from .export.communes import communes_overview, communes_sources, write_communes

    if args.output is None:
        _say(*table_text(communes_overview(lang=args.lang), "table").rstrip("\n").split("\n"))
        return 0
    _say(write_communes(args.output, lang=args.lang, sources=communes_sources(lang=args.lang)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tn-map`` command; returns the exit code.

    ``argv``: the arguments (default: this process's command line).
    """
    # The libraries' import-time objects (about a million) outlive the command: kept out of
    # the collector's sight while it runs, each full collection stops walking them (0.1-0.3 s
    # of a build).  A caller that passes ``argv`` (and may run more commands in its process)
    # gets them back afterwards; the command line's own process ends with them frozen, so that
    # its final collection at exit does not walk them either (60 ms).
    gc.freeze()
    try:
        return _main(argv)
    finally:
        if argv is not None:
            gc.unfreeze()


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    commands = {
        "build": _cmd_build, "image": _cmd_image, "zones": _cmd_zones, "sites": _cmd_sites,
        "lookup": _cmd_lookup, "communes": _cmd_communes, "brief": _cmd_brief, "export": _cmd_export,
    }
    try:
        return commands[args.command](args)
    except TnMapError as exc:
        lang = getattr(args, "lang", "vi")
        flag = _FLAGS.get(exc.param, f"--{exc.param}".replace("_", "-")) if exc.param else None
        message = tr(f"error.{exc.words[0]}", lang, **exc.words[1]) if exc.words else None
        text = exc.describe(flag, message)
        if lang == "vi" and flag:
            text = text.replace(f"(see {flag})", f"({tr('error.see', lang, param=flag)})")
        _say(f"tn-map: {tr('cli.error', lang)}: {text}", err=True)
        return 2
    except KeyboardInterrupt:
        print("tn-map: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("TN_MAP_DEBUG"):
            raise
        _say(f"tn-map: internal error: {type(exc).__name__}: {exc} (set TN_MAP_DEBUG=1 for details)", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
