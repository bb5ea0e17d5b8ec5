"""Write today's communes and wards (since 1 July 2025): the crosswalk as a table, or with their polygons."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from .._errors import TnMapError
from ..i18n import Lang, check_lang
from ..locate.crosswalk import crosswalk_table
from ..load import read_units
from ..i18n import tr
from ..plan import PLAN, Plan
from ..reform import REFORM_SOURCE
from .paths import output_path
from .tables import geojson_text, write_gpkg, write_table

__all__ = ["communes_table", "communes_overview_text", "communes_sources", "write_communes", "COMMUNE_FORMATS"]

COMMUNE_FORMATS = (".csv", ".xlsx", ".geojson", ".gpkg")


def communes_table(*, lang: Lang = "vi", plan: Plan = PLAN) -> gpd.GeoDataFrame:
    """The 92 units, one row each in code order, with their polygons (EPSG:4326).

    Columns: those of :func:`tn_map.locate.crosswalk.crosswalk_table` (``lon``
    and ``lat`` are the package's point), ``zone_names`` (in ``lang``),
    ``area_km2`` (geodesic, of the polygon), ``official_area_km2`` and
    ``formed_from`` (as the administrative-units reference map states them).
    Beside each key column, its words in ``lang``: ``type_name`` (``Xã`` /
    ``Phường``) after ``type`` and ``former_bac_kan_text`` (``Có`` / ``Không``)
    after ``former_bac_kan``.
    """
    check_lang(lang)
    table = crosswalk_table(zone_names={z.key: z.name.get(lang) for z in plan.zones})
    table.insert(table.columns.get_loc("type") + 1, "type_name", [tr(t, lang) for t in table["type"]])
    yes_no = {True: tr("table.yes", lang), False: tr("table.no", lang)}
    table.insert(table.columns.get_loc("former_bac_kan") + 1, "former_bac_kan_text",
                 [yes_no[bool(v)] for v in table["former_bac_kan"]])
    units = read_units().set_index("code")
    table["area_km2"] = units.loc[table["code"], "area_km2"].to_numpy()
    table["official_area_km2"] = units.loc[table["code"], "official_area_km2"].to_numpy()
    table["formed_from"] = units.loc[table["code"], "formed_from"].to_numpy()
    return gpd.GeoDataFrame(table, geometry=units.loc[table["code"]].geometry.to_numpy(), crs=units.crs)


def communes_overview_text(*, lang: Lang = "vi", plan: Plan = PLAN) -> str:
    """What ``tn-map communes`` shows on screen: one line per unit (name, old districts, zones, former Bắc Kạn),
    headers and yes/no in ``lang``.

    Returns
    -------
    str
        Text ending in a newline, one line per unit after the header.
    """
    from .tables import table_text

    table = communes_table(lang=lang, plan=plan)
    shown = pd.DataFrame(table[["name", "old_districts", "zone_names", "former_bac_kan_text"]])
    shown.columns = [tr(f"table.{c}", lang) for c in ("name", "old_districts", "zone_names", "former_bac_kan")]
    return table_text(shown, "table")


def communes_sources(*, lang: Lang = "vi", plan: Plan = PLAN) -> pd.DataFrame:
    """The sources of the communes table (the 2025 reform, the Decision), one per row, in ``lang``.

    Returns
    -------
    pandas.DataFrame
        One column, ``source``: the XLSX's second sheet (:func:`write_communes` ``sources``).
    """
    check_lang(lang)
    decision = f"{tr('subtitle', lang, number=plan.decision.number)}: {plan.decision.title.get(lang)}"
    return pd.DataFrame({"source": [REFORM_SOURCE.get(lang), decision]})


def write_communes(path: str | Path, *, lang: Lang = "vi", sources: pd.DataFrame | None = None) -> Path:
    """Write :func:`communes_table` by extension: GeoJSON or GeoPackage with the polygons (EPSG:4326),
    CSV or XLSX with the package's point (``lon``/``lat``); ``sources`` becomes an XLSX's second sheet."""
    path, suffix = output_path(path, COMMUNE_FORMATS, "output")
    table = communes_table(lang=lang)
    try:
        if suffix == ".geojson":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(geojson_text(table), encoding="utf-8")
        elif suffix == ".gpkg":
            path.parent.mkdir(parents=True, exist_ok=True)
            write_gpkg(table, path, "communes")
        else:
            flat = pd.DataFrame(table.drop(columns=table.geometry.name))
            write_table(flat, path, sheet="communes", extra_sheets={"sources": sources} if sources is not None else None)
    except OSError as exc:
        raise TnMapError.of("cannot_write", str(path), param="path", error=exc.strerror or exc) from exc
    return path
