"""The administrative reform of 1 July 2025, as data: what changed around the 2030 scheme.

Since 1 July 2025 Viet Nam has provinces and communes only (no districts);
Thái Nguyên absorbed Bắc Kạn, and two provinces named in the scheme's
interregional high-tech space were merged into others.  The scheme's zones
stay written on the 9 old districts; :mod:`tn_map.locate.crosswalk` links the
new communes to them.  Facts and sources: ``../shared/reference/
admin_reform_2025.md`` (Resolution 202/2025/QH15 of the National Assembly on
the arrangement of provinces, and the ``vietnamadminunits`` package's data).
"""

from __future__ import annotations

from .i18n import Text

__all__ = ["REFORM_DATE", "SUCCESSORS", "REFORM_SOURCE", "today_name"]

#: The day the two-level local government took effect.
REFORM_DATE = "2025-07-01"

#: Old province → the province it is part of today (only those that changed).
SUCCESSORS: dict[str, str] = {
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
}

REFORM_SOURCE = Text(
    "Sắp xếp đơn vị hành chính từ ngày 1/7/2025 (Nghị quyết 202/2025/QH15); dữ liệu vietnamadminunits (MIT)",
    "Administrative arrangement from 1 July 2025 (Resolution 202/2025/QH15); vietnamadminunits data (MIT)",
)


def today_name(old: str, lang: str) -> str:
    """An old province's name with where it is today: ``"Vĩnh Phúc (nay thuộc Phú Thọ)"``."""
    from .i18n import tr

    new = SUCCESSORS.get(old)
    return old if new is None else tr("now_part_of", lang, old=old, new=new)
