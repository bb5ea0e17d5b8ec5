"""The page's own script (``controls.js``) and the elements that hand it texts and options.

Every text a reader sees on the page is kept in :class:`PageTexts`, by key,
in each of the page's languages, and reaches the page once, as data, in
:class:`ClientSetup`'s config (after templating: :mod:`tn_map.render.page`).
Elements refer to texts by key only — keys, class names and positions are
tn-map's own strings — so a language switch in the browser swaps every text
without a reload, and no user text ever reaches a template.

Texts are HTML (escaped by whoever adds them) and are set with
``innerHTML``; keys that begin with ``txt.`` are plain text and are set only
as text (``textContent``, attributes, the document title).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

import folium
from branca.element import Element
from folium.elements import JSCSSMixin
from folium.utilities import camelize

from .model import MapModel
from .page import DATA_ID, RawHtml, ScriptElement, page_of

__all__ = [
    "PageTexts",
    "ClientSetup",
    "ClientStart",
    "Panel",
    "Label",
    "BindTexts",
    "KeyedAttribution",
    "LayerControl",
    "MiniMap",
    "RawHtml",
    "MINIMAP_VERSION",
    "COMPACT_BELOW",
]

#: A map smaller than this (CSS px, width or height) gets small controls and collapsed panels.
COMPACT_BELOW = {"width": 760, "height": 560}


def _vendor_manifest() -> dict:
    return json.loads(resources.files("tn_map.render").joinpath("vendor/vendor.json").read_text(encoding="utf-8"))


#: The vendored Leaflet-MiniMap's version: online pages load this version from the CDN,
#: offline pages inline the vendored copy (:mod:`tn_map.render.assets`).
MINIMAP_VERSION: str = _vendor_manifest()["leaflet-minimap"]["version"]
_MINIMAP_BASE = f"https://cdn.jsdelivr.net/npm/leaflet-minimap@{MINIMAP_VERSION}/dist"


#: The page's one call into ``controls.js``: the same on every page (the data are in the JSON document).
_BOOTSTRAP = f"tnMap.run(document.getElementById({json.dumps(DATA_ID)}));"


def _static(name: str) -> str:
    return resources.files("tn_map.render").joinpath(name).read_text(encoding="utf-8")


# Whole-line comments of controls.js: a block opened at a line's start and closed at a line's end,
# or a line that begins with "//" (never code in that file: it has no multi-line strings).
_COMMENT_BLOCK = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.S | re.M)
_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)


def controls_script() -> str:
    """``controls.js`` as the page carries it: its licence header kept, its other whole-line comments dropped."""
    text = _static("controls.js")
    end = text.index("*/") + 2
    return text[:end] + _COMMENT_LINE.sub("", _COMMENT_BLOCK.sub("", text[end:]))


class PageTexts:
    """Every text of a page in each of its languages, by key.

    ``models`` holds the map decided in each language (the opening language
    first).  :meth:`add` computes a text from each model, :meth:`put` takes
    the values as given; both return the key.
    """

    def __init__(self, models: Mapping[str, MapModel]) -> None:
        self.models = dict(models)
        self.langs = tuple(self.models)
        self.table: dict[str, dict[str, str]] = {lang: {} for lang in self.langs}

    def add(self, key: str, make: Callable[[MapModel], str]) -> str:
        """Key ``key`` for ``make(model)`` in each language."""
        return self.put(key, {lang: make(model) for lang, model in self.models.items()})

    def put(self, key: str, values: Mapping[str, str]) -> str:
        """Key ``key`` for ``values`` (one per language)."""
        for lang in self.langs:
            self.table[lang][key] = values[lang]
        return key


class ClientSetup(ScriptElement):
    """The first of tn-map's operations on the map: the texts and options, as data."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        self._name = "ClientSetup"
        self.config = config

    def op(self) -> tuple[str, list, Any]:
        return "setup", [self._parent.get_name()], self.config


class ClientStart(ScriptElement):
    """The last of tn-map's elements: adds the style sheet and script, builds the controls, fits the view.

    The style sheet and script go at the end of the page's head, after
    Leaflet's and the plugins' own, so that tn-map's rules win over theirs.
    It also adds the page's JSON document of operations and the fixed call
    ``tnMap.run(...)`` that performs them (:mod:`tn_map.render.page`): a map
    without it draws none of tn-map's elements.
    """

    def __init__(self, options: dict | None = None) -> None:
        super().__init__()
        self._name = "ClientStart"
        self.options = options or {}

    def op(self) -> tuple[str, list, Any]:
        return "start", [self._parent.get_name()], self.options

    def render(self, **kwargs: Any) -> None:
        page = page_of(self)
        page.header.add_child(RawHtml(f"<style>{_static('map.css')}</style>"), name="tn_map_css")
        page.header.add_child(RawHtml(f"<script>{controls_script()}</script>"), name="tn_map_js")
        # the operations as one JSON document (filled in after templating), and the one fixed
        # call that performs them, after folium's own script has made every map and layer
        page.html.add_child(RawHtml(f'<script type="application/json" id="{DATA_ID}">{json.dumps(page.ops_token)}</script>'),
                            name="tn_map_data")
        page.script.add_child(RawHtml(_BOOTSTRAP), name="tn_map_run")
        super().render(**kwargs)


class Panel(ScriptElement):
    """A panel control showing the text ``key``; with ``label`` (a text key) it collapses to a button.

    ``html``: fixed markup of tn-map's own instead of a text (it may hold
    ``data-tn-text`` keys).
    """

    def __init__(
        self, key: str | None, position: str, css_class: str, label: str | None = None, html: str | None = None
    ) -> None:
        super().__init__()
        self._name = "Panel"
        self.options = {"key": key, "position": position, "cls": css_class, "label": label, "html": html}

    def op(self) -> tuple[str, list, Any]:
        return "panel", [self._parent.get_name()], self.options


def _map_name(element: Element) -> str:
    """The JavaScript name of the folium map that ``element`` is drawn on."""
    node = element._parent
    while node is not None and not isinstance(node, folium.Map):
        node = node._parent
    if node is None:
        raise TypeError(f"{type(element).__name__} must be added to a folium map (or a layer on one)")
    return node.get_name()


class Label(ScriptElement):
    """A permanent, non-interactive label (text ``key``) at ``location`` (lat, lon).

    Where labels would overlap, the one with the lower ``priority`` stays.
    """

    def __init__(self, location: tuple[float, float], key: str, class_name: str, priority: int) -> None:
        super().__init__()
        self._name = "Label"
        self.location = [round(float(location[0]), 6), round(float(location[1]), 6)]
        self.key = key
        self.class_name = class_name
        self.priority = int(priority)

    def map_name(self) -> str:
        return _map_name(self)

    def op(self) -> tuple[str, list, Any]:
        options = {"latlng": self.location, "key": self.key, "cls": self.class_name, "priority": self.priority}
        return "label", [self.map_name(), self._parent.get_name()], options


class BindTexts(ScriptElement):
    """Tooltips and popups of the parent GeoJSON layer from the texts.

    Each feature's ``tn`` property plus ``tooltip`` / ``popup`` (suffixes)
    is the text's key; the text is read when shown, in the current language.
    """

    def __init__(self, tooltip: str | None = None, popup: str | None = None, max_width: int = 320) -> None:
        super().__init__()
        self._name = "BindTexts"
        self.options = {"tooltip": tooltip, "popup": popup, "maxWidth": max_width}

    def map_name(self) -> str:
        return _map_name(self)

    def op(self) -> tuple[str, list, Any]:
        return "bind", [self.map_name(), self._parent.get_name()], self.options


class KeyedAttribution(ScriptElement):
    """A source credit (text ``key``) in the map's attribution control."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self._name = "KeyedAttribution"
        self.key = key

    def op(self) -> tuple[str, list, Any]:
        return "attribution", [self._parent.get_name()], self.key


class LayerControl(ScriptElement):
    """Leaflet's layer control with names from the texts: ``entries`` are (layer, key, overlay)."""

    def __init__(self, entries: list[tuple[Any, str, bool]]) -> None:
        super().__init__()
        self._name = "LayerControl"
        self.entries = entries

    def op(self) -> tuple[str, list, Any]:
        refs = [self._parent.get_name()] + [layer.get_name() for layer, _, _ in self.entries]
        return "layers", refs, [[key, bool(overlay)] for _, key, overlay in self.entries]


class MiniMap(JSCSSMixin, ScriptElement):
    """An overview map (Leaflet-MiniMap, vendored: ``tn_map/render/vendor``) of the basemap ``tiles``.

    ``tile_options`` are Leaflet TileLayer options; the toggle's words come
    from the texts (``txt.ui.minimap_hide`` / ``txt.ui.minimap_show``).
    """

    default_js = [("leaflet_minimap_js", f"{_MINIMAP_BASE}/Control.MiniMap.min.js")]
    default_css = [("leaflet_minimap_css", f"{_MINIMAP_BASE}/Control.MiniMap.min.css")]

    def __init__(self, tiles: str, tile_options: dict) -> None:
        super().__init__()
        self._name = "MiniMap"
        self.tiles = tiles
        self.tile_options = tile_options
        self.options = {
            "position": "bottomright",
            "width": 150,
            "height": 150,
            "zoomLevelOffset": -5,
            "toggleDisplay": True,
            # the overview follows the main map's exact (fractional) zoom; a snapped one
            # would steer the main map back to a whole zoom after every fitted view
            "mapOptions": {"zoomSnap": 0},
        }

    def op(self) -> tuple[str, list, Any]:
        tile_options = {camelize(k): v for k, v in self.tile_options.items()}
        return "minimap", [self._parent.get_name()], {"tiles": self.tiles, "tileOptions": tile_options, "options": self.options}
