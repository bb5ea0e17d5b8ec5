"""The master plan's industrial parks: the bundled file, its layer on the default map and on the print map.

Expected facts are written from ``../shared/reference/industrial_parks_master_plan.md``
(Decision 222/QĐ-TTg as the press reported it), not from tn-map's output.
"""

import csv
import json
import re
import shutil

import pytest

import tn_map
from tn_map.export import save_html

from .conftest import ROOT, cli_map, run_cli, settle
from .test_map_html import page_config

PARKS_CSV = ROOT / "data" / "master_plan_parks.csv"

# From the reference: status in the plan and area (ha) of each park.
PLAN_PARKS = {
    "KCN Sông Công I": ("established", 196.88),
    "KCN Sông Công II": ("established", 260),
    "KCN Điềm Thụy": ("established", 361.1),
    "KCN Nam Phổ Yên": ("established", 263),
    "KCN Yên Bình": ("established", 400),
    "KCN Sông Công II giai đoạn 2": ("in earlier plans", 300),
    "KCN – đô thị – dịch vụ Phú Bình": ("in earlier plans", 675),  # 900 ha in all, 675 industrial
    "Khu CNTT tập trung Yên Bình": ("in earlier plans", 200),
    "KCN Yên Bình 2": ("new", 301),
    "KCN Yên Bình 3": ("new", 300),
    "KCN Thượng Đình": ("new", 130),  # the 2021 draft's figure: the 2023 one was not seen
    "Tổ hợp công nghiệp – đô thị – dịch vụ Tây Phổ Yên": ("new", 592),  # idem, industrial part
}
LAYER_VI = "Khu công nghiệp theo Quy hoạch tỉnh 2021–2030"
LAYER_EN = "Industrial parks of the provincial master plan 2021–2030"


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _config(html: str) -> dict:
    return page_config(html)


def _park_count(html: str) -> int:
    """How many parks the page carries (each has its popup text ``pk<i>.popup``)."""
    return sum(1 for k in _config(html)["texts"]["vi"] if re.fullmatch(r"pk\d+\.popup", k))


def _layer_names(html: str, lang: str) -> list[str]:
    return [v for k, v in _config(html)["texts"][lang].items() if k.startswith("layer.")]


# -- the data ------------------------------------------------------------------------------


def test_parks_file_holds_the_master_plans_twelve_parks_with_their_status_and_area():
    rows = _rows(PARKS_CSV)
    assert {r["name"]: (r["status"], float(r["area_ha"])) for r in rows} == PLAN_PARKS
    for row in rows:
        assert row["area_source"] and row["source"], row["name"]
        assert row["location_precision"] in ("commune", "district"), row["name"]
        # the two figures not in the 2023 report say they are the 2021 draft's
        draft = row["name"] in ("KCN Thượng Đình", "Tổ hợp công nghiệp – đô thị – dịch vụ Tây Phổ Yên")
        assert ("2021" in row["area_source"]) == draft, row["name"]
    sources = (ROOT / "data" / "SOURCES.md").read_text(encoding="utf-8")
    assert "## `master_plan_parks.csv`" in sources and "222/QĐ-TTg" in sources and "--no-parks" in sources


def test_sample_sites_label_their_older_park_figures_and_illustrative_rows():
    plan = _rows(PARKS_CSV)
    for row in _rows(ROOT / "data" / "sample_sites.csv"):
        if row["illustrative"] == "yes":
            assert row["name"].endswith("(minh họa)") and row["source"] == "illustrative"
            continue
        # a real park with a figure from before the plan: its row says so, and gives the plan's figure
        assert row["name"].startswith("KCN") and "before 2023" in row["area_source"], row["name"]
        same = [p for p in plan if p["name"] == row["name"]]
        if same and float(same[0]["area_ha"]) != float(row["area_ha"]):
            assert f"{float(same[0]['area_ha']):g} ha" in row["area_source"], row["name"]


def test_parks_are_placed_in_the_south_zone_approximately(districts):
    parks = tn_map.classify_sites(tn_map.read_sites(PARKS_CSV), districts)
    frame = parks.frame
    assert parks.report.rows_in == parks.report.located == 12
    assert set(frame["zone"]) == {"south"}  # the reference: all in the South zone's districts
    assert (frame["location_precision"] != "exact").all()


# -- the interactive map -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_vi(tmp_path_factory):
    """The default page, as ``tn-map build`` writes it (Vietnamese)."""
    return cli_map(tmp_path_factory.mktemp("parks") / "map.html", "--basemap", "none")


@pytest.mark.browser
def test_default_map_has_the_parks_layer_and_a_popup_in_each_language(routed, default_vi):
    rp = routed()
    rp.open(default_vi)
    page = rp.page
    assert page.locator(".tn-park").count() == 12
    # not clustered, and no symbol hides another at the opening view
    boxes = page.eval_on_selector_all(".tn-park", "els => els.map(e => { const r = e.getBoundingClientRect(); "
                                                  "return [r.left, r.top, r.right, r.bottom]; })")
    overlaps = [(i, j) for i in range(12) for j in range(i + 1, 12)
                if boxes[i][0] < boxes[j][2] - 1 and boxes[j][0] < boxes[i][2] - 1
                and boxes[i][1] < boxes[j][3] - 1 and boxes[j][1] < boxes[i][3] - 1]
    assert overlaps == []
    # its own switchable layer, on
    page.hover(".leaflet-control-layers")
    overlay = page.locator(".leaflet-control-layers-overlays label", has_text=LAYER_VI)
    assert overlay.count() == 1 and overlay.locator("input").is_checked()
    legend = page.inner_text(".tn-legend")
    assert "222/QĐ-TTg" in legend and "đã thành lập" in legend and "quy hoạch mới" in legend
    page.mouse.move(640, 400)
    rp.settle()

    page.locator('.tn-park[title="KCN Sông Công I"]').click()
    popup = page.wait_for_selector(".tn-park-popup", timeout=5000)
    settle(page)
    rp.screenshot("park_popup_vi")
    text = popup.inner_text()
    assert page.inner_text(".tn-park-popup h4") == "KCN Sông Công I"
    assert page.inner_text(".tn-park-popup .tn-park-status") == "đã thành lập"
    # the area's source in the reader's language, its number in Vietnamese form
    assert page.inner_text(".tn-park-popup .tn-park-area") == "196,88 ha — QĐ 222/QĐ-TTg, 2023 (gồm 1,88 ha mở rộng)"
    assert "Thành phố Sông Công" in text and "Khu vực phía Nam" in text and "Điện tử" in text
    assert "Vị trí gần đúng" in text and "kinhtetieudung.vn" in text

    page.click(".tn-lang-button")  # the open popup follows the page's language
    settle(page)
    rp.screenshot("park_popup_en")
    assert page.inner_text(".tn-park-popup .tn-park-status") == "established"
    assert page.inner_text(".tn-park-popup .tn-park-area") == "196.88 ha — Decision 222/QĐ-TTg, 2023 (incl. 1.88 ha expansion)"
    text = page.inner_text(".tn-park-popup")
    assert "South zone" in text and "Electronics" in text and "Approximate position" in text
    assert "sectors: provincial IZ authority tables" in text and "Ban Quản lý" not in text
    page.hover(".leaflet-control-layers")
    assert page.locator(".leaflet-control-layers-overlays label", has_text=LAYER_EN).count() == 1
    assert rp.page_errors == [] and rp.console_errors == []


@pytest.mark.browser
def test_search_finds_a_park_and_switching_its_layer_off_hides_it(routed, default_vi):
    rp = routed()
    rp.open(default_vi)
    page = rp.page
    search = page.locator("input[type=search]")
    search.fill("yen binh 2")
    option = page.get_by_role("option").first.inner_text()
    assert option.startswith("KCN Yên Bình 2") and "Khu công nghiệp (Quy hoạch tỉnh)" in option
    search.press("Enter")
    page.wait_for_selector(".tn-park-popup", timeout=5000)
    assert page.inner_text(".tn-park-popup .tn-park-status") == "quy hoạch mới"
    assert page.inner_text(".tn-park-popup .tn-park-area").startswith("301 ha")
    page.keyboard.press("Escape")
    page.hover(".leaflet-control-layers")
    page.locator(".leaflet-control-layers-overlays label", has_text=LAYER_VI).locator("input").click()
    rp.settle()
    assert page.locator(".tn-park").count() == 0
    assert rp.page_errors == [] and rp.console_errors == []


def test_no_parks_leaves_the_layer_out(tmp_path, default_vi):
    html = cli_map(tmp_path / "no.html", "--basemap", "none", "--no-parks").read_text(encoding="utf-8")
    assert LAYER_VI not in _layer_names(html, "vi") and _park_count(html) == 0
    assert "222/QĐ-TTg" not in _config(html)["texts"]["vi"]["legend"]
    default = default_vi.read_text(encoding="utf-8")
    assert LAYER_VI in _layer_names(default, "vi") and _park_count(default) == 12
    assert "222/QĐ-TTg" in _config(default)["texts"]["vi"]["legend"]
    # the library: on by default, parks=False to leave them out
    for parks, count in ((True, 12), (False, 0)):
        path, _ = save_html(tn_map.build_map(basemap="none", parks=parks), tmp_path / f"lib{parks}.html")
        assert _park_count(path.read_text(encoding="utf-8")) == count


def test_parks_are_not_counted_among_the_sites(tmp_path):
    with_parks = cli_map(tmp_path / "a.html", "--basemap", "none", "--sites", "data/sample_sites.csv", "--lang", "en")
    without = cli_map(tmp_path / "b.html", "--basemap", "none", "--sites", "data/sample_sites.csv", "--lang", "en",
                      "--no-parks")
    summaries = []
    for path in (with_parks, without):
        plan = _config(path.read_text(encoding="utf-8"))["texts"]["en"]["plan"]
        summaries.append(plan[plan.index('<div class="tn-sites-summary">'):])
    assert summaries[0] == summaries[1]
    rows = len(_rows(ROOT / "data" / "sample_sites.csv"))
    assert f"{rows} input rows" in summaries[0]
    # and a map without site lists has no sites summary, parks or not
    assert "tn-sites-summary" not in _config(cli_map(tmp_path / "c.html", "--basemap", "none")
                                             .read_text(encoding="utf-8"))["texts"]["vi"]["plan"]


def test_the_parks_file_given_as_sites_is_drawn_once(tmp_path, districts):
    out = tmp_path / "sites.html"
    result = run_cli("build", "-o", str(out), "--basemap", "none", "--sites", "data/master_plan_parks.csv", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "note: the parks layer is left out: data/master_plan_parks.csv is the bundled parks file" in result.stderr
    html = out.read_text(encoding="utf-8")
    names = _layer_names(html, "en")
    assert "Investment sites: master_plan_parks.csv" in names and LAYER_EN not in names
    assert _park_count(html) == 0
    # a copy of the file is the same file; the library does the same
    copy = tmp_path / "kcn.csv"
    shutil.copyfile(PARKS_CSV, copy)
    parks = tn_map.classify_sites(tn_map.read_sites(copy), districts)
    path, _ = save_html(tn_map.build_map(districts, sites=[parks], basemap="none"), tmp_path / "lib.html")
    page = path.read_text(encoding="utf-8")
    assert _park_count(page) == 0 and "Investment sites: kcn.csv" in _layer_names(page, "en")
    image = run_cli("image", "-o", str(tmp_path / "x.svg"), "--sites", str(copy), "--lang", "en")
    assert image.returncode == 0 and "parks layer is left out" in image.stderr


# -- the print map -----------------------------------------------------------------------------


def _legend_labels(fig):
    return [t.get_text().replace("\n", " ") for legend in fig.legends for t in legend.get_texts()]


def test_print_map_draws_the_parks_with_a_legend_entry_per_status(districts, tmp_path):
    labels = _legend_labels(tn_map.draw_static_map(districts, lang="en").figure)
    assert [lab for lab in labels if lab.startswith("Industrial or IT park")] == [
        "Industrial or IT park: established", "Industrial or IT park: in earlier plans",
        "Industrial or IT park: newly planned"]
    assert not any("park" in lab for lab in _legend_labels(tn_map.draw_static_map(districts, lang="en", parks=False).figure))
    vi = _legend_labels(tn_map.draw_static_map(districts).figure)
    assert "Khu công nghiệp, khu CNTT: đã có trong quy hoạch trước" in vi
    # the command: on by default, --no-parks leaves them out (the SVG keeps its text)
    for args, present in (((), True), (("--no-parks",), False)):
        svg = tmp_path / f"map{len(args)}.svg"
        result = run_cli("image", "-o", str(svg), "--lang", "en", *args)
        assert result.returncode == 0, result.stderr
        assert ("Industrial or IT park: established" in svg.read_text(encoding="utf-8")) == present


def test_parks_sharing_a_point_are_set_in_rows_under_it_decided_once():
    """The fan-out the page draws (``tnMap.parkShifts`` reads it): groups by distance, rows of five under the first park."""
    from pyproj import Geod

    from tn_map.render.model import park_fan

    def at(east_m: float, north_m: float) -> tuple[float, float]:
        """The point ``east_m`` east and then ``north_m`` north of Sông Công's centre (lon, lat)."""
        geod = Geod(ellps="WGS84")
        lon, lat, _ = geod.fwd(105.8480, 21.4880, 90, east_m)
        lon, lat, _ = geod.fwd(lon, lat, 0, north_m)
        return lon, lat

    fan = park_fan([at(0, 0), at(10, 0), at(1000, 0), at(5, 20), at(9000, 0)], tolerance=50)
    assert fan == [(0, (-1.0, 0.6)), (0, (0.0, 0.6)), (2, None), (0, (1.0, 0.6)), (4, None)]
    # single linkage: 40 m steps chain three parks 80 m apart into one group; 60 m steps do not
    assert [g for g, _ in park_fan([at(0, 0), at(40, 0), at(80, 0)], tolerance=50)] == [0, 0, 0]
    assert [g for g, _ in park_fan([at(0, 0), at(0, 60), at(0, 120)], tolerance=50)] == [0, 1, 2]
    # seven at one point: five in the first row, the other two below it, from the left
    slots = [slot for _, slot in park_fan([at(0, 0)] * 7, tolerance=50)]
    assert slots == [(-2.0, 0.6), (-1.0, 0.6), (0.0, 0.6), (1.0, 0.6), (2.0, 0.6), (-2.0, 1.6), (-1.0, 1.6)]


def test_the_page_carries_the_models_park_fill_and_fan_out(default_vi):
    """Each park's row on the page is the model's decision: fill by status, both fan-outs."""
    from tn_map.pipeline import master_plan_parks, read_districts
    from tn_map.render.model import build_model, park_fill

    from .test_map_html import page_op

    districts = read_districts()
    parks = build_model(districts.frame, parks=master_plan_parks(districts)).parks.parks
    rows = page_op(default_vi.read_text(encoding="utf-8"), "parkLayer")["parks"]
    assert [r[2] for r in rows] == [park_fill(p.status) for p in parks]
    assert {r[2] for r in rows} == {"#1a1a1a", "#8c8c8c", "#ffffff"}  # black, grey, white: all three statuses
    assert [(r[4], r[5], r[6], r[7]) for r in rows] == [
        (p.fan_group, list(p.fan_slot) if p.fan_slot else None, p.share_group, list(p.share_slot) if p.share_slot else None)
        for p in parks]
    assert sum(1 for r in rows if r[7]) >= 4  # the parks placed at one district's point are set apart
