"""Basemaps by name, from xyzservices' provider catalogue."""

from __future__ import annotations

import difflib

import xyzservices
import xyzservices.providers as xyz

from .._errors import ParameterError, Phrase

__all__ = ["DEFAULT_BASEMAP", "ALTERNATIVE_BASEMAPS", "NO_BASEMAP", "resolve_basemap", "basemap_choices"]

DEFAULT_BASEMAP = "OpenStreetMap.Mapnik"
#: Offered in the layer control beside the chosen basemap.
ALTERNATIVE_BASEMAPS = ("OpenStreetMap.Mapnik", "Esri.WorldGrayCanvas", "Esri.WorldImagery")
#: The value that turns basemaps off (blank background; every layer still shows).
NO_BASEMAP = "none"


def resolve_basemap(name: str) -> xyzservices.TileProvider | None:
    """The xyzservices provider called ``name`` (``None`` for ``"none"``).

    Accepts xyzservices' names in any case, with or without dots
    (``"OpenStreetMap.Mapnik"``, ``"openstreetmapmapnik"``).  Providers that need an
    API key are refused, since tn-map has no way to pass one.
    """
    if name.strip().lower() in (NO_BASEMAP, "blank", "off"):
        return None
    try:
        provider = _exact(name) or xyz.query_name(name)  # query_name normalises the whole catalogue each call
    except ValueError:
        names = list(xyz.flatten())
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = Phrase("did_you_mean", {"names": ", ".join(close)}) if close else ""
        raise ParameterError.of("unknown_basemap", param="basemap", name=name, hint=hint) from None
    if provider.requires_token():
        raise ParameterError.of("basemap_key", param="basemap", name=provider.name)
    return provider


def _exact(name: str) -> xyzservices.TileProvider | None:
    """The provider spelled exactly as xyzservices names it (``"Esri.WorldImagery"``), or ``None``."""
    node = xyz
    for part in name.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, xyzservices.TileProvider) else None


def basemap_choices(name: str) -> list[xyzservices.TileProvider]:
    """The chosen basemap first, then the alternatives offered in the layer control."""
    chosen = resolve_basemap(name)
    if chosen is None:
        return []
    out = [chosen]
    for alt in ALTERNATIVE_BASEMAPS:
        provider = resolve_basemap(alt)
        if provider is not None and provider.name != chosen.name:
            out.append(provider)
    return out
