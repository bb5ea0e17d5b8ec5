"""Where a pre-2025 commune is, from the ``vietnamadminunits`` package (MIT, data bundled).

Used to place sites that have no coordinates but name their commune: a
better stand-in than the district's centre, still approximate.
"""

from __future__ import annotations

from functools import lru_cache

from ..names import name_key

__all__ = ["commune_point"]


@lru_cache(maxsize=4096)
def commune_point(commune: str, district: str, province: str = "Thái Nguyên") -> tuple[float, float, str] | None:
    """``(lon, lat, official name)`` of ``commune`` in ``district`` (pre-2025 units), or ``None``.

    Coordinates are WGS 84 degrees as the package gives them (one point per
    commune).  The answer is accepted only when the package finds a commune
    whose name and district match what was asked (diacritics, case and
    prefixes such as ``Xã``/``TT`` aside); a fuzzy near-miss is ``None``.
    """
    try:
        from vietnamadminunits import parse_address

        found = parse_address(f"{commune}, {district}, {province}", mode="LEGACY", level=3)
    except Exception:  # noqa: BLE001 - a gazetteer miss is not an error for the user
        return None
    if not found.ward or found.latitude is None or found.longitude is None:
        return None
    if name_key(found.short_ward) != name_key(commune) or name_key(found.short_district) != name_key(district):
        return None
    return float(found.longitude), float(found.latitude), str(found.ward)
