"""The map on every screen, in headless Chromium: a phone, a report column, a desktop, print.

Each page is built by the CLI as a user would, with the sample sites, and
opened online (CDN requests served from local packages) and offline (the
``--offline`` page, every request but basemap tiles refused).  Screenshots
go to ``test-artifacts/screens_*.png``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

import tn_map
from tn_map.export import save_html
from tn_map.export.html import save_embed

from .conftest import ARTIFACTS, RoutedPage, run_cli, settle

pytestmark = pytest.mark.browser

PHONE, COLUMN, DESKTOP = (390, 844), (600, 400), (1280, 900)
SIZES = {"phone": PHONE, "column": COLUMN, "desktop": DESKTOP}
A4_LANDSCAPE = (1123, 794)  # CSS px at 96 dpi

# The folium map object, the page's only global named map_*.
MAP = "Object.keys(window).filter(k => k.startsWith('map_') && window[k] && window[k].fitBounds).map(k => window[k])[0]"

DISTRICT_BOXES = f"""() => {{
    const map = {MAP}, out = {{}};
    map.eachLayer(l => {{
        if (l.feature && /^d\\d+$/.test(l.feature.properties.tn || '') && l._path) {{
            const r = l._path.getBoundingClientRect();
            out[l.feature.properties.name] = [r.left, r.top, r.right, r.bottom];
        }}
    }});
    return out;
}}"""

MAP_BOX = f"() => {{ const r = ({MAP}).getContainer().getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }}"

CONTROL_BOXES = f"""() => Array.from(({MAP}).getContainer().querySelectorAll('.leaflet-control-container .leaflet-control'))
    .filter(c => getComputedStyle(c).visibility !== 'hidden')
    .map(c => {{ const r = c.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, c.className]; }})
    .filter(b => b[2] - b[0] >= 1 && b[3] - b[1] >= 1)"""

# Share of the map that controls cover (their union, sampled every 2 px).
COVERED = f"""() => {{
    const boxes = ({CONTROL_BOXES})(), m = ({MAP_BOX})();
    let hit = 0, all = 0;
    for (let y = m[1] + 1; y < m[3]; y += 2) for (let x = m[0] + 1; x < m[2]; x += 2) {{
        all++;
        if (boxes.some(b => x >= b[0] && x < b[2] && y >= b[1] && y < b[3])) hit++;
    }}
    return hit / all;
}}"""


def _union(boxes):
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _intersects(a, b, slack=0.5):
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def province_box(page):
    boxes = page.evaluate(DISTRICT_BOXES)
    assert len(boxes) == 9, boxes
    return _union(list(boxes.values()))


def assert_province_fits(page, where, fill=0.7):
    """All 9 districts in the map, filling most of it (in the dimension that limits them)."""
    box, frame = province_box(page), page.evaluate(MAP_BOX)
    assert box[0] >= frame[0] - 1 and box[1] >= frame[1] - 1 and box[2] <= frame[2] + 1 and box[3] <= frame[3] + 1, (
        f"the province {box} runs out of the map {frame} ({where})"
    )
    share = max((box[2] - box[0]) / (frame[2] - frame[0]), (box[3] - box[1]) / (frame[3] - frame[1]))
    assert share >= fill, f"the province fills {share:.0%} of the map ({where})"
    return box


def clear_of_controls(page, box):
    """The controls that overlap ``box``."""
    return [c[4] for c in page.evaluate(CONTROL_BOXES) if _intersects(c, box)]


def assert_clean(rp, *, offline: bool):
    assert rp.page_errors == [] and rp.console_errors == [], rp.page_errors + rp.console_errors
    if offline:
        assert rp.blocked == [] and rp.served == [], "the offline page asked for assets"
    else:
        assert rp.blocked == [], f"requests with no local copy: {rp.blocked}"


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """The default page with the sample sites, online and ``--offline`` (Vietnamese, the default)."""
    folder = tmp_path_factory.mktemp("screens")
    out = {}
    for mode, extra in (("online", ()), ("offline", ("--offline",))):
        path = folder / f"{mode}.html"
        result = run_cli("build", "-o", str(path), "--sites", "data/sample_sites.csv", *extra)
        assert result.returncode == 0, result.stderr
        out[mode] = path
    return out


@pytest.fixture
def opened(browser, maps):
    """Factory: the page of ``mode`` opened at ``size`` → a :class:`RoutedPage` whose sites have loaded."""
    contexts = []

    def make(mode: str, size: tuple[int, int]) -> RoutedPage:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(context)
        rp = RoutedPage(context.new_page(), block_assets=(mode == "offline"))
        rp.open(maps[mode])
        rp.page.wait_for_selector(".marker-cluster", timeout=10_000)
        rp.settle()
        return rp

    yield make
    for context in contexts:
        context.close()


# -- opening ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["online", "offline"])
@pytest.mark.parametrize("screen", list(SIZES))
def test_the_province_opens_in_full_view_clear_of_the_controls(opened, screen, mode):
    size = SIZES[screen]
    rp = opened(mode, size)
    page = rp.page
    shot = rp.screenshot(f"screens_{screen}_{size[0]}x{size[1]}_{mode}")
    box = assert_province_fits(page, f"{screen} {mode}, see {shot}")
    # the province's box is clear of every control: no panel hides part of it
    assert clear_of_controls(page, box) == [], f"controls over the province (see {shot})"
    # every control, online and offline
    for selector in ("input[type=search]", ".tn-lang-button", ".tn-fullscreen-button", ".leaflet-control-zoom",
                     ".leaflet-control-layers", ".leaflet-control-scale", ".leaflet-control-minimap"):
        assert page.locator(selector).count() == 1, f"{selector} missing ({mode})"
    # scale bar and attribution side by side, not over each other; no control over another
    scale = page.locator(".leaflet-control-scale").bounding_box()
    attribution = page.locator(".leaflet-control-attribution").bounding_box()
    assert scale["x"] + scale["width"] <= attribution["x"] or scale["y"] + scale["height"] <= attribution["y"], (scale, attribution)
    controls = page.evaluate(CONTROL_BOXES)
    assert not [(a[4], b[4]) for i, a in enumerate(controls) for b in controls[i + 1:] if _intersects(a, b)]
    # district names thinned out: the ones shown do not overlap
    labels = page.eval_on_selector_all(
        ".tn-label:not(.tn-thinned) > div",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })",
    )
    assert len(labels) >= 5
    assert not [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if _intersects(a, b)]
    # cluster discs sit centred on their halo
    offsets = page.eval_on_selector_all(
        ".marker-cluster.tn-cluster",
        """els => els.map(e => { const o = e.getBoundingClientRect(), i = e.firstElementChild.getBoundingClientRect();
            return Math.max(Math.abs((o.left + o.right) - (i.left + i.right)), Math.abs((o.top + o.bottom) - (i.top + i.bottom))) / 2; })""",
    )
    assert offsets and max(offsets) <= 0.5, offsets
    covered = page.evaluate(COVERED)
    if screen == "desktop":
        # room for open panels: legend and targets show at once
        assert page.locator(".tn-legend .tn-toggle").get_attribute("aria-expanded") == "true"
        assert page.locator(".leaflet-control-minimap").is_visible()
    else:
        assert covered <= 0.25, f"controls cover {covered:.0%} of a {size} screen (see {shot})"
        for panel in (".tn-legend", ".tn-plan-panel"):
            assert page.locator(f"{panel} .tn-toggle").get_attribute("aria-expanded") == "false", panel
        assert not page.locator(".leaflet-control-minimap").is_visible()
    assert_clean(rp, offline=mode == "offline")


def test_panels_open_on_tap_one_at_a_time_and_popups_pan_clear_of_them(opened):
    rp = opened("online", PHONE)
    page = rp.page
    page.get_by_role("button", name="Mục tiêu").click()
    plan = page.locator(".tn-plan-panel .tn-body")
    assert plan.is_visible() and "12,03" in plan.inner_text()
    box = page.locator(".tn-plan-panel").bounding_box()
    assert box["x"] >= 0 and box["y"] + box["height"] <= PHONE[1] - 40, "the open targets panel runs under the bottom controls"
    rp.screenshot("screens_phone_targets_open")
    page.get_by_role("button", name="Chú giải").click()
    legend = page.locator(".tn-legend .tn-body")
    assert legend.is_visible() and "Khu vực phía Nam" in legend.inner_text()
    assert not plan.is_visible(), "two panels open at once on a phone"
    box = legend.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE[1]
    # a district popup: the open panel steps aside and the popup is in full view, clear of every control
    x, y = point_in(page, "Võ Nhai", "north")
    page.mouse.click(x, y)
    popup = page.wait_for_selector(".leaflet-popup", timeout=5000)
    rp.settle()
    settle(page)
    assert "Huyện Võ Nhai" in popup.inner_text()
    assert page.locator(".tn-legend .tn-toggle").get_attribute("aria-expanded") == "false"
    r = popup.bounding_box()
    box = [r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"]]
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= PHONE[0] and box[3] <= PHONE[1], box
    assert clear_of_controls(page, box) == []
    rp.screenshot("screens_phone_popup")
    assert_clean(rp, offline=False)


def test_a_popup_beside_the_open_targets_panel_pans_clear_of_it(opened):
    rp = opened("online", DESKTOP)
    page = rp.page
    x, y = point_in(page, "Võ Nhai", "east")  # where a popup would open under the targets panel
    page.mouse.click(x, y)
    popup = page.wait_for_selector(".leaflet-popup", timeout=5000)
    rp.settle()
    settle(page)
    assert "Huyện Võ Nhai" in popup.inner_text()
    r = popup.bounding_box()
    assert clear_of_controls(page, [r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"]]) == []
    rp.screenshot("screens_desktop_popup")
    assert_clean(rp, offline=False)


def point_in(page, name, side):
    """A point inside district ``name``, near its ``east`` edge or its ``north``, that a click reaches."""
    return page.evaluate(
        f"""([name, side]) => {{
            const map = {MAP};
            let path = null;
            map.eachLayer(l => {{ if (l.feature && l.feature.properties.name === name && l._path) path = l._path; }});
            const r = path.getBoundingClientRect();
            const hits = (x, y) => document.elementFromPoint(x, y) === path;
            if (side === 'east') {{
                for (let y = r.top + r.height * 0.3; y < r.bottom; y += 5)
                    for (let x = r.right - 1; x > r.left; x -= 3) if (hits(x, y) && hits(x - 12, y)) return [x - 12, y];
            }} else {{
                for (let y = r.top + 1; y < r.bottom; y += 3)
                    for (let x = r.left + r.width * 0.3; x < r.right; x += 5) if (hits(x, y) && hits(x, y + 12)) return [x, y + 12];
            }}
            throw new Error('no point in ' + name);
        }}""",
        [name, side],
    )


# -- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode, size", [("online", PHONE), ("offline", COLUMN)])
def test_search_without_diacritics_zooms_to_the_district(opened, mode, size):
    rp = opened(mode, size)
    page = rp.page
    before = page.evaluate(f"({MAP}).getZoom()")
    page.get_by_role("button", name="Tìm trên bản đồ").click()  # small screens: the box opens from a button
    search = page.locator("input[type=search]")
    search.fill("Dai Tu")
    options = page.get_by_role("option")
    assert options.first.inner_text().startswith("Đại Từ")
    assert "Huyện" in options.first.inner_text()
    search.press("Enter")
    rp.settle()
    rp.screenshot(f"screens_search_dai_tu_{size[0]}x{size[1]}_{mode}")
    assert page.evaluate(f"({MAP}).getZoom()") > before
    dai_tu = page.evaluate(DISTRICT_BOXES)["Đại Từ"]
    frame = page.evaluate(MAP_BOX)
    assert dai_tu[0] >= frame[0] - 1 and dai_tu[1] >= frame[1] - 1 and dai_tu[2] <= frame[2] + 1 and dai_tu[3] <= frame[3] + 1
    share = max((dai_tu[2] - dai_tu[0]) / (frame[2] - frame[0]), (dai_tu[3] - dai_tu[1]) / (frame[3] - frame[1]))
    assert share >= 0.6, f"Đại Từ fills {share:.0%} of the map after the search"
    assert clear_of_controls(page, dai_tu) == []
    assert_clean(rp, offline=mode == "offline")


def test_search_finds_new_units_and_sites_and_opens_their_popups(opened):
    rp = opened("online", DESKTOP)
    page = rp.page
    search = page.locator("input[type=search]")
    search.fill("phuong duc xuan")  # a ward of former Bắc Kạn, since 1 July 2025
    assert page.get_by_role("option").first.inner_text().startswith("Phường Đức Xuân")
    search.press("Enter")
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000)
    assert "Phường Đức Xuân" in popup.inner_text() and "Bắc Kạn" in popup.inner_text()
    search.fill("kcn song cong")
    # the sample's park (a site) and the master plan's park of the same name (the parks layer) are both found
    options = page.get_by_role("option").all_inner_texts()
    assert "KCN Sông Công I\nKhu công nghiệp (Quy hoạch tỉnh)" in options, options
    site = next(o for o in options if o.startswith("KCN Sông Công") and "Địa điểm đầu tư" in o)
    page.get_by_role("option").filter(has_text=site.split("\n")[0]).filter(has_text="Địa điểm đầu tư").first.dispatch_event("mousedown")
    popup = page.wait_for_selector(".tn-site-popup h4", timeout=10_000)
    assert popup.inner_text() == site.split("\n")[0]
    search.fill("xyzzy")
    assert page.locator(".tn-search-results").inner_text() == "Không tìm thấy"
    assert_clean(rp, offline=False)


# -- language --------------------------------------------------------------------------------


def test_the_language_button_switches_every_text_both_ways(opened):
    rp = opened("online", DESKTOP)
    page = rp.page
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert "Khu vực phía Nam" in page.inner_text(".tn-legend") and "12,03" in page.inner_text(".tn-plan-panel")
    page.hover(".leaflet-control-layers")
    layers = page.inner_text(".leaflet-control-layers-list")
    assert "Bản đồ đường phố (OpenStreetMap)" in layers and "Huyện, thành phố theo khu vực" in layers
    assert "OpenStreetMap.Mapnik" not in layers
    page.mouse.move(640, 450)
    # a popup open while switching follows the language
    x, y = point_in(page, "Đại Từ", "north")
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    assert "Huyện Đại Từ" in page.inner_text(".leaflet-popup-content")

    page.get_by_role("button", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Thái Nguyên industrial development space to 2030"
    assert "South zone" in page.inner_text(".tn-legend") and "Khu vực phía Nam" not in page.inner_text(".tn-legend")
    assert "Thái Nguyên industrial development space to 2030" in page.inner_text(".tn-title")
    plan = page.inner_text(".tn-plan-panel")
    assert "Targets of the scheme" in plan and "12.03" in plan and "12,03" not in plan
    assert "Đại Từ District" in page.inner_text(".leaflet-popup-content")
    assert page.get_attribute("input[type=search]", "placeholder") == "Find a district, commune, site…"
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Zoom in"
    assert "Boundaries:" in page.inner_text(".leaflet-control-attribution")
    page.hover(".leaflet-control-layers")
    layers = page.inner_text(".leaflet-control-layers-list")
    assert "Districts by zone" in layers and "Street map (OpenStreetMap)" in layers and "Investment sites:" in layers
    page.mouse.move(640, 450)
    rp.screenshot("screens_desktop_english")
    search = page.locator("input[type=search]")
    search.fill("Dai Tu")
    assert "District" in page.get_by_role("option").first.inner_text()
    search.fill("")

    page.get_by_role("button", name="Tiếng Việt").click()
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert "Khu vực phía Nam" in page.inner_text(".tn-legend") and "South zone" not in page.inner_text(".tn-legend")
    assert "12,03" in page.inner_text(".tn-plan-panel")
    assert page.get_by_role("button", name="English").count() == 1
    assert_clean(rp, offline=False)


def test_an_english_page_opens_in_english_and_switches_to_vietnamese(browser, tmp_path):
    path = tmp_path / "en.html"
    result = run_cli("build", "-o", str(path), "--lang", "en", "--basemap", "none", "--offline")
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": COLUMN[0], "height": COLUMN[1]})
    try:
        rp = RoutedPage(context.new_page(), block_assets=True)
        rp.open(path)
        page = rp.page
        page.get_by_role("button", name="Legend").click()
        assert "South zone" in page.inner_text(".tn-legend")
        page.get_by_role("button", name="Tiếng Việt").click()
        assert "Khu vực phía Nam" in page.inner_text(".tn-legend")
        assert page.get_by_role("button", name="Chú giải").get_attribute("aria-expanded") == "true"
        page.get_by_role("button", name="English").click()
        assert "South zone" in page.inner_text(".tn-legend")
        assert_clean(rp, offline=True)
    finally:
        context.close()


# -- print -----------------------------------------------------------------------------------


def test_print_is_a4_landscape_with_the_whole_province_legend_and_targets(opened, tmp_path):
    rp = opened("online", COLUMN)  # printed from a small window: its panels are collapsed
    page = rp.page
    page.set_viewport_size({"width": A4_LANDSCAPE[0], "height": A4_LANDSCAPE[1]})
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser does on Ctrl+P
    settle(page)
    shot = rp.screenshot("screens_print_a4")
    for hidden in (".leaflet-control-zoom", "input[type=search]", ".tn-search", ".leaflet-control-minimap",
                   ".leaflet-control-layers", ".tn-lang-button", ".tn-fullscreen-button", ".tn-toggle"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in (".tn-legend .tn-body", ".tn-plan-panel .tn-body", ".tn-title", ".leaflet-control-scale"):
        assert page.locator(shown).is_visible(), f"{shown} is not printed"
    assert "Khu vực phía Nam" in page.inner_text(".tn-legend") and "12,03" in page.inner_text(".tn-plan-panel")
    frame = page.evaluate(MAP_BOX)
    assert round(frame[2] - frame[0]) == 1062 and round(frame[3] - frame[1]) == 733  # A4 landscape less 8 mm margins
    box = assert_province_fits(page, f"print, see {shot}", fill=0.7)
    assert clear_of_controls(page, box) == [], f"panels over the printed province (see {shot})"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": COLUMN[0], "height": COLUMN[1]})
    rp.settle()
    assert page.locator(".tn-legend .tn-toggle").get_attribute("aria-expanded") == "false"  # as it was
    assert_province_fits(page, "after printing")
    # the real thing: Chromium's own print to PDF, one A4 landscape page
    pdf = ARTIFACTS / "screens_print_a4.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "screens_print_pdf")], check=True)
        pages = sorted(ARTIFACTS.glob("screens_print_pdf*.png"))
        assert len(pages) == 1, f"the print runs to {len(pages)} pages"
    assert_clean(rp, offline=False)


# -- embedding -------------------------------------------------------------------------------


def test_the_embed_snippet_shows_the_map_right_in_a_report_column(browser, maps, tmp_path):
    m = tn_map.build_map(basemap="none")
    page_path = tmp_path / "map.html"
    save_html(m, page_path)
    snippet = save_embed(m, page_path).read_text(encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text(
        '<!DOCTYPE html><html><body style="margin:0;font:16px serif"><main style="width:600px;margin:20px auto">'
        f"<h1>Báo cáo</h1><p>Không gian phát triển công nghiệp.</p>{snippet}<p>Hình 1.</p></main></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 800, "height": 600})
    try:
        rp = RoutedPage(context.new_page())
        rp.page.goto(report.as_uri())
        frame_element = rp.page.wait_for_selector("iframe")
        box = frame_element.bounding_box()
        assert (round(box["width"]), round(box["height"])) == COLUMN
        frame = frame_element.content_frame()
        frame.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
        frame.wait_for_function("window.tnMap && !document.querySelector('.leaflet-zoom-anim')")
        rp.settle()
        rp.screenshot("screens_report_column")
        assert_province_fits(frame, "in the report's frame")
        assert frame.evaluate(COVERED) <= 0.25
        assert frame.locator(".tn-fullscreen-button").count() == 1  # the frame allows full screen
        assert rp.page_errors == [] and rp.console_errors == []
    finally:
        context.close()


def test_the_map_displays_inline_in_a_notebook(browser):
    m = tn_map.build_map(basemap="none", lang="en")
    cell = m._repr_html_()  # what Jupyter puts in the output cell
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        rp = RoutedPage(context.new_page())
        rp.page.set_content(f'<div style="width:860px">{cell}</div>')
        frame = rp.page.wait_for_selector("iframe").content_frame()
        frame.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
        frame.wait_for_function("window.tnMap && !document.querySelector('.leaflet-zoom-anim')")
        assert_province_fits(frame, "in a notebook cell")
        assert frame.get_by_role("button", name="Tiếng Việt").count() == 1  # an English page, switchable
        rp.screenshot("screens_notebook")
        assert rp.page_errors == [] and rp.console_errors == [] and rp.blocked == []
    finally:
        context.close()
