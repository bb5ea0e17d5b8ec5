"""Positions written as text, one cell at a time: angles in degrees or DMS, "lat, lon" pairs, map links.

Pure text parsing (no tables, no CRS): :mod:`tn_map.load` uses it to
recognise a column of positions whose header says nothing, and
:mod:`tn_map.locate.coordinates` to read them.  Results are latitude and
longitude in degrees as written (EPSG:4326 when the text is a map link).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["cell_position", "angle_of", "ANGLE_RE"]


# One angle: decimal degrees or degrees–minutes–seconds, with an optional
# hemisphere letter (N/S/E/W, or Vietnamese B/Đ/T for north/east/west) after
# it or before it ("N21.7766").
_ANGLE = (
    r"(?P<pre>[NSEWnsewBbĐđ](?=\s*\d))?\s*"
    r"(?P<sign>[-+]?)\s*(?P<deg>\d+(?:[.,]\d+)?)\s*(?:[°º˚d]\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*['′’m]\s*(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:[\"″”s]|'')?)?)?)?\s*(?P<hemi>[NSEWnsewBbĐđTt])?"
)
_ANGLE_RE = re.compile(rf"^\s*{_ANGLE}\s*$")
_PAIR_RE = re.compile(rf"^\s*{_ANGLE.replace('?P<', '?P<a_')}\s*[,;/\s]\s*{_ANGLE.replace('?P<', '?P<b_')}\s*$")
_EAST_WEST = frozenset("EWĐT")
_NORTH_SOUTH = frozenset("NSB")

# Map links.  Google Maps puts a place's own position in "!3d<lat>!4d<lon>", a
# searched point in "?q=" / "query=" / "ll=", and the view's centre in "/@lat,lon,zoom".
_LINK_RE = re.compile(
    r"^\s*(?:https?://)?(?:www\.)?(?:google\.[a-z.]+/maps|maps\.google\.[a-z.]+|maps\.app\.goo\.gl|goo\.gl/maps|g\.co/kgs"
    r"|(?:www\.)?openstreetmap\.org)", re.IGNORECASE)
_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_LINK_PATTERNS = (
    re.compile(rf"!3d({_NUMBER})!4d({_NUMBER})"),
    re.compile(rf"[?&](?:q|query|ll|sll|center|destination|daddr|saddr)=(?:loc:)?\s*({_NUMBER})\s*,\s*({_NUMBER})", re.IGNORECASE),
    re.compile(rf"/@({_NUMBER}),({_NUMBER})"),
    re.compile(rf"/(?:place|search|dir)/({_NUMBER}),\s*({_NUMBER})"),
    re.compile(rf"[?&]mlat=({_NUMBER})&mlon=({_NUMBER})"),  # OpenStreetMap's marker
    re.compile(rf"#map=\d+/({_NUMBER})/({_NUMBER})"),  # OpenStreetMap's view
)


def _hemisphere(match: re.Match, prefix: str) -> str:
    return (match.group(prefix + "pre") or match.group(prefix + "hemi") or "").upper()


def _angle(match: re.Match, prefix: str = "") -> float:
    get = lambda k: match.group(prefix + k)  # noqa: E731
    value = float(get("deg").replace(",", "."))
    if get("min"):
        value += float(get("min").replace(",", ".")) / 60
    if get("sec"):
        value += float(get("sec").replace(",", ".")) / 3600
    if get("sign") == "-" or _hemisphere(match, prefix) in ("S", "W", "T"):
        value = -value
    return value


def cell_position(text: str) -> tuple[str, float, float]:
    """What one cell says of a position: ``(kind, lat, lon)``.

    ``kind`` is ``"pair"`` (``"21.59, 105.84"``, ``"(21.9241, 105.5863)"``,
    ``"N21.7766 E106.0438"``, DMS pairs; a pair written longitude first with
    its E/N letters is put in order), ``"link"`` (a Google Maps link with
    coordinates: ``!3d…!4d…``, ``?q=lat,lon``, ``/@lat,lon,17z``),
    ``"link_no_coordinates"`` (a map link that carries none, such as every
    short link ``maps.app.goo.gl/…``: nothing is fetched) or ``"none"``
    (any other text, a company's web address included).  OpenStreetMap
    links (``?mlat=…&mlon=…``, ``#map=17/lat/lon``) are read too.
    """
    value = str(text).strip()
    if _LINK_RE.match(value):
        from urllib.parse import unquote

        url = unquote(unquote(value))
        for pattern in _LINK_PATTERNS:
            found = pattern.search(url)
            if found:
                lat, lon = float(found.group(1)), float(found.group(2))
                if abs(lat) <= 90 and abs(lon) <= 180:
                    return "link", lat, lon
        return "link_no_coordinates", np.nan, np.nan
    inner = value[1:-1] if len(value) > 1 and value[0] + value[-1] in ("()", "[]", "{}") else value
    match = _PAIR_RE.match(inner)
    if not match:
        return "none", np.nan, np.nan
    a, b = _angle(match, "a_"), _angle(match, "b_")
    if _hemisphere(match, "a_") in _EAST_WEST and _hemisphere(match, "b_") in _NORTH_SOUTH:
        a, b = b, a
    return "pair", a, b


def angle_of(text: str) -> float | None:
    """One angle written as decimal degrees or degrees–minutes–seconds (``21°35'12"N``), in degrees; ``None`` if not one."""
    match = _ANGLE_RE.match(text)
    return _angle(match) if match else None


#: One angle, alone in a cell.
ANGLE_RE = _ANGLE_RE
