"""The zone brief: Word and PDF files opened with python-docx and pypdf, checked for what a reader sees."""

import csv as csvlib
import io
import shutil
import subprocess

import docx
import numpy as np
import pytest
from pypdf import PdfReader

from tn_map import ParameterError, TnMapError
from tn_map.pipeline import classify_sites, read_districts, read_sites
from tn_map.plan import PLAN
from tn_map.report import build_brief, brief_bytes, write_brief
from tn_map.report.brief import Picture, Table

from .conftest import ARTIFACTS, ROOT

DISTRICTS = ("Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình", "Định Hóa", "Phú Lương", "Đại Từ", "Võ Nhai", "Đồng Hỷ")
HOSTILE = '<b>bold</b> & $\\alpha$ <font name="x">'
A4 = (210 * 72 / 25.4, 297 * 72 / 25.4)




@pytest.fixture(scope="module")
def hostile(districts, tmp_path_factory):
    csv = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    with csv.open("w", encoding="utf-8", newline="") as f:
        writer = csvlib.writer(f)
        writer.writerows([("name", "sector", "lat", "lon"), (HOSTILE, "điện tử", 21.45, 105.85),
                          ("=1+1", "khai khoáng", 21.85, 105.65)])
    return classify_sites(read_sites(csv), districts)


@pytest.fixture(scope="module")
def brief_vi(districts, sample):
    return build_brief(districts, sites=[sample], lang="vi")


@pytest.fixture(scope="module")
def docx_vi(brief_vi):
    return brief_bytes(brief_vi, "docx")


@pytest.fixture(scope="module")
def pdf_vi(brief_vi):
    return brief_bytes(brief_vi, "pdf")


def _fonts(page):
    """Every font a page uses, its own and those of the forms drawn on it (the vector map)."""
    resources = page["/Resources"]
    found = list(resources.get("/Font", {}).values())
    for ref in resources.get("/XObject", {}).values():
        form = ref.get_object()
        if form.get("/Subtype") == "/Form" and "/Resources" in form:
            found += list(form["/Resources"].get("/Font", {}).values())
    return found


def _tables(document):
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _table_with(document, header_cell):
    return next(t for t in _tables(document) if header_cell in t[0])


# -- Word ----------------------------------------------------------------------------------------


def test_docx_has_headings_picture_and_real_tables(docx_vi, districts):
    districts_frame = districts.frame
    document = docx.Document(io.BytesIO(docx_vi))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Không gian phát triển công nghiệp tỉnh Thái Nguyên đến năm 2030") in styles
    headings = [text for style, text in styles if style.startswith("Heading")]
    for expected in ("Bản đồ", "Các khu vực phát triển công nghiệp", "Mục tiêu của Đề án (toàn tỉnh)",
                     "Địa điểm đầu tư", "Danh sách địa điểm", "Nguồn", "Phương pháp", "Lưu ý"):
        assert expected in headings
    assert any("Quyết định số 2031/QĐ-UBND" in text for _, text in styles)
    assert len(document.inline_shapes) == 1
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[image].content_type == "image/png"

    zones = _table_with(document, "Cụm ngành ưu tiên")
    assert [row[0] for row in zones[1:]] == ["Khu vực phía Nam", "Khu vực phía Tây", "Khu vực phía Đông"]
    assert zones[1][1] == "Thái Nguyên, Sông Công, Phổ Yên, Phú Bình"
    # km² and % written the Vietnamese way; the figures measured here in an equal-area projection
    areas = dict(zip(districts_frame["zone"], [0.0] * 9))
    measured = districts_frame.to_crs("+proj=laea +lat_0=21.7 +lon_0=105.85 +ellps=WGS84").area / 1e6
    for zone, area in zip(districts_frame["zone"], measured):
        areas[zone] += area
    west, share = areas["west"], 100 * areas["west"] / sum(areas.values())
    vietnamese = lambda v, d: f"{v:,.{d}f}".replace(",", " ").replace(".", ",").replace(" ", ".")  # noqa: E731
    assert zones[2][2] == vietnamese(west, 1) and zones[2][3] == vietnamese(share, 1)
    assert "Dệt may" in zones[2][4]

    districts = _table_with(document, "Đơn vị hành chính")
    assert len(districts) == 10
    for name in DISTRICTS:
        assert any(name in row[0] for row in districts[1:])

    targets = _table_with(document, "Kể cả Samsung")
    assert targets[0][-1] == "Không kể Samsung"
    values = {row[0]: (row[2], row[3]) for row in targets[1:]}
    for target in PLAN.targets:  # the Decision's figures, with and without Samsung
        with_s, without = values[target.label.vi]
        assert with_s.startswith(f"{target.value:g}".replace(".", ","))
        assert without.startswith(f"{target.value_excl_samsung:g}".replace(".", ","))

    sites = _table_with(document, "Tên địa điểm")
    assert sites[0] == ["STT", "Tên địa điểm", "Huyện cũ / xã, phường nay", "Khu vực", "Ngành (theo tệp)", "Đánh giá", "Vị trí"]
    assert len(sites) == 19
    assert [r[0] for r in sites[1:]] == [str(n) for n in range(1, 19)]  # the numbers beside the map's symbols
    row = next(r for r in sites if r[1] == "KCN Sông Công II")
    # placed at old xã Tân Quang, which the reference map says went into Phường Bách Quang (a05_truocsn)
    assert row[2] == "Sông Công / Phường Bách Quang" and row[3] == "Khu vực phía Nam" and row[6] == "gần đúng"
    summary = _table_with(document, "Số địa điểm")
    assert [r[1] for r in summary[1:]] == ["9", "6", "3"]


def test_docx_is_the_same_bytes_twice(brief_vi, docx_vi):
    assert brief_bytes(brief_vi, "docx") == docx_vi


def test_docx_in_english(districts):
    document = docx.Document(io.BytesIO(brief_bytes(build_brief(districts, lang="en"), "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Targets of the scheme (whole province)" in headings
    assert "Investment sites" not in headings  # no site list given
    targets = _table_with(document, "Including Samsung")
    assert ["Industry value-added growth", "2021–2030", "9 %/yr", "12.03 %/yr"] in targets


# -- PDF -----------------------------------------------------------------------------------------


def test_pdf_pages_text_and_fonts(pdf_vi):
    reader = PdfReader(io.BytesIO(pdf_vi))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.05)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.05)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for name in DISTRICTS:
        assert name in text, name
    flat = " ".join(text.split())
    for part in ("2031/QĐ-UBND", "12,03", "42,38", "Khu vực phía Tây", "KCN Điềm Thụy", "gần đúng"):
        assert part in flat, part
    faces = set()
    for page in reader.pages:
        for ref in _fonts(page):
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert descendant["/Subtype"] in ("/TrueType", "/CIDFontType2"), font["/BaseFont"]
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded TrueType
            faces.add(str(font["/BaseFont"]).split("+")[-1])
    # the text in Liberation Serif (a Times substitute); the map's own labels in DejaVu Sans
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= faces
    assert faces <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic",
                     "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}, faces


def test_pdf_is_the_same_bytes_twice(brief_vi, pdf_vi):
    assert brief_bytes(brief_vi, "pdf") == pdf_vi


def test_pdf_page_looks_right(pdf_vi, tmp_path):
    """Render the first pages with poppler (as a reader's viewer would) and keep them for review."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install Debian's poppler-utils (scripts/test.sh does)")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(pdf_vi)
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "brief_page")],
                   check=True)
    from PIL import Image

    for page in (1, 2):
        image = Image.open(ARTIFACTS / f"brief_page-{page}.png").convert("L")
        assert abs(image.size[0] - 496) <= 1 and abs(image.size[1] - 702) <= 1  # A4 at 60 dpi
        assert (np.asarray(image) < 128).mean() > 0.01, "the page has text and drawings"


# -- narrowing to a zone -------------------------------------------------------------------------


def test_zone_narrows_tables_sites_and_map(districts, sample):
    brief = build_brief(districts, sites=[sample], lang="en", zone="west")
    assert [r[0] for r in brief.tables("zones")[0].rows] == ["West zone"]
    assert [r[0] for r in brief.tables("districts")[0].rows] == ["Định Hóa District", "Phú Lương District",
                                                                 "Đại Từ District"]
    sites = brief.tables("sites")[0].rows
    assert len(sites) == 6 and {r[3] for r in sites} == {"West zone"}
    assert [r[0] for r in sites] == [str(n) for n in range(1, 7)]  # numbered as the zone's map numbers them
    assert [r[0] for r in brief.tables("site_summary")[0].rows] == ["West zone"]
    assert len(brief.tables("targets")[0].rows) == len(PLAN.targets)  # the province's targets stay
    whole = build_brief(districts, sites=[sample], lang="en")
    picture = next(b for b in brief.blocks if isinstance(b, Picture))
    assert picture.png != next(b for b in whole.blocks if isinstance(b, Picture)).png
    document = docx.Document(io.BytesIO(brief_bytes(brief, "docx")))
    assert any(p.text == "Brief: West zone" for p in document.paragraphs)


def test_unknown_zone_names_zone(districts):
    with pytest.raises(ParameterError) as err:
        build_brief(districts, zone="north")
    assert err.value.param == "zone" and "south, west, east" in str(err.value)


# -- user text is data -----------------------------------------------------------------------------


def test_site_names_are_printed_as_written(districts, hostile):
    brief = build_brief(districts, sites=[hostile], lang="en")
    names = [r[1] for r in brief.tables("sites")[0].rows]
    assert HOSTILE in names and "=1+1" in names
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(brief_bytes(brief, "pdf"))).pages).split())
    assert HOSTILE in text
    document = docx.Document(io.BytesIO(brief_bytes(brief, "docx")))
    assert any(row[1] == HOSTILE for row in _table_with(document, "Site"))


# -- files and bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_write_brief_by_extension(brief_vi, tmp_path, suffix):
    path = write_brief(brief_vi, tmp_path / "out" / f"brief{suffix.upper()}")
    assert path.read_bytes()[:4] == (b"PK\x03\x04" if suffix == ".docx" else b"%PDF")


def test_wrong_extension_names_path(brief_vi, tmp_path):
    with pytest.raises(ParameterError) as err:
        write_brief(brief_vi, tmp_path / "brief.html")
    assert err.value.param == "path" and ".docx, .pdf" in str(err.value)


def test_unwritable_path_names_path(brief_vi, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(TnMapError) as err:
        write_brief(brief_vi, blocker / "brief.pdf")
    assert err.value.param == "path"
    with pytest.raises(TnMapError) as err:
        write_brief(brief_vi, tmp_path)
    assert err.value.param == "path"


def test_tables_are_plain_data(brief_vi):
    for block in brief_vi.blocks:
        if isinstance(block, Table):
            assert all(len(row) == len(block.columns) for row in block.rows)
            assert all(isinstance(cell, str) for row in block.rows for cell in row)


def test_same_brief_bytes_in_another_process(districts, sample, tmp_path):
    """No clock, random id or font-subset tag that differs between runs."""
    import subprocess
    import sys

    script = (
        "import sys; from tn_map.pipeline import *; from tn_map.report import build_brief, brief_bytes;"
        "d = read_districts(); c = classify_sites(read_sites('data/sample_sites.csv'), d);"
        "b = build_brief(d, sites=[c], lang='en', zone='east');"
        "sys.stdout.buffer.write(brief_bytes(b, sys.argv[1]))"
    )
    brief = build_brief(districts, sites=[sample], lang="en", zone="east")
    for fmt in ("pdf", "docx"):
        other = subprocess.run([sys.executable, "-c", script, fmt], cwd=ROOT, capture_output=True, check=True).stdout
        assert other == brief_bytes(brief, fmt), fmt


def _map_png(brief) -> bytes:
    return next(b for b in brief.blocks if isinstance(b, Picture)).png


def test_brief_map_shows_the_master_plan_parks_of_its_zone(districts):
    # all 12 parks are in the South zone: they change the South brief's map, not the West's
    south = build_brief(districts, lang="en", zone="south")
    assert _map_png(south) != _map_png(build_brief(districts, lang="en", zone="south", parks=False))
    assert _map_png(build_brief(districts, lang="en", zone="west")) == _map_png(
        build_brief(districts, lang="en", zone="west", parks=False))


def test_a_zone_brief_lists_the_zone_s_communes_and_wards_today(districts):
    """The West brief lists exactly the 2025 units whose territory lies in the West's old districts.

    Which units those are is measured here on the polygons (a unit with more than 1 km² inside the West
    districts), not read from the units' zone attribute; the two-zone Xã Đại Phúc is marked as partly in it.
    """
    import geopandas as gpd
    import shapely

    units = gpd.read_file(ROOT / "data" / "units.geojson").to_crs(9213)
    west = shapely.union_all(districts.frame[districts.frame["zone"] == "west"].to_crs(9213).geometry.values)
    inside = {name for name, geom in zip(units["name"], units.geometry) if shapely.intersection(geom, west).area > 1e6}
    brief = build_brief(districts, zone="west", lang="en")
    table = brief.tables("units")[0]
    listed = [row[0] for row in table.rows]
    assert {name.split(" (")[0] for name in listed} == inside
    assert "Xã Đại Phúc (partly; joins parts of South zone, West zone)" in listed
    area = {row[0]: row[3] for row in table.rows}
    assert area["Xã Lam Vỹ"] == "71.42"  # the reference map's official area (a07_dt), as the brief writes it
    vi = build_brief(districts, zone="west", lang="vi").tables("units")[0]
    assert dict((r[0], r[3]) for r in vi.rows)["Xã Lam Vỹ"] == "71,42"
    assert build_brief(districts, lang="en").tables("units") == []  # the whole province's brief has no such list
