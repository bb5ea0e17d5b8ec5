"""One lock for every GDAL call, and GDAL configuration set only while it is held.

GDAL's configuration options are process-wide.  Two of those tn-map needs
have no per-call form in the installed GDAL (3.12, checked: the DXF driver
reports "does not support open option" for them, and ``OGR_CURRENT_DATE``
is read by the GeoPackage driver from the configuration only):

* ``OGR_CURRENT_DATE``, the clock a GeoPackage states (fixed, so the same
  table gives the same bytes);
* ``DXF_INLINE_BLOCKS``, ``DXF_CLOSED_LINE_AS_POLYGON`` and ``DXF_ENCODING``,
  how a CAD drawing is read.

Setting one while another thread reads or writes through GDAL would change
that thread's result (``tn-map sites classify`` reads on one thread while it
writes on another).  So every GDAL call in tn-map (pyogrio reads, layer
listings, writes) runs inside :func:`gdal_session`, which holds one
process-wide re-entrant lock and sets the options only for its duration.
Options GDAL does take per call (open and layer creation options) are
passed per call instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

__all__ = ["GDAL_LOCK", "gdal_session"]

#: Held around every GDAL call tn-map makes (re-entrant: a session may open another).
GDAL_LOCK = threading.RLock()


@contextmanager
def gdal_session(config: Mapping[str, str] | None = None) -> Iterator[None]:
    """Hold :data:`GDAL_LOCK`, with GDAL configuration ``config`` set, and restore it on leaving.

    Parameters
    ----------
    config : mapping of str to str, optional
        GDAL configuration options (``{"OGR_CURRENT_DATE": "2000-01-01T00:00:00Z"}``)
        in force only inside the block; their previous values (or unset)
        are restored on leaving, even on error.

    Yields
    ------
    None
        Inside the block no other thread makes a GDAL call through tn-map.
    """
    with GDAL_LOCK:
        if not config:
            yield
            return
        import pyogrio

        previous = {key: pyogrio.get_gdal_config_option(key) for key in config}
        pyogrio.set_gdal_config_options(dict(config))
        try:
            yield
        finally:
            pyogrio.set_gdal_config_options(previous)
