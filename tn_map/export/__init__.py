"""Export: write maps and tables to files."""

from .html import save_html
from .tables import write_table

__all__ = ["save_html", "write_table"]
