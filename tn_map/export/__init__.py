"""Export: write maps (HTML, images), classified sites and tables as bytes — nothing is decided here."""

from .html import render_html, save_html
from .image import save_image
from .sites import site_table, write_sites
from .tables import table_text, zone_table

__all__ = ["save_html", "render_html", "save_image", "write_sites", "site_table", "table_text", "zone_table"]
