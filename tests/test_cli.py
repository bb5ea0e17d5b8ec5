"""The command line as a user runs it: real processes, real files.

Commands run as processes forked from the session's CLI server (``run_cli``); start-up itself
(imports, the version, the installed entry point) as new interpreters (``run_process``).
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from .conftest import ROOT, run_cli, run_process


def test_build_writes_the_map_and_prints_its_path(tmp_path):
    out = tmp_path / "sub" / "map.html"
    result = run_cli("build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "2031/QĐ-UBND" in html and "leaflet" in html


def test_build_default_output_path(tmp_path):
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "thai_nguyen_industry_map.html").is_file()


def test_same_inputs_same_bytes(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run_cli("build", "-o", str(a), "--lang", "vi").returncode == 0
    assert run_cli("build", "-o", str(b), "--lang", "vi").returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_zones_table_csv_and_json():
    table = run_cli("zones")  # Vietnamese unless asked otherwise
    assert table.returncode == 0
    assert "Khu vực phía Nam" in table.stdout and "Phổ Yên" in table.stdout
    assert "South zone" in run_cli("zones", "--lang", "en").stdout

    rows = list(csv.DictReader(io.StringIO(run_cli("zones", "--format", "csv", "--lang", "en").stdout)))
    assert [r["zone_key"] for r in rows] == ["south", "west", "east"]
    assert [int(r["n_districts"]) for r in rows] == [4, 3, 2]
    assert "Electronics" in rows[0]["clusters"]

    data = json.loads(run_cli("zones", "--format", "json", "--lang", "vi").stdout)
    assert data[1]["zone"] == "Khu vực phía Tây"
    assert data[1]["districts"] == "Định Hóa, Phú Lương, Đại Từ"
    # the zones' areas add up to the province's geodesic area, measured here with pyproj on the bundled file
    geod = Geod(ellps="WGS84")
    province = shapely.union_all(gpd.read_file(ROOT / "data" / "boundaries.geojson").geometry.values)
    area_km2 = abs(geod.geometry_area_perimeter(province)[0]) / 1e6
    assert sum(r["area_km2"] for r in data) == pytest.approx(area_km2, abs=0.05)
    assert [r["share_pct"] for r in data] == [round(100 * r["area_km2"] / area_km2, 1) for r in data]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["build", "--lang", "fr"], "lựa chọn không hợp lệ: 'fr'"),  # the default language: Vietnamese
        (["build", "--lang", "fr", "--lang", "en"], "invalid choice: 'fr'"),
        (["build", "--basemap", "NoSuchTiles", "--lang", "en"], "unknown basemap 'NoSuchTiles' (use an xyzservices name or 'none') (see --basemap)"),
        (["build", "--basemap", "CartoDB.Positron"], "cần khóa API"),
        (["build", "--basemap", "CartoDB.Positron", "--lang", "en"], "needs an API key"),
        (["build", "--boundaries", "does/not/exist.geojson"], "does/not/exist.geojson: không tìm thấy tệp"),
        (["build", "--boundaries", "does/not/exist.geojson", "--lang", "en"], "does/not/exist.geojson: file not found"),
        (["zones", "--format", "xml"], "lựa chọn không hợp lệ: 'xml'"),
        (["frobnicate"], "lựa chọn không hợp lệ: 'frobnicate'"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args, expected):
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_unreadable_boundary_file(tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text("{ this is not json", encoding="utf-8")
    result = run_cli("build", "--boundaries", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert str(bad) in result.stderr and "không đọc được" in result.stderr


def test_foreign_boundary_file_names_the_problem(tmp_path):
    # a real file of the wrong province: Bắc Kạn's outline as a one-feature layer
    foreign = tmp_path / "foreign.geojson"
    foreign.write_text(
        json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Huyện Ba Bể"},
                    "geometry": {"type": "Polygon", "coordinates": [[[105.6, 22.3], [105.8, 22.3], [105.8, 22.5], [105.6, 22.3]]]}}]}),
        encoding="utf-8",
    )
    result = run_cli("zones", "--boundaries", str(foreign))
    assert result.returncode == 2
    assert "không cột nào chứa tên huyện của Thái Nguyên" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_user_boundaries_with_name_field(tmp_path):
    result = run_cli("zones", "--format", "csv", "--boundaries", str(ROOT / "data" / "boundaries.geojson"), "--name-field", "name_en")
    assert result.returncode == 0, result.stderr
    assert "Võ Nhai, Đồng Hỷ" in result.stdout


def test_print_and_classify_commands_do_not_load_the_web_map_libraries_but_the_api_still_reaches_them():
    # tn-map image and sites classify skip folium's half second of imports; tn_map.save_html and
    # tn_map.export.html still work the first time they are asked for
    code = (
        "import sys, tn_map, tn_map.cli\n"
        "assert 'folium' not in sys.modules and 'jinja2' not in sys.modules, 'folium loaded at import'\n"
        "assert callable(tn_map.save_html) and callable(tn_map.export.html.render_html)\n"
        "from tn_map.render import render_map, Page\n"
        "assert 'folium' in sys.modules\n"
        "try:\n    tn_map.export.no_such_thing\nexcept AttributeError:\n    pass\nelse:\n    raise SystemExit('no error')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_each_command_loads_only_the_libraries_it_draws_with(tmp_path):
    """The print map (parks and their legend included) never loads folium; the page never loads
    matplotlib, nor GDAL for the bundled layers: each would add a tenth of a second or more."""
    code = (
        "import sys\n"
        "from tn_map.cli import main\n"
        "command = sys.argv[1:]\n"
        "assert main(command) == 0\n"
        "print(' '.join(sorted(m for m in ('folium', 'jinja2', 'matplotlib', 'pyogrio') if m in sys.modules)))\n"
    )
    loaded = {}
    for command in (["image", "-o", str(tmp_path / "m.png")], ["build", "-o", str(tmp_path / "m.html")]):
        done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        loaded[command[0]] = done.stdout.splitlines()[-1].split()  # after the path written
    assert loaded == {"image": ["matplotlib"], "build": ["folium", "jinja2"]}


def test_one_version_for_the_command_and_the_package_metadata():
    import importlib.metadata

    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tn-map {importlib.metadata.version('tn-map')}"


def test_the_installed_command_starts_and_exits_with_its_codes(tmp_path):
    # the console script pip wrote next to this interpreter (the README's .venv/bin/tn-map), a new process
    script = Path(sys.executable).with_name("tn-map")
    assert script.is_file(), f"{script} is missing: install the package (pip install -e '.[test]')"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    ok = subprocess.run([str(script), "zones", "--format", "csv", "--lang", "en"], capture_output=True, text=True,
                        cwd=tmp_path, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert [row["zone_key"] for row in csv.DictReader(io.StringIO(ok.stdout))] == ["south", "west", "east"]
    bad = subprocess.run([str(script), "zones", "--format", "xml"], capture_output=True, text=True, cwd=tmp_path,
                         env=env, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "'xml'" in bad.stderr, bad.stderr
