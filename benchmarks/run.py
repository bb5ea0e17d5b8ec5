#!/usr/bin/env python3
"""tn-map benchmark: whole processes, against what a user would write instead.

Run from the repository root after the README's test command (it uses the
same Chromium and npm Leaflet plugins) with the bench extra for the
``explore()`` baseline::

    .venv/bin/pip install -e ".[bench]" && .venv/bin/python benchmarks/run.py

Every row times a real command (``tn-map …`` as a user types it) and a
baseline script (written below, as a user would write it) in fresh child
processes, alternating, and reports the medians and their ratio, with each
process's peak memory (max RSS from ``wait4``).  Results are printed as a
table, one JSON line, and written to ``benchmarks/RESULTS.md`` with the
machine and date.  ``--quick`` runs smaller inputs (for a smoke test).

tn-map's own modules are byte-compiled first, as ``pip install`` leaves them.

Rows
----
classify_1m / classify_3m
    ``tn-map sites classify F.csv -o out.csv`` vs ``read_csv → points_from_xy
    → gpd.sjoin`` with the districts and with today's units (a user who wants
    both the scheme's district and today's commune) ``→ to_csv``.
classify_address_100k
    100,000 address-only rows (commune names, no coordinates) vs the same
    number of coordinate rows, both through ``tn-map sites classify``.
build_sites_100k / build_sites_300k
    ``tn-map build --sites`` vs folium ``FastMarkerCluster``: build time,
    page size, and time to first clusters painted in headless Chromium.
build_default
    ``tn-map build`` vs ``GeoDataFrame.explore(column="zone")``; also against
    the import floor ``import folium, geopandas``; and the default page's size
    (goal: at most 300 KB, with today's 92 units drawn) against explore()'s
    page of the 9 districts alone.
image
    ``tn-map image`` vs ``gdf.plot(column="zone")`` + ``savefig``.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "tn_map.cli"]
CHROMIUM = os.environ.get("TN_MAP_CHROMIUM", "/usr/bin/chromium")
NPM = ROOT / ".test-assets" / "node_modules"

#: Goal per row: the highest acceptable ratio tn-map / baseline.
GOALS = {
    "classify_1m.time": 1.0,
    "classify_1m.memory": 1.0,
    "classify_3m.time": 1.0,
    "classify_address_100k.time": 3.0,
    "build_sites_100k.time": 1.0,
    "build_sites_100k.size": 1.5,
    "build_sites_100k.first_paint": 0.5,
    "build_sites_300k.time": 1.0,
    "build_default.time": 0.35,
    "build_default.floor": 1.15,
    "image.time": 1.0,
}

#: Goals that are amounts, not ratios: the default page at most 300 KB (1 KB = 1,000 bytes).
LIMITS = {
    "build_default.page": 300.0,
}

BASELINES = {
    "sjoin.py": '''
import sys
import geopandas as gpd
import pandas as pd
src, boundaries, units, out = sys.argv[1:5]
districts = gpd.read_file(boundaries)[["name", "geometry"]]
communes = gpd.read_file(units)[["name", "geometry"]].rename(columns={"name": "unit_2025"})
df = pd.read_csv(src)
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
joined = gpd.sjoin(points, districts, how="left", predicate="within").drop(columns="index_right")
joined = gpd.sjoin(joined, communes, how="left", predicate="within")
joined.drop(columns="geometry").to_csv(out, index=False)
''',
    "fastmarkercluster.py": '''
import sys
import folium
import pandas as pd
from folium.plugins import FastMarkerCluster
src, out = sys.argv[1:3]
df = pd.read_csv(src)
m = folium.Map(location=[21.6, 105.85], zoom_start=9, tiles=None, maxZoom=19)
# circle markers, as tn-map draws (the default icon needs Font Awesome markers from a CDN)
callback = "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 7}); }"
FastMarkerCluster(df[["lat", "lon"]].values.tolist(), callback=callback).add_to(m)
m.save(out)
''',
    "explore.py": '''
import sys
import geopandas as gpd
gdf = gpd.read_file(sys.argv[1])
gdf["zone"] = gdf["name"].map({"Thái Nguyên": "south", "Sông Công": "south", "Phổ Yên": "south",
    "Phú Bình": "south", "Định Hóa": "west", "Phú Lương": "west", "Đại Từ": "west",
    "Võ Nhai": "east", "Đồng Hỷ": "east"})
gdf.explore(column="zone", tooltip=["name", "zone"]).save(sys.argv[2])
''',
    "floor.py": "import folium, geopandas\n",
    "plot.py": '''
import sys
import geopandas as gpd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
gdf = gpd.read_file(sys.argv[1]).to_crs(9213)
ax = gdf.plot(column="name", edgecolor="white", figsize=(9, 10))
for geom, name in zip(gdf.geometry, gdf["name"]):
    p = geom.representative_point()
    ax.annotate(name, (p.x, p.y), ha="center")
plt.savefig(sys.argv[2], dpi=150)
''',
}


def run(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` to completion: (wall seconds, peak resident memory in MB) of that process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024


def compare(ours: list[str], theirs: list[str], repeat: int) -> dict:
    """Median wall time and peak memory of both commands, run alternately ``repeat`` times."""
    a, b = [], []
    for i in range(repeat):
        order = [(ours, a), (theirs, b)] if i % 2 == 0 else [(theirs, b), (ours, a)]
        for cmd, sink in order:
            sink.append(run(cmd))
    med = lambda xs, k: statistics.median(x[k] for x in xs)  # noqa: E731
    return {"ours_s": med(a, 0), "base_s": med(b, 0), "ours_mb": med(a, 1), "base_mb": med(b, 1)}


def sites_csv(path: Path, n: int, *, addresses: bool = False) -> Path:
    """``n`` sites: random points over the province's box (some fall outside), or commune addresses."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2030)
    sectors = np.array(["điện tử", "cơ khí chế tạo", "chế biến chè", "khai khoáng", "dệt may", "logistics"])
    frame = {"name": [f"Site {i}" for i in range(n)], "sector": sectors[rng.integers(0, len(sectors), n)]}
    if addresses:
        import tn_map.locate.crosswalk as cw

        units = [origin.unit.name for origin in cw.build_crosswalk().units]
        frame["address"] = [f"{units[i]}, tỉnh Thái Nguyên" for i in rng.integers(0, len(units), n)]
    else:
        frame["lat"] = np.round(rng.uniform(21.33, 22.05, n), 6)
        frame["lon"] = np.round(rng.uniform(105.47, 106.24, n), 6)
    pd.DataFrame(frame).to_csv(path, index=False)
    return path


def make_sites(path: Path, n: int, *, addresses: bool = False) -> Path:
    """:func:`sites_csv` in a fresh process, so that this one stays small.

    A child's peak memory (``ru_maxrss``) starts from its parent's at fork
    on Linux: generating millions of rows here would inflate every later
    measurement of both arms.
    """
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=sites_csv, args=(path, n), kwargs={"addresses": addresses})
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"could not write {path}")
    return path


def first_paint(html: Path, browser) -> float:
    """Seconds from navigation until the first marker cluster is painted (headless Chromium)."""
    import re

    from tn_map.render.assets import local_asset

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

    def route(r):
        url = r.request.url
        local = local_asset(url)
        if local is None:
            for name, rel in (("leaflet.fullscreen", "leaflet.fullscreen/"), ("leaflet-minimap", "leaflet-minimap/src/")):
                if name in url:
                    candidate = NPM / rel / url.rsplit("/", 1)[-1].replace(".min.", ".")
                    local = candidate if candidate.is_file() else None
        if local is None:
            r.abort()
        else:
            r.fulfill(status=200, body=local.read_bytes(), content_type="text/css" if local.suffix == ".css" else "application/javascript")

    page.route(re.compile(r"^https?://"), route)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    start = time.perf_counter()
    page.goto(html.resolve().as_uri())
    try:
        page.wait_for_selector(".marker-cluster", timeout=60_000)
    except Exception as exc:
        raise RuntimeError(f"{html.name}: no marker cluster painted; page errors: {errors}") from exc
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each (a smoke test)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median; default 3)")
    parser.add_argument("--skip", nargs="*", default=[], help="rows to skip, e.g. classify_3m")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    # An installed tn-map runs from byte-compiled modules (pip compiles them, as it did
    # folium's and geopandas'); a checkout under PYTHONDONTWRITEBYTECODE would compile
    # tn-map's sources in every measured process instead.
    import compileall

    compileall.compile_dir(ROOT / "tn_map", quiet=1)
    scale = 100 if args.quick else 1
    work = Path(tempfile.mkdtemp(prefix="tn-map-bench-"))
    for name, code in BASELINES.items():
        (work / name).write_text(code, encoding="utf-8")
    boundaries = str(ROOT / "data" / "boundaries.geojson")
    units = str(ROOT / "data" / "units.geojson")
    rows: dict[str, dict] = {}

    for label, n in (("classify_1m", 1_000_000), ("classify_3m", 3_000_000)):
        if label in args.skip:
            continue
        src = make_sites(work / f"{label}.csv", n // scale)
        r = compare(CLI + ["sites", "classify", str(src), "-o", str(work / "ours.csv")],
                    [sys.executable, str(work / "sjoin.py"), str(src), boundaries, units, str(work / "theirs.csv")], repeat)
        rows[label] = {**r, "n": n // scale, "time": r["ours_s"] / r["base_s"], "memory": r["ours_mb"] / r["base_mb"]}

    if "classify_address_100k" not in args.skip:
        n = 100_000 // scale
        addr = make_sites(work / "addresses.csv", n, addresses=True)
        coords = make_sites(work / "coords.csv", n)
        r = compare(CLI + ["sites", "classify", str(addr), "-o", str(work / "a.csv")],
                    CLI + ["sites", "classify", str(coords), "-o", str(work / "c.csv")], repeat)
        rows["classify_address_100k"] = {**r, "n": n, "time": r["ours_s"] / r["base_s"]}

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for label, n in (("build_sites_100k", 100_000), ("build_sites_300k", 300_000)):
            if label in args.skip:
                continue
            src = make_sites(work / f"{label}.csv", n // scale)
            ours, theirs = work / f"{label}_ours.html", work / f"{label}_theirs.html"
            r = compare(CLI + ["build", "--sites", str(src), "-o", str(ours), "--basemap", "none"],
                        [sys.executable, str(work / "fastmarkercluster.py"), str(src), str(theirs)], repeat)
            paint_ours, paint_theirs = first_paint(ours, browser), first_paint(theirs, browser)
            rows[label] = {
                **r, "n": n // scale, "time": r["ours_s"] / r["base_s"],
                "size": ours.stat().st_size / theirs.stat().st_size,
                "ours_mb_page": ours.stat().st_size / 1e6, "base_mb_page": theirs.stat().st_size / 1e6,
                "first_paint": paint_ours / paint_theirs, "ours_paint_s": paint_ours, "base_paint_s": paint_theirs,
            }
        browser.close()

    if "build_default" not in args.skip:
        r = compare(CLI + ["build", "-o", str(work / "map.html")],
                    [sys.executable, str(work / "explore.py"), boundaries, str(work / "explore.html")], repeat)
        floor = compare(CLI + ["build", "-o", str(work / "map.html")], [sys.executable, str(work / "floor.py")], repeat)
        page_kb, explore_kb = (work / "map.html").stat().st_size / 1000, (work / "explore.html").stat().st_size / 1000
        rows["build_default"] = {**r, "time": r["ours_s"] / r["base_s"], "floor": floor["ours_s"] / floor["base_s"],
                                 "floor_s": floor["base_s"], "page_kb": page_kb, "explore_kb": explore_kb,
                                 "page": page_kb / explore_kb}

    if "image" not in args.skip:
        r = compare(CLI + ["image", "-o", str(work / "map.png")],
                    [sys.executable, str(work / "plot.py"), boundaries, str(work / "plot.png")], repeat)
        rows["image"] = {**r, "time": r["ours_s"] / r["base_s"]}

    # the measurements first: a fault in the table below loses no run
    print(json.dumps({"rows": rows, "machine": platform.platform(), "cpus": os.cpu_count()}, default=float), flush=True)
    lines = [f"| row | measure | tn-map | baseline | ratio | goal | met |", "|---|---|---|---|---|---|---|"]
    for label, row in rows.items():
        for key in ("time", "memory", "size", "first_paint", "floor", "page"):
            if key not in row:
                continue
            goal = GOALS.get(f"{label}.{key}")
            ours, theirs = {
                "time": (f"{row['ours_s']:.2f} s", f"{row['base_s']:.2f} s"),
                "memory": (f"{row['ours_mb']:.0f} MB", f"{row['base_mb']:.0f} MB"),
                "size": (f"{row.get('ours_mb_page', 0):.2f} MB", f"{row.get('base_mb_page', 0):.2f} MB"),
                "first_paint": (f"{row.get('ours_paint_s', 0):.2f} s", f"{row.get('base_paint_s', 0):.2f} s"),
                "floor": (f"{row['ours_s']:.2f} s", f"{row.get('floor_s', 0):.2f} s"),
                "page": (f"{row.get('page_kb', 0):.0f} KB", f"{row.get('explore_kb', 0):.0f} KB"),
            }[key]
            limit = LIMITS.get(f"{label}.{key}")
            if limit is not None:  # an amount: the page's own size against its limit
                met = "yes" if row["page_kb"] <= limit else "**no**"
                lines.append(f"| {label} | {key} | {ours} | {theirs} | {row[key]:.2f}× | ≤ {limit:.0f} KB | {met} |")
                continue
            met = "" if goal is None else ("yes" if row[key] <= goal else "**no**")
            lines.append(f"| {label} | {key} | {ours} | {theirs} | {row[key]:.2f}× | {'' if goal is None else f'≤ {goal}×'} | {met} |")
    table = "\n".join(lines)
    print(table)
    if not args.quick:
        header = (f"# Benchmark results\n\nMeasured {date.today().isoformat()} on {platform.platform()}, "
                  f"{os.cpu_count()} cores, Python {platform.python_version()}, by `python benchmarks/run.py` "
                  f"(medians of {repeat} alternating runs, whole processes, peak memory = max RSS).\n\n")
        (ROOT / "benchmarks" / "RESULTS.md").write_text(header + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
