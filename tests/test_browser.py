"""The map in a real browser: Debian's Chromium, headless, driven by Playwright."""

import pytest

import tn_map
from tn_map.export import save_html
from tn_map.style import ZONE_COLOURS

from .conftest import cli_map, settle

pytestmark = pytest.mark.browser


def _district_fills(page):
    """Fill colours of the district shapes (in their own pane, under today's units, at fill-opacity 0.55)."""
    return page.eval_on_selector_all(
        ".leaflet-tn-districts-pane path.leaflet-interactive[fill-opacity='0.55']",
        "els => els.map(e => (e.getAttribute('fill') || '').toUpperCase()).filter(f => f && f !== 'NONE')",
    )


def _build_and_open(routed, tmp_path, *args):
    """Build a map with the CLI (``args`` as a user types them) and open it in Chromium."""
    out = cli_map(tmp_path / "map.html", *args)
    rp = routed()
    rp.open(out)
    return rp


def test_default_map_draws_nine_districts_by_zone(routed, default_map):
    rp = routed()
    rp.open(default_map)
    fills = _district_fills(rp.page)
    counts = {zone: fills.count(colour.upper()) for zone, colour in ZONE_COLOURS.items()}
    shot = rp.screenshot("default_map")
    assert counts == {"south": 4, "west": 3, "east": 2}, f"district fills {fills} (see {shot})"
    assert rp.page_errors == [] and rp.console_errors == [], rp.page_errors + rp.console_errors
    assert rp.blocked == [], f"requests with no local copy: {rp.blocked}"
    assert rp.tiles, "the basemap requested no tiles"
    # legend, title, plan panel, controls
    legend = rp.page.inner_text(".tn-legend")
    assert "South zone" in legend and "Võ Nhai, Đồng Hỷ" in legend
    assert "Thái Nguyên industrial development space" in rp.page.inner_text(".tn-title")
    panel = rp.page.inner_text(".tn-plan-panel")
    assert "12.03" in panel and "net-zero" in panel and "2031/QĐ-UBND" in panel
    for selector in (".leaflet-control-layers", ".leaflet-control-scale", ".tn-fullscreen-button",
                     ".leaflet-control-minimap", "input[type=search]", ".tn-lang-button"):
        assert rp.page.locator(selector).count() == 1, f"{selector} missing"
    # the layer control names basemaps in words, not by provider id
    rp.page.hover(".leaflet-control-layers")
    bases = rp.page.inner_text(".leaflet-control-layers-base")
    assert "Street map (OpenStreetMap)" in bases and "OpenStreetMap.Mapnik" not in bases
    assert "dvhcvn" in rp.page.inner_text(".leaflet-control-attribution")
    labels = rp.page.locator(".tn-label").all_inner_texts()
    assert sorted(labels) == sorted(["Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình", "Định Hóa",
                                     "Phú Lương", "Đại Từ", "Võ Nhai", "Đồng Hỷ"])


def _path_for(page, name):
    """Centre of the district's label (it sits inside the district) in page pixels."""
    label = page.locator(".tn-label", has_text=name).first
    box = label.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_hover_and_click_show_zone_and_clusters(routed, default_map):
    rp = routed()
    rp.open(default_map)
    x, y = _path_for(rp.page, "Đại Từ")
    rp.page.mouse.move(x, y + 12)
    tooltip = rp.page.wait_for_selector(".leaflet-tooltip", timeout=5000).inner_text()
    assert "Đại Từ" in tooltip and "West zone" in tooltip
    rp.page.mouse.click(x, y + 12)
    popup = rp.page.wait_for_selector(".leaflet-popup-content", timeout=5000).inner_text()
    rp.settle()  # let the popup finish fading in before the screenshot
    rp.screenshot("popup_dai_tu")
    assert "Đại Từ District" in popup and "Textiles and garments" in popup and "Mining" in popup


def test_layer_control_hides_and_shows_the_hightech_space(routed, default_map):
    rp = routed()
    rp.open(default_map)
    count = lambda: rp.page.locator(".leaflet-tn-context-pane path").count()  # noqa: E731
    before = count()
    # 4 high-tech partners as they were (Hà Nội, Vĩnh Phúc, Bắc Giang, Bắc Ninh) + today's 6 neighbours
    # (Hà Nội, Cao Bằng, Tuyên Quang, Lạng Sơn, Bắc Ninh, Phú Thọ); Bắc Kạn is part of the province since 2025
    assert before == 10
    rp.page.hover(".leaflet-control-layers")
    toggle = rp.page.locator(".leaflet-control-layers-overlays label", has_text="Interregional high-tech space")
    toggle.locator("input").uncheck()
    assert count() == before - 4
    toggle.locator("input").check()
    assert count() == before


def test_no_basemap_still_shows_every_layer(routed, tmp_path):
    rp = _build_and_open(routed, tmp_path, "--basemap", "none", "--lang", "vi")
    rp.screenshot("no_basemap_vi")
    assert rp.tiles == []
    assert len(_district_fills(rp.page)) == 9
    assert rp.page.locator(".leaflet-tn-context-pane path").count() == 10
    assert "Khu vực phía Nam" in rp.page.inner_text(".tn-legend")
    assert rp.page_errors == [] and rp.console_errors == []


def test_offline_page_works_with_every_asset_request_refused(routed, tmp_path):
    districts = tn_map.load_districts()
    sites = tn_map.classify_sites(tn_map.read_sites("data/sample_sites.csv"), districts)
    m = tn_map.build_map(districts, sites=[sites], basemap="none", offline=True)
    path, missing = save_html(m, tmp_path / "offline.html", offline=True)
    assert missing == []
    rp = routed(block_assets=True)
    rp.open(path)
    rp.page.wait_for_selector(".marker-cluster", timeout=10_000)
    rp.screenshot("offline_with_sites")
    assert rp.blocked == []  # it asked for nothing
    assert len(_district_fills(rp.page)) == 9
    assert rp.page_errors == [] and rp.console_errors == []


def _zoom(page, lat, lon, zoom):
    """Set the folium map's view (its variable is the page's only global named map_*)."""
    page.evaluate(
        """([lat, lon, zoom]) => { for (const k in window) {
            if (k.startsWith('map_') && window[k] && window[k].setView) { window[k].setView([lat, lon], zoom, {animate: false}); } } }""",
        [lat, lon, zoom],
    )
    settle(page)


@pytest.fixture(scope="module")
def sites_map(tmp_path_factory):
    return cli_map(tmp_path_factory.mktemp("sites") / "sites.html", "--sites", "data/sample_sites.csv", "--lang", "en")


def test_site_clusters_expand_on_zoom_and_popups_give_the_verdict(routed, sites_map):
    rp = routed()
    rp.open(sites_map)
    rp.page.wait_for_selector(".marker-cluster", timeout=10_000)
    rp.settle()
    rp.screenshot("sites_clustered")
    clusters = rp.page.locator(".marker-cluster")
    total = sum(int(t) for t in clusters.all_inner_texts())
    singles = rp.page.locator(".leaflet-overlay-pane path.leaflet-interactive[stroke='#ffffff'][fill-opacity='0.95']").count()
    assert total + singles == 18, (total, singles)
    # zoom into one park: the cluster opens into markers; click the park's own
    sites = tn_map.classify_sites(tn_map.read_sites("data/sample_sites.csv")).frame
    park = sites.set_index("name").geometry["KCN Sông Công I"]
    _zoom(rp.page, park.y, park.x, 17)
    markers = rp.page.locator(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95']")
    assert markers.count() >= 1, "the cluster did not open into markers when zoomed in"
    size = rp.page.viewport_size
    rp.page.mouse.click(size["width"] / 2, size["height"] / 2)
    popup = rp.page.wait_for_selector(".tn-site-popup", timeout=5000).inner_text()
    rp.settle()  # let the popup finish fading in before the screenshot
    rp.screenshot("site_popup")
    # the only site at this point: its sector names spare parts (phụ tùng), mechanical engineering,
    # a priority cluster of the South zone
    assert rp.page.inner_text(".tn-site-popup h4") == "KCN Sông Công I"
    assert "South zone" in popup and "Priority sector of this zone" in popup
    assert "Approximate position" in popup
    panel = rp.page.inner_text(".tn-sites-summary")
    assert "Investment sites by zone" in panel and "18 input rows" in panel
    assert rp.page_errors == [] and rp.console_errors == []


def test_injected_site_name_runs_nothing_and_shows_as_text(routed, tmp_path):
    lon, lat = 105.8384, 21.4883  # inside Sông Công
    src = tmp_path / "evil.csv"
    src.write_text(
        f'name,sector,lat,lon\n"<img src=x onerror=alert(1)>","<script>alert(2)</script>",{lat},{lon}\n',
        encoding="utf-8",
    )
    # --no-parks: the master plan's parks placed in Sông Công would sit on the site's marker
    rp = _build_and_open(routed, tmp_path, "--sites", str(src), "--basemap", "none", "--no-parks")
    _zoom(rp.page, 21.4883, 105.8384, 17)
    rp.page.locator(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95']").first.click(force=True)
    popup = rp.page.wait_for_selector(".tn-site-popup", timeout=5000)
    rp.settle()
    assert "<img src=x onerror=alert(1)>" in popup.inner_text()
    assert "<script>alert(2)</script>" in popup.inner_text()
    assert popup.query_selector("img") is None and popup.query_selector("script") is None
    assert rp.dialogs == []
    rp.screenshot("injection_as_text")


def test_sites_coloured_by_fit_with_a_key_in_the_legend(routed, tmp_path):
    from tn_map.style import FIT_COLOURS

    rp = _build_and_open(routed, tmp_path, "--sites", "data/sample_sites.csv", "--colour-sites-by", "fit", "--lang", "en")
    rp.page.wait_for_selector(".marker-cluster", timeout=10_000)
    rp.settle()
    rp.screenshot("sites_by_fit")
    legend = rp.page.inner_text(".tn-legend")
    assert "Sites by fit with their zone" in legend and "Not a priority here" in legend
    fills = rp.page.eval_on_selector_all(
        ".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95']", "els => els.map(e => e.getAttribute('fill'))"
    )
    assert fills, "no single site marker drawn at the opening view"
    assert set(fills) <= set(FIT_COLOURS.values()), fills
    assert set(fills).isdisjoint(ZONE_COLOURS.values())
