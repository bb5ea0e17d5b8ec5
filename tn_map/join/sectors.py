"""Reading a site's free-text sector: tn-map's interpretation, not the Decision's words.

The Decision names each zone's priority industry clusters (:mod:`tn_map.plan`);
it gives no vocabulary for matching a site list's "sector" cell to them.  The
keywords below are ours: Vietnamese and English words we judged to name each
cluster, plus a few sectors the scheme gives no cluster (so that a steel
plant is "not a priority here" rather than "sector unknown").  A verdict that
rests on them is a reading of the plan, and the map and exports say so.
"""

from __future__ import annotations

import re

from ..i18n import Text
from ..names import fold

__all__ = ["SECTOR_KEYWORDS", "OTHER_SECTORS", "sector_clusters"]

#: Words (folded: no diacritics, lower case) that name each cluster's sector in
#: Vietnamese or English, used to read a site's free-text sector.  Bare
#: ``"che"`` is not listed: folded, tea (chè) and processing (chế) collide.
SECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    "electronics": ("dien tu", "electronic", "electronics", "semiconductor", "ban dan", "vi mach",
                    "printed circuit board", "printed circuit boards", "pcb", "pcba", "bang mach", "mach in"),
    "electrical": ("dien", "thiet bi dien", "electrical", "electric", "power", "nang luong", "energy"),
    "mechanical": (
        "co khi", "che tao", "mechanical", "machinery", "engineering",
        "phu tung", "spare parts", "auto parts", "o to",
    ),
    "hightech": ("cong nghe cao", "high tech", "hi tech", "hightech"),
    "mining": ("khai khoang", "khai thac", "khoang san", "mining", "mine", "quarry", "mineral", "minerals"),
    "agro_processing": (
        "che bien nong", "che bien lam", "che bien thuy san", "nong san", "lam san", "thuy san",
        "nong lam", "thuc pham", "che bien che", "che bien go", "tea", "agro", "agricultural",
        "food", "forestry", "wood", "timber", "aquatic", "fishery",
    ),
    "handicrafts": ("tieu thu cong nghiep", "thu cong", "my nghe", "handicraft", "handicrafts", "small scale"),
    "rural_trades": ("nganh nghe nong thon", "lang nghe", "rural trade", "rural trades", "craft village"),
    "textiles": ("det may", "det", "may mac", "soi", "garment", "garments", "textile", "textiles", "apparel"),
    "footwear": ("da giay", "giay da", "giay dep", "footwear", "leather", "shoe", "shoes"),
    # Sectors the scheme names no cluster for: recognised, so that a site in
    # them is "not a priority" rather than "sector unknown".
    "metallurgy": ("gang thep", "luyen kim", "steel", "iron", "metallurgy", "kim loai co ban"),
    "building_materials": ("vat lieu xay dung", "building materials", "xi mang", "cement", "gach"),
    "medical_equipment": ("thiet bi y te", "medical equipment", "medical devices"),
    # "Công nghiệp hỗ trợ" (supporting industry: parts and materials for other industries, Decree
    # 111/2015/NĐ-CP) is no cluster of the scheme; with the industry it supplies named ("công nghiệp
    # hỗ trợ điện tử") that industry's words are read too.
    "supporting_industry": ("cong nghiep ho tro", "supporting industry", "supporting industries", "support industry"),
}

#: Names of recognised sectors that are no cluster of any zone.
OTHER_SECTORS: dict[str, Text] = {
    "metallurgy": Text("Luyện kim", "Metallurgy"),
    "building_materials": Text("Vật liệu xây dựng", "Building materials"),
    "medical_equipment": Text("Thiết bị y tế", "Medical equipment"),
    "supporting_industry": Text("Công nghiệp hỗ trợ", "Supporting industry"),
}

_SECTOR_PATTERNS = {
    key: re.compile(r"\b(?:%s)\b" % "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    for key, words in SECTOR_KEYWORDS.items()
}


def sector_clusters(sector: str) -> tuple[str, ...]:
    """Sector keys a free-text sector names, in vocabulary order (empty if none).

    Keys are cluster keys of the zones, or keys of :data:`OTHER_SECTORS`.

    ``"Sản xuất linh kiện điện tử"`` → ``("electronics", "electrical")``;
    ``"Chế biến chè"`` → ``("agro_processing",)``.
    """
    text = fold(sector)
    return tuple(key for key, pattern in _SECTOR_PATTERNS.items() if pattern.search(text))
