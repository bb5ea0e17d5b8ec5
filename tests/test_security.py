"""User text is data, never code: templates, HTML, spreadsheets and the terminal.

Site lists come from investors, consultants and other offices.  Every path
by which their text reaches an output gets hostile input here: template
syntax (Jinja runs inside folium), HTML and script, spreadsheet formulas and
terminal escape sequences.  Each must come out literally, with no evaluation,
no dialog and no crash.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path

import jinja2
import openpyxl
import pandas as pd
import pytest

import tn_map
from tn_map.export import save_html, write_sites

from .conftest import run_cli

SONG_CONG = (21.4883, 105.8384)  # lat, lon inside TP Sông Công (South zone)

TEMPLATE_NAMES = [
    "Park {{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "Open {% if x %}",
    "Note {# comment",
    "{{ '<b>' }}{% raw %}",
]
HTML_NAMES = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "line\u2028sep",
]


def _in_script(text: str) -> str:
    """How a user's text stands in the page's script: HTML-escaped, then ``&`` as ``\\u0026``."""
    return html_escape(text).replace("&", "\\u0026").replace("\u2028", "\\u2028")


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _hostile_sites(path: Path) -> Path:
    """Every hostile name as a site inside Sông Công, with hostile sectors and districts too."""
    lat, lon = SONG_CONG
    rows = []
    for i, name in enumerate(TEMPLATE_NAMES + HTML_NAMES):
        rows.append([name, "{% for x in range(3) %}electronics", "{{ 6*7 }}", f"{lat + i * 1e-4:.6f}", f"{lon:.6f}"])
    return _write_csv(path, ["name", "sector", "capital", "lat", "lon"], rows)


def test_template_syntax_in_site_files_is_shown_literally_never_run(tmp_path):
    src = _hostile_sites(tmp_path / "sites {{ 3*3 }} {% if y %}.csv")
    out = tmp_path / "map.html"
    result = run_cli("build", "--sites", str(src), "-o", str(out), "--basemap", "none")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    for name in TEMPLATE_NAMES:
        assert _in_script(name) in html, name
    assert "Park 49" not in html
    assert "{% for x in range(3) %}electronics" in html and "{{ 6*7 }}" in html
    assert "sites {{ 3*3 }} {% if y %}.csv" in html  # the file name names the layer
    assert str(Path.cwd()) not in html and os.getcwd() not in html


def test_no_user_text_passes_through_a_template(monkeypatch, tmp_path):
    """Every template source and every template output is free of the user's text."""
    marker = "QZX-marker"
    lat, lon = SONG_CONG
    src = _write_csv(
        tmp_path / f"{marker} file.csv",
        ["name", "sector", "district", "lat", "lon"],
        [[f"{marker} {{{{ 7*7 }}}} {{% if %}} {{# #}}", f"{marker} sector", f"{marker} Sông Công", lat, lon]],
    )
    sources: list[str] = []
    outputs: list[str] = []
    from_string = jinja2.Environment.from_string
    render = jinja2.Template.render

    def recording_from_string(self, source, *args, **kwargs):
        sources.append(str(source))
        return from_string(self, source, *args, **kwargs)

    def recording_render(self, *args, **kwargs):
        text = render(self, *args, **kwargs)
        outputs.append(text)
        return text

    monkeypatch.setattr(jinja2.Environment, "from_string", recording_from_string)
    monkeypatch.setattr(jinja2.Template, "render", recording_render)
    # the plan is data too: a cluster name with template syntax (build_map takes any plan)
    south = tn_map.PLAN.zone("south")
    cluster = replace(south.clusters[0], name=replace(south.clusters[0].name, en=f"{marker} {{{{ 6*7 }}}} cluster"))
    plan = replace(tn_map.PLAN, zones=(replace(south, clusters=(cluster,) + south.clusters[1:]),) + tn_map.PLAN.zones[1:])
    districts = tn_map.load_districts(plan=plan)
    sites = tn_map.classify_sites(tn_map.read_sites(src), districts, plan=plan)
    m = tn_map.build_map(districts, sites=[sites], basemap="none", lang="en", plan=plan)
    path, _ = save_html(m, tmp_path / "map.html")
    html = path.read_text(encoding="utf-8")
    assert sources and outputs, "the recorder saw no templating at all"
    assert not [s for s in sources if marker in s], "user text was compiled as a template"
    assert not [o for o in outputs if marker in o], "user text went through a template"
    assert f"{marker} {{{{ 7*7 }}}} {{% if %}} {{# #}}" in html
    assert f"{marker} file.csv" in html
    assert f"{marker} {{{{ 6*7 }}}} cluster" in html and "QZX-marker 42" not in html


def test_html_and_script_payloads_cannot_close_the_script(tmp_path):
    src = _hostile_sites(tmp_path / "sites.csv")
    out = tmp_path / "map.html"
    result = run_cli("build", "--sites", str(src), "-o", str(out), "--basemap", "none")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "</script><script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" not in html  # inside a script, < and & are escaped too
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "\u2028" not in html and "\\u2028" in html


@pytest.mark.browser
def test_hostile_site_names_show_as_text_in_the_popup_and_layer_control(routed, tmp_path):
    lat, lon = SONG_CONG
    src = _write_csv(
        tmp_path / "<b>bold {{ 7*7 }}.csv",
        ["name", "sector", "lat", "lon"],
        [["Park {{ 7*7 }} <img src=x onerror=alert(1)>", "{% if x %}</script><script>alert(2)</script>", lat, lon]],
    )
    out = tmp_path / "map.html"
    # --no-parks: the master plan's parks placed in Sông Công would sit on the site's marker
    result = run_cli("build", "--sites", str(src), "-o", str(out), "--basemap", "none", "--no-parks")
    assert result.returncode == 0, result.stderr
    rp = routed()
    rp.open(out)
    rp.page.evaluate(
        """([lat, lon]) => { for (const k in window) { if (k.startsWith('map_') && window[k].setView) {
               window[k].setView([lat, lon], 17, {animate: false}); } } }""",
        [lat, lon],
    )
    rp.settle()
    rp.page.locator(".leaflet-overlay-pane path.leaflet-interactive[fill-opacity='0.95']").first.click(force=True)
    popup = rp.page.wait_for_selector(".tn-site-popup", timeout=5000)
    rp.settle()
    text = popup.inner_text()
    assert "Park {{ 7*7 }} <img src=x onerror=alert(1)>" in text
    assert "{% if x %}</script><script>alert(2)</script>" in text
    assert popup.query_selector("img") is None and popup.query_selector("script") is None
    rp.page.hover(".leaflet-control-layers")
    layers = rp.page.inner_text(".leaflet-control-layers-overlays")
    assert "<b>bold {{ 7*7 }}.csv" in layers
    assert rp.page.locator(".leaflet-control-layers-overlays b").count() == 0
    assert rp.dialogs == [] and rp.page_errors == []
    rp.screenshot("hostile_names_as_text")


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def _formula_sites(path: Path) -> Path:
    lat, lon = SONG_CONG
    rows = [[f, f, f"{lat:.4f}", f"{lon:.4f}", "-12.5"] for f in FORMULAS]
    return _write_csv(path, ["name", "sector", "lat", "lon", "=area"], rows)


def test_xlsx_output_keeps_formulas_as_text_and_numbers_as_numbers(tmp_path):
    src = _formula_sites(tmp_path / "formulas.csv")
    out = tmp_path / "out.xlsx"
    result = run_cli("sites", "classify", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["input_row", "name", "sector", "lat", "lon", "=area"]
    assert sheet.cell(1, 6).data_type == "s"
    names = [sheet.cell(r, 2) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in names] == FORMULAS  # the text exactly, carriage return included
    assert {c.data_type for c in names} == {"s"}  # text, never a formula
    lon_col = header.index("lon_wgs84") + 1
    assert all(isinstance(sheet.cell(r, lon_col).value, float) for r in range(2, 2 + len(FORMULAS)))
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 1).data_type == "n"


def test_csv_output_quotes_formulas_as_text(tmp_path):
    src = _formula_sites(tmp_path / "formulas.csv")
    out = tmp_path / "out.csv"
    result = run_cli("sites", "classify", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header[5] == "'=area"
    names = [row[header.index("name")] for row in body]
    assert names == ["'" + f for f in FORMULAS]
    area = [row[5] for row in body]
    assert area == ["-12.5"] * len(FORMULAS)  # a real number stays a number
    assert [row[header.index("lon_wgs84")] for row in body] == ["105.8384"] * len(FORMULAS)


def test_control_characters_and_overlong_cells_are_reported_not_crashing(tmp_path):
    lat, lon = SONG_CONG
    long_text = "x" * 40_000
    src = _write_csv(
        tmp_path / "dirty.csv",
        ["name", "sector", "lat", "lon"],
        [["Bell\x07 and \x1b[2J", "electronics", lat, lon], ["ok", long_text, lat, lon]],
    )
    out = tmp_path / "out.xlsx"
    result = run_cli("sites", "classify", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "dòng 1, cột 'name': đã bỏ các ký tự điều khiển" in result.stderr  # the default language: Vietnamese
    assert "dòng 2, cột 'sector': văn bản bị cắt ở giới hạn 32.767 ký tự của Excel" in result.stderr
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("name") + 1).value == "Bell and [2J"
    assert len(sheet.cell(3, header.index("sector") + 1).value) == 32_767


def test_exports_are_the_same_bytes_every_time(tmp_path):
    src = _formula_sites(tmp_path / "formulas.csv")
    for suffix in (".xlsx", ".csv"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        for out in (a, b):
            assert run_cli("sites", "classify", str(src), "-o", str(out)).returncode == 0
        assert a.read_bytes() == b.read_bytes(), suffix


ESCAPES = ["\x1b[2J", "\x1b]0;pwned\x07", "\x07", "\r", "\x9b31m", "\u202e"]


def test_terminal_output_carries_no_escape_sequences_from_the_input(tmp_path):
    lat, lon = SONG_CONG
    src = _write_csv(
        tmp_path / "esc\x1b[31m.csv",
        ["name\x1b[1m", "sector", "lat", "lon"],
        [["\x1b[2J\rtn-map: all 1000 sites located\x07", "electronics", lat, lon],
         ["b", "x", "\x1b]0;pwned\x07\r21.5", lon],
         ["c", "x", "\u202e21.5\x9b31m", lon]],
    )
    for fmt in ("table", "json"):
        result = run_cli("sites", "classify", str(src), "-o", str(tmp_path / "out.csv"), "--format", fmt, "--lang", "en")
        assert result.returncode == 0, result.stderr
        for stream in (result.stdout, result.stderr):
            assert not [e for e in ESCAPES if e in stream], repr(stream)
        if fmt == "json":
            report = json.loads(result.stdout)
            assert report["source"].endswith("esc\x1b[31m.csv")  # the JSON still says what the name is
        else:
            assert "esc\\x1b[31m.csv" in result.stdout
            assert "row 2: not a number in column 'lat': '\\x1b]0;pwned\\x07\\r21.5'" in result.stdout
    # an error about the input is one visible line too
    result = run_cli("sites", "classify", str(src), "--lat", "\x1b[2Jnope", "--lon", "lon")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\\x1b[2Jnope" in result.stderr
    assert result.stderr.count("\n") == 1


def test_hostile_boundary_properties_stay_out_of_the_page_and_the_terminal(tmp_path):
    import geopandas as gpd

    districts = gpd.read_file("data/boundaries.geojson")[["name", "geometry"]]
    districts["note {{ 7*7 }}"] = "{% if x %}<script>alert(1)</script>"
    good = tmp_path / "boundaries.geojson"
    districts.to_file(good)
    out = tmp_path / "map.html"
    result = run_cli("build", "--boundaries", str(good), "-o", str(out), "--basemap", "none")
    assert result.returncode == 0, result.stderr
    assert "alert(1)" not in out.read_text(encoding="utf-8")

    districts.loc[0, "name"] = "\x1b[2J{{ 7*7 }}"
    bad = tmp_path / "bad.geojson"
    districts.to_file(bad)
    result = run_cli("build", "--boundaries", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and result.stderr.count("\n") == 1
    assert "{{ 7*7 }}" in result.stderr and "không phải huyện của Đề án 2030" in result.stderr  # default: vi


def test_write_sites_reports_cells_it_changed(tmp_path):
    lat, lon = SONG_CONG
    src = _write_csv(tmp_path / "s.csv", ["name", "lat", "lon"], [["a\x00b", lat, lon]])
    classified = tn_map.classify_sites(tn_map.read_sites(src))
    issues = write_sites(classified, tmp_path / "o.xlsx")
    assert [(i.row, i.column, i.what) for i in issues] == [(1, "name", "control_characters_removed")]
    assert pd.read_excel(tmp_path / "o.xlsx")["name"].tolist() == ["ab"]
