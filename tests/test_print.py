"""The print map as a reader sees it: what the PDF says and where (pdfplumber), and the colours it prints.

Issue 21: the legend and the source line must never be cut or overlap; every
site carries the number the brief's table lists; site symbols stand out on
every zone fill; a site north of the old province (Chợ Đồn, former Bắc Kạn)
is drawn, the frame growing to hold it.
"""

from __future__ import annotations

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


def _words(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
        return doc.pages[0].extract_words(keep_blank_chars=False, use_text_flow=False)


def _flat(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words)


def _column(pdf: bytes, heading: str) -> str:
    """The text of the column that starts with ``heading`` (a legend), read in order, lines joined."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
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
    fig = draw_map(map_model(districts.frame, sites=[sites], lang="vi"))
    ax = fig.axes[0]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:9213", always_xy=True).transform(CHO_DON[1], CHO_DON[0])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < x < x1 and y0 < y < y1, "Chợ Đồn is inside the frame"
    old_top = districts.frame.to_crs("EPSG:9213").total_bounds[3]
    assert y > old_top  # north of the old province: the frame grew
    words = _words(image_bytes(fig, "pdf"))
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
    fig = draw_map(map_model(districts.frame, sites=[sample], lang="en", colour_sites_by="zone"))
    ax = fig.axes[0]
    faces = set()
    for collection in ax.collections:
        if collection.get_zorder() == 8:
            for rgba in list(collection.get_facecolors()) + list(collection.get_edgecolors()):
                faces.add("#%02X%02X%02X" % tuple(int(round(v * 255)) for v in rgba[:3]))
    assert {"#7A2E00", "#004D38", "#00406A"} <= faces  # dark South, West and East symbols
