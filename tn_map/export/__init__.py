"""Export: write maps (HTML, images), classified sites and tables to files."""

from .html import save_html
from .sites import write_sites
from .static import save_image
from .tables import table_text

__all__ = ["save_html", "save_image", "write_sites", "table_text"]
