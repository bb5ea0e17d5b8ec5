"""Leaflet and plugin assets: which CDN file each one is, and where a local copy lives.

A folium page loads its JavaScript and CSS from CDNs.  tn-map can write a
self-contained page instead (``offline=True``): every asset that a Python
package ships (the xstatic packages: Leaflet, Leaflet.markercluster, jQuery,
Font Awesome) or that tn-map vendors from npm (Leaflet-MiniMap and topojson-client, in
``tn_map/render/vendor``, at the pinned version only) is inlined, so the map
works with no network at all except for basemap tiles.  :func:`local_asset` is the same lookup, usable by anything
that needs to serve a CDN URL from disk (the browser tests do).
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from pathlib import Path

__all__ = ["local_asset", "inline_assets", "LEAFLET_JS", "LEAFLET_CSS"]

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

_VENDOR = Path(__file__).with_name("vendor")
_VENDORED = json.loads((_VENDOR / "vendor.json").read_text(encoding="utf-8"))
_MINIMAP = re.escape(_VENDORED["leaflet-minimap"]["version"])
_TOPOJSON = re.escape(_VENDORED["topojson-client"]["version"])

# (pattern on the URL, xstatic package or "vendor:<folder>", path inside its data folder; \1 etc. allowed)
_TABLE: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"/leaflet@[\d.]+/dist/(leaflet\.(?:js|css))$"), "leaflet", r"\1"),
    (re.compile(r"/leaflet@[\d.]+/dist/images/([\w.-]+\.png)$"), "leaflet", r"images/\1"),
    (re.compile(r"/leaflet\.markercluster/[\d.]+/(leaflet\.markercluster\.js)$"), "leaflet_markercluster", r"\1"),
    (re.compile(r"/leaflet\.markercluster/[\d.]+/(MarkerCluster(?:\.Default)?\.css)$"), "leaflet_markercluster", r"\1"),
    (re.compile(r"/jquery-[\d.]+\.min\.js$"), "jquery", "jquery.min.js"),
    (re.compile(r"/fontawesome-free@[\d.]+/css/(all\.min\.css)$"), "font_awesome", r"css/\1"),
    (re.compile(r"/fontawesome-free@[\d.]+/webfonts/([\w.-]+)$"), "font_awesome", r"webfonts/\1"),
    (
        re.compile(rf"/leaflet-minimap@{_MINIMAP}/dist/(Control\.MiniMap\.min\.(?:js|css)|images/toggle\.(?:svg|png))$"),
        "vendor:leaflet-minimap",
        r"\1",
    ),
    (re.compile(rf"/topojson-client@{_TOPOJSON}/dist/(topojson-client\.min\.js)$"), "vendor:topojson-client", r"\1"),
)

_SCRIPT_RE = re.compile(r'<script src="(https://[^"]+)"></script>')
_LINK_RE = re.compile(r'<link rel="stylesheet" href="(https://[^"]+)"/>')
_CSS_URL_RE = re.compile(r"url\((['\"]?)(?!data:|https?:)([^)'\"]+)\1\)")


def _xstatic_dir(package: str) -> Path | None:
    if package.startswith("vendor:"):
        return _VENDOR / package.split(":", 1)[1]
    try:
        module = __import__(f"xstatic.pkg.{package}", fromlist=["BASE_DIR"])
    except ImportError:
        return None
    return Path(module.BASE_DIR)


def local_asset(url: str) -> Path | None:
    """The local file that stands for CDN ``url``, or ``None`` if no package ships it."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern, package, template in _TABLE:
        match = pattern.search(path)
        if match:
            base = _xstatic_dir(package)
            if base is None:
                return None
            candidate = base / match.expand(template)
            return candidate if candidate.is_file() else None
    return None


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(css_path: Path) -> str:
    css = css_path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = (css_path.parent / match.group(2)).resolve()
        return f"url({_data_uri(target)})" if target.is_file() else match.group(0)

    return _CSS_URL_RE.sub(replace, css)


def inline_assets(html: str) -> tuple[str, list[str]]:
    """Replace CDN ``<script>``/``<link>`` tags in ``html`` with inlined local copies.

    Returns the new HTML and the URLs that have no local copy (left as they
    were).  ``</`` inside inlined scripts is escaped so that a script cannot end
    its own tag early.
    """
    missing: list[str] = []

    def script(match: re.Match[str]) -> str:
        local = local_asset(match.group(1))
        if local is None:
            missing.append(match.group(1))
            return match.group(0)
        code = local.read_text(encoding="utf-8").replace("</", "<\\/")
        return f"<script>/* {local.name} (offline copy) */\n{code}\n</script>"

    def link(match: re.Match[str]) -> str:
        local = local_asset(match.group(1))
        if local is None:
            missing.append(match.group(1))
            return match.group(0)
        return f"<style>/* {local.name} (offline copy) */\n{_inline_css(local)}\n</style>"

    html = _SCRIPT_RE.sub(script, html)
    html = _LINK_RE.sub(link, html)
    return html, missing
