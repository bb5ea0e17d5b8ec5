"""What the written page carries: plan content in both languages, geometry for the web, escaping, offline.

Every text a reader sees reaches the page once, as data: ``tnMap.setup``'s
config holds each text by key in each of the page's languages (HTML, or
plain text for keys that begin with ``txt.``), and the page's script shows
them.  District popups and tooltips are texts too (``d<i>.popup``), named by
each district feature's ``tn`` property.  The tests decode that data and
read the HTML, so a figure is checked where the reader sees it, not
anywhere among the page's coordinates.
"""

import dataclasses
import json
import re
from html.parser import HTMLParser

import geopandas as gpd
import pytest
import shapely
import shapely.geometry

import tn_map
from tn_map.export import save_html
from tn_map.i18n import Text
from tn_map.load import read_boundaries
from tn_map.plan import PLAN, Cluster
from tn_map.render.geometry import simplify_for_web
from tn_map.render.model import MapWords, build_model
from tn_map.render.panels import district_popup_html, district_tooltip_html, fmt_number

from .conftest import run_cli
from .test_boundaries import equal_area_km2

# Written from the article ("9%/năm (không kể … Samsung là 12,03%/năm)", …):
# each target's period, value and value without Samsung, as each language writes them.
TARGET_LINES = {
    "vi": {
        "industry_va_growth": "2021–2030: 9 %/năm (12,03 %/năm, không kể Samsung)",
        "manufacturing_va_growth": "2021–2030: 8,91 %/năm (12,37 %/năm, không kể Samsung)",
        "industry_grdp_share": "2030: 57 % GRDP (42,38 % GRDP, không kể Samsung)",
        "manufacturing_grdp_share": "2030: 50 % GRDP (33 % GRDP, không kể Samsung)",
    },
    "en": {
        "industry_va_growth": "2021–2030: 9 %/yr (12.03 %/yr, excl. Samsung)",
        "manufacturing_va_growth": "2021–2030: 8.91 %/yr (12.37 %/yr, excl. Samsung)",
        "industry_grdp_share": "2030: 57 % of GRDP (42.38 % of GRDP, excl. Samsung)",
        "manufacturing_grdp_share": "2030: 50 % of GRDP (33 % of GRDP, excl. Samsung)",
    },
}
# From the article, in its order.
ZONE_MEMBERS = {
    "south": ["Thái Nguyên", "Sông Công", "Phổ Yên", "Phú Bình"],
    "west": ["Định Hóa", "Phú Lương", "Đại Từ"],
    "east": ["Võ Nhai", "Đồng Hỷ"],
}
ZONE_NAMES = {
    "vi": {"south": "Khu vực phía Nam", "west": "Khu vực phía Tây", "east": "Khu vực phía Đông"},
    "en": {"south": "South zone", "west": "West zone", "east": "East zone"},
}


# -- reading the page ------------------------------------------------------------------------


class Node:
    """An element of an HTML fragment: tag, attributes, children (nodes and text)."""

    def __init__(self, tag: str, attrs: dict) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str, **attrs) -> "Node":
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]


class _Builder(HTMLParser):
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#fragment", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(fragment: str) -> Node:
    """The fragment as a tree; fails on an unclosed or mismatched element."""
    builder = _Builder()
    builder.feed(fragment)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def page_ops(html: str) -> list[list]:
    """The page's operations, ``[function, names, options, name, add_to]`` each: its one JSON document."""
    (found,) = re.findall(r'<script type="application/json" id="tn-data">(.*?)</script>', html, flags=re.S)
    return json.loads(found)


def page_op(html: str, function: str) -> dict:
    """The options of the page's one operation ``function``."""
    (found,) = [op[2] for op in page_ops(html) if op[0] == function]
    return found


def page_config(html: str) -> dict:
    """The page's data: the config handed to ``tnMap.setup`` (texts by language, search index)."""
    return page_op(html, "setup")


def texts(html: str, lang: str) -> dict[str, str]:
    """Every text of the page in ``lang``, by key."""
    return page_config(html)["texts"][lang]


def panel(html: str, key: str, lang: str) -> Node:
    """The text ``key`` (a panel's HTML) in ``lang``, parsed."""
    return parse(texts(html, lang)[key])


def _unpack(text: str) -> list[list[int]]:
    """A packed arc (five-bit groups from chr(63), 0x20 = more follows, zigzag signs), as its deltas."""
    values, v, shift = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        v |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(v >> 1 if v % 2 == 0 else -((v + 1) >> 1))
            v, shift = 0, 0
    return [values[i : i + 2] for i in range(0, len(values), 2)]


def topology_pieces(html: str) -> tuple[list, list[dict]]:
    """The page's topology decoded here, from the TopoJSON specification: each piece (shapely) and its properties."""
    topo = page_op(html, "topology")
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for packed in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in _unpack(packed):
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(ids):
        points = []
        for k in ids:
            arc = arcs[k] if k >= 0 else arcs[~k][::-1]
            points += arc if not points else arc[1:]
        return points

    pieces, props = [], []
    for g in topo["objects"]["pieces"]["geometries"]:
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        pieces.append(shapely.MultiPolygon([shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polygons]))
        props.append(g["properties"])
    return pieces, props


def district_features(html: str) -> list[dict]:
    """The page's districts: the rows handed to ``tnMap.topoDistricts``, each with its pieces' union as geometry."""
    rows = page_op(html, "topoDistricts")["rows"]
    pieces, props = topology_pieces(html)
    features = []
    for row in rows:
        geom = shapely.union_all([g for g, p in zip(pieces, props) if p["d"] == row["code"]])
        features.append({"type": "Feature", "properties": {k: row[k] for k in ("name", "zone", "tn")},
                         "geometry": shapely.geometry.mapping(geom)})
    return features


def feature_of(html: str, name: str, lang: str) -> dict:
    """A district's properties with its ``tooltip`` and ``popup`` in ``lang``."""
    (props,) = [f["properties"] for f in district_features(html) if f["properties"]["name"] == name]
    words = texts(html, lang)
    return {**props, "tooltip": words[props["tn"] + ".tooltip"], "popup": words[props["tn"] + ".popup"]}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The page opening in each language, written by the CLI: its default (Vietnamese) and ``--lang en``.

    Both pages hold both languages; ``--lang`` picks the one they open in.
    """
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for lang, args in (("vi", ()), ("en", ("--lang", "en"))):
        result = run_cli("build", "-o", str(folder / f"{lang}.html"), *args)
        assert result.returncode == 0, result.stderr
        out[lang] = (folder / f"{lang}.html").read_text(encoding="utf-8")
    return out


# -- the panels -------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["vi", "en"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_panel_states_each_target_in_the_readers_number_form(pages, lang, opening):
    # each page carries the panel in both languages, each in its readers' number form
    plan = panel(pages[opening], "plan", lang)
    items = plan.find_all("li")
    assert [li.attrs["data-target"] for li in items] == list(TARGET_LINES[lang])
    labels = {t.key: t.label.get(lang) for t in PLAN.targets}
    for li in items:
        key = li.attrs["data-target"]
        assert li.text() == f"{labels[key]} {TARGET_LINES[lang][key]}", key
        # the headline figure is the one with Samsung
        assert li.find("span", **{"class": "tn-num"}).text() == TARGET_LINES[lang][key].split(": ")[1].split(" (")[0]
    text = plan.text()
    assert "2031/QĐ-UBND" in text and "net-zero carbon" in text and "2050" in text
    # the panel's markup is in the page only as script-safe JSON
    assert "<li data-target" not in pages[opening] and "\\u003cli data-target=" in pages[opening]


@pytest.mark.parametrize(
    "lang, title, heading",
    [
        ("vi", "Không gian phát triển công nghiệp tỉnh Thái Nguyên đến năm 2030", "Mục tiêu của Đề án"),
        ("en", "Thái Nguyên industrial development space to 2030", "Targets of the scheme"),
    ],
)
def test_title_and_panel_heading_in_the_pages_language(pages, lang, title, heading):
    # pages["vi"] is the CLI's default page: Vietnamese is the default
    assert f"<title>{title}</title>" in pages[lang]
    assert f'<html lang="{lang}">' in pages[lang]
    config = page_config(pages[lang])
    assert config["lang"] == lang and set(config["langs"]) == {"vi", "en"}
    for html in pages.values():  # and both pages can switch to it
        assert panel(html, "title", lang).find("h1").text() == title
        assert texts(html, lang)["txt.page.title"] == title
        assert panel(html, "plan", lang).find("h2").text() == heading


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_legend_lists_each_zone_with_its_districts(pages, lang):
    legend = panel(pages[lang], "legend", lang)
    assert texts(pages[lang], lang) == texts(pages["en" if lang == "vi" else "vi"], lang)  # the same words either way
    items = [n for n in legend.find_all("div") if "data-zone" in n.attrs]
    assert [n.attrs["data-zone"] for n in items] == ["south", "west", "east"]
    for item in items:
        key = item.attrs["data-zone"]
        assert item.find("b").text() == ZONE_NAMES[lang][key]
        assert item.find("small").text() == ", ".join(ZONE_MEMBERS[key])


# -- districts, tooltips and popups ------------------------------------------------------------


def test_page_holds_the_nine_districts_with_their_zones(pages):
    for lang, html in pages.items():
        zones = {f["properties"]["name"]: f["properties"]["zone"] for f in district_features(html)}
        assert zones == {name: key for key, names in ZONE_MEMBERS.items() for name in names}, lang


@pytest.mark.parametrize(
    "lang, name, zone, title, unit",
    [
        ("vi", "Đại Từ", "west", "Huyện Đại Từ", "Huyện"),
        ("en", "Đại Từ", "west", "Đại Từ District", "District"),
        ("en", "Phú Bình", "south", "Phú Bình District", "District"),  # a rural district in the South
        ("vi", "Phổ Yên", "south", "Thành phố Phổ Yên", "Thành phố"),
    ],
)
def test_district_popup_lists_its_zone_and_clusters(pages, lang, name, zone, title, unit):
    popup = parse(feature_of(pages[lang], name, lang)["popup"])
    assert popup.find("h4").text() == title
    rows = {tr.find("th").text(): tr.find("td").text() for tr in popup.find_all("tr")}
    area_label, zone_label, unit_label = {"vi": ("Diện tích", "Khu vực", "Loại đơn vị"), "en": ("Area", "Zone", "Unit type")}[lang]
    assert rows[unit_label] == unit
    assert rows[zone_label] == ZONE_NAMES[lang][zone]
    clusters = [li.text() for li in popup.find_all("li")]
    assert clusters == [c.name.get(lang) for c in PLAN.zone(zone).clusters]
    # textiles and footwear are the West's alone (the article)
    textiles = {"vi": "Dệt may", "en": "Textiles and garments"}[lang]
    assert (textiles in clusters) == (zone == "west")
    # the area is the district's measured area, to 0.1 km², in the reader's number form
    base = read_boundaries()[0]
    (measured,) = equal_area_km2(base[base["name"] == name].geometry)
    number = f"{measured:.1f}"  # all under 1,000 km²: no thousands separator
    assert rows[area_label] == (number.replace(".", ",") if lang == "vi" else number) + " km²"


def test_district_tooltip_gives_name_and_zone(pages):
    tooltip = parse(feature_of(pages["vi"], "Phú Bình", "en")["tooltip"])
    assert tooltip.find("b").text() == "Phú Bình"
    assert tooltip.text() == "Phú BìnhSouth zone"


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def hostile_model():
    """A model whose every text shown in a popup or tooltip carries markup.

    The district's display title and unit type come from a plan district
    whose unit type is hostile; the zone's name, clusters and orientation
    from a hostile zone; the district's name from the frame itself.
    """
    west = PLAN.zone("west")
    dai_tu = next(d for d in west.districts if d.name == "Đại Từ")
    hostile_dai_tu = dataclasses.replace(dai_tu, unit_type=Text(HOSTILE, HOSTILE))
    hostile_west = dataclasses.replace(
        west,
        name=Text(HOSTILE, HOSTILE),
        orientation=Text(HOSTILE, HOSTILE),
        clusters=(Cluster("evil", Text(HOSTILE, HOSTILE)), *west.clusters),
        districts=tuple(hostile_dai_tu if d is dai_tu else d for d in west.districts),
    )
    plan = dataclasses.replace(PLAN, zones=tuple(hostile_west if z.key == "west" else z for z in PLAN.zones))
    frame = tn_map.load_districts()
    frame.loc[frame["name"] == "Đại Từ", "name"] = HOSTILE
    # Vietnamese: the display title is the unit type (capitalised: no change here) and the name
    return build_model(frame, plan=plan, lang="vi")


def _row(model, key):
    return model.districts[model.districts["district_key"] == key].iloc[0]


def _tags(node: Node) -> set[str]:
    return {n.tag for n in node.iter()} - {"#fragment"}


def test_district_popup_escapes_every_text(hostile_model):
    row = _row(hostile_model, "dai tu")
    assert row["title"] == f"{HOSTILE} Đại Từ"  # the display title really carries the markup
    html = district_popup_html(row, hostile_model)
    assert "<script" not in html and "<img" not in html
    popup = parse(html)
    # markup shows as text, once escaped (not twice), and adds no element
    assert _tags(popup) == {"div", "h4", "table", "tr", "th", "td", "span", "p", "ul", "li"}
    assert popup.find("h4").text() == row["title"]
    rows = {tr.find("th").text(): tr.find("td").text() for tr in popup.find_all("tr")}
    assert rows["Loại đơn vị"] == HOSTILE
    assert rows["Khu vực"] == HOSTILE
    assert [li.text() for li in popup.find_all("li")][0] == HOSTILE
    assert popup.find_all("p")[-1].text() == HOSTILE  # orientation


def test_district_tooltip_escapes_every_text(hostile_model):
    html = district_tooltip_html(_row(hostile_model, "dai tu"), hostile_model)
    tooltip = parse(html)
    assert _tags(tooltip) == {"b", "br", "span"}
    assert tooltip.find("b").text() == HOSTILE
    assert tooltip.text() == HOSTILE + HOSTILE  # name, then zone


# -- geometry and assets -----------------------------------------------------------------------


def test_web_geometry_within_30_m_and_gap_free(pages):
    full = read_boundaries()[0].set_index("name").to_crs("EPSG:9213")
    web = gpd.GeoDataFrame.from_features(district_features(pages["vi"]), crs=4326)
    assert shapely.coverage_is_valid(web.geometry.values)
    web = web.set_index("name").to_crs("EPSG:9213")
    assert set(web.index) == set(full.index)
    for name in full.index:
        assert shapely.hausdorff_distance(web.geometry[name], full.geometry[name]) <= 30.0, name
    full_vertices = shapely.get_num_coordinates(full.geometry.values).sum()
    assert shapely.get_num_coordinates(web.geometry.values).sum() < 0.7 * full_vertices


def test_no_bootstrap_or_jquery_from_cdn(pages):
    urls = set(re.findall(r'(?:src|href)="(https://[^"]+)"', pages["vi"]))
    assert any("leaflet" in u for u in urls)  # the pattern does find the page's assets
    assert not [u for u in urls if "bootstrap" in u or "jquery" in u or "awesome" in u]


def test_offline_page_needs_no_cdn(tmp_path):
    m = tn_map.build_map(offline=True, basemap="none")
    path, missing = save_html(m, tmp_path / "offline.html", offline=True)
    html = path.read_text(encoding="utf-8")
    assert missing == []
    assert "L.map(" in html  # a map page, not an empty one
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert "tile_layer_" not in html and "minimap" not in [op[0] for op in page_ops(html)]  # no basemap
    assert [op[0] for op in page_ops(html)][-1] == "start"  # search, language switch, full screen: the page's own script


def test_offline_page_with_a_basemap_inlines_the_vendored_minimap(tmp_path):
    districts = tn_map.load_districts()
    sites = tn_map.classify_sites(tn_map.read_sites("data/sample_sites.csv"), districts)
    m = tn_map.build_map(districts, sites=[sites], offline=True)
    path, missing = save_html(m, tmp_path / "offline.html", offline=True)
    html = path.read_text(encoding="utf-8")
    assert missing == []
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert "/* Control.MiniMap.min.js (offline copy) */" in html and "new L.Control.MiniMap(" in html
    assert "/* leaflet.markercluster.js (offline copy) */" in html
    # the toggle's image travels inside the style sheet
    assert "url(data:image/svg+xml;base64," in html


# -- one page, two languages ----------------------------------------------------------------------


def test_every_text_is_in_both_languages_and_plain_texts_carry_no_markup(pages):
    vi, en = texts(pages["vi"], "vi"), texts(pages["vi"], "en")
    assert set(vi) == set(en) and len(vi) > 50
    for key, value in {**vi, **en}.items():
        if key.startswith("txt."):
            assert "<" not in value and "&lt;" not in value, key
    # the words differ where they are words, not names
    assert vi["legend"] != en["legend"] and vi["txt.ui.search"] != en["txt.ui.search"]
    assert vi["lbl.d6"] == en["lbl.d6"] == "Đại Từ"  # names stay Vietnamese


def test_layer_control_names_are_words_not_provider_ids(pages):
    for html in pages.values():
        for lang, names in (("vi", texts(html, "vi")), ("en", texts(html, "en"))):
            layers = {k: v for k, v in names.items() if k.startswith("layer.")}
            assert layers and all(v.strip() for v in layers.values())
            assert not [v for v in layers.values() if re.fullmatch(r"[\w]+\.[\w]+", v)], layers
        assert texts(html, "vi")["layer.base0"] == "Bản đồ đường phố (OpenStreetMap)"
        assert texts(html, "en")["layer.base0"] == "Street map (OpenStreetMap)"


def test_search_index_bounds_hold_each_district(pages):
    index = page_config(pages["vi"])["districts"]
    full = tn_map.load_districts().set_index("name")
    assert sorted(n for n, _ in index) == sorted(full.index)
    for name, ((south, west), (north, east)) in index:
        x0, y0, x1, y1 = full.geometry[name].bounds
        assert west <= x0 + 1e-3 and south <= y0 + 1e-3 and east >= x1 - 1e-3 and north >= y1 - 1e-3, name
    words = texts(pages["vi"], "vi")
    assert [words[f"txt.d{i}.kind"] for i, (n, _) in enumerate(index) if n in ("Đại Từ", "Phổ Yên")] == ["Thành phố", "Huyện"]


def test_a_page_in_one_language_has_no_switch():
    from tn_map.export import render_html
    from tn_map.render import render_map

    model = build_model(tn_map.load_districts(), lang="en")
    config = page_config(render_html(render_map(model, basemap="none", languages=("en",))))
    assert config["lang"] == "en" and config["langs"] == ["en"] and list(config["texts"]) == ["en"]
    # a model made by hand (not by build_model) cannot be decided in another language
    hand_made = dataclasses.replace(model, inputs=None)
    assert page_config(render_html(render_map(hand_made, basemap="none")))["langs"] == ["en"]


def test_same_map_same_bytes_even_after_showing_it_in_a_notebook(tmp_path):
    from tn_map.export import render_html

    fresh = render_html(tn_map.build_map(basemap="none"))
    assert render_html(tn_map.build_map(basemap="none")) == fresh
    m = tn_map.build_map(basemap="none")
    shown = m._repr_html_()  # what Jupyter displays: the whole page in an iframe's srcdoc
    assert shown == m._repr_html_()
    assert render_html(m) == fresh
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in shown and "__tn_data_" not in shown
    assert "tnMap.run(document.getElementById(" in shown and "[[&quot;setup&quot;,[&quot;map_00000000&quot;]" in shown


def test_the_default_build_does_not_import_folium_plugins():
    import subprocess
    import sys

    code = (
        "import sys, tn_map; "
        "d = tn_map.load_districts(); "
        "s = tn_map.classify_sites(tn_map.read_sites('data/sample_sites.csv'), d); "
        "tn_map.build_map(d, sites=[s]); "
        "print(sorted(m for m in sys.modules if m.startswith('folium.plugins')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- embedding -------------------------------------------------------------------------------------


def test_iframe_snippet_escapes_and_sizes_for_a_report_column():
    from tn_map.export.html import iframe_html

    snippet = iframe_html('map "1" <x>.html', title='A & B <c>', height=400)
    frame = parse(snippet).find("iframe")
    assert frame.attrs["src"] == 'map "1" <x>.html' and frame.attrs["title"] == "A & B <c>"
    assert frame.attrs["width"] == "100%" and frame.attrs["height"] == "400"
    assert "allowfullscreen" in frame.attrs and "<x>" not in snippet


def test_save_embed_points_at_the_page_beside_it(tmp_path):
    from tn_map.export.html import save_embed

    m = tn_map.build_map(basemap="none", lang="en")
    page, _ = save_html(m, tmp_path / "maps" / "thái nguyên.html")
    snippet = save_embed(m, page)
    assert snippet == tmp_path / "maps" / "thái nguyên.embed.html"
    frame = parse(snippet.read_text(encoding="utf-8")).find("iframe")
    assert frame.attrs["src"] == "th%C3%A1i%20nguy%C3%AAn.html"
    assert frame.attrs["title"] == "Thái Nguyên industrial development space to 2030"
    elsewhere = save_embed(m, page, tmp_path / "report" / "fig.html")
    assert parse(elsewhere.read_text(encoding="utf-8")).find("iframe").attrs["src"] == "../maps/th%C3%A1i%20nguy%C3%AAn.html"


def test_numbers_follow_the_language():
    assert (fmt_number(12.03, "vi"), fmt_number(12.03, "en")) == ("12,03", "12.03")
    assert (fmt_number(1234.56, "vi", 1), fmt_number(1234.56, "en", 1)) == ("1.234,6", "1,234.6")
    assert (fmt_number(9.0, "vi"), fmt_number(9.0, "en")) == ("9", "9")
    assert (fmt_number(42.38, "vi"), fmt_number(33.0, "vi")) == ("42,38", "33")
    assert fmt_number(float("nan"), "vi") == "–"




def test_web_geometry_of_a_users_boundaries_is_simplified_here_within_30_m():
    """A user's boundaries have no topology: they are simplified on their own, gap-free, within 30 m."""
    districts = tn_map.load_districts()
    other = districts.copy()
    other["geometry"] = shapely.set_precision(other.geometry.values, 1e-4)  # ~11 m grid: other boundaries
    web, error = simplify_for_web(other)
    assert error <= 30
    assert shapely.coverage_is_valid(web.geometry.values)
    metric_web, metric_other = web.to_crs("EPSG:9213").geometry.values, other.to_crs("EPSG:9213").geometry.values
    assert float(max(shapely.hausdorff_distance(metric_web, metric_other))) <= 30.0


class _MarkedWords(MapWords):
    """A vocabulary whose every word is its key in brackets: where a renderer's word came from shows."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self._table = {key: f"⟦{key}⟧" for key in self._table}


def test_the_renderers_take_every_word_from_the_model():
    """The page's words are the model's: a model with other words gives a page with those words."""
    from tn_map.export import render_html
    from tn_map.pipeline import master_plan_parks
    from tn_map.render import render_map
    from tn_map.render.leaflet import offline_note_html

    districts = tn_map.load_districts()
    model = build_model(districts, parks=master_plan_parks(districts))
    marked = dataclasses.replace(model, words=_MarkedWords("vi"), inputs=None)
    words = texts(render_html(render_map(marked, basemap="none", languages=("vi",))), "vi")
    popup = parse(words["d0.popup"])
    assert [th.text() for th in popup.find_all("th")] == ["⟦unit_type⟧", "⟦area⟧", "⟦zone⟧"]
    assert [p.text() for p in popup.find_all("p", **{"class": "tn-h"})] == ["⟦clusters⟧", "⟦orientation⟧"]
    assert words["txt.ui.search"] == "⟦ui.search⟧" and words["txt.loading"] == "⟦loading⟧"
    assert words["layer.districts"] == "⟦layer_districts⟧"
    assert parse(words["pk0.popup"]).find_all("th")[0].text() == "⟦park_status⟧"
    assert parse(words["legend"]).find("h2").text() == "⟦legend⟧"
    assert "⟦offline_title⟧" in offline_note_html({"vi": marked})
