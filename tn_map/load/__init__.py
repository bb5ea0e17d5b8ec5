"""Load: read boundary and site files (no checks beyond readability; column roles found once)."""

from .boundaries import read_boundaries, read_context, read_former_bac_kan, read_units, read_vector
from .columns import ColumnRoles, CoordinateColumns
from .parks import PARKS_DECISION, PARKS_FILE, PARK_STATUSES, is_parks_file, read_parks
from .sites import ReadOptions, SiteTable, read_site_table

__all__ = [
    "read_boundaries",
    "read_context",
    "read_former_bac_kan",
    "read_units",
    "read_vector",
    "read_site_table",
    "ReadOptions",
    "SiteTable",
    "ColumnRoles",
    "CoordinateColumns",
    "read_parks",
    "is_parks_file",
    "PARKS_FILE",
    "PARKS_DECISION",
    "PARK_STATUSES",
]
