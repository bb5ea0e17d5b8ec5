"""Write tables (zone summaries, classified sites) as text or files."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import pandas as pd

__all__ = ["write_table", "TABLE_FORMATS"]

TABLE_FORMATS = ("table", "csv", "json")


def write_table(df: pd.DataFrame, fmt: str = "table", out: TextIO | None = None) -> None:
    """Print ``df`` as an aligned text table, CSV (UTF-8) or JSON records."""
    out = out or sys.stdout
    if fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        out.write(json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "table":
        out.write(df.to_string(index=False) + "\n")
    else:
        raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
