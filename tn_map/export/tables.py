"""Tables (zone summaries) as text: aligned, CSV or JSON."""

from __future__ import annotations

import io
import json

import pandas as pd

__all__ = ["table_text", "TABLE_FORMATS"]

TABLE_FORMATS = ("table", "csv", "json")


def table_text(df: pd.DataFrame, fmt: str = "table") -> str:
    """``df`` as an aligned text table, CSV or JSON records (text ending in a newline)."""
    if fmt == "csv":
        buffer = io.StringIO()
        df.to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return df.to_string(index=False) + "\n"
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
