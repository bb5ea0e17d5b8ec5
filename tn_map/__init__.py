"""tn-map: Thái Nguyên's 2030 industrial restructuring scheme on a map.

Decision 2031/QĐ-UBND groups the province's 9 pre-2025 district-level units
into South, West and East industrial zones, each with priority industry
clusters.  tn-map joins the official boundaries to that plan, writes an
interactive Folium map and print-grade images, and places investment-site
lists in the zones.

Quick start::

    import tn_map
    districts = tn_map.load_districts()              # GeoDataFrame, EPSG:4326
    print(tn_map.zone_table(districts, lang="en"))   # zones, areas (km²), shares
    m = tn_map.build_map(districts, lang="vi")       # folium.Map
    tn_map.save_html(m, "map.html")
"""

from ._lazy import lazy_exports

__all__ = [
    "load_districts",
    "read_districts",
    "Districts",
    "zone_table",
    "read_sites",
    "classify_sites",
    "build_map",
    "draw_static_map",
    "save_html",
    "save_image",
    "write_sites",
    "PLAN",
    "TnMapError",
    "InputFileError",
    "ParameterError",
    "UnknownPlaceError",
]
__version__ = "0.2.0"

# Every name is imported when first used (PEP 562): ``import tn_map`` stays light, and the
# command line imports the libraries itself (with the cyclic collector paused, see tn_map.cli).
# save_html needs folium, which tn-map image and sites classify never load.
__getattr__, __dir__ = lazy_exports(__name__, {
    **dict.fromkeys(("TnMapError", "InputFileError", "ParameterError", "UnknownPlaceError"), "._errors"),
    **dict.fromkeys(("save_image", "write_sites"), ".export"),
    "save_html": ".export.html",
    **dict.fromkeys(("Districts", "build_map", "classify_sites", "draw_static_map", "load_districts", "read_districts",
                     "read_sites", "zone_table"), ".pipeline"),
    "PLAN": ".plan",
})
