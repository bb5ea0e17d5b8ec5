"""Coordinate reference systems tn-map uses, and the names users may give them."""

from __future__ import annotations

from pyproj import CRS
from pyproj.exceptions import CRSError

from ._errors import ParameterError
from .names import fold

__all__ = ["WGS84", "METRIC_CRS", "UTM48N_VN2000", "CRS_ALIASES", "parse_crs"]

#: Longitude/latitude in degrees; every layer tn-map hands out is in it.
WGS84 = "EPSG:4326"
#: VN-2000 / TM-3 zone 106-30 (metres): Thái Nguyên's local cadastral system,
#: used for areas, distances and tolerances.
METRIC_CRS = "EPSG:9213"
#: VN-2000 / UTM zone 48N (metres).
UTM48N_VN2000 = "EPSG:3405"

#: Names accepted for a ``crs`` parameter besides EPSG codes (compared folded, without
#: punctuation).
CRS_ALIASES: dict[str, str] = {
    "wgs84": WGS84,
    "wgs 84": WGS84,
    "vn2000": METRIC_CRS,
    "vn 2000": METRIC_CRS,
    "vn2000 tm3": METRIC_CRS,
    "vn 2000 tm 3": METRIC_CRS,
    "vn2000 tm3 106 30": METRIC_CRS,
    "vn 2000 tm 3 106 30": METRIC_CRS,
    "tm3": METRIC_CRS,
    "tm3 106 30": METRIC_CRS,
    "vn2000 utm48n": UTM48N_VN2000,
    "vn2000 utm 48n": UTM48N_VN2000,
    "vn 2000 utm 48n": UTM48N_VN2000,
    "vn2000 utm48": UTM48N_VN2000,
    "utm48n": UTM48N_VN2000,
    "utm 48n": UTM48N_VN2000,
}


def parse_crs(text: str | int) -> CRS:
    """A :class:`pyproj.CRS` from an EPSG code (``9213``, ``"EPSG:9213"``) or a known name.

    Names: ``WGS84``; ``VN-2000`` / ``VN-2000 TM-3 106-30`` / ``TM3`` (EPSG:9213,
    Thái Nguyên's cadastral zone); ``VN-2000 UTM 48N`` / ``UTM48N`` (EPSG:3405).
    """
    raw = str(text).strip()
    alias = CRS_ALIASES.get(fold(raw).replace("/", " "))
    candidate = alias or (f"EPSG:{raw}" if raw.isdigit() else raw)
    try:
        crs = CRS.from_user_input(candidate)
    except CRSError:
        crs = None
    if crs is not None:
        if crs.is_vertical or not (crs.is_geographic or crs.is_projected):
            raise ParameterError(
                f"{raw!r} is not a horizontal CRS ({crs.name}); give the CRS of longitude/latitude or X/Y",
                param="crs",
                words=("vertical_crs", {"crs": raw, "name": crs.name}),
            )
        return crs
    if crs is None:
        raise ParameterError(
            f"unknown CRS {raw!r}; give an EPSG code (e.g. 9213) or a name such as "
            "'VN-2000 TM-3 106-30', 'VN-2000 UTM 48N', 'WGS84'",
            param="crs",
            words=("unknown_crs", {"crs": raw}),
        ) from None
