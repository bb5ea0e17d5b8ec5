"""The page's own script (``tn_map/render/controls.js``) under node's test runner (``tests/js``).

The JavaScript tests load ``controls.js`` in a ``vm`` context with a tiny fake
Leaflet.  What they check the script against comes from Python, written here
to a fixture file (``TN_JS_FIXTURE``), and they load the script as the
page carries it (``TN_JS_SCRIPT``, :func:`~tn_map.render.client.controls_script`): Python's folding and escaping of every
district, unit, commune and park name and of hard cases, packed arcs, and the
operations of a real page built from a site file of hostile names.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tn_map.i18n import tr
from tn_map.names import fold
from tn_map.plan import PLAN
from tn_map.render.client import controls_script
from tn_map.render.topology import pack_arc

from .conftest import ROOT, run_cli
from .test_map_html import page_ops

NODE = shutil.which("node")
JS_TESTS = ROOT / "tests" / "js"

HARD_NAMES = [
    "Đ", "đ", "ĐỒNG HỶ", "Đồng Hỷ", "ư ơ Ư Ơ", "Thừa Thiên–Huế", "Pho\u0302\u0309 Ye\u0302n", "Phổ Yên",
    "TP. Thái Nguyên", "TP.Sông Công", "Sông Công (cũ)", "Thị xã Phổ Yên (cũ)", "  Đại   Từ  ", "A_B-C/D",
    "Phường 12", "Xã Ơn", "Ưng", "Quảng Trị", "Hòa/Hoà", "Ngọc", "Hoa\u0300", "straße", "Ａ",
    "<img src=x onerror=alert(1)>", "tab\tnew\nline", "", "Nậm Nhùn", "Ỳ Tý", "a\u1dc4b", "e\u20d7x",
]
SITE_NAMES = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "Park {{ 7*7 }}",
              "A & B \"quoted\" 'single'", "Nhà máy Đại Từ"]
SONG_CONG = (21.4710, 105.8410)


def _names() -> list[str]:
    """Every name the page can show and search: the plan's districts, the units and their old communes, the parks."""
    units = json.loads((ROOT / "data" / "units_web.json").read_text(encoding="utf-8"))["units"]
    names = [d.name for z in PLAN.zones for d in z.districts]
    for u in units:
        names += [u["name"], u["short_name"], *u["old_communes"], *u["old_districts"]]
    with (ROOT / "data" / "master_plan_parks.csv").open(encoding="utf-8", newline="") as f:
        names += [row["name"] for row in csv.DictReader(f)]
    return list(dict.fromkeys(names + HARD_NAMES))


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("js")
    sites = tmp / "sites.csv"
    with sites.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "lat", "lon"])
        for i, name in enumerate(SITE_NAMES):
            writer.writerow([name, f"{SONG_CONG[0] + i * 1e-3:.6f}", f"{SONG_CONG[1]:.6f}"])
    out = tmp / "map.html"
    result = run_cli("build", "--sites", str(sites), "-o", str(out), "--basemap", "none")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    ops = page_ops(page)
    (site,) = [op[2] for op in ops if op[0] == "siteLayer"]
    (parks,) = [op[2] for op in ops if op[0] == "parkLayer"]
    rng = np.random.default_rng(19)
    arcs = [np.array([[0, 0]]), np.array([[5, -3], [6, -3], [-40000, 123456]]), rng.integers(-10**6, 10**6, (50, 2))]
    fixture = {
        "fold": [[name, fold(name)] for name in _names()],
        "escape": [[text, html.escape(text)] for text in SITE_NAMES + HARD_NAMES],
        "arcs": [[pack_arc(a), np.vstack([a[:1], np.diff(a, axis=0)]).tolist()] for a in arcs],
        "site": site,
        "site_names": SITE_NAMES,
        "words": {lang: {"zone": tr("zone", lang), "south": PLAN.zone("south").name.get(lang)} for lang in ("vi", "en")},
        "parks": parks,
        "page_ops": ops,
        "page_globals": re.findall(r"^\s*var (\w+) = ", page, flags=re.M),
    }
    path = tmp / "fixture.json"
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped_script(tmp_path_factory) -> Path:
    """``controls.js`` as the page inlines it (comments dropped): what the JavaScript tests load."""
    path = tmp_path_factory.mktemp("js") / "controls.js"
    path.write_text(controls_script(), encoding="utf-8")
    return path


def test_controls_js_under_nodes_test_runner(fixture_file, shipped_script):
    """``node --test tests/js`` passes, every test run (none skipped for want of the fixture)."""
    if NODE is None:
        print("node is not installed: the page script's own tests (tests/js) cannot run")
        pytest.skip("node is not installed: tests/js cannot run")
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert len(files) >= 5, files
    result = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", *files],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "TN_JS_FIXTURE": str(fixture_file), "TN_JS_SCRIPT": str(shipped_script)},
    )
    report = result.stdout + result.stderr
    counts = {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|skipped|todo|cancelled) (\d+)$", report, flags=re.M)}
    assert result.returncode == 0 and counts.get("fail") == 0, report
    assert counts.get("skipped") == 0 and counts.get("todo") == 0 and counts.get("cancelled") == 0, report
    assert counts["pass"] == counts["tests"] >= 20, report
