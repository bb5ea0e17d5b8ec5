#!/usr/bin/env python3
"""tn-map benchmark: speed and size against the tools people use today.

Run from the repository root, after the README's test command (it needs the
test environment: Chromium, Playwright, the npm Leaflet plugins) plus
``mapclassify`` for the explore() baseline::

    .venv/bin/pip install -e ".[bench]" && .venv/bin/python benchmarks/run.py

Every figure is measured in this run against a baseline measured in the same
run, and printed as a table followed by one JSON line.  Each case runs in a
fresh child process so that its time is the whole process and its peak
memory (max RSS) is its own.

Cases
-----
build      ``tn-map build`` vs ``GeoDataFrame.explore(column="zone")`` saved to
           HTML, on the same districts (median of --repeat runs, whole process)
html       default page size vs explore's; Hausdorff distance of the page's
           district geometry to the full-resolution boundaries
classify   1,000,000 random points in the province's bounding box to
           district/zone vs a naive row-wise ``shapely`` ``contains`` loop on a
           10,000-point sample (scaled)
bigmap     a 100,000-site map: page size, time to first paint in headless
           Chromium and a zoom's duration, vs folium's FastMarkerCluster with
           the same points
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOALS = {
    "build_ratio": 0.5,
    "html_kb": 150.0,
    "hausdorff_m": 30.0,
    "classify_s": 2.0,
    "classify_speedup": 10.0,
    "bigmap_mb": 10.0,
    "first_paint_s": 3.0,
}

# A child process that runs a piece of Python and reports its peak memory.
_MEASURED = """
import resource, runpy, sys, time, json
t0 = time.perf_counter()
mode, target, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.argv = [target] + argv
try:
    if mode == "module":
        runpy.run_module(target, run_name="__main__")
    else:
        runpy.run_path(target, run_name="__main__")
except SystemExit as exc:
    if exc.code not in (0, None):
        raise
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""


def _child(mode: str, target: str, *argv: str) -> tuple[float, float]:
    """Run ``target`` in a fresh Python; return (wall seconds, peak MB)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, mode, target, *argv],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{target} {' '.join(argv)} failed:\n{proc.stderr[-2000:]}")
    peak = json.loads(proc.stderr.strip().splitlines()[-1])["peak_mb"]
    return wall, peak


def _median_child(repeat: int, *args: str) -> tuple[float, float]:
    runs = [_child(*args) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


_EXPLORE = """
import sys
import geopandas as gpd
gdf = gpd.read_file(sys.argv[1])
gdf.explore(column="zone").save(sys.argv[2])
"""


def case_build(work: Path, repeat: int) -> dict:
    import tn_map

    zones = work / "zones.geojson"
    tn_map.load_districts()[["name", "zone", "geometry"]].to_file(zones)
    explore_script = work / "explore_baseline.py"
    explore_script.write_text(_EXPLORE, encoding="utf-8")
    ours_html, base_html = work / "tn_map.html", work / "explore.html"
    ours_s, ours_mb = _median_child(repeat, "module", "tn_map.cli", "build", "-o", str(ours_html))
    base_s, base_mb = _median_child(repeat, "path", str(explore_script), str(zones), str(base_html))

    import geopandas as gpd
    import shapely

    from tests.test_map_html import _district_features

    full = tn_map.load_districts().set_index("name").to_crs("EPSG:9213")
    web = gpd.GeoDataFrame.from_features(_district_features(ours_html.read_text(encoding="utf-8")), crs=4326)
    web = web.set_index("name").to_crs("EPSG:9213")
    hausdorff = max(shapely.hausdorff_distance(web.geometry[n], full.geometry[n], densify=0.25) for n in full.index)
    return {
        "build_s": round(ours_s, 3), "explore_s": round(base_s, 3), "build_ratio": round(ours_s / base_s, 3),
        "build_peak_mb": round(ours_mb, 1), "explore_peak_mb": round(base_mb, 1),
        "html_kb": round(ours_html.stat().st_size / 1024, 1), "explore_html_kb": round(base_html.stat().st_size / 1024, 1),
        "html_ratio": round(ours_html.stat().st_size / base_html.stat().st_size, 3),
        "hausdorff_m": round(float(hausdorff), 1),
    }


_CLASSIFY = """
import json, sys, time
import numpy as np, pandas as pd, shapely
import tn_map
from tn_map.join.sites import district_of_xy
n, which = int(sys.argv[1]), sys.argv[2]
districts = tn_map.load_districts()
minx, miny, maxx, maxy = districts.total_bounds
rng = np.random.default_rng(20301)
x, y = rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)
zones = districts["zone"].to_numpy()
if which == "ours":
    t = time.perf_counter()
    where = district_of_xy(x, y, districts)
    zone = np.where(where >= 0, zones[np.clip(where, 0, None)], "outside")
    core = time.perf_counter() - t
    df = pd.DataFrame({"input_row": np.arange(1, n + 1), "lon": x, "lat": y,
                       "sector": rng.choice(["điện tử", "dệt may", "khai khoáng", ""], n)})
    t = time.perf_counter()
    sites = tn_map.validate.locate_sites(df)
    classified, report = tn_map.classify_sites(sites, districts)
    full = time.perf_counter() - t
    print(json.dumps({"seconds": core, "full_seconds": full, "inside": int((where >= 0).sum())}))
else:
    polygons = list(districts.geometry)
    t = time.perf_counter()
    found = []
    for px, py in zip(x, y):
        p = shapely.Point(px, py)
        hit = "outside"
        for i, poly in enumerate(polygons):
            if poly.contains(p):
                hit = zones[i]
                break
        found.append(hit)
    print(json.dumps({"seconds": time.perf_counter() - t, "inside": sum(h != "outside" for h in found)}))
"""


def _classify_child(work: Path, n: int, which: str) -> tuple[dict, float]:
    script = work / "classify_case.py"
    script.write_text(_CLASSIFY, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _MEASURED, "path", str(script), str(n), which],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    peak = json.loads(proc.stderr.strip().splitlines()[-1])["peak_mb"]
    return result, peak


def case_classify(work: Path, n: int = 1_000_000, sample: int = 10_000) -> dict:
    ours, ours_mb = _classify_child(work, n, "ours")
    naive, naive_mb = _classify_child(work, sample, "naive")
    naive_scaled = naive["seconds"] * n / sample
    return {
        "classify_points": n, "classify_s": round(ours["seconds"], 3),
        "classify_full_pipeline_s": round(ours["full_seconds"], 3),
        "naive_sample": sample, "naive_s_scaled": round(naive_scaled, 1),
        "classify_speedup": round(naive_scaled / ours["seconds"], 1),
        "classify_peak_mb": round(ours_mb, 1), "naive_peak_mb": round(naive_mb, 1),
        "inside_share": round(ours["inside"] / n, 3),
    }


_FAST_BASELINE = """
import sys
import folium, pandas as pd
from folium.plugins import FastMarkerCluster
df = pd.read_csv(sys.argv[1])
m = folium.Map()  # folium's default: OpenStreetMap tiles (served blank by the benchmark)
# folium's default callback needs Leaflet.awesome-markers, which no local
# package ships; a circle marker is the documented alternative.
callback = "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 6}); }"
FastMarkerCluster(df[["lat", "lon"]].to_numpy().tolist(), callback=callback).add_to(m)
m.fit_bounds([[df.lat.min(), df.lon.min()], [df.lat.max(), df.lon.max()]])
m.save(sys.argv[2])
"""


def _sites_csv(work: Path, n: int) -> Path:
    """n random sites inside the province (points drawn in districts), with names and sectors."""
    import numpy as np
    import pandas as pd
    import shapely

    import tn_map

    districts = tn_map.load_districts()
    province = shapely.union_all(districts.geometry.values)
    shapely.prepare(province)
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = province.bounds
    xs, ys = [], []
    while sum(len(a) for a in xs) < n:
        x, y = rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)
        keep = shapely.contains_xy(province, x, y)
        xs.append(x[keep]), ys.append(y[keep])
    x, y = np.concatenate(xs)[:n], np.concatenate(ys)[:n]
    sectors = rng.choice(["Điện tử", "Cơ khí chế tạo", "Dệt may", "Chế biến chè", "Khai khoáng", "Logistics", ""], n)
    path = work / f"sites_{n}.csv"
    pd.DataFrame({"name": [f"Site {i}" for i in range(n)], "sector": sectors, "lat": y.round(6), "lon": x.round(6)}).to_csv(path, index=False)
    return path


def _paint(html: Path, browser) -> dict:
    """Time from navigation to the first marker cluster drawn, then a zoom's duration."""
    from tests.conftest import RoutedPage

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    rp = RoutedPage(context.new_page())
    try:
        start = time.perf_counter()
        rp.page.goto(html.resolve().as_uri(), wait_until="commit")
        try:
            rp.page.wait_for_selector(".marker-cluster", timeout=60_000)
        except Exception:  # noqa: BLE001 - report, do not crash the whole benchmark
            return {"first_paint_s": float("nan"), "all_loaded_s": float("nan"), "zoom_ms": float("nan"),
                    "errors": ["no cluster drawn within 60 s"] + rp.page_errors + rp.console_errors}
        first_paint = time.perf_counter() - start
        # tn-map marks its progress bar done when every chunk is in; the
        # baseline loads synchronously, so it is done at first paint.
        if rp.page.locator("#tn-progress").count():
            rp.page.wait_for_selector("#tn-progress[data-state='done']", state="attached", timeout=120_000)
        all_loaded = time.perf_counter() - start
        rp.page.wait_for_timeout(300)
        zoom_ms = rp.page.evaluate(
            """() => new Promise(resolve => {
                const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k]).find(v => v && v.setZoom);
                const t = performance.now();
                map.once('zoomend', () => requestAnimationFrame(() => resolve(performance.now() - t)));
                map.setZoom(map.getZoom() + 2, {animate: false});
            })"""
        )
        errors = rp.page_errors + rp.console_errors
    finally:
        context.close()
    return {"first_paint_s": round(first_paint, 2), "all_loaded_s": round(all_loaded, 2), "zoom_ms": round(zoom_ms, 0),
            "errors": errors}


def case_bigmap(work: Path, n: int = 100_000) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM

    csv_path = _sites_csv(work, n)
    ours_html, base_html = work / "bigmap.html", work / "bigmap_fastmarkercluster.html"
    ours_s, ours_mb = _child("module", "tn_map.cli", "build", "-o", str(ours_html), "--sites", str(csv_path))
    base_script = work / "fast_baseline.py"
    base_script.write_text(_FAST_BASELINE, encoding="utf-8")
    base_s, base_mb = _child("path", str(base_script), str(csv_path), str(base_html))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        ours = _paint(ours_html, browser)
        base = _paint(base_html, browser)
        browser.close()
    return {
        "bigmap_sites": n,
        "bigmap_build_s": round(ours_s, 2), "bigmap_build_peak_mb": round(ours_mb, 1),
        "bigmap_mb": round(ours_html.stat().st_size / 2**20, 2),
        "fastmarkercluster_mb": round(base_html.stat().st_size / 2**20, 2),
        "fastmarkercluster_build_s": round(base_s, 2), "fastmarkercluster_peak_mb": round(base_mb, 1),
        "first_paint_s": ours["first_paint_s"], "fastmarkercluster_first_paint_s": base["first_paint_s"],
        "first_paint_ratio": round(ours["first_paint_s"] / base["first_paint_s"], 2),
        "all_loaded_s": ours["all_loaded_s"],
        "zoom_ms": ours["zoom_ms"], "fastmarkercluster_zoom_ms": base["zoom_ms"],
        "bigmap_page_errors": len(ours["errors"]),
        "fastmarkercluster_errors": "; ".join(base["errors"])[:200],
    }


def _verdict(key: str, value: float) -> str:
    goal = GOALS.get(key)
    if goal is None:
        return ""
    ok = value >= goal if key == "classify_speedup" else value <= goal
    sign = "≥" if key == "classify_speedup" else "≤"
    return f"goal {sign} {goal:g}: {'met' if ok else 'NOT met'}"


def main() -> int:
    parser = argparse.ArgumentParser(description="tn-map benchmark (prints a table and a JSON line)")
    parser.add_argument("--cases", default="build,classify,bigmap", help="comma-separated: build, classify, bigmap")
    parser.add_argument("--repeat", type=int, default=5, help="runs per whole-process timing (median)")
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=100_000)
    args = parser.parse_args()
    results: dict = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory(prefix="tn-map-bench-") as tmp:
        work = Path(tmp)
        cases = args.cases.split(",")
        if "build" in cases:
            results.update(case_build(work, args.repeat))
        if "classify" in cases:
            results.update(case_classify(work, args.points))
        if "bigmap" in cases:
            results.update(case_bigmap(work, args.sites))
    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value!s:>14}  {_verdict(key, value) if isinstance(value, (int, float)) else ''}")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
