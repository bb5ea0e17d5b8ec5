"""The static image for reports: real matplotlib output, opened with real readers (Pillow, pypdf, an XML parser)."""

import io
import math
import xml.etree.ElementTree as ET

import matplotlib
import matplotlib.image
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from tn_map import ParameterError, TnMapError
from tn_map.export.image import image_bytes, save_image
from tn_map.load import read_context
from tn_map.pipeline import classify_sites, read_sites
from tn_map.render import build_model
from tn_map.render.static import draw_map, page_size
from tn_map.style import FIT_MARKERS, SITE_MARKERS
from tn_map.style import ZONE_COLOURS

from .conftest import run_cli

BACKGROUND = np.array([0xF6, 0xF6, 0xF3]) / 255
DISTRICTS = ("Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình", "Định Hóa", "Phú Lương", "Đại Từ", "Võ Nhai", "Đồng Hỷ")
MM = 72 / 25.4  # points per millimetre




def _model(districts, sites=(), by="zone", lang="vi"):
    return build_model(districts.frame, context=read_context(), sites=list(sites), colour_sites_by=by, lang=lang)


def _zone_pixels(png):
    image = matplotlib.image.imread(png)[..., :3]
    counts = {}
    for zone, colour in ZONE_COLOURS.items():
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
        drawn = 0.55 * rgb + 0.45 * BACKGROUND  # districts are drawn at alpha 0.55, as on the page
        counts[zone] = int((np.abs(image - drawn).max(axis=2) < 0.03).sum())
    return counts, image.shape


def test_png_shows_the_zones_in_proportion(tmp_path):
    out = tmp_path / "map.png"
    result = run_cli("image", "-o", str(out), "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    counts, shape = _zone_pixels(out)
    assert shape[0] > 500 and shape[1] > 500
    # areas: West 1,452 km² > East 1,298 km² > South 777 km²
    assert counts["west"] > counts["east"] > counts["south"] > 0.02 * shape[0] * shape[1]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_same_inputs_same_bytes(tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for path in (a, b):
        assert run_cli("image", "-o", str(path), "--dpi", "60", "--sites", "data/sample_sites.csv").returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_unsupported_image_type(tmp_path):
    result = run_cli("image", "-o", str(tmp_path / "map.bmp"))
    assert result.returncode == 2 and "không hỗ trợ loại ảnh .bmp; dùng .png, .svg, .pdf" in result.stderr  # default: vi


# -- the page: paper size in every format --------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape", "mm"), [
    ("A4", False, (210, 297)), ("A4", True, (297, 210)), ("A3", False, (297, 420)), ("a3", True, (420, 297)),
])
def test_pdf_page_is_the_paper(districts, paper, landscape, mm):
    reader = PdfReader(io.BytesIO(image_bytes(draw_map(_model(districts), paper=paper, landscape=landscape), "pdf")))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(mm[0] * MM, abs=0.05)
    assert float(box.height) == pytest.approx(mm[1] * MM, abs=0.05)


@pytest.mark.parametrize(("paper", "landscape", "dpi"), [("A4", False, 100), ("A4", True, 72), ("A3", False, 60)])
def test_png_pixels_are_paper_times_dpi(districts, paper, landscape, dpi):
    page = page_size(paper, landscape)
    png = image_bytes(draw_map(_model(districts), paper=paper, landscape=landscape), "png", dpi=dpi)
    width, height = Image.open(io.BytesIO(png)).size
    assert abs(width - page.width_in * dpi) <= 1 and abs(height - page.height_in * dpi) <= 1


def test_svg_is_the_paper_with_live_text(districts, sample):
    svg = image_bytes(draw_map(_model(districts, [sample], lang="en")), "svg")
    root = ET.fromstring(svg)
    assert root.get("width").endswith("pt") and float(root.get("width")[:-2]) == pytest.approx(210 * MM, abs=0.05)
    assert float(root.get("height")[:-2]) == pytest.approx(297 * MM, abs=0.05)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for name in DISTRICTS:
        assert name in texts, f"{name} is not a <text> element"
    assert "N" in texts  # the north arrow's letter
    assert any("Decision 2031/QĐ-UBND" in t for t in texts)
    assert any("Sites by zone" in t for t in texts)


def test_pdf_text_is_searchable_and_fonts_are_truetype(districts, sample):
    data = image_bytes(draw_map(_model(districts, [sample], by="fit")), "pdf")
    page = PdfReader(io.BytesIO(data)).pages[0]
    text = page.extract_text()
    for name in DISTRICTS:
        assert name in text, name
    # the source line names the Decision, the boundary source and the CRS
    for part in ("Quyết định 2031/QĐ-UBND", "dvhcvn", "EPSG:9213"):
        assert part in " ".join(text.split()), part
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] != "/Type3"
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), "TrueType embedded"


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_a_page_is_the_same_bytes_twice(districts, sample, suffix):
    a = image_bytes(draw_map(_model(districts, [sample], by="fit"), paper="A4", landscape=True), suffix, dpi=60)
    b = image_bytes(draw_map(_model(districts, [sample], by="fit"), paper="A4", landscape=True), suffix, dpi=60)
    assert a == b


def test_page_png_is_what_matplotlib_draws_and_leaves_the_figure_as_it_was(districts):
    drawn = draw_map(_model(districts))
    fig = drawn.figure
    dpi_before, canvas_before = fig.dpi, fig.canvas
    png = Image.open(io.BytesIO(image_bytes(drawn, "png", dpi=60)))
    assert fig.dpi == dpi_before and fig.canvas is canvas_before  # the page can be written again, to PDF or SVG
    reference = io.BytesIO()
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        fig.savefig(reference, format="png", dpi=60)
    drawn = Image.open(reference)
    assert png.mode == "RGB"  # the paper is opaque: no alpha channel
    assert png.size == drawn.size and np.array_equal(np.asarray(png), np.asarray(drawn)[..., :3])
    assert png.info["dpi"] == pytest.approx((60, 60), abs=0.01)
    assert "Software" not in png.info


# -- sites: keyed, distinct, never hidden --------------------------------------------------------


def _legend_labels(fig):
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


@pytest.mark.parametrize(("by", "markers"), [("zone", SITE_MARKERS), ("fit", FIT_MARKERS)])
def test_site_symbols_differ_by_shape_and_are_in_the_legend(districts, sample, by, markers):
    fig = draw_map(_model(districts, [sample], by=by, lang="en")).figure
    labels = " ".join(_legend_labels(fig))
    handles = [h for legend in fig.legends for h in legend.legend_handles if hasattr(h, "get_marker")]
    shapes = {h.get_label(): h.get_marker() for h in handles if h.get_marker() not in (None, "None", "")}
    if by == "zone":
        expected = ["South zone", "West zone", "East zone"]
    else:
        expected = ["Priority sector of this zone", "Not a priority here", "Sector unknown"]
    for label in expected:
        assert label in labels
    category_shapes = [shape for label, shape in shapes.items() if label.replace("\n", " ") in expected]
    assert len(set(category_shapes)) == len(expected), "each category has its own shape"
    assert "Hollow symbol: approximate position" in labels.replace("\n", " ")
    assert len(set(markers.values())) == len(markers)


def test_overlapping_sites_are_fanned_out(districts, sample):
    fig = draw_map(_model(districts, [sample], by="fit")).figure
    ax = fig.axes[0]
    fig.draw_without_rendering()
    bodies = [c for c in ax.collections if c.get_zorder() == 8]
    points = np.vstack([ax.transData.transform(c.get_offsets()) for c in bodies]) / fig.dpi * 72  # in points
    assert len(points) == 18  # every located sample site is drawn
    gaps = [math.dist(points[i], points[j]) for i in range(len(points)) for j in range(i)]
    assert min(gaps) >= 7.0, "no site symbol covers another"
    assert "Symbols sharing a position (sites, parks) are fanned out around it (black dot)" in " ".join(
        _legend_labels(draw_map(_model(districts, [sample], lang="en")).figure)).replace("\n", " ")


def test_labels_stay_text_and_dollar_is_a_dollar(districts):
    frame = districts.frame.copy()
    frame.loc[0, "name"] = "$x^2$ Town"
    fig = draw_map(build_model(frame, context=None, lang="en")).figure
    texts = [t for t in fig.axes[0].texts if t.get_text() == "$x^2$ Town"]
    assert texts and all(not t.get_parse_math() for t in texts)
    assert b"$x^2$ Town" in image_bytes(fig, "svg")


# -- bad input: one error naming the parameter -------------------------------------------------


def test_unknown_paper_names_paper(districts):
    with pytest.raises(ParameterError) as err:
        draw_map(_model(districts), paper="Letter")
    assert err.value.param == "paper" and "A4, A3" in str(err.value)


@pytest.mark.parametrize("dpi", [49, 1201, 0, -5, float("nan")])
def test_dpi_out_of_bounds_names_dpi(districts, tmp_path, dpi):
    with pytest.raises(ParameterError) as err:
        save_image(draw_map(_model(districts)), tmp_path / "map.png", dpi=dpi)
    assert err.value.param == "dpi" and "50–1200" in str(err.value)
    assert not (tmp_path / "map.png").exists()


def test_dpi_out_of_bounds_on_the_command_line(tmp_path):
    result = run_cli("image", "-o", str(tmp_path / "map.png"), "--dpi", "5000")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "50–1200" in result.stderr and "--dpi" in result.stderr


def test_unwritable_path_names_path(districts, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(TnMapError) as err:
        save_image(draw_map(_model(districts)), blocker / "map.pdf")
    assert err.value.param == "path" and "cannot write" in str(err.value)
    with pytest.raises(TnMapError) as err:
        save_image(draw_map(_model(districts)), tmp_path)  # a folder
    assert err.value.param == "path"


def test_rejected_rows_are_counted_like_build(districts, tmp_path):
    csv = tmp_path / "sites.csv"
    csv.write_text("name,lat,lon\nA,21.6,105.8\nB,not a number,105.8\nC,,\n", encoding="utf-8")
    note = f"tn-map: {csv}: 1 of 3 sites on the map, 2 rejected (tn-map sites classify lists them)"
    build = run_cli("build", "-o", str(tmp_path / "m.html"), "--sites", str(csv), "--lang", "en")
    image = run_cli("image", "-o", str(tmp_path / "m.png"), "--sites", str(csv), "--lang", "en")
    assert build.returncode == image.returncode == 0, build.stderr + image.stderr
    assert note in build.stderr.splitlines() and note in image.stderr.splitlines()


def test_a_crowded_position_shows_its_count(districts, tmp_path):
    csv = tmp_path / "pile.csv"
    csv.write_text("name,lat,lon\n" + "".join(f"S{i},21.6,105.85\n" for i in range(30)), encoding="utf-8")
    fig = draw_map(_model(districts, [classify_sites(read_sites(csv), districts)], lang="en")).figure
    assert "30" in [t.get_text() for t in fig.axes[0].texts]
    assert any("sites at one position" in label.replace("\n", " ") for label in _legend_labels(fig))


# -- the caller's figure is the caller's (as contextily: draw on it, never close or resize it) ----------


def _tn_state(obj) -> list[str]:
    """Attributes tn-map would have set on a matplotlib object (state must travel in return values)."""
    return [name for name in vars(obj) if "tn_" in name.lower()]


def test_drawing_on_a_pyplot_axes_and_saving_leaves_the_figure_open_and_its_size(districts, sample, tmp_path):
    import matplotlib.pyplot as plt

    from tn_map import draw_static_map

    fig, ax = plt.subplots(figsize=(5.0, 7.0))
    try:
        drawn = draw_static_map(districts, sites=[sample], lang="en", ax=ax)
        assert drawn.figure is fig and drawn.page is None  # a caller's axes: no page of tn-map's
        assert tuple(fig.get_size_inches()) == (5.0, 7.0)
        out = save_image(drawn, tmp_path / "mine.png", dpi=60)
        assert plt.fignum_exists(fig.number), "save_image closed a figure it did not make"
        assert tuple(fig.get_size_inches()) == (5.0, 7.0) and fig.dpi == plt.rcParams["figure.dpi"]
        assert ax in fig.axes and ax.get_xlim()[1] > ax.get_xlim()[0] > 100_000  # still the map, in EPSG:9213 m
        assert _tn_state(fig) == [] and _tn_state(ax) == []
        # written cropped to what is drawn (the legend below the axes included), not as the 5 × 7 in sheet
        width, height = Image.open(out).size
        assert (width, height) != (300, 420) and height > width
        # written again from the same open figure: the same bytes
        assert save_image(fig, tmp_path / "again.png", dpi=60).read_bytes() == out.read_bytes()
    finally:
        plt.close(fig)


def test_a_page_is_returned_with_its_paper_and_nothing_is_set_on_the_figure(districts, sample):
    drawn = draw_map(_model(districts, [sample], lang="en"), paper="A3", landscape=True)
    assert drawn.page == page_size("A3", landscape=True)
    assert tuple(round(v * 25.4) for v in drawn.figure.get_size_inches()) == (420, 297)  # mm
    assert _tn_state(drawn.figure) == [] and all(_tn_state(ax) == [] for ax in drawn.figure.axes)
    # the page's own bytes keep the paper: a PDF page of 420 × 297 mm
    reader = PdfReader(io.BytesIO(image_bytes(drawn, "pdf")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (420, 297)
