#!/usr/bin/env python3
"""Regenerate the README's pictures with tn-map's own commands.

    python scripts/readme_images.py            # writes docs/*.png
    python scripts/readme_images.py --check    # only says whether they exist and are small

What it runs (from the repository root, outputs in a temporary folder):

* the map: ``tn-map build --offline --basemap none`` — the default map, with the
  master plan's industrial parks (once with ``--lang en``, once with ``--lang vi``), opened in headless
  Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright) at
  1280×800 and screenshotted.  ``--offline`` inlines Leaflet from local
  packages and ``--basemap none`` asks for no tiles, so the page needs no
  network; any other request is refused (and the script fails if the page
  asked for one).
* today's communes and wards on that map: the English page at 1280×900 zoomed
  in on TP Thái Nguyên (unit names, Xã Đại Phúc's popup open) and the
  Vietnamese page on a phone screen, 390×844, after searching "Dai Phuc".
* the print map: ``tn-map image --dpi 80`` (English and Vietnamese).

Each PNG is then reduced to a 256-colour palette (Pillow, deterministic) so
that the README's pictures stay a few hundred KB at most.  Needs the test
extras (Playwright) and Chromium: ``bash scripts/test.sh`` installs both.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = os.environ.get("TN_MAP_CHROMIUM", "/usr/bin/chromium")
LANGS = ("en", "vi")
MAX_BYTES = 400_000

#: The pictures the README shows, and how each is made.
PICTURES = (
    {f"map_{lang}.png": ("build", lang) for lang in LANGS}
    | {"units_desktop_en.png": ("units_desktop", "en"), "units_phone_vi.png": ("units_phone", "vi")}
    | {f"image_{lang}.png": ("image", lang) for lang in LANGS}
)

_MAP = "(() => { for (const k in window) { if (k.startsWith('map_') && window[k] && window[k].setView) return window[k]; } })()"
#: What is done on the page before each screenshot: (viewport, script run in the page, or None).
SCENES = {
    "build": ((1280, 800), None),
    # unit names at zoom 11 over TP Thái Nguyên, and one unit's popup (opened as a click opens it)
    "units_desktop": ((1280, 900), f"""() => {{ const m = {_MAP}; m.setView([21.56, 105.80], 11, {{animate: false}});
        let g = null; m.eachLayer(l => {{ if (l._tnPolygons) g = l; }});
        const i = g._tnUnits.findIndex(u => u[3] === 'Xã Đại Phúc'); const l = g._tnPolygons.find(p => p.feature.properties.i === i);
        l.openPopup(l._tnAnchor); tnMap.thinLabels(m); }}"""),
    # the search box on a phone: "Dai Phuc", Enter — the unit fitted, its popup open
    "units_phone": ((390, 844), """() => { document.querySelector('.tn-search-open').click();
        const i = document.querySelector('.tn-search-input'); i.value = 'Dai Phuc'; i.dispatchEvent(new Event('input'));
        i.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); }"""),
}


def tn_map(*args: str) -> None:
    """Run ``tn-map ARGS`` as a user would (this interpreter's tn_map), from the repository root."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    print("$ tn-map " + " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", "tn_map.cli", *args], cwd=ROOT, env=env, check=True)


def screenshot(html: Path, target: Path, scene: str = "build") -> None:
    """Open ``html`` in headless Chromium (the scene's size, 1280×800 by default), act, save a screenshot; refuse any network request."""
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                           "--disable-background-networking", "--disable-component-update"])
        (width, height), action = SCENES[scene]
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        page.route(re.compile(r"^https?://"), lambda route: (refused.append(route.request.url), route.abort()))
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
        page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')", timeout=10_000)
        page.wait_for_timeout(500)
        if action:
            page.evaluate(action)
            page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')", timeout=10_000)
            page.wait_for_timeout(800)  # the popup's fade-in
        page.screenshot(path=str(target))
        browser.close()
    if refused:
        raise SystemExit(f"readme_images: the offline page asked the network for {refused}")


def shrink(path: Path) -> None:
    """Rewrite a PNG with a 256-colour palette (same picture to the eye, a fraction of the bytes)."""
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def make(name: str, work: Path) -> Path:
    kind, lang = PICTURES[name]
    target = DOCS / name
    if kind in SCENES:
        html = work / f"map_{lang}.html"
        if not html.exists():
            tn_map("build", "-o", str(html), "--lang", lang, "--offline", "--basemap", "none")
        screenshot(html, target, kind)
    else:
        tn_map("image", "-o", str(target), "--lang", lang, "--dpi", "80")
    shrink(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the pictures exist and are small")
    args = parser.parse_args(argv)
    if args.check:
        bad = [n for n in PICTURES if not (DOCS / n).is_file() or (DOCS / n).stat().st_size > MAX_BYTES]
        for n in bad:
            print(f"readme_images: docs/{n} is missing or larger than {MAX_BYTES:,} bytes", file=sys.stderr)
        return 1 if bad else 0
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tn-map-readme-") as tmp:
        for name in PICTURES:
            path = make(name, Path(tmp))
            size = path.stat().st_size
            print(f"{path.relative_to(ROOT)}: {size / 1024:.0f} KB")
            if size > MAX_BYTES:
                raise SystemExit(f"readme_images: {path} is {size:,} bytes, more than {MAX_BYTES:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
