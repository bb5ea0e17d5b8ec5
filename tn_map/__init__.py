"""tn-map: Thái Nguyên's 2030 industrial restructuring scheme on a map.

Decision 2031/QĐ-UBND groups the province's 9 pre-2025 district-level units
into South, West and East industrial zones, each with priority industry
clusters.  tn-map joins the official boundaries to that plan and writes an
interactive Folium map.

Quick start::

    import tn_map
    districts = tn_map.load_districts()          # GeoDataFrame, EPSG:4326
    print(tn_map.zone_table(districts))           # zones, areas (km²), shares
    m = tn_map.build_map(districts, lang="vi")    # folium.Map
    tn_map.save_html(m, "map.html")
"""

from .errors import TnMapError
from .export import save_html
from .pipeline import build_map, classify_sites, load_districts, read_sites, zone_table
from .plan import PLAN

__all__ = [
    "load_districts",
    "zone_table",
    "build_map",
    "read_sites",
    "classify_sites",
    "save_html",
    "PLAN",
    "TnMapError",
]
__version__ = "0.1.0"
