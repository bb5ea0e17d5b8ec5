"""The bundled layer of the provincial master plan's industrial parks (``data/master_plan_parks.csv``).

The 12 parks of Decision 222/QĐ-TTg (14 March 2023) — 11 industrial parks
and one concentrated IT park — with their status in the plan, area and its
source, district and commune (pre-2025 units).  No coordinates: each park is
placed at its commune's point or inside its district, approximately
(provenance in ``data/SOURCES.md``).  The file is an ordinary site list:
:func:`read_parks` reads it with :func:`~tn_map.load.sites.read_site_table`.
"""

from __future__ import annotations

from pathlib import Path

from .._resources import data_path
from .sites import SiteTable, read_site_table

__all__ = ["PARKS_FILE", "PARKS_DECISION", "PARK_STATUSES", "read_parks", "is_parks_file"]

#: The bundled file's name (``data/`` in a checkout, ``tn_map/_data/`` in a wheel).
PARKS_FILE = "master_plan_parks.csv"
#: The decision that approved the master plan the parks come from.
PARKS_DECISION = "222/QĐ-TTg"
#: The plan's statuses, as the file's ``status`` column writes them (read as ``status_input``).
PARK_STATUSES = ("established", "in earlier plans", "new")


def read_parks() -> SiteTable:
    """The bundled parks as a site table (every row; column roles found as for any site list)."""
    return read_site_table(data_path(PARKS_FILE))


def is_parks_file(path: str | Path) -> bool:
    """Whether ``path`` is the bundled parks file, or a byte-for-byte copy of it."""
    bundled = data_path(PARKS_FILE)
    try:
        candidate = Path(path)
        if candidate.resolve() == bundled.resolve():
            return True
        return candidate.is_file() and candidate.stat().st_size == bundled.stat().st_size \
            and candidate.read_bytes() == bundled.read_bytes()
    except OSError:
        return False
