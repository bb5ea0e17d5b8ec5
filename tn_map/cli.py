"""Command line: ``tn-map build`` and ``tn-map zones``.

Errors in the user's input print one line on stderr (what is wrong, and
where) and exit with code 2; no traceback.  Set ``TN_MAP_DEBUG=1`` to see the
traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import TnMapError
from .export import save_html, write_table
from .export.tables import TABLE_FORMATS
from .pipeline import build_map, load_districts, zone_table
from .plan import LANGS
from .render import DEFAULT_BASEMAP

__all__ = ["main"]

DEFAULT_OUTPUT = Path("output") / "thai_nguyen_industry_map.html"


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

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGS, default="en", help="language of the map and tables (default: en)")
        p.add_argument(
            "--boundaries",
            type=Path,
            metavar="PATH",
            help="district boundary file (any GDAL vector format); default: the bundled pre-2025 boundaries",
        )
        p.add_argument("--name-field", metavar="COLUMN", help="column of district names in --boundaries (default: detected)")

    build = sub.add_parser("build", help="write the interactive HTML map", description="Write the interactive HTML map and print its path.")
    build.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH", help=f"HTML file to write (default: {DEFAULT_OUTPUT})")
    build.add_argument("--basemap", default=DEFAULT_BASEMAP, metavar="NAME", help=f"xyzservices basemap name, or 'none' for a blank background (default: {DEFAULT_BASEMAP})")
    build.add_argument("--offline", action="store_true", help="inline Leaflet from local packages so the page needs no CDN (fullscreen and minimap are left out)")
    build.add_argument("--no-context", action="store_true", help="leave out the high-tech space and neighbouring provinces")
    common(build)

    zones = sub.add_parser("zones", help="print the zone table", description="Print one row per zone: districts, clusters, area and share of the province.")
    zones.add_argument("--format", choices=TABLE_FORMATS, default="table", help="output format (default: table)")
    common(zones)
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    districts = load_districts(args.boundaries, name_field=args.name_field)
    for note in districts.attrs.get("notes", []):
        print(f"tn-map: note: {districts.attrs.get('source')}: {note}", file=sys.stderr)
    m = build_map(districts, lang=args.lang, basemap=args.basemap, context=not args.no_context, offline=args.offline)
    path, missing = save_html(m, args.output, offline=args.offline)
    for url in missing:
        print(f"tn-map: note: no local copy of {url}; the page still loads it online", file=sys.stderr)
    print(path)
    print(
        f"tn-map: wrote {path.stat().st_size / 1024:.0f} KB in {time.perf_counter() - start:.2f} s "
        f"(web geometry within {m.attrs['hausdorff_m']:.1f} m of the boundaries)",
        file=sys.stderr,
    )
    return 0


def _cmd_zones(args: argparse.Namespace) -> int:
    districts = load_districts(args.boundaries, name_field=args.name_field)
    table = zone_table(districts, lang=args.lang)
    if args.format == "table":
        table = table.drop(columns=["zone_key"])
    write_table(table, args.format)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tn-map`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    commands = {"build": _cmd_build, "zones": _cmd_zones}
    try:
        return commands[args.command](args)
    except TnMapError as exc:
        print(f"tn-map: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tn-map: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("TN_MAP_DEBUG"):
            raise
        print(f"tn-map: internal error: {type(exc).__name__}: {exc} (set TN_MAP_DEBUG=1 for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
