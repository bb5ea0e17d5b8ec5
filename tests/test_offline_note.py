"""A page that cannot load Leaflet says so (Chromium with every request to the internet refused)."""

import pytest

from .conftest import cli_map

pytestmark = pytest.mark.browser

VI = "Không tải được bản đồ: không có kết nối Internet."
EN = "The map cannot load: there is no internet connection."


def _open_without_network(routed, path):
    rp = routed(block_assets=True)  # every http(s) request aborted, as with no connection
    rp.page.goto(path.resolve().as_uri())
    rp.page.wait_for_load_state("load")
    return rp


@pytest.mark.parametrize(("lang", "first"), [("vi", VI), ("en", EN)])
def test_default_page_without_network_shows_the_note_in_both_languages(routed, tmp_path, lang, first):
    path = cli_map(tmp_path / "map.html", "--lang", lang)  # Leaflet from its CDN
    rp = _open_without_network(routed, path)
    note = rp.page.locator("#tn-offline")
    note.wait_for(state="visible", timeout=10_000)
    text = note.inner_text()
    assert VI in text and EN in text
    assert text.index(first) == 0  # the page's language first
    assert "--offline" in text
    assert any("leaflet" in url for url in rp.blocked)  # it did try the CDN
    box = note.bounding_box()
    assert box["width"] > 200 and box["height"] > 50
    assert 0 <= box["x"] and box["x"] + box["width"] <= 1280 and 0 <= box["y"] and box["y"] + box["height"] <= 800
    rp.screenshot(f"offline_note_{lang}")


def test_note_stays_hidden_when_leaflet_loads(routed, default_map, tmp_path):
    rp = routed()  # Leaflet served (as from its CDN)
    rp.open(default_map)
    assert not rp.page.locator("#tn-offline").is_visible()
    offline = cli_map(tmp_path / "offline.html", "--offline", "--basemap", "none")
    rp = _open_without_network(routed, offline)
    rp.page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
    assert not rp.page.locator("#tn-offline").is_visible()
    assert rp.page_errors == []
