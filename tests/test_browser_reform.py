"""Today's province on the map, in Debian's Chromium: the 92 new units, former Bắc Kạn, today's neighbours,
and site lists that give addresses instead of coordinates.

Expected values come from outside tn-map: the units, their lineage and
points from the ``vietnamadminunits`` package's own files, the zones from
the Decision's district table (both via ``test_reform``'s readers), the
neighbours' new provinces from ``shared/reference/admin_reform_2025.md``.
Screenshots go to ``test-artifacts/``; ``new_units_layer.png`` shows the
layer zoomed in on old Thái Nguyên's 55 units.
"""

from __future__ import annotations

import pytest

from tn_map.plan import PLAN
from tn_map.style import ZONE_COLOURS

from .conftest import cli_map, run_cli, settle
from .test_reform import package_units, write_csv

pytestmark = pytest.mark.browser

GREY = "#8C8C8C"  # former Bắc Kạn: in the province, in none of the scheme's zones
NEW_UNITS_LAYER = {"en": "Communes and wards since 1 July 2025 (92 units)", "vi": "Xã, phường từ 1/7/2025 (92 đơn vị)"}
TODAY = {
    "en": ["Vĩnh Phúc (now part of Phú Thọ)", "Bắc Giang (now part of Bắc Ninh)"],
    "vi": ["Vĩnh Phúc (nay thuộc Phú Thọ)", "Bắc Giang (nay thuộc Bắc Ninh)"],
}


def zone_name(key: str, lang: str = "en") -> str:
    return PLAN.zone(key).name.get(lang)


def expected_colours(unit) -> set[str]:
    return {ZONE_COLOURS[z].upper() for z in unit.zones} or {GREY}


# ---------------------------------------------------------------- page helpers

_MAP = "(() => { for (const k in window) { if (k.startsWith('map_') && window[k] && window[k].setView) return window[k]; } })()"


def set_view(page, lat, lon, zoom):
    page.evaluate(f"([lat, lon, zoom]) => {_MAP}.setView([lat, lon], zoom, {{animate: false}})", [lat, lon, zoom])
    settle(page)


def screen_xy(page, lat, lon):
    """Page pixel of a (lat, lon) on the map."""
    return page.evaluate(
        f"""([lat, lon]) => {{ const m = {_MAP}; const p = m.latLngToContainerPoint([lat, lon]);
            const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }}""",
        [lat, lon],
    )


def toggle_layer(page, label, on):
    page.hover(".leaflet-control-layers")
    box = page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input")
    box.check() if on else box.uncheck()
    page.mouse.move(5, 795)  # away from the control, so it folds again
    settle(page)


_UNITS = f"(() => {{ const m = {_MAP}; let g = null; m.eachLayer(l => {{ if (l._tnPolygons) g = l; }}); return g; }})()"


def unit_polygons(page):
    """name → [fill colour or None (no fill of its own), screen box] of each drawn unit polygon (none while the layer is off)."""
    return page.evaluate(
        f"""() => {{ const g = {_UNITS}; if (!g || !{_MAP}.hasLayer(g)) return {{}};
            return Object.fromEntries(g._tnPolygons.map(l => {{ const u = g._tnUnits[l.feature.properties.i];
                const r = l._path.getBoundingClientRect();
                return [tnMap.unescape(u[3]), [l.options.fillOpacity > 0 ? l.options.fillColor.toUpperCase() : null,
                        [r.left, r.top, r.right, r.bottom]]]; }})); }}"""
    )


def unit_anchor(page, name):
    """(lat, lon) where the page puts the unit's label and popup (inside its polygon)."""
    return page.evaluate(f"(name) => {{ const u = {_UNITS}._tnUnits.find(u => tnMap.unescape(u[3]) === name); return [u[0], u[1]]; }}", name)


def site_total(page):
    """Sites shown: the counts in cluster discs plus single site markers."""
    clusters = sum(int(t) for t in page.locator(".marker-cluster").all_inner_texts())
    singles = page.locator(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95']").count()
    return clusters + singles


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def close(a, b, tol=40):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


@pytest.fixture(scope="module")
def vi_map(tmp_path_factory):
    return cli_map(tmp_path_factory.mktemp("vi") / "map.html", "--lang", "vi", "--basemap", "none")


# ---------------------------------------------------------------- the 92 new units


def test_new_units_layer_has_92_polygons_former_bac_kan_neutral(routed, default_map):
    rp = routed()
    rp.open(default_map)
    page = rp.page
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert NEW_UNITS_LAYER["en"] in [t.strip() for t in overlays], overlays
    polygons = unit_polygons(page)
    pkg = package_units()
    assert set(polygons) == set(pkg) and len(polygons) == 92
    # former Bắc Kạn's units neutral grey; the scheme's units show their district's zone fill through
    neutral = {name for name, (fill, _) in polygons.items() if fill is not None}
    assert neutral == {name for name, unit in pkg.items() if expected_colours(unit) == {GREY}}
    assert {fill for fill, _ in polygons.values() if fill} == {"#BDBDBD"} and len(neutral) == 37
    # the layer switches off and on
    toggle_layer(page, NEW_UNITS_LAYER["en"], on=False)
    assert unit_polygons(page) == {}
    toggle_layer(page, NEW_UNITS_LAYER["en"], on=True)
    assert len(unit_polygons(page)) == 92
    assert rp.page_errors == [] and rp.console_errors == [], rp.page_errors + rp.console_errors
    assert rp.blocked == []


def test_new_units_layer_zoomed_in_is_readable(routed, default_map):
    """The screenshot for the closing note: old Thái Nguyên's 55 units, each polygon in view."""
    rp = routed()
    rp.open(default_map)
    page = rp.page
    set_view(page, 21.66, 105.83, 10)
    rp.settle()
    shot = rp.screenshot("new_units_layer")
    size = page.viewport_size
    boxes = unit_polygons(page)
    visible = {n for n, (_, (l, t, r, b)) in boxes.items() if l >= 0 and t >= 0 and r <= size["width"] and b <= size["height"]}
    old_tn = {n for n, u in package_units().items() if u.provinces == {"tinhthainguyen"}}
    assert old_tn <= visible, f"units of old Thái Nguyên out of view: {sorted(old_tn - visible)} (see {shot})"


def test_dai_phuc_popup_gives_both_zones(routed, default_map):
    rp = routed()
    rp.open(default_map)
    page = rp.page
    lat, lon = unit_anchor(page, "Xã Đại Phúc")
    set_view(page, lat, lon, 12)
    x, y = screen_xy(page, lat, lon)
    page.mouse.click(x, y + 12)  # just below its name
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000).inner_text()
    settle(page)
    rp.screenshot("dai_phuc_unit_popup")
    assert "Xã Đại Phúc" in popup
    for heading in ("Formed from", "Old districts", "Zones"):
        assert heading in popup, heading
    assert zone_name("south") in popup and zone_name("west") in popup and zone_name("east") not in popup
    for old in ("Phúc Xuân", "Phúc Trìu", "Hùng Sơn", "Tân Thái", "Phúc Tân"):
        assert old in popup, old
    for district in ("Huyện Đại Từ", "Thành phố Phổ Yên", "Thành phố Thái Nguyên"):
        assert district in popup, district
    assert rp.page_errors == [] and rp.console_errors == []


def test_former_bac_kan_unit_popup_says_outside_the_zones(routed, default_map):
    rp = routed()
    rp.open(default_map)
    page = rp.page
    lat, lon = unit_anchor(page, "Phường Bắc Kạn")
    set_view(page, lat, lon, 12)
    assert unit_polygons(page)["Phường Bắc Kạn"][0] == "#BDBDBD"
    x, y = screen_xy(page, lat, lon)
    page.mouse.click(x, y + 12)
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000).inner_text()
    assert "Thành phố Bắc Kạn" in popup and "former Bắc Kạn" in popup
    assert not any(zone_name(k) in popup for k in ("south", "west", "east"))


# ---------------------------------------------------------------- former Bắc Kạn and the neighbours


def test_former_bac_kan_is_drawn_and_labelled_as_merged(routed, default_map):
    rp = routed()
    rp.open(default_map)
    page = rp.page
    overlays = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert any("Former Bắc Kạn" in t for t in overlays), overlays
    labels = page.locator(".tn-label-province").all_inner_texts()
    former = [t for t in labels if "Bắc Kạn" in t]
    assert len(former) == 1 and "merged into Thái Nguyên on 1 July 2025" in former[0], labels
    assert "Bắc Kạn" not in labels  # no longer a neighbour
    rp.screenshot("former_bac_kan")


def test_former_bac_kan_label_is_readable_when_the_map_opens(routed, default_map):
    """The province as it is today: the label saying Bắc Kạn merged in is on screen without panning."""
    rp = routed()
    rp.open(default_map)
    page = rp.page
    box = page.locator(".tn-label-former > div").bounding_box()
    size = page.viewport_size
    shot = rp.screenshot("opening_view")
    assert box is not None
    inside = box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]
    assert inside, f"the former Bắc Kạn label lies outside the opening view: {box} in {size} (see {shot})"


def text_lines(page, selector):
    """How many lines the element's text is laid out on (distinct tops of its line boxes)."""
    return page.eval_on_selector(
        selector,
        """e => { const r = document.createRange(); r.selectNodeContents(e);
                  return new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top))).size; }""",
    )


def test_former_bac_kan_label_reads_as_a_block_not_a_word_per_line(routed, default_map):
    """The label is 80-odd characters; at its 190 px width it takes a few lines, not twelve."""
    rp = routed()
    rp.open(default_map)
    page = rp.page
    set_view(page, 22.0, 105.85, 9)
    lines = text_lines(page, ".tn-label-former > div")
    width = page.locator(".tn-label-former > div").bounding_box()["width"]
    shot = rp.screenshot("former_bac_kan_label")
    assert lines <= 5, f"the label is broken over {lines} lines, {width:.0f} px wide (see {shot})"


def test_former_bac_kan_label_in_vietnamese(routed, vi_map):
    rp = routed()
    rp.open(vi_map)
    labels = rp.page.locator(".tn-label-province").all_inner_texts()
    assert any("Bắc Kạn" in t and "1/7/2025" in t and "Thái Nguyên" in t for t in labels), labels
    overlays = [t.strip() for t in rp.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert NEW_UNITS_LAYER["vi"] in overlays, overlays
    assert len(unit_polygons(rp.page)) == 92


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_neighbours_are_labelled_with_todays_provinces(routed, default_map, vi_map, lang):
    rp = routed()
    rp.open(default_map if lang == "en" else vi_map)
    page = rp.page
    set_view(page, 21.6, 105.85, 8)  # wide enough for every neighbour
    labels = [t.strip() for t in page.locator(".tn-label-province").all_inner_texts()]
    rp.screenshot(f"neighbours_{lang}")
    # the neighbours as they are since 2025: Vĩnh Phúc is part of Phú Thọ, Bắc Giang of Bắc Ninh
    for name in ["Phú Thọ", "Bắc Ninh", "Hà Nội", "Tuyên Quang", "Lạng Sơn", "Cao Bằng"]:
        assert name in labels, (name, labels)
    assert "Vĩnh Phúc" not in labels and "Bắc Giang" not in labels  # never the old name alone


def test_hightech_partner_tooltips_carry_todays_names(routed, default_map):
    rp = routed()
    rp.open(default_map)
    page = rp.page
    set_view(page, 21.3, 105.9, 8)
    # every filled partner shape: hover a point of it that nothing covers, read the tooltip
    points = page.eval_on_selector_all(
        ".leaflet-tn-context-pane path.leaflet-interactive",
        """els => els.map(el => {
            const r = el.getBoundingClientRect();
            for (let i = 0; i < 400; i++) {
                const x = r.left + r.width * ((i % 20) + 0.5) / 20, y = r.top + r.height * (Math.floor(i / 20) + 0.5) / 20;
                if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
                if (document.elementFromPoint(x, y) === el) return [x, y];
            }
            return null; }).filter(p => p)""",
    )
    names = set()
    for x, y in points:
        page.mouse.move(x, y)
        settle(page)
        tip = page.locator(".leaflet-tooltip b")
        if tip.count():
            names.add(tip.first.inner_text().strip())
        page.mouse.move(5, 795)
        settle(page)
    assert {"Vĩnh Phúc (now part of Phú Thọ)", "Bắc Giang (now part of Bắc Ninh)", "Hà Nội", "Bắc Ninh"} <= names, names
    assert not names & {"Vĩnh Phúc", "Bắc Giang"}


# ---------------------------------------------------------------- address-only site lists on the map

NEW_FORM_SITES = [
    ("Nhà máy linh kiện Phổ Yên", "điện tử", "Phường Phổ Yên, tỉnh Thái Nguyên", "Phường Phổ Yên"),
    ("Xưởng cơ khí Phan Đình Phùng", "cơ khí", "Phường Phan Đình Phùng, tỉnh Thái Nguyên", "Phường Phan Đình Phùng"),
    ("Xưởng chè Định Hóa", "chế biến chè", "Xã Định Hóa, tỉnh Thái Nguyên", "Xã Định Hóa"),
    ("Mỏ La Hiên", "khai khoáng", "Xã La Hiên, tỉnh Thái Nguyên", "Xã La Hiên"),
]


@pytest.fixture(scope="module")
def address_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("addr_map")
    src = write_csv(folder / "du_an.csv", ["Tên dự án", "Ngành nghề", "Địa chỉ"], [s[:3] for s in NEW_FORM_SITES])
    return cli_map(folder / "map.html", "--sites", str(src), "--lang", "en")


def test_address_only_sites_appear_on_the_map_with_their_zone(routed, address_map):
    rp = routed()
    rp.open(address_map)
    page = rp.page
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95'], .marker-cluster",
                           timeout=10_000)
    rp.settle()
    assert site_total(page) == len(NEW_FORM_SITES)
    rp.screenshot("address_sites")
    # with site lists the units' layer starts off; switched off again, it stays off
    toggle_layer(page, NEW_UNITS_LAYER["en"], on=False)
    pkg = package_units()
    for name, _, address, unit in NEW_FORM_SITES:
        (zone,) = pkg[unit].zones
        set_view(page, pkg[unit].lat, pkg[unit].lon, 17)
        x, y = screen_xy(page, pkg[unit].lat, pkg[unit].lon)
        page.mouse.click(x, y)
        popup = page.wait_for_selector(".tn-site-popup", timeout=5000)
        settle(page)
        text = popup.inner_text()
        assert page.inner_text(".tn-site-popup h4") == name
        assert address in text and zone_name(zone) in text, text
        assert "Approximate position" in text
        if unit == "Phường Phổ Yên":
            rp.screenshot("address_site_popup")
        page.keyboard.press("Escape")
        page.evaluate(f"() => {_MAP}.closePopup()")
    assert rp.page_errors == [] and rp.console_errors == []


def test_a_site_at_its_communes_point_is_not_hidden_under_the_units_polygon(routed, address_map):
    """The units' layer switched on over a site list: clicking the site's marker opens the site, not the unit."""
    rp = routed()
    rp.open(address_map)
    page = rp.page
    toggle_layer(page, NEW_UNITS_LAYER["en"], on=True)
    assert len(unit_polygons(page)) == 92
    pkg = package_units()["Phường Phổ Yên"]
    set_view(page, pkg.lat, pkg.lon, 17)
    x, y = screen_xy(page, pkg.lat, pkg.lon)
    on_top = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return e.tagName; }",
        [x, y])
    page.mouse.click(x, y)
    page.wait_for_selector(".tn-site-popup, .tn-unit-popup", timeout=5000)
    settle(page)
    rp.screenshot("site_over_unit_polygon")
    assert page.locator(".tn-site-popup").count() == 1, f"the click reached the {on_top}, not the site"


def test_two_zone_and_former_bac_kan_address_sites_on_the_map(routed, tmp_path):
    src = write_csv(tmp_path / "mixed.csv", ["name", "sector", "address"], [
        ("Đại Phúc garments", "dệt may", "Xã Đại Phúc, tỉnh Thái Nguyên"),
        ("Bắc Kạn workshop", "chế biến", "Phường Bắc Kạn, tỉnh Thái Nguyên"),
        ("Phổ Yên electronics", "điện tử", "Phường Phổ Yên, tỉnh Thái Nguyên"),
    ])
    out = tmp_path / "map.html"
    result = run_cli("build", "-o", str(out), "--sites", str(src), "--lang", "en")
    assert result.returncode == 0, result.stderr
    rp = routed()
    rp.open(out)
    page = rp.page
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95'], .marker-cluster",
                           timeout=10_000)
    rp.settle()
    assert site_total(page) == 3
    toggle_layer(page, NEW_UNITS_LAYER["en"], on=False)
    pkg = package_units()["Xã Đại Phúc"]
    set_view(page, pkg.lat, pkg.lon, 17)
    x, y = screen_xy(page, pkg.lat, pkg.lon)
    page.mouse.click(x, y)
    text = page.wait_for_selector(".tn-site-popup", timeout=5000).inner_text()
    rp.screenshot("two_zone_site_popup")
    assert zone_name("south") in text and zone_name("west") in text, text
    assert rp.page_errors == [] and rp.console_errors == []
