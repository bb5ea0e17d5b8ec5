"""Keys for why a row has no place, how it was placed, and how exact its position is.

The data carries these keys; words for people come from :mod:`tn_map.i18n`
(``reason.<key>``, ``note.<key>``, ``precision.<key>``) at the edge.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Reason", "Note", "Precision", "Status"]


class Reason(str, Enum):
    """Why a row could not be located (the ``reason`` column; ``""`` when located)."""

    NO_COORDINATES = "no_coordinates"
    NO_VALUE = "no_value"  # one of two coordinate cells is empty (``reason_column`` names it)
    NOT_A_NUMBER = "not_a_number"  # a coordinate cell is not a number (``reason_column``)
    OUT_OF_RANGE = "out_of_range"
    CANNOT_CONVERT = "cannot_convert"
    NO_GEOMETRY = "no_geometry"
    NOT_POINT_OR_POLYGON = "not_point_or_polygon"
    OUTSIDE_PROVINCE = "outside_province"
    ADDRESS_UNKNOWN = "address_unknown"  # no unit of Thái Nguyên has that name (``reason_column`` names the column)
    ADDRESS_AMBIGUOUS = "address_ambiguous"  # several units fit and disagree; add the old district or new unit
    ADDRESS_OUTSIDE = "address_outside"  # the address names another province
    LINK_NO_COORDINATES = "link_no_coordinates"  # a map link without coordinates (a short link): nothing is fetched

    def __str__(self) -> str:
        return self.value


class Note(str, Enum):
    """How a located row was read or placed (the ``note`` column; ``""`` when plain)."""

    LATLON_SWAPPED = "latlon_swapped"
    OUTLINE_POINT = "outline_point"
    MULTIPOINT_CENTROID = "multipoint_centroid"
    NORTHING_FIRST = "northing_first"
    PLACED_AT_COMMUNE = "placed_at_commune"
    PLACED_IN_DISTRICT = "placed_in_district"
    DEGREES_IN_XY = "degrees_in_xy"  # degrees typed into projected X/Y cells, read on that CRS's datum
    ONE_ZONE = "one_zone"  # a name several units share, all in one zone: placed inside their district(s)

    def __str__(self) -> str:
        return self.value


class Precision(str, Enum):
    """How exact a position is (the ``location_precision`` column)."""

    EXACT = "exact"
    APPROXIMATE = "approximate"  # coordinates the file itself calls approximate
    COMMUNE = "commune"  # placed at its commune's point
    DISTRICT = "district"  # placed inside its district

    def __str__(self) -> str:
        return self.value


class Status(str, Enum):
    """Where a row ended up (the ``status`` column)."""

    LOCATED = "located"  # in one of the scheme's zones
    OUTSIDE_ZONING = "outside_zoning"  # in today's Thái Nguyên, in former Bắc Kạn: no zone of the 2030 scheme
    REJECTED = "rejected"  # no place; ``reason`` says why

    def __str__(self) -> str:
        return self.value
