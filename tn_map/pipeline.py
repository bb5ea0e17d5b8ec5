"""The public API: the pipeline load → validate → locate/join → render, composed.

Each step is also available on its own in the sub-packages
(:mod:`tn_map.load`, :mod:`tn_map.validate`, :mod:`tn_map.locate`,
:mod:`tn_map.join`, :mod:`tn_map.render`, :mod:`tn_map.export`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from .export.tables import zone_summary_table
from .i18n import Lang, check_lang
from .join import ClassifiedSites, classify_located, zone_summary
from .join.districts import Districts, as_districts, load_districts, read_districts
from .join.parks import master_plan_parks, parks_drawn_as_sites
from .load import ReadOptions, SiteTable, read_site_table
from .locate import locate_sites
from .plan import PLAN, Plan
from .render import DEFAULT_BASEMAP
from .render.compose import map_model

if TYPE_CHECKING:
    import folium

    from .render.static import StaticMap

__all__ = [
    "Districts",
    "read_districts",
    "load_districts",
    "zone_table",
    "formed_from",
    "read_sites",
    "classify_sites",
    "build_map",
    "parks_drawn_as_sites",
    "master_plan_parks",
    "map_model",
    "draw_static_map",
    "classify_file",
]


def zone_table(districts: Districts | gpd.GeoDataFrame | None = None, *, lang: Lang = "vi", plan: Plan = PLAN) -> pd.DataFrame:
    """One row per zone: name and key, member districts, count, clusters, area and share.

    Parameters
    ----------
    districts : Districts, geopandas.GeoDataFrame or None
        Joined districts (EPSG:4326); ``None``: the bundled boundaries.
    lang : {"vi", "en"}
        The language of zone and cluster names.
    plan : Plan
        The zoning plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``zone``, ``zone_key``, ``districts``, ``n_districts``,
        ``clusters``, ``area_km2`` (km², geodesic on EPSG:4326 outlines) and
        ``share_pct`` (% of the province), in the plan's order.
    """
    return zone_summary_table(zone_summary(as_districts(districts, plan).frame, plan=plan), plan=plan, lang=lang)


def formed_from(match) -> tuple:
    """The old communes a new commune or ward was formed from on 1 July 2025.

    Parameters
    ----------
    match : tn_map.locate.crosswalk.Match
        A match of :func:`tn_map.locate.crosswalk.lookup` at level ``"new_unit"``.

    Returns
    -------
    tuple of tn_map.load.units.OldCommune
        In code order; each has its ``name`` and old ``district``.
    """
    from .locate.crosswalk import build_crosswalk

    return build_crosswalk().unit(match.code or match.name).old_communes


def read_sites(path: str | Path, options: ReadOptions | None = None, /, **by_name) -> SiteTable:
    """Read a site list (CSV, workbooks, KML, GeoJSON, GeoPackage, Shapefile, DXF…): every row, roles found once.

    Parameters
    ----------
    path : str or Path
        The site file (see :func:`tn_map.load.sites.read_site_table` for the formats).
    options : ReadOptions, optional
        How to read it: coordinate columns, their CRS and X/Y order, sheet,
        encoding, layer (:class:`tn_map.load.ReadOptions`).
    **by_name
        Any field of :class:`~tn_map.load.ReadOptions` by name, over
        ``options``: ``lon``, ``lat``, ``x``, ``y``, ``crs`` (EPSG code or
        name, e.g. ``"VN-2000 TM-3 106-30"``; WGS 84 degrees by default),
        ``xy_order``, ``sheet``, ``encoding``, ``layer``.

    Returns
    -------
    SiteTable
        Every row as read, with its column roles; coordinates not yet
        located (:func:`classify_sites` does that).
    """
    return read_site_table(path, options, **by_name)


def classify_sites(
    sites: SiteTable, districts: Districts | gpd.GeoDataFrame | None = None, *, plan: Plan = PLAN
) -> ClassifiedSites:
    """Place every row in its district and zone, and judge its sector against the zone.

    Parameters
    ----------
    sites : SiteTable
        From :func:`read_sites` (coordinates in their CRS, or place names).
    districts : Districts, geopandas.GeoDataFrame or None
        Joined districts (EPSG:4326); ``None``: the bundled boundaries.
    plan : Plan
        The zoning plan.

    Returns
    -------
    ClassifiedSites
        ``frame``: every input row with its place (longitude/latitude in
        EPSG:4326 degrees) or reason key, zone key, sector keys, fit key and
        mismatch flag; ``report``: a typed :class:`~tn_map.join.SiteReport`
        (exact counts per zone; a site in two zones counts in both).
    """
    frame = as_districts(districts, plan).frame
    return classify_located(locate_sites(sites, frame), plan=plan)


def _parks(parks: bool, sites, frame: gpd.GeoDataFrame, plan: Plan) -> ClassifiedSites | None:
    return master_plan_parks(frame, sites=sites, plan=plan) if parks else None


def build_map(
    districts: Districts | gpd.GeoDataFrame | None = None,
    *,
    sites: list[ClassifiedSites] | tuple[ClassifiedSites, ...] = (),
    lang: Lang = "vi",
    basemap: str = DEFAULT_BASEMAP,
    context: bool = True,
    offline: bool = False,
    colour_sites_by: str = "zone",
    parks: bool = True,
    m: folium.Map | None = None,
    plan: Plan = PLAN,
) -> folium.Map:
    """The interactive map of the zones as a :class:`folium.Map`.

    Parameters
    ----------
    districts : Districts, geopandas.GeoDataFrame or None
        Joined districts (EPSG:4326); ``None``: the bundled boundaries.
    sites : sequence of ClassifiedSites
        Site lists from :func:`classify_sites`, each a marker layer.
    lang : {"vi", "en"}
        The page's first language (both are in the page).
    basemap, context, offline, colour_sites_by, parks, m, plan
        See below.

    Returns
    -------
    folium.Map
        Web Mercator (EPSG:3857) tiles under EPSG:4326 data, geometry
        simplified to within 30 m; write it with :func:`tn_map.save_html`.

    Notes
    -----
    ``basemap`` is an
    xyzservices provider name or ``"none"``; ``context`` adds the
    interregional high-tech space and neighbouring provinces; ``offline``
    is kept for compatibility: every control works offline (save with
    :func:`tn_map.export.save_html` ``offline=True`` to inline the scripts).
    ``sites``: classified site lists, each a clustered marker layer coloured
    by ``"zone"`` or ``"fit"``.  ``parks``: the provincial master plan's
    12 industrial parks (``data/master_plan_parks.csv``, Decision
    222/QĐ-TTg) as their own layer, positions approximate; left out when one
    of ``sites`` is that file itself (:func:`parks_drawn_as_sites`), so that
    no park is drawn twice.  ``m``: draw onto this folium map instead of a
    new one.
    """
    check_lang(lang)
    frame = as_districts(districts, plan).frame
    model = map_model(frame, sites=sites, lang=lang, context=context, colour_sites_by=colour_sites_by,
                      parks=_parks(parks, sites, frame, plan), plan=plan)
    from .render.leaflet import render_map  # folium: only for the interactive map

    return render_map(model, basemap=basemap, offline=offline, m=m)


def draw_static_map(
    districts: Districts | gpd.GeoDataFrame | None = None,
    *,
    sites: list[ClassifiedSites] | tuple[ClassifiedSites, ...] = (),
    lang: Lang = "vi",
    context: bool = True,
    colour_sites_by: str = "zone",
    parks: bool = True,
    ax=None,
    paper: str = "A4",
    landscape: bool = False,
    plan: Plan = PLAN,
) -> StaticMap:
    """The same map drawn with matplotlib (EPSG:9213), for print and reports: a :class:`~tn_map.render.StaticMap`.

    Parameters
    ----------
    districts : Districts, geopandas.GeoDataFrame or None
        Joined districts (EPSG:4326, drawn in EPSG:9213 VN-2000 TM-3 metres);
        ``None``: the bundled boundaries.
    sites : sequence of ClassifiedSites
        Site lists from :func:`classify_sites`.
    lang : {"vi", "en"}
        The language of every word on the map.
    context, colour_sites_by, parks, ax, paper, landscape, plan
        See below.

    Returns
    -------
    StaticMap
        ``figure`` and ``page`` (see below); sizes in points on paper.

    Notes
    -----
    Without ``ax``, a whole page of ``paper`` (``"A4"``/``"A3"``, portrait
    unless ``landscape``) with title, north arrow, scale bar, legend and
    sources; with ``ax``, the map drawn onto your axes.  ``parks``: the
    master plan's industrial parks with their own symbol and legend entry,
    as in :func:`build_map`.  Returns the :class:`~tn_map.render.StaticMap`:
    ``figure`` (the matplotlib Figure; with ``ax``, the axes' own, neither
    resized nor closed) and ``page`` (the paper, or ``None`` with ``ax``).
    Write it with :func:`tn_map.export.save_image`.
    """
    from .render.static import draw_map  # matplotlib: loaded for print maps only

    frame = as_districts(districts, plan).frame
    model = map_model(frame, sites=sites, lang=lang, context=context, colour_sites_by=colour_sites_by,
                      parks=_parks(parks, sites, frame, plan), plan=plan)
    return draw_map(model, ax=ax, paper=paper, landscape=landscape)


_DONE = object()


def _ahead(items):
    """``items`` computed one ahead in a thread, in order; its exceptions are raised here.

    The next item is started only once the last one has been taken, so at
    most two are alive at a time (memory stays bounded).
    """
    import queue
    import threading

    ready: queue.Queue = queue.Queue()
    taken = threading.Semaphore(1)
    stop = threading.Event()

    def produce():
        try:
            iterator = iter(items)
            while True:
                while not taken.acquire(timeout=0.1):  # the consumer may have stopped early
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                item = next(iterator, _DONE)
                ready.put((item, None))
                if item is _DONE:
                    return
        except BaseException as exc:  # noqa: BLE001 (raised again in the consumer)
            ready.put((_DONE, exc))

    thread = threading.Thread(target=produce, name="tn-map-read", daemon=True)
    thread.start()
    try:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            taken.release()
            yield item
    finally:
        stop.set()
        thread.join()


class _Background:
    """Calls ``work`` on each item put, in order, in a thread; its first exception is raised in the caller."""

    def __init__(self, work) -> None:
        import queue
        import threading

        self._work = work
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tn-map-write", daemon=True)

    def _run(self) -> None:
        while (item := self._queue.get()) is not _DONE:
            if self._error is None:
                try:
                    self._work(item)
                except BaseException as exc:  # noqa: BLE001 (raised again in the caller)
                    self._error = exc

    def put(self, item) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(item)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._queue.put(_DONE)
        self._thread.join()
        if self._error is not None and exc_info[0] is None:
            raise self._error


def classify_file(
    path: str | Path,
    output: str | Path,
    districts: Districts | gpd.GeoDataFrame | None = None,
    *,
    lang: Lang = "vi",
    chunk_rows: int = 100_000,
    progress=None,
    plan: Plan = PLAN,
    options: ReadOptions | None = None,
    **by_name,
):
    """Classify a CSV site file into a CSV output in chunks: memory does not grow with the file.

    The same results, byte for byte, as :func:`classify_sites` followed by
    :func:`tn_map.export.write_sites` — read, locate, classify and write
    ``chunk_rows`` rows at a time.  ``progress`` is called with the number
    of rows done after each chunk.  ``options`` and ``by_name`` are those of
    :func:`read_sites` (``sheet`` and ``layer`` do not apply to a CSV).  Returns the
    :class:`~tn_map.join.SiteReport` (merged over the chunks), the notices
    and the cells changed for the spreadsheet.
    """
    from ._errors import TnMapError
    from .export.sites import csv_chunk
    from .join.sites import merge_reports
    from .load.sites import iter_site_tables

    frame = as_districts(districts, plan).frame
    output = Path(output)
    partial = output.with_name(output.name + ".part")  # the output appears whole, or not at all
    reports, notices, issues = [], [], []

    def classified_chunks():
        for table in iter_site_tables(path, options, chunk_rows=chunk_rows, **by_name):
            yield classify_located(locate_sites(table, frame), plan=plan)

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as sink, _Background(sink.write) as writer:
            # Three stages on two cores: the next chunk is read, located and classified while
            # this one is encoded and the last one written (the C parser, shapely, Arrow and
            # the file system work without the GIL).  Chunks keep their order, and at most one
            # waits between two stages, so memory stays bounded.
            for classified in _ahead(classified_chunks()):
                data, changed = csv_chunk(classified, lang=lang, first=not reports)
                writer.put(data)
                reports.append(classified.report)
                notices.extend(n for n in classified.notes if n not in notices)
                issues.extend(changed)
                if progress is not None:
                    progress(sum(r.rows_in for r in reports))
        partial.replace(output)
    except OSError as exc:
        raise TnMapError.of("cannot_write", str(output), error=exc.strerror or exc) from exc
    finally:
        partial.unlink(missing_ok=True)
    return merge_reports(reports), tuple(notices), issues
