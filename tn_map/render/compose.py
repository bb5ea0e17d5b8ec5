"""The one map model the page, the print map and the brief draw, from joined districts and site lists."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd

from ..i18n import Lang
from ..join.sites import ClassifiedSites
from ..load import read_context
from ..plan import PLAN, Plan
from .model import MapModel, build_model

__all__ = ["map_model"]


def map_model(
    frame: gpd.GeoDataFrame,
    *,
    sites: Sequence[ClassifiedSites] = (),
    lang: Lang = "vi",
    context: bool = True,
    colour_sites_by: str = "zone",
    parks: ClassifiedSites | None = None,
    plan: Plan = PLAN,
) -> MapModel:
    """The one map model the page, the print map and the brief draw.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Joined districts, EPSG:4326.
    sites : sequence of ClassifiedSites
        Classified site lists, drawn in order.
    lang : {"vi", "en"}
        The language of every word of the model.
    context : bool
        With the bundled interregional high-tech space and neighbouring
        provinces.
    colour_sites_by : {"zone", "fit"}
        What a site's symbol shows.
    parks : ClassifiedSites or None
        The master plan's parks as located
        (:func:`tn_map.join.parks.master_plan_parks`), or ``None``.
    plan : Plan
        The zoning plan.

    Returns
    -------
    MapModel
        Geometry in EPSG:4326; areas in km².
    """
    return build_model(frame, context=read_context() if context else None, sites=list(sites),
                       colour_sites_by=colour_sites_by, plan=plan, lang=lang, parks=parks)
