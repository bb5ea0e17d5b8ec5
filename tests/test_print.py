"""The print map as a reader sees it: what the PDF says and where (pdfplumber), and the colours it prints.

Issue 21: the legend and the source line must never be cut or overlap; every
site carries the number the brief's table lists; site symbols stand out on
every zone fill; a site north of the old province (Chợ Đồn, former Bắc Kạn)
is drawn, the frame growing to hold it.
"""

from __future__ import annotations

import functools
import io
import itertools
from collections import Counter

import numpy as np
import pdfplumber
import pytest
from PIL import Image
from pyproj import Transformer

from tn_map.export.image import image_bytes
from tn_map.pipeline import classify_sites, map_model, master_plan_parks, read_sites
from tn_map.plan import PLAN
from tn_map.render.static import draw_map
from tn_map.style import PRINT_SYMBOL_COLOURS

from .conftest import run_cli

# Chợ Đồn (former Bắc Kạn, in Thái Nguyên since 1 July 2025): a point of its old district, north of
# every pre-2025 district of Thái Nguyên (whose northernmost point is below 22.05° N)
CHO_DON = (22.17, 105.62)  # lat, lon
PARK_STATUS_WORDS = {"vi": ("đã thành lập", "đã có trong quy hoạch trước", "quy hoạch mới"),
                     "en": ("established", "in earlier plans", "newly planned")}


@functools.lru_cache(maxsize=4)
def _doc(pdf: bytes) -> pdfplumber.PDF:
    """``pdf`` opened once: pdfminer reads every path of a vector map (seconds), so a test that
    asks for the words and then a legend column of one PDF parses it once, not twice."""
    return pdfplumber.open(io.BytesIO(pdf))


def _words(pdf: bytes) -> list[dict]:
    doc = _doc(pdf)
    assert len(doc.pages) == 1
    return doc.pages[0].extract_words(keep_blank_chars=False, use_text_flow=False)


def _flat(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words)


def _column(pdf: bytes, heading: str) -> str:
    """The text of the column that starts with ``heading`` (a legend), read in order, lines joined."""
    page = _doc(pdf).pages[0]
    first = heading.split()[0]
    words = page.extract_words()
    starts = [w for i, w in enumerate(words) if w["text"] == first
              and " ".join(x["text"] for x in words[i:i + len(heading.split())]) == heading]
    assert starts, f"no {heading!r} on the page"
    top = starts[-1]
    column = page.crop((top["x0"] - 1, top["top"] - 1, page.width, page.height))
    return " ".join(column.extract_text().split())


def _overlaps(words: list[dict], slack: float = 0.3) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than ``slack`` points each way."""
    found = []
    for a, b in itertools.combinations(words, 2):
        if (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack
                and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack):
            found.append((a["text"], b["text"]))
    return found


def _cli_pdf(tmp_path, *args) -> bytes:
    out = tmp_path / "map.pdf"
    result = run_cli("image", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize(("lang", "paper"), [("vi", []), ("en", []), ("vi", ["--landscape"]),
                                             ("vi", ["--paper", "A3"]), ("en", ["--paper", "A3", "--landscape"])])
def test_image_pdf_holds_every_legend_entry_source_and_number_without_overlap(tmp_path, lang, paper):
    pdf = _cli_pdf(tmp_path, "--sites", "data/sample_sites.csv", "--lang", lang, *paper)
    words = _words(pdf)
    text = _flat(words)
    for zone in PLAN.zones:
        assert zone.name.get(lang) in text
    symbols = _column(pdf, "Địa điểm theo khu vực" if lang == "vi" else "Sites by zone")
    for status in PARK_STATUS_WORDS[lang]:  # the parks' last legend entry ("quy hoạch mới") was cut off
        assert status in symbols, status
    source = "Nguồn: Quyết định 2031/QĐ-UBND" if lang == "vi" else "Source: Decision 2031/QĐ-UBND"
    assert source in text and "EPSG:9213" in text
    numbers = [w["text"] for w in words if w["text"].isdigit()]
    for n in range(1, 19):  # the 18 sample sites
        assert str(n) in numbers, f"site {n} has no number on the map"
    assert _overlaps(words) == []
    # the source line is the lowest text, inside the bottom margin's edge (12 mm)
    with pdfplumber.open(io.BytesIO(_cli_pdf(tmp_path, "--lang", lang, *paper))) as doc:
        page = doc.pages[0]
        lowest = max(page.extract_words(), key=lambda w: w["bottom"])
        assert page.height - lowest["bottom"] >= 12 * 72 / 25.4 - 1


def test_brief_map_pdf_keeps_the_legend_inside_its_box(districts, sample):
    """The brief's figure (no title, a fixed box): the legend used to run off its bottom."""
    from tn_map.render.static import Page

    model = map_model(districts.frame, sites=[sample], colour_sites_by="fit", lang="vi",
                      parks=master_plan_parks(districts.frame))
    fig = draw_map(model, paper=Page("brief", False, 170 / 25.4, 205 / 25.4, margin_mm=3.0), title=False)
    pdf = image_bytes(fig, "pdf")
    words = _words(pdf)
    symbols = _column(pdf, "Địa điểm theo mức phù hợp")
    for status in PARK_STATUS_WORDS["vi"]:
        assert status in symbols, status
    assert _overlaps(words) == []
    height = 205 * 72 / 25.4
    assert all(w["bottom"] <= height - 3 * 72 / 25.4 + 0.5 for w in words), "text below the box's margin"


def test_site_numbers_are_the_models_and_never_collide(districts, sample):
    model = map_model(districts.frame, sites=[sample, sample], lang="en")
    assert model.sites[0].numbers == tuple(range(1, 19))
    assert model.sites[1].numbers == tuple(range(19, 37))  # counted on across lists
    words = _words(image_bytes(draw_map(model), "pdf"))
    numbers = Counter(w["text"] for w in words if w["text"].isdigit())
    for n in range(1, 37):
        assert numbers[str(n)] >= 1, n
    assert _overlaps(words) == []


def test_a_site_in_former_bac_kan_is_drawn_and_the_frame_grows(districts, tmp_path):
    csv = tmp_path / "sites.csv"
    csv.write_text(f"name,lat,lon\nMỏ Chợ Đồn,{CHO_DON[0]},{CHO_DON[1]}\nKCN Sông Công,21.47,105.84\n",
                   encoding="utf-8")
    sites = classify_sites(read_sites(csv), districts)
    assert list(sites.frame["status"]) == ["outside_zoning", "located"]  # in today's province, in no zone
    drawn = draw_map(map_model(districts.frame, sites=[sites], lang="vi"))
    ax = drawn.figure.axes[0]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:9213", always_xy=True).transform(CHO_DON[1], CHO_DON[0])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < x < x1 and y0 < y < y1, "Chợ Đồn is inside the frame"
    old_top = districts.frame.to_crs("EPSG:9213").total_bounds[3]
    assert y > old_top  # north of the old province: the frame grew
    words = _words(image_bytes(drawn, "pdf"))
    assert "1" in [w["text"] for w in words]
    assert "Ngoài phân vùng (Bắc Kạn cũ)" in _flat(words)  # its symbol is keyed


def test_a_site_outside_the_focused_zone_is_listed_under_the_map(districts, sample):
    model = map_model(districts.frame, sites=[sample], lang="en")
    words = _words(image_bytes(draw_map(model, focus="west"), "pdf"))
    text = _flat(words)
    assert "Outside the map's frame, not drawn:" in text
    assert "1 KCN Sông Công I" in text  # a South site, by its number and name
    assert _overlaps(words) == []


# -- colours: measured on the printed page -----------------------------------------------------


def _wcag(a, b) -> float:
    def lum(rgb):
        c = np.asarray(rgb, dtype=float) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_every_site_colour_contrasts_with_every_zone_fill_as_printed(districts):
    png = image_bytes(draw_map(map_model(districts.frame, lang="vi", context=False)), "png", dpi=60)
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    counts = Counter(map(tuple, pixels))
    paper = {(255, 255, 255), (0xF6, 0xF6, 0xF3)}
    fills = [c for c, _ in counts.most_common(8) if c not in paper][:3]  # the three zones' fills, as printed
    assert len(fills) == 3
    hues = {int(np.argmax(c)) for c in fills}
    assert hues == {0, 1, 2}, f"one fill per zone hue (red, green, blue): {fills}"
    for key, colour in PRINT_SYMBOL_COLOURS.items():
        for fill in fills:
            assert _wcag(_hex(colour), fill) >= 3.0, (key, colour, fill)  # WCAG 2.1 SC 1.4.11


def test_site_symbols_are_printed_in_the_contrasting_colours(districts, sample):
    fig = draw_map(map_model(districts.frame, sites=[sample], lang="en", colour_sites_by="zone")).figure
    ax = fig.axes[0]
    faces = set()
    for collection in ax.collections:
        if collection.get_zorder() == 8:
            for rgba in list(collection.get_facecolors()) + list(collection.get_edgecolors()):
                faces.add("#%02X%02X%02X" % tuple(int(round(v * 255)) for v in rgba[:3]))
    assert {"#7A2E00", "#004D38", "#00406A"} <= faces  # dark South, West and East symbols


# -- the brief: Decree 30/2020/NĐ-CP's page, its map in vectors, its numbers -----------------------
# Decree 30/2020/NĐ-CP, Appendix I: A4; margins top 20–25 mm, bottom 20–25 mm, left 30–35 mm,
# right 15–20 mm; Times New Roman, 13–14 pt body text.
DECREE_MARGINS = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def brief_vi(districts, sample):
    from tn_map.report import build_brief

    return build_brief(districts, sites=[sample], lang="vi")


@pytest.fixture(scope="module")
def brief_docx(brief_vi):
    import docx

    from tn_map.report import brief_bytes

    return docx.Document(io.BytesIO(brief_bytes(brief_vi, "docx")))


@pytest.fixture(scope="module")
def brief_pdf(brief_vi):
    from tn_map.report import brief_bytes

    return brief_bytes(brief_vi, "pdf")


def test_docx_page_margins_and_body_font_follow_decree_30(brief_docx):
    section = brief_docx.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    for side, (lo, hi) in DECREE_MARGINS.items():
        assert lo - 0.05 <= getattr(section, f"{side}_margin").mm <= hi + 0.05, side  # Word stores twips
    normal = brief_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    body = [p for p in brief_docx.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert len(body) >= 5
    for paragraph in body:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
            size = run.font.size.pt if run.font.size else normal.font.size.pt
            assert 11 <= size <= 14  # body 13 pt; source notes 11 pt
    assert any(p.text.startswith("Khu vực phía Nam:") for p in body)
    # headings: Times New Roman too, not the template's theme font (Calibri Light)
    from docx.oxml.ns import qn

    for name in ("Title", "Heading 1", "Heading 2", "Normal"):
        fonts = brief_docx.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == "Times New Roman" and fonts.get(qn("w:asciiTheme")) is None, name


def test_docx_map_is_a_300_dpi_picture(brief_docx):
    shape = brief_docx.inline_shapes[0]
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    png = Image.open(io.BytesIO(brief_docx.part.related_parts[blip].blob))
    dpi = png.size[0] / (shape.width.mm / 25.4)
    assert 295 <= dpi <= 305, dpi
    assert shape.width.mm <= 210 - 30 - 15 + 0.1  # within the text width


def test_docx_table_headers_repeat_on_every_page(brief_docx):
    from docx.oxml.ns import qn

    assert len(brief_docx.tables) >= 5
    for table in brief_docx.tables:
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) in ("true", "1", None)


def test_pdf_text_within_decree_30_margins_in_liberation_serif(brief_pdf):
    with pdfplumber.open(io.BytesIO(brief_pdf)) as doc:
        assert len(doc.pages) >= 3
        for page in doc.pages:
            assert round(page.width / PT_PER_MM) == 210 and round(page.height / PT_PER_MM) == 297
            body = [c for c in page.chars if 20 * PT_PER_MM - 1 < c["top"] and c["bottom"] < page.height - 20 * PT_PER_MM + 1]
            assert body
            assert min(c["x0"] for c in body) >= 30 * PT_PER_MM - 0.5
            assert max(c["x1"] for c in body) <= page.width - 15 * PT_PER_MM + 0.5
            # nothing but the page number above the top margin, nothing but the footer below the bottom one
            head = "".join(c["text"] for c in page.chars if c["top"] <= 20 * PT_PER_MM - 1)
            assert head == str(page.page_number)
        first = doc.pages[0]
        words = first.extract_words(extra_attrs=["fontname", "size"])
        title = [w for w in words if w["text"] == "Bản" and "Bold" in w["fontname"]]
        assert title and "LiberationSerif" in title[0]["fontname"]
        words = doc.pages[1].extract_words(extra_attrs=["fontname", "size"])
        body = [w for w in words if w["text"] == "Nam:"]  # "Khu vực phía Nam: …", a body paragraph
        assert body and all("LiberationSerif" in w["fontname"] and 13 <= round(w["size"], 1) <= 14 for w in body)
        assert all("LiberationSerif" in w["fontname"] for w in words)  # tables too


def test_pdf_map_is_vector_with_every_number_legend_and_source_and_no_overlap(brief_pdf, brief_vi):
    with pdfplumber.open(io.BytesIO(brief_pdf)) as doc:
        page = doc.pages[0]
        assert page.images == [], "the map is drawn in vectors, not a picture"
        words = page.extract_words()
        text = _flat(words)
        for name in ("Định Hóa", "Đại Từ", "Phổ Yên"):  # the map's names are text
            assert name in text
        numbers = [w["text"] for w in words if w["text"].isdigit()]
        table = brief_vi.tables("sites")[0]
        for row in table.rows:  # every number of the site table is on the map
            assert row[0] in numbers, row
        assert "Nguồn: Quyết định 2031/QĐ-UBND" in text and "EPSG:9213" in text
        map_words = [w for w in words if w["top"] > 40 * PT_PER_MM]  # below the title: the map, legend, source
        assert _overlaps(map_words) == []
        symbols = _column(brief_pdf, "Địa điểm theo mức phù hợp")
        for status in PARK_STATUS_WORDS["vi"]:
            assert status in symbols, status


def test_pdf_site_table_header_repeats_on_each_page(districts, tmp_path):
    from tn_map.report import brief_bytes, build_brief

    csv = tmp_path / "many.csv"
    rows = [f"Địa điểm {i},khai khoáng,{21.55 + 0.004 * (i % 20)},{105.62 + 0.01 * (i // 20)}" for i in range(70)]
    csv.write_text("name,sector,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    sites = classify_sites(read_sites(csv), districts)
    pdf = brief_bytes(build_brief(districts, sites=[sites], lang="vi", parks=False), "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [" ".join(p.extract_text().split()) for p in doc.pages]
    holding = [i for i, t in enumerate(pages) if "Địa điểm 3" in t or "Địa điểm 69" in t or "Địa điểm 40" in t]
    spanned = [t for t in pages if any(f"Địa điểm {n} " in t for n in range(70)) and "Danh sách" not in t]
    assert len(holding) >= 2 and spanned
    for text in spanned:  # a page that continues the table starts with its header row
        assert "STT Tên địa điểm Huyện cũ /" in text  # the header row (its cells wrap over two lines)


def test_place_without_a_district_has_no_leading_slash(districts, tmp_path):
    from tn_map.report import build_brief

    csv = tmp_path / "bac_kan.csv"
    csv.write_text(f"name,commune,lat,lon\nMỏ Chợ Đồn,Xã Chợ Đồn,{CHO_DON[0]},{CHO_DON[1]}\n", encoding="utf-8")
    sites = classify_sites(read_sites(csv), districts)
    row = build_brief(districts, sites=[sites], lang="vi", parks=False).tables("sites")[0].rows[0]
    assert row[0] == "1" and row[1] == "Mỏ Chợ Đồn"
    assert row[2] == "Xã Chợ Đồn"


def test_pdf_brief_without_liberation_serif_says_which_package(monkeypatch, tmp_path, capsys):
    """On a machine without fonts-liberation: one line naming it, exit 2, no file (the Decree's form needs Times)."""
    import matplotlib.font_manager

    from tn_map import cli
    from tn_map.report import pdf

    pdf.font_files.cache_clear()
    monkeypatch.setattr(matplotlib.font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        out = tmp_path / "brief.pdf"
        code = cli.main(["brief", "-o", str(out), "--no-parks"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and not out.exists()
        assert len(err) == 1 and "fonts-liberation" in err[0] and "Liberation Serif" in err[0]
        assert "Traceback" not in err[0]
    finally:
        pdf.font_files.cache_clear()


def test_other_provinces_outlines_never_cross_a_zone_at_zone_zoom(districts):
    """The bundled outlines of other provinces are generalised; at a zone's zoom they must not run over its fill."""
    import shapely
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_hex

    from tn_map.style import CONTEXT_STYLE, LINKED_SPACE_STYLE

    fig = draw_map(map_model(districts.frame, lang="vi"), focus="south").figure
    ax = fig.axes[0]
    province = shapely.union_all(districts.frame.to_crs("EPSG:9213").geometry.values)
    thin = [c for c in ax.collections if isinstance(c, LineCollection)
            and to_hex(c.get_colors()[0]).lower() in (CONTEXT_STYLE["color"].lower(), LINKED_SPACE_STYLE["color"].lower())
            and c.get_linewidths()[0] < 1.0]
    assert thin, "the other provinces' outlines are drawn"
    lines = shapely.union_all([shapely.linestrings(seg) for c in thin for seg in c.get_segments() if len(seg) > 1])
    assert not lines.is_empty
    assert lines.distance(province) > 200  # metres: none reaches into the province's fill


def test_on_a_callers_axes_the_source_line_sits_below_the_legend(districts, sample):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 8))
    ax = fig.add_subplot()
    draw_map(map_model(districts.frame, sites=[sample], lang="en"), ax=ax)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf", bbox_inches="tight")
    words = _words(buffer.getvalue())
    assert "Source: Decision 2031/QĐ-UBND" in _flat(words)
    assert _overlaps(words) == []


@pytest.mark.parametrize(("lang", "zone"), [("en", None), ("en", "south"), ("vi", "west")])
def test_brief_map_page_in_each_language_and_zone_has_every_number_and_no_overlap(districts, sample, lang, zone):
    from tn_map.report import brief_bytes, build_brief

    brief = build_brief(districts, sites=[sample], lang=lang, zone=zone)
    pdf = brief_bytes(brief, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert page.images == []
        words = page.extract_words()
    numbers = [w["text"] for w in words if w["text"].isdigit()]
    rows = brief.tables("sites")[0].rows
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    for row in rows:
        assert row[0] in numbers, row
    source = "Nguồn: Quyết định 2031/QĐ-UBND" if lang == "vi" else "Source: Decision 2031/QĐ-UBND"
    assert source in _flat(words)
    assert _overlaps([w for w in words if w["top"] > 40 * PT_PER_MM]) == []


def test_parks_fanned_out_without_sites_are_keyed(tmp_path):
    """The parks given by commune share points: fanned around them, marked approximate, both keyed."""
    pdf = _cli_pdf(tmp_path, "--lang", "en")
    legend = _column(pdf, "Industrial parks (master plan, Decision 222/QĐ-TTg)")
    assert "Symbols sharing a position (sites, parks) are fanned out around it (black dot)" in legend
    assert "Approximate positions: placed at the park's commune or in its district" in legend
