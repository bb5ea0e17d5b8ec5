"""Export: write maps, classified sites and tables to files."""

from .html import save_html
from .sites import write_sites
from .tables import write_table

__all__ = ["save_html", "write_sites", "write_table"]
