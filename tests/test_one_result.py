"""One site list, one set of figures: ``sites classify`` (its printed summary, JSON, CSV and
other exports), the brief (Word and PDF) and the map panel must agree, zone by zone.

The expected figures are worked out here from the rows this test writes and from the
Decision's facts (which zone each place lies in, which clusters each zone gives priority
to), never from the program's own output.  The list holds the cases that made the outputs
disagree before:

- a site placed by the name of Xã Đại Phúc, a 2025 commune formed from communes of TP Thái
  Nguyên, TP Phổ Yên (South) and Đại Từ (West): it lies in both zones, and textiles are a
  priority of the West only.  Its *second* zone (plan order South, West, East) is the one
  where it is a priority, so a program that counts only a site's first zone gives the West
  1 site and 0 % instead of 2 sites and 50 %;
- a point inside Xã Đại Phúc but in its former Đại Từ part: the West only;
- a site with an area of 0 (a known zero: ``0.0``) and sites with no area (not known:
  ``–``; a zone where no site has an area shows ``–``, not ``0.0``);
- a site whose sector is unknown, a stated district that is not where the point lies,
  and a rejected row.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from tn_map.cli import main
from tn_map.i18n import WORDS

# The Decision's zones, by the old district a place lies in (Decision 2031/QĐ-UBND).
SOUTH, WEST, EAST = "south", "west", "east"
ZONE_NAMES = {
    "en": {SOUTH: "South zone", WEST: "West zone", EAST: "East zone"},
    "vi": {SOUTH: "Khu vực phía Nam", WEST: "Khu vực phía Tây", EAST: "Khu vực phía Đông"},
}


@dataclass(frozen=True)
class Site:
    """One row the test writes, with the facts about it the figures follow from."""

    name: str
    sector: str
    commune: str = ""
    lat: str = ""
    lon: str = ""
    area: str = ""
    district: str = ""
    zones: tuple[str, ...] = ()  # () : rejected
    priority_in: frozenset = frozenset()  # the zones whose priority clusters hold its sector
    sector_known: bool = True
    exact: bool = True  # placed at its own coordinates (not at its commune's point)


SITES = (
    # textiles & garments: a West cluster only; Xã Đại Phúc is South and West (placed by name: both)
    Site("Dệt may Đại Phúc", "dệt may", commune="Xã Đại Phúc", area="0", zones=(SOUTH, WEST),
         priority_in=frozenset({WEST}), exact=False),
    # electronics in TP Phổ Yên (South): a South cluster; no area stated
    Site("Điện tử Phổ Yên", "điện tử", lat="21.42", lon="105.87", zones=(SOUTH,), priority_in=frozenset({SOUTH})),
    # mechanical engineering at a point of Xã Đại Phúc's former Đại Từ part (West): a South cluster, not a West one;
    # the file says Phú Lương
    Site("Cơ khí Đại Từ", "cơ khí chế tạo", lat="21.63", lon="105.64", area="12.5", district="Phú Lương", zones=(WEST,)),
    # garments in TP Sông Công (South): not a South cluster; no area
    Site("May Sông Công", "may mặc", lat="21.47", lon="105.83", zones=(SOUTH,)),
    # warehousing in Võ Nhai (East): no cluster names it, so its sector is unknown; no area
    Site("Kho Võ Nhai", "kho vận", lat="21.70", lon="105.92", zones=(EAST,), sector_known=False),
    # no position at all: rejected
    Site("Không vị trí", "điện tử", lat="abc", lon="105.8"),
)
LOCATED = [s for s in SITES if s.zones]
TWO_ZONE = [s for s in LOCATED if len(s.zones) > 1]


def expected_figures(zone: str) -> dict:
    """A zone's figures from the rows and the facts above."""
    members = [s for s in LOCATED if zone in s.zones]
    areas = [float(s.area) for s in members if s.area != ""]
    return {
        "count": len(members),
        "area": sum(areas) if areas else None,  # None: no site of the zone has an area
        "priority": sum(zone in s.priority_in for s in members if s.sector_known),
        "known": sum(s.sector_known for s in members),
        "unknown": sum(not s.sector_known for s in members),
        "approximate": sum(not s.exact for s in members),
    }


def number(value: float, lang: str, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if lang == "vi" else text


def expected_texts(zone: str, lang: str) -> dict:
    """The figures as every output writes them: area with one decimal or ``–``, share as ``67 %`` or ``–``."""
    f = expected_figures(zone)
    return {
        "count": str(f["count"]),
        "area": "–" if f["area"] is None else number(f["area"], lang, 1),
        "share": f"{round(100 * f['priority'] / f['known'])} %" if f["known"] else "–",
        "unknown": str(f["unknown"]),
        "approximate": str(f["approximate"]),
    }


def test_the_list_is_built_to_catch_a_first_zone_only_count():
    """The facts themselves: the two-zone site is a priority only in its second zone, and the expected
    West figures need it (counted only in its first zone, the West would be 1 site, 0 %)."""
    (site,) = TWO_ZONE
    assert site.zones == (SOUTH, WEST) and site.priority_in == {WEST}
    assert expected_texts(WEST, "en") | {"unknown": None, "approximate": None} == {
        "count": "2", "area": "12.5", "share": "50 %", "unknown": None, "approximate": None}
    assert expected_texts(SOUTH, "en")["area"] == "0.0" and expected_texts(EAST, "en")["area"] == "–"
    assert sum(expected_figures(z)["count"] for z in (SOUTH, WEST, EAST)) == len(LOCATED) + 1


@pytest.fixture(scope="module")
def site_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("one_result") / "sites.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "sector", "commune", "lat", "lon", "area_ha", "district"])
        for s in SITES:
            writer.writerow([s.name, s.sector, s.commune, s.lat, s.lon, s.area, s.district])
    return path


def run(capsys, *args: str) -> str:
    """Run the command line in this process (the behaviour, not the start-up, is under test); its stdout."""
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def summary_rows(printed: str, lang: str) -> dict[str, dict]:
    """The CLI's per-zone lines (zone name in 20 characters, then the columns right-aligned)."""
    rows = {}
    names = {v: k for k, v in ZONE_NAMES[lang].items()}
    for line in printed.splitlines():
        name = line[:20].strip()
        if name in names:
            count, area, share, unknown = line[21:30].strip(), line[31:45].strip(), line[46:59].strip(), line[60:].strip()
            rows[names[name]] = {"count": count, "area": area, "share": share, "unknown": unknown}
    return rows


def several_zones_words(lang: str) -> str:
    """The words saying why the zones add up to more than the sites, for this list."""
    (site,) = TWO_ZONE
    return WORDS["several_zones"].get(lang).format(n=len(TWO_ZONE), places=site.commune)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_sites_classify_prints_the_figures_and_says_why_zones_add_up_to_more(site_file, tmp_path, capsys, lang):
    printed = run(capsys, "sites", "classify", str(site_file), "-o", str(tmp_path / "out.csv"), "--lang", lang)
    rows = summary_rows(printed, lang)
    for zone in (SOUTH, WEST, EAST):
        want = expected_texts(zone, lang)
        assert rows[zone] == {k: want[k] for k in ("count", "area", "share", "unknown")}, zone
    assert several_zones_words(lang) in printed


def test_sites_classify_json_report_holds_the_exact_counts(site_file, tmp_path, capsys):
    report = json.loads(run(capsys, "sites", "classify", str(site_file), "-o", str(tmp_path / "out.csv"), "--format", "json"))
    assert (report["rows_in"], report["located"], report["rejected"]) == (len(SITES), len(LOCATED), len(SITES) - len(LOCATED))
    assert report["several_zones"] == len(TWO_ZONE) and report["several_zones_places"] == ["Xã Đại Phúc"]
    assert report["district_mismatch"] == 1  # Cơ khí Đại Từ, stated Phú Lương
    for zone in (SOUTH, WEST, EAST):
        f, z = expected_figures(zone), report["zones"][zone]
        area_known = sum(s.area != "" for s in LOCATED if zone in s.zones)
        assert (z["count"], z["priority"], z["known"], z["sector_unknown"], z["approximate"], z["area_known"]) == (
            f["count"], f["priority"], f["known"], f["unknown"], f["approximate"], area_known), zone
        assert z["area_ha"] == pytest.approx(f["area"] or 0.0)


def zone_counts(zone_cells) -> dict[str, int]:
    """Sites per zone from a written ``zone`` column, as a user reading the file counts them."""
    counts = {SOUTH: 0, WEST: 0, EAST: 0}
    for cell in zone_cells:
        for key in filter(None, str(cell).split("; ")):
            counts[key] += 1
    return counts


EXPECTED_COUNTS = {z: expected_figures(z)["count"] for z in (SOUTH, WEST, EAST)}


def check_written_rows(table: pd.DataFrame, lang: str) -> None:
    by_name = table.set_index("name")
    for s in SITES:
        row = by_name.loc[s.name]
        assert row["zone"] == "; ".join(s.zones), s.name
        assert row["zone_name"] == "; ".join(ZONE_NAMES[lang][z] for z in s.zones), s.name
        assert row["status"] == ("located" if s.zones else "rejected"), s.name
    assert zone_counts(table["zone"].fillna("")) == EXPECTED_COUNTS
    assert not [c for c in table.columns if re.fullmatch(r"(in|fit)_(south|west|east)", str(c))]  # kept inside tn-map


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".gpkg"])
def test_written_files_give_the_same_zones(site_file, tmp_path, capsys, suffix):
    out = tmp_path / f"out{suffix}"
    run(capsys, "sites", "classify", str(site_file), "-o", str(out), "--lang", "en")
    if suffix == ".csv":
        table = pd.read_csv(out, dtype=str, keep_default_na=False)
    elif suffix == ".xlsx":
        table = pd.read_excel(out, dtype=str, engine="openpyxl").fillna("")
    else:
        import geopandas as gpd

        frame = gpd.read_file(out, layer="sites")
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name)).astype(object).where(frame.notna(), "")
    check_written_rows(table, "en")


def test_kml_holds_every_located_site_once_in_a_folder_of_one_of_its_zones(site_file, tmp_path, capsys):
    out = tmp_path / "out.kml"
    run(capsys, "sites", "classify", str(site_file), "-o", str(out), "--lang", "en")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    folders = ET.parse(out).getroot().findall(".//k:Folder", ns)
    where = {}
    for folder in folders:
        label = folder.find("k:name", ns).text
        for mark in folder.findall("k:Placemark", ns):
            where.setdefault(mark.find("k:name", ns).text, []).append(label)
    for s in LOCATED:
        (label,) = where[s.name]
        assert label in [ZONE_NAMES["en"][z] for z in s.zones], s.name


def docx_tables(path: Path) -> list[list[list[str]]]:
    import docx

    return [[[cell.text.strip() for cell in row.cells] for row in table.rows] for table in docx.Document(path).tables]


def summary_table(tables: list[list[list[str]]], lang: str) -> dict[str, list[str]]:
    """The brief's site summary: the table whose header has the sites and the approximate columns."""
    header = [WORDS[k].get(lang) for k in ("col_sites", "col_approximate")]
    (table,) = [t for t in tables if all(h in t[0] for h in header)]
    names = {v: k for k, v in ZONE_NAMES[lang].items()}
    return {names[row[0]]: row[1:] for row in table[1:]}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_word_brief_gives_the_same_figures(site_file, tmp_path, capsys, lang):
    out = tmp_path / "brief.docx"
    run(capsys, "brief", "-o", str(out), "--sites", str(site_file), "--lang", lang, "--no-parks", "--no-context")
    rows = summary_table(docx_tables(out), lang)
    for zone in (SOUTH, WEST, EAST):
        w = expected_texts(zone, lang)
        assert rows[zone] == [w["count"], w["area"], w["share"], w["unknown"], w["approximate"]], zone
    import docx

    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert several_zones_words(lang) in text
    # the site list names both zones of the two-zone site
    (site,) = TWO_ZONE
    listed = [row for t in docx_tables(out) for row in t if site.name in row]
    assert listed and "; ".join(ZONE_NAMES[lang][z] for z in site.zones) in listed[0]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_brief_gives_the_same_figures(site_file, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    run(capsys, "brief", "-o", str(out), "--sites", str(site_file), "--lang", "en", "--no-parks", "--no-context")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    start = text.index(WORDS["h_site_summary"].get("en"))
    part = text[start:]
    for zone in (SOUTH, WEST, EAST):
        w = expected_texts(zone, "en")
        line = next(line for line in part.splitlines() if line.strip().startswith(ZONE_NAMES["en"][zone]))
        cells = re.split(r"\s{2,}", line.strip())
        assert cells == [ZONE_NAMES["en"][zone], w["count"], w["area"], w["share"], w["unknown"], w["approximate"]], line
    assert "more than one zone (Xã Đại Phúc)" in " ".join(part.split())


class _Cells(HTMLParser):
    """Rows of the map panel's summary table, as text cells keyed by their ``data-zone``."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.zone = None
        self.text = None
        self.small: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.zone = dict(attrs).get("data-zone")
            if self.zone:
                self.rows[self.zone] = []
        elif tag == "td" and self.zone:
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.zone and self.text is not None:
            self.rows[self.zone].append(self.text.strip())
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data
        self.small.append(data)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_map_panel_gives_the_same_figures(site_file, lang):
    from tn_map.pipeline import classify_sites, map_model, read_districts, read_sites
    from tn_map.render.sites import sites_summary_html

    districts = read_districts()
    model = map_model(districts.frame, sites=[classify_sites(read_sites(site_file), districts)], lang=lang, context=False)
    cells = _Cells()
    cells.feed(sites_summary_html(model))
    for zone in (SOUTH, WEST, EAST):
        w = expected_texts(zone, lang)
        assert cells.rows[zone] == [ZONE_NAMES[lang][zone], w["count"], w["area"], w["share"]], zone
    assert several_zones_words(lang) in "".join(cells.small)



def test_a_file_classified_in_chunks_reports_the_same_figures(site_file, tmp_path):
    """The streamed CSV path merges per-chunk reports: the same zones, areas and two-zone count as the whole."""
    from tn_map.pipeline import classify_file, read_districts

    report, _, _ = classify_file(site_file, tmp_path / "out.csv", read_districts(), lang="en", chunk_rows=2)
    assert report.several_zones == len(TWO_ZONE) and report.several_zones_places == ("Xã Đại Phúc",)
    for zone in (SOUTH, WEST, EAST):
        f, z = expected_figures(zone), report.zones[zone]
        assert (z.count, z.priority, z.known, z.sector_unknown, z.approximate) == (
            f["count"], f["priority"], f["known"], f["unknown"], f["approximate"]), zone
        assert z.area == (None if f["area"] is None else pytest.approx(f["area"]))


def test_stated_district_and_unit_mismatches_follow_one_rule(tmp_path):
    """Both flags are nullable booleans judged the same way: True where the file names another place than
    the one the point lies in, False where it names that place, empty where it names none."""
    from tn_map.pipeline import classify_sites, read_districts, read_sites

    path = tmp_path / "stated.csv"
    # 21.42,105.87 lies in TP Phổ Yên, in today's Phường Phổ Yên (see tn-map lookup)
    path.write_text("name,lat,lon,district,commune\n"
                    "right,21.42,105.87,TP Phổ Yên,Phường Phổ Yên\n"
                    "wrong,21.42,105.87,Huyện Đại Từ,Xã Tân Cương\n"
                    "silent,21.42,105.87,,\n", encoding="utf-8")
    frame = classify_sites(read_sites(path), read_districts()).frame.set_index("name")
    for column in ("district_mismatch", "unit_mismatch"):
        flags = frame[column]
        assert str(flags.dtype) == "boolean", column
        assert (flags["right"], flags["wrong"], pd.isna(flags["silent"])) == (False, True, True), column


@pytest.mark.parametrize("colour_by", ["zone", "fit"])
def test_page_and_print_map_draw_each_site_with_the_one_symbol_the_model_decided(tmp_path, colour_by):
    """Symbol, colour and solid/hollow are decided once on the model; the page's markers and the print
    map's symbols read them.  Places are independent facts: Sông Công's centre is in the South zone,
    Đại Từ town in the West, Bắc Kạn town in former Bắc Kạn (no zone)."""
    import tn_map
    from tn_map.export.html import save_html
    from tn_map.style import FIT_COLOURS, OUTSIDE_ZONING_COLOUR, ZONE_COLOURS

    from .test_map_html import page_op

    src = tmp_path / "sites.csv"
    src.write_text(
        "name,sector,lat,lon,location_precision\n"
        "Sông Công,điện tử,21.4880,105.8430,exact\n"       # South; electronics is a South priority
        "Đại Từ,điện tử,21.6320,105.6400,approximate\n"    # West; electronics is not a West priority
        "Bắc Kạn,điện tử,22.1470,105.8350,exact\n",        # former Bắc Kạn: no zone
        encoding="utf-8")
    sites = tn_map.classify_sites(tn_map.read_sites(src))
    expected_keys = {"zone": ["south", "west", ""], "fit": ["priority", "not_priority", ""]}[colour_by]
    colour_of = {**ZONE_COLOURS, **FIT_COLOURS, "": OUTSIDE_ZONING_COLOUR}

    from tn_map.render.compose import map_model

    model = map_model(tn_map.load_districts(), sites=[sites], colour_sites_by=colour_by, parks=None)
    layer = model.sites[0]
    assert layer.symbol_keys.tolist() == expected_keys
    assert layer.hollow.tolist() == [False, True, False]

    m = tn_map.build_map(sites=[sites], colour_sites_by=colour_by, basemap="none", parks=False)
    path, _ = save_html(m, tmp_path / "map.html")
    op = page_op(path.read_text(encoding="utf-8"), "siteLayer")
    kinds = [op["data"]["kinds"][k] for k in op["data"]["kind"]]
    assert [op["lookup"]["colours"][k[4]] for k in kinds] == [colour_of[k] for k in expected_keys]
    assert [k[3] & 1 for k in kinds] == [0, 1, 0]  # drawn hollow (dashed) where approximate

    # the print map's symbols: the rows it draws, in the order of the list
    from matplotlib.figure import Figure

    from tn_map.render.static import _Map

    points = _Map(model, Figure().add_subplot(), 1.0, None)._site_points()
    assert points["key"].tolist() == expected_keys
    assert points["hollow"].tolist() == [False, True, False]
