"""The provincial master plan's industrial parks, located and classified like any site list."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd

from ..load import is_parks_file, read_parks
from ..locate import locate_sites
from ..plan import PLAN, Plan
from .districts import Districts, as_districts
from .sites import ClassifiedSites, classify_located

__all__ = ["master_plan_parks", "parks_drawn_as_sites"]


def parks_drawn_as_sites(sites: Sequence[ClassifiedSites]) -> bool:
    """Whether one of ``sites`` is the bundled parks file itself (then the parks layer is left out).

    Parameters
    ----------
    sites : sequence of ClassifiedSites
        The site lists to be drawn.

    Returns
    -------
    bool
    """
    return any(is_parks_file(s.source) for s in sites)


def master_plan_parks(
    districts: Districts | gpd.GeoDataFrame | None = None,
    *,
    sites: Sequence[ClassifiedSites] = (),
    plan: Plan = PLAN,
) -> ClassifiedSites | None:
    """The master plan's 12 industrial parks, located and classified like any site list.

    Parameters
    ----------
    districts : Districts, geopandas.GeoDataFrame or None
        The joined districts (EPSG:4326); ``None``: the bundled ones.
    sites : sequence of ClassifiedSites
        The site lists drawn with the parks.
    plan : Plan
        The zoning plan.

    Returns
    -------
    ClassifiedSites or None
        Positions are approximate (EPSG:4326 degrees, at the park's commune
        or inside its district).  ``None`` when one of ``sites`` is the
        bundled parks file itself (:func:`parks_drawn_as_sites`): a park is
        never drawn twice.
    """
    if parks_drawn_as_sites(sites):
        return None
    return classify_located(locate_sites(read_parks(), as_districts(districts, plan).frame), plan=plan)
