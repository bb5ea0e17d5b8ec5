"""Words of the interactive page's controls, in Vietnamese and English.

Same form as :data:`tn_map.i18n.WORDS` (one :class:`~tn_map.i18n.Text` per
key) and meant to be folded into it; kept here while the page's controls
are new.  :func:`word` looks a key up here first, then in
:data:`tn_map.i18n.WORDS`.
"""

from __future__ import annotations

from ..i18n import WORDS as _I18N_WORDS
from ..i18n import Text, check_lang

__all__ = ["WORDS", "word", "LANGUAGE_NAMES", "BASEMAP_NAMES"]

#: Each language's name in that language: the switch button is named by the language it switches to.
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

#: Readable names of the basemaps the layer control offers (others show their xyzservices name).
BASEMAP_NAMES: dict[str, Text] = {
    "OpenStreetMap.Mapnik": Text("Bản đồ đường phố (OpenStreetMap)", "Street map (OpenStreetMap)"),
    "Esri.WorldGrayCanvas": Text("Nền xám (Esri)", "Grey background (Esri)"),
    "Esri.WorldImagery": Text("Ảnh vệ tinh (Esri)", "Satellite imagery (Esri)"),
}

WORDS: dict[str, Text] = {
    "ui.search": Text("Tìm huyện, xã, địa điểm…", "Find a district, commune, site…"),
    "ui.search_label": Text("Tìm trên bản đồ", "Search the map"),
    "ui.no_results": Text("Không tìm thấy", "Nothing found"),
    "ui.results": Text("{count} kết quả", "{count} results"),
    "ui.site": Text("Địa điểm đầu tư", "Investment site"),
    "ui.fullscreen": Text("Xem toàn màn hình", "Full screen"),
    "ui.exit_fullscreen": Text("Thoát toàn màn hình", "Exit full screen"),
    "ui.legend": Text("Chú giải", "Legend"),
    "ui.targets": Text("Mục tiêu", "Targets"),
    "ui.zoom_in": Text("Phóng to", "Zoom in"),
    "ui.zoom_out": Text("Thu nhỏ", "Zoom out"),
    "ui.layers": Text("Lớp bản đồ", "Map layers"),
    "ui.minimap_hide": Text("Ẩn bản đồ định hướng", "Hide the overview map"),
    "ui.minimap_show": Text("Hiện bản đồ định hướng", "Show the overview map"),
    "ui.sources": Text("Nguồn dữ liệu", "Sources"),
    "ui.switch_language": Text("Chuyển ngôn ngữ", "Switch language"),
}


def word(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang`` (from this module, else :data:`tn_map.i18n.WORDS`)."""
    text = (WORDS.get(key) or _I18N_WORDS[key]).get(check_lang(lang))
    return text.format(**values) if values else text
