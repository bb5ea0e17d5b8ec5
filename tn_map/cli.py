"""Command line: ``tn-map build``, ``image``, ``zones`` and ``sites classify``.

Errors in the user's input print one line on stderr (what is wrong, and
where) and exit with code 2; no traceback.  Set ``TN_MAP_DEBUG=1`` to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import gc


class _Quiet:
    """The cyclic collector paused while libraries load, and what they made frozen before it resumes.

    Importing pandas, GeoPandas, shapely, pyproj or folium creates hundreds of thousands of
    objects that live as long as the process; the collector would walk them again and again
    while they load (30-50 ms of every command's start).  What they made is frozen (kept out
    of its sight, as main() does for the rest) before it resumes as it was: else its first run
    after them would walk them all once more.
    """

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        gc.freeze()
        if self.collecting:
            gc.enable()


with _Quiet():
    import argparse
    import dataclasses
    import json
    import os
    import re
    import sys
    import time
    from pathlib import Path
    from typing import NoReturn

    from . import __version__
    from ._errors import ParameterError, TnMapError
    from .export import save_image, write_sites
    from .export.tables import TABLE_FORMATS, zone_table_text
    from .i18n import LANGS, fmt_area, fmt_number, fmt_share, reason_kind, reason_text, tr
    from .load import ReadOptions, is_parks_file
    from .pipeline import build_map, classify_sites, draw_static_map, formed_from, read_districts, read_sites, zone_table
    from .plan import PLAN
    from .export.image import check_dpi
    from .render import DEFAULT_BASEMAP

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


#: argparse's own messages (Python 3.10-3.13 wording) and the words they become: ``argparse.<name>``.
_ARGPARSE_MESSAGES = (
    ("invalid_choice", re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)")),
    ("required", re.compile(r"the following arguments are required: (?P<args>.+)")),
    ("unrecognized", re.compile(r"unrecognized arguments: (?P<args>.+)")),
    ("expected_one", re.compile(r"argument (?P<arg>\S+): expected one argument")),
    ("invalid_value", re.compile(r"argument (?P<arg>\S+): invalid (?P<type>\S+) value: (?P<value>.+)")),
    ("ambiguous", re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)")),
    ("explicit", re.compile(r"argument (?P<arg>\S+): ignored explicit argument (?P<value>.+)")),
)


def _argparse_text(message: str, lang: str) -> str:
    """argparse's English ``message`` in ``lang`` (as it is when no pattern fits: a newer Python's wording)."""
    for key, pattern in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return tr(f"argparse.{key}", lang, **match.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    """argparse in ``lang``: its headings, ``-h`` and usage errors in tn-map's words; an error is one line, exit 2."""

    lang = "vi"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", self._formatter())
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("cli.positionals", self.lang)
        self._optionals.title = tr("cli.options", self.lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=tr("help.help", self.lang))

    @classmethod
    def _formatter(cls) -> type[argparse.HelpFormatter]:
        usage = tr("cli.usage", cls.lang)

        class Formatter(argparse.HelpFormatter):
            def add_usage(self, usage_text, actions, groups, prefix=None) -> None:
                super().add_usage(usage_text, actions, groups, prefix if prefix is not None else f"{usage}: ")

        return Formatter

    def error(self, message: str) -> NoReturn:
        text = _visible(_argparse_text(message, self.lang))
        see = tr("error.see", self.lang, param=f"{self.prog} --help")
        self.exit(2, f"{self.prog}: {tr('cli.error', self.lang)}: {text} ({see})\n")


def _scan_lang(argv: list[str]) -> str:
    """The ``--lang`` of ``argv`` (``--lang en`` or ``--lang=en``; the last wins), read before the parser
    exists so that its help and errors are in that language; ``vi`` without one or with an unknown one."""
    lang = "vi"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            lang = value
    return lang


def _parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The command line's parser, every word of it in ``lang``."""
    parser_class = type("_Parser", (_Parser,), {"lang": lang})
    h = lambda key, **values: tr(f"help.{key}", lang, **values)  # noqa: E731
    parser = parser_class(
        prog="tn-map",
        description=h("tn_map")
    )
    parser.add_argument("--version", action="version", version=f"tn-map {__version__}", help=h("version"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=parser_class, metavar="COMMAND",
                                title=tr("cli.commands", lang))

    def site_options(p: argparse.ArgumentParser) -> None:
        g = p.add_argument_group(h("site_group"),
                                 h("site_group_desc"))
        g.add_argument("--lat", metavar="COLUMN", action=_SiteOption, help=h("lat"))
        g.add_argument("--lon", metavar="COLUMN", action=_SiteOption, help=h("lon"))
        g.add_argument("--x", metavar="COLUMN", action=_SiteOption, help=h("x"))
        g.add_argument("--y", metavar="COLUMN", action=_SiteOption, help=h("y"))
        g.add_argument("--crs", metavar="CRS", action=_SiteOption, help=h("crs"))
        g.add_argument("--xy-order", choices=("auto", "en", "ne"), default="auto", action=_SiteOption, help=h("xy_order"))
        g.add_argument("--sheet", metavar="NAME", action=_SiteOption, help=h("sheet"))
        g.add_argument("--encoding", metavar="NAME", action=_SiteOption, help=h("encoding"))
        g.add_argument("--layer", metavar="NAME", action=_SiteOption, help=h("layer"))

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGS, default="vi", help=h("lang"))
        p.add_argument(
            "--boundaries",
            type=Path,
            metavar="PATH",
            help=h("boundaries"),
        )
        p.add_argument("--name-field", metavar="COLUMN", help=h("name_field"))
        p.add_argument("--boundaries-layer", metavar="NAME", help=h("boundaries_layer"))

    build = sub.add_parser("build", help=h("build"), description=h("build_desc"))
    build.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH", help=h("build_output", default=DEFAULT_OUTPUT))
    build.add_argument("--basemap", default=DEFAULT_BASEMAP, metavar="NAME", help=h("basemap", default=DEFAULT_BASEMAP))
    build.add_argument("--offline", action="store_true", help=h("offline"))
    build.add_argument("--embed", action="store_true", help=h("embed"))
    build.add_argument("--no-context", action="store_true", help=h("no_context"))
    build.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help=h("build_sites"))
    build.add_argument("--colour-sites-by", choices=("zone", "fit"), default="zone", help=h("build_colour"))
    build.add_argument("--no-parks", action="store_true", help=h("build_no_parks"))
    common(build)
    site_options(build)

    image = sub.add_parser("image", help=h("image"),
                           description=h("image_desc"))
    image.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT.with_suffix(".png"), metavar="PATH",
                       help=h("image_output", default=DEFAULT_OUTPUT.with_suffix('.png')))
    image.add_argument("--dpi", type=int, default=150, help=h("dpi"))
    image.add_argument("--paper", default="A4", metavar="SIZE", help=h("paper"))
    image.add_argument("--landscape", action="store_true", help=h("landscape"))
    image.add_argument("--no-context", action="store_true", help=h("no_context"))
    image.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help=h("image_sites"))
    image.add_argument("--colour-sites-by", choices=("zone", "fit"), default="zone", help=h("image_colour"))
    image.add_argument("--no-parks", action="store_true", help=h("image_no_parks"))
    common(image)
    site_options(image)

    sites = sub.add_parser("sites", help=h("sites"), description=h("sites_desc"))
    sites_sub = sites.add_subparsers(dest="sites_command", required=True, parser_class=parser_class, metavar="ACTION",
                                     title=tr("cli.actions", lang))
    classify = sites_sub.add_parser(
        "classify",
        help=h("classify"),
        description=h("classify_desc"),
    )
    classify.add_argument("file", type=Path, metavar="FILE", help=h("classify_file"))
    classify.add_argument("-o", "--output", type=Path, metavar="OUT", help=h("classify_output"))
    classify.add_argument("--format", choices=("table", "json"), default="table", help=h("classify_format"))
    common(classify)
    site_options(classify)

    brief = sub.add_parser(
        "brief", help=h("brief"),
        description=h("brief_desc"),
    )
    brief.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=h("brief_output"))
    brief.add_argument("--zone", choices=[z.key for z in PLAN.zones], help=h("brief_zone"))
    brief.add_argument("--sites", type=Path, action="append", default=[], metavar="FILE", help=h("brief_sites"))
    brief.add_argument("--colour-sites-by", choices=("zone", "fit"), default="fit", help=h("brief_colour"))
    brief.add_argument("--no-context", action="store_true", help=h("no_context"))
    brief.add_argument("--no-parks", action="store_true", help=h("brief_no_parks"))
    common(brief)
    site_options(brief)

    export = sub.add_parser(
        "export", help=h("export"),
        description=h("export_desc"),
    )
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=h("export_output"))
    common(export)

    lookup = sub.add_parser(
        "lookup",
        help=h("lookup"),
        description=h("lookup_desc"),
    )
    lookup.add_argument("name", metavar="NAME", help=h("lookup_name"))
    lookup.add_argument("--crs", metavar="CRS", help=h("lookup_crs"))
    lookup.add_argument("--format", choices=("text", "json"), default="text", help=h("lookup_format"))
    lookup.add_argument("--lang", choices=LANGS, default="vi", help=h("lookup_lang"))

    communes = sub.add_parser(
        "communes",
        help=h("communes"),
        description=h("communes_desc"),
    )
    communes.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help=h("communes_output"))
    communes.add_argument("--lang", choices=LANGS, default="vi", help=h("communes_lang"))

    zones = sub.add_parser("zones", help=h("zones"), description=h("zones_desc"))
    zones.add_argument("--format", choices=TABLE_FORMATS, default="table", help=h("zones_format"))
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
    progress.step(tr("cli.step_read", args.lang, rows=fmt_number(len(sites.frame), args.lang, 0), name=path.name))
    classified = classify_sites(sites, districts)
    progress.step(tr("cli.step_classified", args.lang, n=fmt_number(classified.report.located, args.lang, 0)))
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
    with _Quiet():  # folium, branca and Jinja
        from .export.html import save_html
        from .render import leaflet  # noqa: F401 - build_map's renderer
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
    path, missing = save_html(m, args.output, offline=args.offline)
    if args.embed:
        from .export.html import save_embed

        _say(save_embed(m, path))
    for url in missing:
        _say(f"tn-map: {tr('cli.note', args.lang)}: {tr('cli.no_local_copy', args.lang, url=url)}", err=True)
    _say(path)
    _say("tn-map: " + tr("cli.wrote_size", args.lang, kb=fmt_number(path.stat().st_size / 1024, args.lang, 0),
                         seconds=fmt_number(time.perf_counter() - start, args.lang, 2)), err=True)
    return 0


def _cmd_image(args: argparse.Namespace) -> int:
    from .export.image import IMAGE_FORMATS
    from .export.paths import output_path

    with _Quiet():  # matplotlib
        from .render.static import page_size

    output_path(args.output, IMAGE_FORMATS, "image")  # a wrong -o is said before the map is drawn
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
    for zone in PLAN.zones:  # the report's figures as they are, in the one format every output uses
        z = report.zones[zone.key]
        share = fmt_share(z.priority, z.known, lang)
        lines.append(f"{zone.name.get(lang):<20} {n(z.count):>9} {fmt_area(z.area, lang):>14} {share:>13} {n(z.sector_unknown):>15}")
    if report.several_zones:
        lines.append(tr("several_zones", lang, n=n(report.several_zones), places=", ".join(report.several_zones_places)))
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


def _cell_notes(out: Path, issues: list, lang: str) -> None:
    note = tr("cli.note", lang)
    for issue in issues[:_SHOWN_CELL_ISSUES]:
        where = tr("cli.header", lang) if issue.row == 0 else tr("error.at_row", lang, row=issue.row)
        _say(f"tn-map: {note}: {out}: {where}, {tr('error.at_column', lang, column=issue.column)}: "
             f"{tr(f'cell.{issue.what}', lang)}", err=True)
    if len(issues) > _SHOWN_CELL_ISSUES:
        _say(f"tn-map: {note}: {out}: " + tr("cli.more_cells", lang, n=len(issues) - _SHOWN_CELL_ISSUES), err=True)


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
        progress.step(tr("cli.step_wrote", args.lang, path=out))
    _cell_notes(out, issues, args.lang)
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
    text = zone_table_text(zone_table(districts, lang=args.lang), args.format, args.lang)
    if args.format == "json":
        print(_json_text(json.loads(text)))
    else:
        _say(*text.rstrip("\n").split("\n"))
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    with _Quiet():  # matplotlib, python-docx
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
    from .export.communes import communes_overview_text, communes_sources, write_communes

    if args.output is None:
        _say(*communes_overview_text(lang=args.lang).rstrip("\n").split("\n"))
        return 0
    _say(write_communes(args.output, lang=args.lang, sources=communes_sources(lang=args.lang)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tn-map`` command; returns the exit code.

    ``argv``: the arguments (default: this process's command line).
    """
    # What start-up made outlives the command (the libraries' objects are frozen as they load,
    # see _Quiet; this freezes the rest, the parser's included): kept out of the collector's
    # sight while the command runs.  A caller that passes ``argv`` (and may run more commands in
    # its process) gets them all back afterwards; the command line's own process ends with them
    # frozen, so that its final collection at exit does not walk them either (60 ms).
    gc.freeze()
    try:
        return _main(argv)
    finally:
        if argv is not None:
            gc.unfreeze()


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(_scan_lang(argv)).parse_args(argv)
    commands = {
        "build": _cmd_build, "image": _cmd_image, "zones": _cmd_zones, "sites": _cmd_sites,
        "lookup": _cmd_lookup, "communes": _cmd_communes, "brief": _cmd_brief, "export": _cmd_export,
    }
    try:
        return commands[args.command](args)
    except TnMapError as exc:
        lang = getattr(args, "lang", "vi")
        flag = _FLAGS.get(exc.param, f"--{exc.param}".replace("_", "-")) if exc.param else None
        _say(f"tn-map: {tr('cli.error', lang)}: {exc.text(lang, flag)}", err=True)
        return 2
    except KeyboardInterrupt:
        print(f"tn-map: {tr('cli.interrupted', getattr(args, 'lang', 'vi'))}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("TN_MAP_DEBUG"):
            raise
        _say(f"tn-map: {tr('cli.internal_error', getattr(args, 'lang', 'vi'), error=f'{type(exc).__name__}: {exc}')}", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
