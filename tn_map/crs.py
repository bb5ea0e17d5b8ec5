"""Coordinate reference systems tn-map uses, by name."""

from __future__ import annotations

__all__ = ["WGS84", "METRIC_CRS", "UTM48N_VN2000"]

#: Longitude/latitude in degrees; every layer tn-map hands out is in it.
WGS84 = "EPSG:4326"
#: VN-2000 / TM-3 zone 106-30 (metres): Thái Nguyên's local cadastral system,
#: used for areas, distances and tolerances.
METRIC_CRS = "EPSG:9213"
#: VN-2000 / UTM zone 48N (metres).
UTM48N_VN2000 = "EPSG:3405"
