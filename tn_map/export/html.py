"""Write a folium map to one deterministic HTML file, and the snippet that embeds it in a report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from urllib.parse import quote

import folium
import folium.features

from .._errors import TnMapError
from ..render import inline_assets

__all__ = ["save_html", "render_html", "iframe_html", "save_embed", "EMBED_HEIGHT"]

#: Height (CSS px) of the embedded map: a report column (about 600 px wide) at 3:2.
EMBED_HEIGHT = 400


@contextmanager
def _compact_json() -> Iterator[None]:
    """Let Jinja's ``tojson`` write compact JSON (no spaces, UTF-8 text) while we render.

    folium embeds GeoJSON with ``tojson``; the default separators spend two
    bytes per coordinate.  The setting is folium's shared template
    environment, so it is restored afterwards.
    """
    env = folium.features.GeoJson._template.environment
    before = env.policies.get("json.dumps_kwargs")
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    try:
        yield
    finally:
        env.policies["json.dumps_kwargs"] = before


def _strip_indentation(html: str) -> str:
    """Drop the indentation and blank lines folium's templates leave (about 8 KB a page).

    Leading white space is insignificant in HTML, CSS and folium's
    JavaScript (inside its template literals it is only HTML white space).
    Applied before any third-party asset is inlined, so their code is never
    touched.
    """
    return "\n".join(line.lstrip() for line in html.split("\n") if line.strip()) + "\n"


def render_html(m: folium.Map) -> str:
    """The map's full HTML page, deterministic and compact (the page numbers folium's ids itself)."""
    with _compact_json():
        return _strip_indentation(m.get_root().render())


def save_html(m: folium.Map, path: str | Path, *, offline: bool = False) -> tuple[Path, list[str]]:
    """Render ``m`` to ``path`` as one HTML page (folders created).

    Element ids are renumbered first, so the same map gives the same bytes.

    Parameters
    ----------
    m : folium.Map
        The map, e.g. from :func:`tn_map.build_map` (Leaflet, EPSG:3857
        tiles over EPSG:4326 data).
    path : str or Path
        The ``.html`` file to write.
    offline : bool
        Replace CDN scripts and styles by inlined copies from local packages.

    Returns
    -------
    path : Path
        The file written.
    missing : list of str
        URLs with no local copy (left as CDN links); empty without ``offline``.

    Raises
    ------
    tn_map.TnMapError
        Naming ``path`` when the file cannot be written.
    """
    path = Path(path)
    html = render_html(m)
    missing: list[str] = []
    if offline:
        html, missing = inline_assets(html)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise TnMapError.of("cannot_write_map", str(path), error=exc.strerror or exc) from exc
    return path, missing


def iframe_html(src: str, *, title: str, height: int = EMBED_HEIGHT) -> str:
    """An ``<iframe>`` that shows the map page at ``src`` across a report column, ``height`` px tall.

    ``src`` is a URL (relative to the report) and ``title`` names the frame
    for screen readers; both are escaped.  The frame takes the column's
    width; the page fits the province and collapses its panels in a frame
    that small (600 × 400 is tested).
    """
    height = int(height)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
        f'style="display:block;width:100%;height:{height}px;border:0" loading="lazy" allowfullscreen></iframe>\n'
    )


def save_embed(m: folium.Map, page: str | Path, path: str | Path | None = None, *, height: int = EMBED_HEIGHT) -> Path:
    """Write the ``<iframe>`` snippet (:func:`iframe_html`) that embeds the map page ``page``.

    ``path`` defaults to ``page`` with ``.embed.html`` for its suffix; the
    frame's ``src`` is ``page`` relative to it, so keep the two files
    together.  The frame's title is the page's (its opening language).
    """
    page = Path(page)
    path = Path(path) if path is not None else page.with_suffix(".embed.html")
    src = Path(os.path.relpath(page.resolve(), path.resolve().parent)).as_posix()
    title = getattr(m.get_root(), "title", None) or page.stem
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(iframe_html(quote(src), title=title, height=height), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise TnMapError.of("cannot_write_embed", str(path), error=exc.strerror or exc) from exc
    return path
