"""Today's 92 communes and wards as the interactive map's geography (issue 18).

Facts come from outside the page: the units of record (``data/units.geojson``,
with the reference map's official areas), the old districts
(``data/boundaries.geojson``), the 2025 crosswalk of ``vietnamadminunits`` and
the plan.  The page's geometry is decoded twice, independently of tn-map's
encoder: here in Python from the TopoJSON specification
(``test_map_html.topology_pieces``), and in Chromium by the vendored
topojson-client, and both are measured against the record in metres
(EPSG:9213).  Screenshots go to ``test-artifacts/units_*.png``.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from tn_map.plan import PLAN
from tn_map.render.topology import build_topology, pack_arc, unpack_arc, unpack_arcs

from .conftest import ROOT, cli_map, settle
from .test_map_html import page_config, page_ops, topology_pieces

METRIC = "EPSG:9213"
PHONE, DESKTOP = (390, 844), (1280, 900)
BAC_KAN_FILL = "#BDBDBD"
_MAP = "(() => { for (const k in window) { if (k.startsWith('map_') && window[k] && window[k].setView) return window[k]; } })()"
_UNITS = f"(() => {{ const m = {_MAP}; let g = null; m.eachLayer(l => {{ if (l._tnPolygons) g = l; }}); return g; }})()"


@pytest.fixture(scope="module")
def record():
    """The 92 units of record, EPSG:4326, by name."""
    units = gpd.read_file(ROOT / "data" / "units.geojson")
    return units.set_index("name")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("units")
    return {lang: cli_map(folder / f"map_{lang}.html", "--lang", lang) for lang in ("en", "vi")}


def metric(geoms):
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(METRIC).values


# -- the encoding ----------------------------------------------------------------------------------


def test_arcs_are_packed_in_the_polyline_encoding():
    # the worked example of Google's polyline algorithm: -179.9832104 at 1e5 is "`~oia@"
    assert pack_arc(np.array([[-17998321, 0]]))[:6] == "`~oia@"
    # its three documented points, (38.5, -120.2), (40.7, -120.95), (43.252, -126.453), as integers at 1e5
    arc = np.array([[3850000, -12020000], [4070000, -12095000], [4325200, -12645300]])
    assert pack_arc(arc) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert np.array_equal(unpack_arc(pack_arc(arc)), arc)
    # Google's example decoded among other arcs (one pass over all of them), and arcs of one point
    arcs = unpack_arcs(["??", "_p~iF~ps|U_ulLnnqC_mqNvxq`@", "_ulLnnqC"])
    assert [a.tolist() for a in arcs] == [[[0, 0]], arc.tolist(), [[220000, -75000]]]  # the documented second delta, 2.2 and -0.75


def test_a_shared_border_is_one_arc_used_both_ways():
    left = shapely.box(0, 0, 1, 1)
    right = shapely.box(1, 0, 2, 1)
    topo = build_topology([left, right], quantum=0.5)
    assert len(topo.arcs) == 3  # the shared edge once, and each square's outer chain
    ids = [k for rings in (topo.polygons[0][0], topo.polygons[1][0]) for ring in rings for k in ring]
    shared = [k for k in ids if ids.count(k) + ids.count(~k) == 2 and k >= 0]
    assert len(shared) == 1 and ~shared[0] in ids
    back = topo.pieces()
    assert shapely.equals(back[0], left) and shapely.equals(back[1], right)


# -- the bundled topology, decoded here ------------------------------------------------------------


def test_page_geometry_is_a_clean_coverage_within_30_m_of_the_units_of_record(pages, record):
    html = pages["en"].read_text(encoding="utf-8")
    pieces, props = topology_pieces(html)
    assert shapely.coverage_is_valid(np.array(pieces, dtype=object))  # no overlap anywhere
    rows = json.loads((ROOT / "data" / "units_web.json").read_text(encoding="utf-8"))["units"]
    units = {rows[i]["name"]: shapely.union_all([g for g, p in zip(pieces, props) if p["u"] == i]) for i in range(len(rows))}
    assert set(units) == set(record.index) and len(units) == 92
    names = sorted(units)
    web, full = metric(units[n] for n in names), metric(record.geometry[names])
    errors = shapely.hausdorff_distance(web, full)
    assert float(errors.max()) <= 30.0, names[int(errors.argmax())]
    # no gap: the pieces cover the province as the record does, to within 0.01 %
    assert shapely.area(shapely.union_all(web)) == pytest.approx(shapely.area(shapely.union_all(full)), rel=1e-4)
    # every vertex is needed: far fewer than the record's
    assert shapely.get_num_coordinates(web).sum() < 0.4 * shapely.get_num_coordinates(full).sum()


def test_the_districts_fills_come_from_the_same_pieces_as_the_units(pages):
    html = pages["en"].read_text(encoding="utf-8")
    pieces, props = topology_pieces(html)
    full = gpd.read_file(ROOT / "data" / "boundaries.geojson").set_index("code")
    for code, geom in full.geometry.items():
        web = shapely.union_all([g for g, p in zip(pieces, props) if p["d"] == code])
        assert shapely.hausdorff_distance(*metric([web, geom])) <= 30.0, code
    former = shapely.union_all([g for g, p in zip(pieces, props) if p["d"] == "BK"])
    assert sum(1 for p in props if p["d"] == "BK") == 37  # its 37 units, each a piece
    units = gpd.read_file(ROOT / "data" / "units.geojson")
    bac_kan = units[units["former_bac_kan"]]
    area_km2 = shapely.area(metric([former])[0]) / 1e6
    assert area_km2 == pytest.approx(shapely.area(shapely.union_all(metric(bac_kan.geometry))) / 1e6, rel=1e-3)
    assert area_km2 == pytest.approx(bac_kan["official_area_km2"].sum(), rel=0.02)  # the reference map's own figures


def test_district_and_bac_kan_labels_sit_well_inside_their_own_polygons(pages):
    """The page's name labels (stored with the topology for the bundled districts) against the polygons of record."""
    html = pages["vi"].read_text(encoding="utf-8")
    words = page_config(html)["texts"]["vi"]
    labels = {op[2]["key"]: op[2]["latlng"] for op in page_ops(html) if op[0] == "label"}
    full = gpd.read_file(ROOT / "data" / "boundaries.geojson")
    district_labels = {words[k]: v for k, v in labels.items() if re.fullmatch(r"lbl\.d\d+", k)}
    assert sorted(district_labels) == sorted(full["name"])
    for name, geom in zip(full["name"], full.geometry):
        lat, lon = district_labels[name]
        point = shapely.Point(lon, lat)
        assert geom.contains(point), name
        # well inside: at least 2 km from the district's border
        assert shapely.distance(*metric([point, geom.boundary])) > 2_000, name
    # each district's search box is its outline's box as drawn (the topology is within 25 m of the record)
    boxes = dict((n, b) for n, b in page_config(html)["districts"])
    for name, geom in zip(full["name"], full.geometry):
        (y0, x0), (y1, x1) = boxes[name]
        assert np.allclose([x0, y0, x1, y1], geom.bounds, atol=0.0005), name
    # former Bắc Kạn's name: inside its 37 units, in the band just north of the zones the map opens on
    (key,) = [k for k in labels if k.startswith("lbl.bk")]
    lat, lon = labels[key]
    units = gpd.read_file(ROOT / "data" / "units.geojson")
    assert shapely.union_all(units[units["former_bac_kan"]].geometry.values).contains(shapely.Point(lon, lat))
    top = full.total_bounds[3]
    assert top - 0.16 <= lat <= top - 0.04


def test_default_page_stays_under_300_kb(pages):
    for path in pages.values():
        assert path.stat().st_size <= 300_000, path.stat().st_size


def test_a_users_boundaries_are_drawn_as_given_and_the_units_still_shown(tmp_path):
    """A boundary file of one's own has no topology: its districts are GeoJSON, the bundled units are still there."""
    frame = gpd.read_file(ROOT / "data" / "boundaries.geojson").to_crs(METRIC)
    frame["geometry"] = shapely.coverage_simplify(frame.geometry.values, 150.0)
    own = tmp_path / "own.gpkg"
    frame.drop(columns=["code", "units"]).to_crs(4326).to_file(own)
    page = cli_map(tmp_path / "own.html", "--boundaries", str(own), "--lang", "en").read_text(encoding="utf-8")
    assert "topoDistricts" not in [op[0] for op in page_ops(page)]  # no district layer from the topology
    drawn = [json.loads(m) for m in re.findall(r"_add\((\{.+?\})\);\n", page)]
    districts = [f for d in drawn for f in d["features"] if re.fullmatch(r"d\d", str(f["properties"].get("tn")))]
    assert len(districts) == 9  # the user's districts, as GeoJSON, simplified within 30 m of the user's file
    theirs = gpd.read_file(own).set_index("name")
    for f in districts:
        web, given = metric([shape(f["geometry"]), theirs.geometry[f["properties"]["name"]]])
        assert shapely.hausdorff_distance(web, given) <= 30.0, f["properties"]["name"]
    pieces, props = topology_pieces(page)
    assert len({p["u"] for p in props}) == 92
    assert '"border":null' in page  # the bundled districts' outlines are not drawn over the user's


# -- in Chromium ---------------------------------------------------------------------------------------


def open_page(routed, path, size):
    rp = routed()
    rp.page.set_viewport_size({"width": size[0], "height": size[1]})
    rp.open(path)
    return rp


def set_view(page, lat, lon, zoom):
    page.evaluate(f"([lat, lon, zoom]) => {_MAP}.setView([lat, lon], zoom, {{animate: false}})", [lat, lon, zoom])
    settle(page)


def visible_unit_labels(page):
    """Boxes and texts of the unit names on screen (not thinned, inside the map)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.tn-label-unit:not(.tn-thinned) > div')).map(d => {
              const r = d.getBoundingClientRect(); return {text: d.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom};
           }).filter(b => b.r > 0 && b.b > 0 && b.l < innerWidth && b.t < innerHeight)"""
    )


def overlapping(boxes):
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]]


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_units_layer_draws_92_polygons_decoded_within_30_m(routed, pages, record, size):
    rp = open_page(routed, pages["en"], size)
    page = rp.page
    drawn = page.evaluate(f"() => {_UNITS}._tnPolygons.map(l => [l.feature.properties.i, l.toGeoJSON().geometry])")
    rows = json.loads((ROOT / "data" / "units_web.json").read_text(encoding="utf-8"))["units"]
    assert len(drawn) == 92
    names = [rows[i]["name"] for i, _ in drawn]
    web = metric(shape(g) for _, g in drawn)
    errors = shapely.hausdorff_distance(web, metric(record.geometry[names]))
    assert float(errors.max()) <= 30.0, names[int(errors.argmax())]
    fills = page.evaluate(f"() => {_UNITS}._tnPolygons.map(l => l.options.fillOpacity > 0 ? l.options.fillColor : null)")
    assert sum(1 for f in fills if f and f.upper() == BAC_KAN_FILL) == 37  # former Bắc Kạn's units, neutral
    assert sum(1 for f in fills if f is None) == 55  # the scheme's units show their district's zone fill
    overlays = [t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert "Communes and wards since 1 July 2025 (92 units)" in overlays
    shot = rp.screenshot(f"units_opening_{size[0]}")
    # the opening view shows the province, not 92 names on top of each other
    assert visible_unit_labels(page) == [], f"unit names at the opening zoom (see {shot})"
    assert rp.page_errors == [] and rp.console_errors == [] and rp.blocked == []


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_unit_names_appear_zoomed_in_without_overlaps(routed, pages, size):
    rp = open_page(routed, pages["vi"], size)
    page = rp.page
    set_view(page, 21.58, 105.83, 11)  # TP Thái Nguyên and its neighbours
    boxes = visible_unit_labels(page)
    shot = rp.screenshot(f"units_labels_{size[0]}")
    assert len(boxes) >= (6 if size == PHONE else 20), f"{len(boxes)} names (see {shot})"
    assert overlapping(boxes) == [], shot
    # and no name overlaps a district's name or runs under a panel
    districts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.tn-label:not(.tn-thinned) > div')).map(d => {
              const r = d.getBoundingClientRect(); return {text: d.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}; })"""
    )
    assert [p for p in overlapping(boxes + districts) if p not in overlapping(districts)] == [], shot
    set_view(page, 21.58, 105.83, 13)
    assert len(visible_unit_labels(page)) >= 2  # closer in, the names stay


@pytest.mark.browser
def test_unit_tooltip_and_popup_in_both_languages(routed, pages, record):
    rp = open_page(routed, pages["en"], DESKTOP)
    page = rp.page
    row = record.loc["Xã Đại Phúc"]
    lat, lon = next(u["label"] for u in json.loads((ROOT / "data" / "units_web.json").read_text(encoding="utf-8"))["units"]
                    if u["name"] == "Xã Đại Phúc")
    assert row.geometry.contains(shapely.Point(lon, lat))
    set_view(page, lat, lon, 12)
    xy = page.evaluate(f"([lat, lon]) => {{ const m = {_MAP}; const p = m.latLngToContainerPoint([lat, lon]);"
                       "const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y + 12]; }", [lat, lon])
    page.mouse.move(*xy)
    tooltip = page.wait_for_selector(".leaflet-tooltip", timeout=5000).inner_text()
    assert tooltip.splitlines()[0] == "Xã Đại Phúc"
    assert "South zone" in tooltip and "West zone" in tooltip
    page.mouse.click(*xy)
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000).inner_text()
    settle(page)
    shot = rp.screenshot("units_popup_en")
    assert popup.startswith("Xã Đại Phúc"), shot
    assert "Commune · New unit" in popup
    assert f"{row['official_area_km2']:.2f} km²".replace(".00 ", " ") in popup  # the reference map's figure: 107.47
    for old in ("Phúc Xuân", "Phúc Trìu", "Hùng Sơn", "Tân Thái", "Phúc Tân"):
        assert old in popup, old
    for district in row["old_districts"]:
        assert district in popup, district
    for key in ("south", "west"):
        zone = PLAN.zone(key)
        assert zone.name.get("en") in popup
        assert all(c.name.get("en") in popup for c in zone.clusters), key
    assert PLAN.zone("east").name.get("en") not in popup
    # the language switch changes the open popup in place
    page.locator(".tn-lang-button").click()
    settle(page)
    popup_vi = page.locator(".tn-unit-popup").inner_text()
    assert "Xã · Đơn vị mới" in popup_vi and "107,47 km²" in popup_vi
    assert PLAN.zone("west").name.get("vi") in popup_vi and "Dệt may" in popup_vi
    assert rp.page_errors == [] and rp.console_errors == []


@pytest.mark.browser
def test_former_bac_kan_unit_says_outside_the_zones(routed, pages, record):
    rp = open_page(routed, pages["en"], DESKTOP)
    page = rp.page
    i = page.evaluate(f"() => {_UNITS}._tnUnits.findIndex(u => u[3] === 'Phường Bắc Kạn')")
    page.evaluate(f"(i) => {_UNITS}._tnOpen(i)", i)
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000).inner_text()
    assert "Outside the scheme's zones (former Bắc Kạn)" in popup
    assert "Thành phố Bắc Kạn" in popup
    assert not any(PLAN.zone(k).name.get("en") in popup for k in ("south", "west", "east"))
    official = record.loc["Phường Bắc Kạn", "official_area_km2"]
    assert f"{official:.2f}".rstrip("0").rstrip(".") + " km²" in popup


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("query, name", [("Dai Phuc", "Xã Đại Phúc"), ("phuong bac kan", "Phường Bắc Kạn"), ("Tan Cuong", "Xã Tân Cương")])
def test_search_zooms_to_the_units_polygon(routed, pages, record, size, query, name):
    rp = open_page(routed, pages["vi"], size)
    page = rp.page
    if page.locator(".tn-search-open").is_visible():
        page.locator(".tn-search-open").click()
    page.locator(".tn-search-input").fill(query)
    page.wait_for_selector(".tn-search-results li", timeout=3000)
    assert page.locator(".tn-search-results li").first.locator(".tn-search-name").inner_text() == name
    page.keyboard.press("Enter")
    popup = page.wait_for_selector(".tn-unit-popup", timeout=5000).inner_text()
    assert popup.startswith(name)
    # the whole polygon was fitted in view (the popup may pan it since): it fills a good part of the view, not a corner
    bounds = page.evaluate(f"() => {{ const b = {_MAP}.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }}")
    minx, miny, maxx, maxy = record.geometry[name].bounds
    share = max((maxx - minx) / (bounds[2] - bounds[0]), (maxy - miny) / (bounds[3] - bounds[1]))
    shot = rp.screenshot(f"units_search_{size[0]}_{query.replace(' ', '_')}")
    assert 0.3 <= share <= 1.0, f"the unit spans {share:.0%} of the view (see {shot})"
    assert rp.page_errors == [] and rp.console_errors == []


def test_unit_rows_reach_the_page_as_data_escaped(pages):
    html = pages["en"].read_text(encoding="utf-8")
    config = page_config(html)
    assert "Xã Đại Phúc" not in json.dumps(config["texts"])  # unit names travel once, in the layer's rows
    assert html.count("Xã Đại Phúc") == 1


@pytest.mark.browser
def test_the_pages_arc_decoder_reads_the_documented_polyline_example(routed, pages):
    """controls.js unpacks an arc into TopoJSON deltas: Google's worked example, read in the page."""
    rp = open_page(routed, pages["en"], DESKTOP)
    deltas = rp.page.evaluate("() => tnMap.unpackArc('_p~iF~ps|U_ulLnnqC_mqNvxq`@')")
    assert deltas == [[3850000, -12020000], [220000, -75000], [255200, -550300]]


@pytest.mark.browser
@pytest.mark.parametrize("size, view", [(PHONE, (21.58, 105.83, 10.5)), (DESKTOP, (21.75, 105.8, 10.5)), (PHONE, (22.1, 105.85, 10.5))],
                         ids=["phone_city", "desktop_west", "phone_bac_kan"])
def test_where_two_unit_names_collide_the_larger_unit_keeps_its_name(routed, pages, record, size, view):
    """Each name the placer hides is beaten by a district's name, a panel, or the name of a larger unit."""
    rp = open_page(routed, pages["en"], size)
    page = rp.page
    set_view(page, *view)  # crowded: many names thinned
    boxes = """(sel) => Array.from(document.querySelectorAll(sel)).map(d => {
              const r = d.getBoundingClientRect(); return {text: d.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom};
           }).filter(b => b.r > 0 && b.b > 0 && b.l < innerWidth && b.t < innerHeight)"""
    hidden = page.evaluate(boxes, ".tn-label-unit.tn-thinned > div")
    shown = page.evaluate(boxes, ".tn-label-unit:not(.tn-thinned) > div")
    others = page.evaluate(boxes, ".tn-label:not(.tn-thinned) > div, .tn-label-province:not(.tn-thinned) > div, "
                                  ".leaflet-control-container .leaflet-control")
    assert hidden and shown
    area = dict(zip(record["short_name"], record["official_area_km2"]))
    # the placer keeps 2 px beside and 1 px above and below each name
    hidden = [{**h, "l": h["l"] - 4, "r": h["r"] + 4, "t": h["t"] - 2, "b": h["b"] + 2} for h in hidden]

    width, height = page.viewport_size["width"], page.viewport_size["height"]

    def beaten_elsewhere(h):
        # a name the map's edge would cut is hidden too (the placer tries other places beside its anchor first)
        cut = h["l"] < 0 or h["t"] < 0 or h["r"] > width or h["b"] > height
        return cut or any(overlapping([h, o]) for o in others)

    unexplained = [h["text"] for h in hidden
                   if not beaten_elsewhere(h) and not any(overlapping([h, b]) and area[b["text"]] >= area[h["text"]] for b in shown)]
    assert unexplained == []


@pytest.mark.browser
def test_of_two_colliding_names_the_larger_units_stays(routed, pages, record):
    """At zoom 10.75 the names of Phường Bá Xuyên and Phường Sông Công collide; Sông Công comes first in
    code order, Bá Xuyên is the larger (the reference map's areas): Bá Xuyên keeps its name, and no two names
    overlap."""
    assert record.loc["Phường Bá Xuyên", "official_area_km2"] > record.loc["Phường Sông Công", "official_area_km2"]
    assert record.loc["Phường Sông Công", "code"] < record.loc["Phường Bá Xuyên", "code"]
    rp = open_page(routed, pages["en"], DESKTOP)
    page = rp.page
    set_view(page, 21.59, 105.80, 10.75)
    shown = {b["text"] for b in visible_unit_labels(page)}
    # the larger is placed first and keeps a name on the map; the smaller takes a free place beside its anchor
    # (the placer moves names off the parks' symbols too) or, with none, is hidden: never on top of another
    assert "Bá Xuyên" in shown, shown
    assert overlapping(visible_unit_labels(page)) == []
