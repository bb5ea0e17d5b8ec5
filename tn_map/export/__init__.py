"""Export: write maps (HTML, images), classified sites and tables as bytes — nothing is decided here."""

from .._lazy import lazy_exports
from .image import save_image
from .sites import site_table, write_sites
from .tables import table_text, zone_summary_table

__all__ = ["save_html", "render_html", "save_image", "write_sites", "site_table", "table_text", "zone_summary_table"]

# the HTML writer needs folium: loaded when first asked for
__getattr__, __dir__ = lazy_exports(__name__, {"save_html": ".html", "render_html": ".html"})
