"""Tables (zone summaries) as text: aligned, CSV or JSON."""

from __future__ import annotations

import io
import json

import pandas as pd

from ..i18n import Lang, check_lang
from ..plan import PLAN, Plan

__all__ = ["table_text", "zone_table", "TABLE_FORMATS"]

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


def zone_table(summary: pd.DataFrame, plan: Plan = PLAN, lang: Lang = "vi") -> pd.DataFrame:
    """The zone summary (:func:`tn_map.join.zone_summary`) with zone names and clusters in ``lang``.

    Columns: ``zone``, ``zone_key``, ``districts``, ``n_districts``,
    ``clusters``, ``area_km2`` (km²), ``share_pct`` (% of the province).
    """
    check_lang(lang)
    zones = {z.key: z for z in plan.zones}
    out = summary.copy()
    out.insert(0, "zone", [zones[k].name.get(lang) for k in out["zone_key"]])
    out.insert(4, "clusters", ["; ".join(c.name.get(lang) for c in zones[k].clusters) for k in out["zone_key"]])
    return out
