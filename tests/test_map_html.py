"""What the written page carries: plan content, geometry for the web, escaping, offline."""

import json
import re

import geopandas as gpd
import pytest
import shapely

import tn_map
from tn_map.export import save_html
from tn_map.export.html import render_html
from tn_map.load import read_boundaries
from tn_map.render.panels import district_tooltip_html, fmt_number


@pytest.fixture(scope="module")
def html_en(default_map):
    return default_map.read_text(encoding="utf-8")


def test_targets_and_decision_in_english(html_en):
    for text in ("2031/QĐ-UBND", "Industry value-added growth", "12.03", "8.91", "12.37", "57", "42.38",
                 "33", "net-zero carbon by 2050", "Interregional high-tech space"):
        assert text in html_en, text


def test_targets_in_vietnamese_use_decimal_commas(tmp_path):
    m = tn_map.build_map(lang="vi")
    html = render_html(m)
    assert "12,03 %/năm" in html and "42,38 % GRDP" in html and "không kể Samsung" in html
    assert "Khu vực phía Nam" in html and "12.03" not in html


def test_page_holds_the_nine_districts_with_zone_and_popup(html_en):
    features = _district_features(html_en)
    assert len(features) == 9
    zones = {f["properties"]["name"]: f["properties"]["zone"] for f in features}
    assert zones["Phổ Yên"] == "south" and zones["Đại Từ"] == "west" and zones["Đồng Hỷ"] == "east"
    popup = next(f["properties"]["popup"] for f in features if f["properties"]["name"] == "Phú Bình")
    assert "Electronics" in popup and "South zone" in popup and "km²" in popup


def _district_features(html):
    for match in re.finditer(r"_add\((\{\"features\".+?\})\);\n", html):
        data = json.loads(match.group(1))
        if data["features"] and "popup" in data["features"][0]["properties"]:
            return data["features"]
    raise AssertionError("no district GeoJSON in the page")


def test_web_geometry_within_30_m_and_gap_free(html_en):
    full = read_boundaries().set_index("name").to_crs("EPSG:9213")
    web = gpd.GeoDataFrame.from_features(_district_features(html_en), crs=4326)
    assert shapely.coverage_is_valid(web.geometry.values)
    web = web.set_index("name").to_crs("EPSG:9213")
    for name in full.index:
        assert shapely.hausdorff_distance(web.geometry[name], full.geometry[name]) <= 30.0, name
    full_vertices = shapely.get_num_coordinates(full.geometry.values).sum()
    assert shapely.get_num_coordinates(web.geometry.values).sum() < 0.7 * full_vertices


def test_no_bootstrap_or_jquery_from_cdn(html_en):
    urls = set(re.findall(r'(?:src|href)="(https://[^"]+)"', html_en))
    assert not [u for u in urls if "bootstrap" in u or "jquery" in u or "awesome" in u]


def test_offline_page_needs_no_cdn(tmp_path):
    m = tn_map.build_map(offline=True, basemap="none")
    path, missing = save_html(m, tmp_path / "offline.html", offline=True)
    html = path.read_text(encoding="utf-8")
    assert missing == []
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert "L.tileLayer" not in html


def test_numbers_follow_the_language():
    assert fmt_number(12.03, "vi") == "12,03" and fmt_number(12.03, "en") == "12.03"
    assert fmt_number(3526.65, "vi", 1) == "3.526,7" and fmt_number(3526.65, "en", 1) == "3,526.7"
    assert fmt_number(9.0, "en") == "9"


def test_popup_escapes_text_from_data():
    districts = tn_map.load_districts()
    row = districts.iloc[0].copy()
    row["area_km2"] = 1.0
    row["zone_en"] = "<img src=x onerror=alert(1)>"
    html = district_tooltip_html(row, "en")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_precomputed_web_geometry_matches_a_fresh_computation():
    from tn_map.load import read_web_cache
    from tn_map.render.geometry import simplify_for_web

    districts = tn_map.load_districts()
    fresh, fresh_error = simplify_for_web(districts)
    cached, cached_error = simplify_for_web(districts, precomputed=read_web_cache())
    assert cached_error == fresh_error <= 30
    assert all(a.equals_exact(b, 0) for a, b in zip(fresh.geometry, cached.geometry))


def test_precomputed_web_geometry_is_not_used_for_other_boundaries():
    from tn_map.load import read_web_cache
    from tn_map.render.geometry import simplify_for_web

    districts = tn_map.load_districts()
    cache = read_web_cache()
    other = districts.copy()
    other["geometry"] = shapely.set_precision(other.geometry.values, 1e-4)  # ~11 m grid: other boundaries
    web, error = simplify_for_web(other, precomputed=cache)
    assert error <= 30
    cached_geoms = list(cache.geometry)
    assert not any(any(g.equals_exact(c, 0) for c in cached_geoms) for g in web.geometry)
