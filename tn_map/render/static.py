"""The static renderer: draws a :class:`~tn_map.render.model.MapModel` with matplotlib, for print.

Drawn in VN-2000 / TM-3 106-30 (EPSG:9213, metres) so that shapes and the
scale bar are true; full-resolution district boundaries; the same model —
palette, texts, legend, linked space — as the interactive map.

:func:`draw_map` lays out a whole page (A4 or A3, portrait or landscape):
title, the map with a north arrow and a scale bar, a legend that keys the
zones and every site symbol, and a source line naming the Decision, the
boundary source and the CRS.  The legends and the source line are measured
and get the room they take (nothing overlaps or is cut at any paper size,
resolution or language).  Sizes are in real points on the paper.  Site
symbols differ by shape and outline as well as colour, are dark enough to
stand out on every zone fill (:data:`~tn_map.style.PRINT_SYMBOL_COLOURS`),
carry a white halo, and are numbered as the brief's site table numbers them
(:attr:`~tn_map.render.model.SiteLayerModel.numbers`), each number placed
where it collides with nothing; sites and parks that would overlap are
fanned out together around their common point.  The frame grows to hold
every site; a zone's frame lists those it leaves out under the map.  Like
contextily's ``add_basemap(ax)``, it can also draw onto a caller's axes.  Writing the figure is
:func:`tn_map.export.save_image`.

Every text is set with ``parse_math=False``: a ``$`` in a name is a dollar
sign, never math markup.
"""

from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely

from .._errors import ParameterError
from ..crs import METRIC_CRS, WGS84
from ..geom import label_point
from ..join.sites import in_zone
from ..style import (CONTEXT_STYLE, FIT_MARKERS, FORMER_PROVINCE_STYLE, LINKED_SPACE_STYLE, PRINT_OUTSIDE_COLOUR,
                     PRINT_SYMBOL_COLOURS, PRINT_ZONE_ALPHA, SITE_MARKERS)
from .model import MapModel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_map", "StaticMap", "page_size", "Page", "PAPERS"]

#: Paper sizes in millimetres (portrait: width, height).
PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

#: Sites at one position fanned out around it at most; more are drawn as one pile with their count.
MAX_FANNED = 24

_MM = 1 / 25.4
_INK = "#1a1a1a"
_GREY = "#555555"
_BACKGROUND = "#f6f6f3"


@dataclass(frozen=True)
class Page:
    """A sheet of paper: ``paper`` name, orientation, size in inches and the type scale for it."""

    paper: str
    landscape: bool
    width_in: float
    height_in: float
    margin_mm: float = 12.0

    @property
    def scale(self) -> float:
        """Type and symbol sizes relative to A4 (A3 prints about 1.2× larger)."""
        return math.sqrt(min(self.width_in, self.height_in) / (PAPERS["A4"][0] * _MM))


def page_size(paper: str | Page = "A4", landscape: bool = False) -> Page:
    """The :class:`Page` for ``paper`` (``"A4"`` or ``"A3"``, any case), portrait unless ``landscape``.

    A :class:`Page` is returned as it is (a custom size, e.g. a figure for a
    report).  An unknown name raises :class:`~tn_map.ParameterError` naming
    ``paper``.
    """
    if isinstance(paper, Page):
        return paper
    key = str(paper).strip().upper()
    if key not in PAPERS:
        raise ParameterError.of("unknown_paper", param="paper", paper=paper, papers=", ".join(PAPERS))
    w, h = PAPERS[key]
    if landscape:
        w, h = h, w
    return Page(key, bool(landscape), w * _MM, h * _MM)


@dataclass(frozen=True, eq=False)
class StaticMap:
    """A drawn print map: the matplotlib Figure and, for a whole page, its :class:`Page`.

    Returned by :func:`draw_map` instead of marking the figure: what the
    drawing decided travels here, never as attributes set on matplotlib's
    objects.  :func:`tn_map.export.save_image` writes a map with a ``page``
    at exactly the paper's size (no cropping); ``page`` is ``None`` when the
    map was drawn onto the caller's axes, whose figure is then written as
    any figure is (cropped to what is drawn).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure drawn on (a new one for a page; the axes' own otherwise).
        Its coordinates are EPSG:9213 metres; sizes are in points on paper.
    page : Page or None
        The sheet the figure is exactly the size of, or ``None``.
    """

    figure: "Figure"
    page: Page | None = None


def draw_map(
    model: MapModel,
    ax=None,
    *,
    paper: str | Page = "A4",
    landscape: bool = False,
    focus: str | None = None,
    title: bool = True,
) -> StaticMap:
    """Draw ``model`` and return it as a :class:`StaticMap` (the Figure and its page).

    Without ``ax``: a new page of ``paper`` (``"A4"``/``"A3"``), portrait
    unless ``landscape``, with title, map, legend and source line; the
    figure's size is exactly the paper's, and
    :func:`tn_map.export.save_image` keeps it so.  With ``ax``: the map,
    north arrow, scale bar, legend and source line are drawn onto those axes
    (their figure is returned in the :class:`StaticMap`, ``page`` ``None``;
    the axes' figure is neither resized nor closed).  ``focus``: a zone key to frame (other zones
    are drawn pale).  ``title=False`` leaves out the title, subtitle and
    source line (for a figure inside a document that states them as text).
    """
    from matplotlib.figure import Figure

    if focus is not None and focus not in {z.key for z in model.zones}:
        raise ParameterError.of("unknown_zone", param="zone", zone=focus, zones=", ".join(z.key for z in model.zones))
    page = page_size(paper, landscape)
    if ax is None:
        fig = Figure(figsize=(page.width_in, page.height_in))
        _draw_page(fig, model, page, focus, title)
        return StaticMap(fig, page)
    else:
        fig = ax.figure
        drawn = _Map(model, ax, page.scale, focus).draw()
        legend = _legend_handles(model, drawn, page.scale)
        leg = ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=7.5 * page.scale,
                        frameon=False, alignment="left", ncols=2)
        _plain(leg)
        # the source line below the legend, measured, never over it
        renderer = _measurer(fig)
        low = leg.get_window_extent(renderer).transformed(ax.transAxes.inverted()).y0
        width_mm = ax.get_position().width * fig.get_figwidth() * 25.4
        ax.text(0, low - 0.01, _wrap_to(_source_line(model), width_mm, 6.5 * page.scale), transform=ax.transAxes,
                fontsize=6.5 * page.scale, color=_GREY, va="top", ha="left", linespacing=1.3, parse_math=False)
    return StaticMap(fig, None)


def _plain(legend) -> None:
    for item in legend.get_texts():
        item.set_parse_math(False)
    if legend.get_title() is not None:
        legend.get_title().set_parse_math(False)


# -- areas and outlines: one matplotlib collection per layer --------------------------------------
# Drawn as geopandas' GeoDataFrame.plot draws them (rings normalised so holes stay holes, the same
# paths and styles), without its per-call bookkeeping, the pyplot import and autoscaling.


def _add_polygons(ax, geoms, **style):
    """Fill ``geoms`` (polygons and multipolygons, axes units) as one PathCollection; ``style`` per collection or per geometry."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    paths = []
    for geom in shapely.normalize(np.asarray(geoms, dtype=object)):
        rings = [Path(np.asarray(ring.coords)[:, :2], closed=True)
                 for part in shapely.get_parts(geom) for ring in (part.exterior, *part.interiors)]
        paths.append(Path.make_compound_path(*rings))
    collection = PathCollection(paths, **style)
    ax.add_collection(collection, autolim=False)
    return collection


def _add_lines(ax, geoms, **style):
    """Draw the outlines of ``geoms`` (axes units) as one LineCollection, ring by ring."""
    from matplotlib.collections import LineCollection

    lines = shapely.get_parts(shapely.normalize(shapely.boundary(np.asarray(geoms, dtype=object))))
    collection = LineCollection([np.asarray(line.coords)[:, :2] for line in lines], **style)
    ax.add_collection(collection, autolim=False)
    return collection


def UNIT_LINE_STYLE(s: float) -> dict:  # noqa: N802 - a style, scaled to the page
    """How the print map draws today's communes and wards: thin dark dots, on any fill and on the legend's white."""
    return {"color": "#3A3A3A", "linewidth": 0.35 * s, "linestyle": (0, (1, 1.5)), "alpha": 0.7}


#: How far the bundled outlines of other provinces may stray from the province's own (metres).
CONTEXT_TOLERANCE_M = 1500.0


def _add_paths(ax, lines, **style):
    """Draw line geometries (axes units) as one LineCollection, part by part."""
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(np.asarray(lines, dtype=object))
    parts = parts[~shapely.is_empty(parts)]
    collection = LineCollection([np.asarray(line.coords)[:, :2] for line in parts], **style)
    ax.add_collection(collection, autolim=False)
    return collection


def _source_line(model: MapModel) -> str:
    d = model.plan.decision
    return model.words.format("source_line", number=d.number, issuer=d.issuer.get(model.lang),
                              boundaries=model.attributions[0], crs=model.crs_note)


def _draw_page(fig, model: MapModel, page: Page, focus: str | None, titled: bool) -> None:
    """Lay out a page, measuring what is drawn: the legends and the source line get the room they take.

    The map is drawn into the room left; its legend's entries depend on what
    was drawn (fanned sites, piles), so a page whose legends outgrow the room
    first reserved for them is laid out again with the room measured (at most
    twice more).  Nothing overlaps or is cut at any paper size, resolution or
    language.
    """
    reserve = None
    for _ in range(3):
        needed = _lay_out(fig, model, page, focus, titled, reserve)
        if needed is None:
            return
        fig.clear()
        reserve = needed
    _lay_out(fig, model, page, focus, titled, reserve, last=True)


def _measurer(fig):
    """A renderer that measures text as the page will set it (at the figure's dpi; it draws nothing).

    ``Figure._get_renderer`` would start a whole draw of the page for each measurement.
    """
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, fig.dpi)


def _extent_mm(artist, fig, renderer) -> tuple[float, float]:
    """(bottom, top) of an artist as it will be drawn, in millimetres from the page's bottom edge."""
    box = artist.get_window_extent(renderer)
    return box.y0 / fig.dpi * 25.4, box.y1 / fig.dpi * 25.4


@functools.lru_cache(maxsize=4096)
def _word_width_pt(word: str, size: float) -> float:
    return _text_width_pt(word, size)


def _wrap_to(text: str, width_mm: float, size: float) -> str:
    """``text`` broken into lines no wider than ``width_mm`` when set at ``size`` points.

    Each word is measured once (a line's width: its words and spaces, with 2 % to spare for
    kerning), not every prefix of every line.
    """
    lines, line, used = [], "", 0.0
    limit = width_mm * 72 / 25.4 / 1.02
    space = _word_width_pt("a a", size) - 2 * _word_width_pt("a", size)
    for word in text.split():
        width = _word_width_pt(word, size)
        if line and used + space + width > limit:
            lines.append(line)
            line, used = word, width
        else:
            line, used = (f"{line} {word}", used + space + width) if line else (word, width)
    return "\n".join(lines + [line] if line else lines)


def _lay_out(fig, model: MapModel, page: Page, focus: str | None, titled: bool, reserve,
             last: bool = False):
    """Draw the page with ``reserve`` (legend room in mm, or for landscape a legend type scale).

    Returns ``None`` when everything fits, else the reserve to lay out again with.
    """
    s = page.scale
    W, H = page.width_in / _MM, page.height_in / _MM  # mm
    margin = page.margin_mm
    gap = 3.0 * s
    text = {"parse_math": False}
    renderer = _measurer(fig)

    top = H - margin  # mm from the bottom edge: where the map may start, below the title
    bottom = margin  # where the map and legends may end, above the source line
    if titled:
        # wrapped at the page's edge when too long; measured once here, since matplotlib's wrapping
        # measures every word-by-word prefix of the line
        title_size = 14 * s
        long = _text_width_pt(model.title, title_size, "bold") > (W - margin) * 72 / 25.4
        fig.text(margin / W, 1 - margin / H, model.title, fontsize=title_size, weight="bold", va="top", ha="left",
                 color=_INK, wrap=long, **text)
        subtitle = fig.text(margin / W, 1 - (margin + 8.5 * s) / H, _wrap_to(model.subtitle, W - 2 * margin, 8.5 * s),
                            fontsize=8.5 * s, va="top", ha="left", color=_GREY, **text)
        top = _extent_mm(subtitle, fig, renderer)[0] - 3 * s
        source = fig.text(margin / W, margin / H, _wrap_to(_source_line(model), W - 2 * margin, 6.5 * s),
                          fontsize=6.5 * s, va="bottom", ha="left", color=_GREY, linespacing=1.3, **text)
        bottom = _extent_mm(source, fig, renderer)[1] + gap
    outside = _outside_frame(model, focus)
    note = None
    if outside:
        words = model.words.format("sites_outside_frame", sites="; ".join(outside))
        width = W - 2 * margin if not page.landscape else 78.0 * s
        note = fig.text(margin / W if not page.landscape else (W - margin - width) / W, bottom / H,
                        _wrap_to(words, width, 7 * s), fontsize=7 * s, va="bottom", ha="left", color=_INK,
                        linespacing=1.25, **text)
        if not page.landscape:
            bottom = _extent_mm(note, fig, renderer)[1] + gap

    if page.landscape:
        legend_w = 78.0 * s
        legend_scale = reserve or 1.0
        map_box = (margin / W, bottom / H, (W - 2 * margin - legend_w - 6) / W, (top - bottom) / H)
        legend_top = top
        legend_bottom = _extent_mm(note, fig, renderer)[1] + gap if note is not None else bottom
    else:
        legend_h = reserve or 62.0 * s
        legend_scale = 1.0
        map_box = (margin / W, (bottom + legend_h + gap) / H, (W - 2 * margin) / W, (top - bottom - legend_h - gap) / H)
        legend_top = bottom + legend_h
        legend_bottom = bottom
    ax = fig.add_axes(map_box)
    drawn = _Map(model, ax, s, focus).draw()

    ls = s * legend_scale
    zone_handles, site_handles, site_title = _legend_parts(model, drawn, s, ls)
    x0 = (W - margin - 78.0 * s) / W if page.landscape else margin / W
    zone_legend = fig.legend(handles=zone_handles, loc="upper left", bbox_to_anchor=(x0, legend_top / H),
                             fontsize=7.5 * ls, title=model.words["legend"], title_fontsize=8.5 * ls, frameon=False,
                             alignment="left", handlelength=2.2, handleheight=1.4, labelspacing=0.7, borderaxespad=0,
                             borderpad=0)
    _plain(zone_legend)
    low = _extent_mm(zone_legend, fig, renderer)[0]
    if site_handles:
        if page.landscape:  # below the zone legend, measured as it is drawn
            anchor = (x0, (low - 4 * ls) / H)
        else:
            anchor = (0.5 + 2 / W, legend_top / H)
        site_legend = fig.legend(handles=site_handles, loc="upper left", bbox_to_anchor=anchor, fontsize=7.5 * ls,
                                 title=site_title, title_fontsize=8.5 * ls, frameon=False, alignment="left",
                                 handlelength=2.2, labelspacing=0.7, borderaxespad=0, borderpad=0)
        _plain(site_legend)
        low = min(low, _extent_mm(site_legend, fig, renderer)[0])
    if last or low >= legend_bottom - 0.01:
        return None
    if page.landscape:  # the column is as tall as the page allows: set its type smaller
        used = legend_top - low
        return legend_scale * max(0.6, 0.97 * (legend_top - legend_bottom) / used)
    return (legend_top - low) + 1.0


def _outside_frame(model: MapModel, focus: str | None) -> list[str]:
    """Sites that the frame leaves out (those outside ``focus``'s zone), as "number name" for the note under the map."""
    if focus is None:
        return []
    out = []
    for layer in model.sites:
        located = layer.sites.located
        name_col = layer.sites.roles.name
        for number, inside, (_, row) in zip(layer.numbers, in_zone(located, focus), located.iterrows()):
            if not inside:
                name = str(row[name_col]) if name_col and row[name_col] == row[name_col] else ""
                out.append(f"{number} {name}".strip())
    return out


def _text_width_pt(text: str, size: float, weight: str = "normal") -> float:
    """Width of one line of ``text`` set in the default font at ``size`` points, in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _, _ = text_to_path.get_text_width_height_descent(text, FontProperties(size=size, weight=weight),
                                                               ismath=False)
    return width


def _wrap(text: str, width: int = 46) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def _legend_parts(model: MapModel, drawn: "_SitesDrawn | None", s: float, ls: float | None = None):
    """(zone handles, site handles, site legend title): everything the map shows, keyed.

    ``drawn``: what :meth:`_Map.draw` drew of sites and parks (``None``: none); ``s``: the map's type scale (symbol sizes); ``ls``: the legend's (default ``s``).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ls = s if ls is None else ls
    lw = 0.8 * ls
    zones = [Patch(facecolor=z.colour, alpha=PRINT_ZONE_ALPHA, edgecolor="white",
                   label=f"{z.name}\n{_wrap(', '.join(z.districts))}") for z in model.zones]
    for space in model.linked:
        zones.append(Patch(facecolor=LINKED_SPACE_STYLE["fillColor"], alpha=0.6, edgecolor=LINKED_SPACE_STYLE["color"],
                           linewidth=lw, label=_wrap(space.outline_label)))
    if model.new_units is not None:
        zones.append(Patch(facecolor=FORMER_PROVINCE_STYLE["fillColor"], alpha=0.5, hatch="///",
                           edgecolor=FORMER_PROVINCE_STYLE["color"], linestyle=":", linewidth=lw,
                           label=_wrap(model.new_units.bac_kan_layer_name)))
    if model.new_units is not None and model.new_units.outlines is not None:
        zones.append(Line2D([], [], label=_wrap(model.new_units.layer_name), **UNIT_LINE_STYLE(ls)))
    if model.neighbours is not None:
        zones.append(Line2D([], [], color=CONTEXT_STYLE["color"], linestyle="--", linewidth=0.6 * ls,
                            label=model.words["layer_neighbours"]))
    sites = []
    title = ""
    size = 7.0 * ls
    if model.sites and drawn is not None and drawn.keys:
        by_fit = model.sites[0].colour_by == "fit"
        title = model.words["sites_legend" if by_fit else "sites_by_zone"]
        markers = FIT_MARKERS if by_fit else SITE_MARKERS
        for symbol in model.site_symbols:
            if symbol.key not in drawn.keys:
                continue
            sites.append(_marker_handle(markers[symbol.key], PRINT_SYMBOL_COLOURS.get(symbol.key, symbol.colour), size,
                                        ls, label=_wrap(symbol.label, 40)))
        if drawn.outside:
            sites.append(_marker_handle(markers[""], PRINT_OUTSIDE_COLOUR, size, ls,
                                        label=model.words["site_outside_zoning"]))
        if drawn.exact and drawn.approximate:
            sites.append(_marker_handle("o", "#4D4D4D", size, ls, label=_wrap(model.words["site_exact"], 40)))
        if drawn.approximate:
            sites.append(_marker_handle("o", "#4D4D4D", size, ls, hollow=True,
                                        label=_wrap(model.words["site_approximate"], 40)))
        if drawn.numbered:
            sites.append(Line2D([], [], linestyle="none", marker="$7$", markersize=size * 0.8, color=_INK,
                                label=_wrap(model.words["site_numbers"], 40)))
        if drawn.crowded:
            sites.append(Line2D([], [], linestyle="none", marker="s", markersize=size * 0.9, markerfacecolor="white",
                                markeredgecolor=_INK, markeredgewidth=0.5 * ls,
                                label=_wrap(model.words["site_count"], 40)))
    if drawn is not None and drawn.fanned:
        sites.append(Line2D([], [], linestyle="none", marker="o", markersize=2.2 * ls, markerfacecolor=_INK,
                            markeredgecolor="white", markeredgewidth=0.4 * ls,
                            label=_wrap(model.words["site_fanned"], 40)))
    parks = _park_handles(model, ls)
    if parks:
        parks.append(Line2D([], [], linestyle="none", marker="None", label=_wrap(model.parks.legend_note, 40)))
    return zones, sites + parks, title or (model.parks.legend_title if parks else "")


def _legend_handles(model: MapModel, drawn: "_SitesDrawn | None", s: float):
    zones, sites, _ = _legend_parts(model, drawn, s)
    return zones + sites


def _marker_handle(marker: str, colour: str, size: float, s: float, *, label: str, hollow: bool = False):
    from matplotlib.lines import Line2D

    return Line2D([], [], linestyle="none", marker=marker, markersize=size * _SHAPE_SCALE.get(marker, 1.0),
                  markerfacecolor="white" if hollow else colour, markeredgecolor=colour if hollow else _INK,
                  markeredgewidth=(1.6 if hollow else 0.7) * s, label=label)


# Visual size of each shape relative to a circle of the same nominal size.
_SHAPE_SCALE = {"o": 1.0, "s": 0.88, "^": 1.1, "v": 1.1, "D": 0.8, "p": 1.0}


@dataclass
class _SitesDrawn:
    size: float  # marker diameter, points
    exact: bool = False
    approximate: bool = False
    fanned: bool = False
    outside: bool = False
    numbered: bool = False
    keys: frozenset = frozenset()  # the symbol keys drawn
    crowded: bool = False  # some positions hold more sites than can be fanned out: their count is shown


class _Map:
    """Draws the map frame of a model onto axes: areas, labels, sites, north arrow and scale bar."""

    def __init__(self, model: MapModel, ax, scale: float, focus: str | None) -> None:
        self.model, self.ax, self.s, self.focus = model, ax, scale, focus
        self.metric = model.districts.to_crs(METRIC_CRS)
        self.text = {"parse_math": False}
        self.drawn: _SitesDrawn | None = None  # set by _symbols when there are sites or parks

    def draw(self) -> "_SitesDrawn | None":
        """Draw the map frame; return what was drawn of sites and parks (for the legend), or ``None``."""
        ax = self.ax
        framed = self.metric if self.focus is None else self.metric[self.metric["zone"] == self.focus]
        minx, miny, maxx, maxy = framed.total_bounds
        # the frame grows to hold every site drawn (e.g. one in former Bắc Kạn, north of the old province)
        self.site_points = self._site_points()
        if len(self.site_points):
            sx, sy = self.site_points.geometry.x.to_numpy(), self.site_points.geometry.y.to_numpy()
            minx, miny = min(minx, sx.min()), min(miny, sy.min())
            maxx, maxy = max(maxx, sx.max()), max(maxy, sy.max())
        pad = 0.06 * max(maxx - minx, maxy - miny)
        ax.set_facecolor(_BACKGROUND)
        # the extent: the data with a margin, widened to the axes' proportions (equal scale on x and y)
        pos = ax.get_position()
        box_w, box_h = pos.width * ax.figure.get_figwidth(), pos.height * ax.figure.get_figheight()
        w, h = maxx - minx + 2 * pad, maxy - miny + 2 * pad
        if w / h < box_w / box_h:
            w = h * box_w / box_h
        else:
            h = w * box_h / box_w
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
        self.box = shapely.box(x0, y0, x1, y1)
        # metres per typographic point on the paper
        width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
        self.m_per_pt = (x1 - x0) / width_pt

        self._context()
        self._districts()
        anchors, labels = self._symbols()
        self._labels(anchors, labels)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("auto")  # the limits already have the box's proportions: equal scale, nothing to adjust
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        for spine in ax.spines.values():
            spine.set_linewidth(0.6 * self.s)
            spine.set_color("#444444")
        self._north_arrow()
        self._scale_bar()
        return self.drawn

    # -- areas -------------------------------------------------------------
    def _context(self) -> None:
        ax, model, s = self.ax, self.model, self.s
        # The bundled outlines of the other provinces are generalised (to about 1 km); the province's
        # own are full resolution.  Drawn as they are, at a zone's zoom their edges cross the zone
        # fills and leave white slivers along them.  So the other provinces give way to the
        # province: fills reach its edge and stop there, outlines stop short of it.
        province = shapely.coverage_union_all(self.metric.geometry.values)  # districts tile the province
        if model.new_units is not None:
            province = shapely.union(province, shapely.union_all(model.new_units.bac_kan.to_crs(METRIC_CRS).geometry.values))
        near = shapely.buffer(province, CONTEXT_TOLERANCE_M)
        partners = [space.partners.to_crs(METRIC_CRS) for space in model.linked]  # each projected once
        others = (shapely.union_all(model.neighbours.to_crs(METRIC_CRS).geometry.values)
                  if model.neighbours is not None and len(model.neighbours) else shapely.Polygon())
        for frame in partners:
            filled = shapely.union_all(frame.geometry.values)
            # grown up to the province's edge (no sliver), but not into a neighbour that is not a partner
            rim = shapely.difference(shapely.intersection(shapely.buffer(filled, CONTEXT_TOLERANCE_M), near), others)
            filled = shapely.difference(shapely.union(filled, rim), province)
            _add_polygons(ax, [filled], facecolor=LINKED_SPACE_STYLE["fillColor"], alpha=0.45, edgecolor="none")
            outline = shapely.difference(shapely.boundary(frame.geometry.values), near)
            _add_paths(ax, outline, color=LINKED_SPACE_STYLE["color"], linewidth=0.8 * s)
        if model.neighbours is not None:
            context = model.neighbours.to_crs(METRIC_CRS)
            if partners:
                context = gpd.GeoDataFrame(gpd.pd.concat([context] + partners, ignore_index=True), crs=METRIC_CRS)
            _add_paths(ax, shapely.difference(shapely.boundary(context.geometry.values), near),
                       color=CONTEXT_STYLE["color"], linewidth=0.6 * s, linestyle="--")
            # today's province around an old partner (Phú Thọ around Vĩnh Phúc) is named where it is not that partner
            taken = shapely.union_all([g for frame in partners for g in frame.geometry.values]) if partners else shapely.Polygon()
            n_today = len(model.neighbours)
            for i, (geom, name) in enumerate(zip(context.geometry, context["name"])):
                visible = geom.intersection(self.box)
                if i < n_today:
                    visible = shapely.difference(visible, taken)
                if not visible.is_empty and visible.area > 0.02 * self.box.area:
                    p = label_point(visible, tolerance=10.0)
                    ax.annotate(_wrap(name, 28), (p.x, p.y), ha="center", va="center", fontsize=7.5 * s,
                                style="italic", color=_GREY, **self.text)
        if model.new_units is not None:
            former = model.new_units.bac_kan.to_crs(METRIC_CRS)
            _add_polygons(ax, former.geometry, facecolor=FORMER_PROVINCE_STYLE["fillColor"], alpha=0.35,
                          edgecolor=FORMER_PROVINCE_STYLE["color"], linewidth=0.8 * s, linestyle=":", hatch="///")
            visible = former.geometry.iloc[0].intersection(self.box)
            if not visible.is_empty and visible.area > 0.01 * self.box.area:
                p = label_point(visible, tolerance=10.0)
                ax.annotate(_wrap(model.new_units.bac_kan_label, 34), (p.x, p.y), ha="center", va="center",
                            fontsize=7 * s, style="italic", color="#333333", zorder=6,
                            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85}, **self.text)

    def _districts(self) -> None:
        ax, model, s = self.ax, self.model, self.s
        colours = {z.key: z.colour for z in model.zones}
        pale = [self.focus is not None and z != self.focus for z in self.metric["zone"]]
        faces = [colours[z] for z in self.metric["zone"]]
        alphas = [0.2 if p else PRINT_ZONE_ALPHA for p in pale]
        outlines = model.new_units.outlines if model.new_units is not None else None
        # with today's units drawn, the districts' white borders go on top of them, once
        _add_polygons(ax, self.metric.geometry, facecolor=faces, alpha=alphas,
                      edgecolor="white" if outlines is None else "none", linewidth=1.2 * s)
        if outlines is not None:
            # today's communes and wards: thin, under the old districts' strong white borders
            borders = shapely.boundary(outlines.to_crs(METRIC_CRS).geometry.values)
            _add_paths(ax, borders, **UNIT_LINE_STYLE(s))
            _add_lines(ax, self.metric.geometry, color="white", linewidth=1.2 * s)
        for space in model.linked:
            outline = gpd.GeoSeries([space.outline], crs=model.districts.crs).to_crs(METRIC_CRS)
            _add_lines(ax, outline, color=LINKED_SPACE_STYLE["color"], linewidth=2.0 * s, linestyle=(0, (5, 3)))

    # -- sites and parks ---------------------------------------------------
    def _site_points(self) -> gpd.GeoDataFrame:
        """Located sites to draw (EPSG:9213) with ``number`` and ``key`` (symbol); those of ``focus``'s zone only.

        Sites outside the focused zone are left out of the frame and listed under the map.
        """
        model = self.model
        frames = []
        for layer in model.sites:
            located = layer.sites.located
            if len(located):
                frame = located[["geometry"]].to_crs(METRIC_CRS)
                # symbol and fill as the model decided them (a two-zone site: its first zone's symbol);
                # a two-zone site is in the frame of either zone
                frame["key"] = layer.symbol_keys
                frame["hollow"] = layer.hollow
                frame["in_focus"] = in_zone(located, self.focus) if self.focus is not None else True
                frame["number"] = layer.numbers
                frames.append(frame)
        if not frames:
            return gpd.GeoDataFrame({"number": [], "key": [], "hollow": []}, geometry=[], crs=METRIC_CRS)
        sites = gpd.GeoDataFrame(gpd.pd.concat(frames, ignore_index=True), crs=METRIC_CRS)
        if self.focus is not None:
            sites = sites[sites["in_focus"].to_numpy(dtype=bool)]
        return sites

    def _symbols(self) -> tuple[np.ndarray, list]:
        """Draw the sites and the parks, fanned out together where they would overlap; number the sites.

        Returns the symbols' places as (x, y, radius in metres) and the number labels' boxes, for
        the district names to keep clear of.
        """
        ax, model, s, m = self.ax, self.model, self.s, self.m_per_pt
        sites = self.site_points
        site_size, park_size = 7.0 * s, 10.0 * s  # symbol widths, points
        drawn = _SitesDrawn(size=site_size)
        self.drawn = drawn  # what the legend keys: site symbols, and fanned groups of sites or parks
        parks = model.parks.parks if model.parks is not None else ()
        park_xy = np.empty((0, 2))
        if parks:
            points = gpd.GeoSeries(gpd.points_from_xy([p.lon for p in parks], [p.lat for p in parks]),
                                   crs=WGS84).to_crs(METRIC_CRS)
            park_xy = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
        xs = np.concatenate([sites.geometry.x.to_numpy(), park_xy[:, 0]])
        ys = np.concatenate([sites.geometry.y.to_numpy(), park_xy[:, 1]])
        sizes = np.concatenate([np.full(len(sites), site_size), np.full(len(parks), park_size)])
        if not len(xs):
            return np.empty((0, 3)), []
        px, py, anchors, crowds = _fan_out(xs, ys, sizes * m, MAX_FANNED)
        drawn.fanned = bool(len(anchors))
        n = len(sites)
        if n:
            self._draw_sites(sites, px[:n], py[:n], drawn, crowds)
        if parks:
            _draw_parks(self, px[n:], py[n:], park_size)
        if len(anchors):
            ax.scatter(anchors[:, 0], anchors[:, 1], s=(2.2 * s) ** 2, c=_INK, edgecolors="white", linewidths=0.4 * s,
                       zorder=9.6)
        obstacles = np.column_stack([px, py, (sizes / 2 + 1.3 * s) * m])
        labels = self._numbers(sites, px[:n], py[:n], obstacles, crowds) if n else []
        drawn.numbered = bool(labels)
        return obstacles, labels

    def _draw_sites(self, sites, px, py, drawn: "_SitesDrawn", crowds) -> None:
        ax, model, s = self.ax, self.model, self.s
        size = drawn.size
        by_fit = model.sites[0].colour_by == "fit"
        markers = FIT_MARKERS if by_fit else SITE_MARKERS
        keys = list(sites["key"])
        approx = sites["hollow"].to_numpy(dtype=bool)
        drawn.exact = bool((~approx).any())
        drawn.approximate = bool(approx.any())
        drawn.outside = any(k == "" for k in keys)
        drawn.keys = frozenset(keys)
        drawn.crowded = bool(crowds)
        halo = (size + 2.6 * s) ** 2
        face = np.array([PRINT_SYMBOL_COLOURS.get(k, PRINT_OUTSIDE_COLOUR) for k in keys], dtype=object)
        for marker in dict.fromkeys(markers.values()):
            chosen = np.array([markers[k] == marker for k in keys], dtype=bool)
            if not chosen.any():
                continue
            area = (size * _SHAPE_SCALE.get(marker, 1.0)) ** 2
            ax.scatter(px[chosen], py[chosen], s=halo * _SHAPE_SCALE.get(marker, 1.0) ** 2, marker=marker,
                       c="white", linewidths=0, zorder=7)
            solid = chosen & ~approx
            if solid.any():
                ax.scatter(px[solid], py[solid], s=area, marker=marker, c=list(face[solid]), edgecolors="white",
                           linewidths=0.5 * s, zorder=8)
            hollow = chosen & approx
            if hollow.any():
                ax.scatter(px[hollow], py[hollow], s=area * 0.82, marker=marker, c="white",
                           edgecolors=list(face[hollow]), linewidths=1.6 * s, zorder=8)
        for cx, cy, members in crowds:
            ax.annotate(str(len(members)), (cx, cy), xytext=(size * 0.6, size * 0.6), textcoords="offset points",
                        ha="left", va="bottom", fontsize=7 * s, weight="bold", color=_INK, zorder=10,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": _INK, "lw": 0.5 * s}, **self.text)

    def _numbers(self, sites, px, py, obstacles: np.ndarray, crowds) -> list:
        """Label each site with its number (:attr:`SiteLayerModel.numbers`) where it collides with nothing.

        Candidate places ring the symbol at growing distances (eight directions each); the first
        free of every symbol, every number placed before and the frame's edge is taken, with a
        leader line when it is not right beside the symbol.  Returns the labels' boxes (metres).
        """
        import matplotlib.patheffects as pe
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        ax, s, m = self.ax, self.s, self.m_per_pt
        size = 6.5 * s
        font = FontProperties(weight="bold", size=size)
        measure = TextToPath()
        piled = {int(i) for _, _, members in crowds for i in members}
        x0, y0, x1, y1 = self.box.bounds
        symbols = np.column_stack([obstacles[:, 0] - obstacles[:, 2], obstacles[:, 1] - obstacles[:, 2],
                                   obstacles[:, 0] + obstacles[:, 2], obstacles[:, 1] + obstacles[:, 2]])
        taken: list[tuple[float, float, float, float]] = []
        halo = [pe.Stroke(linewidth=2.2 * s, foreground="white")]
        directions = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]
        for i, number in enumerate(sites["number"]):
            if i in piled:
                continue
            text = str(int(number))
            w_pt, h_pt, _ = measure.get_text_width_height_descent(text, font, ismath=False)
            w, h = (w_pt + 1.2 * s) * m, (1.17 * size + 0.6 * s) * m  # the font's box (ascent to descent), as a reader's viewer selects it
            r = obstacles[i, 2]
            chosen = None
            for ring in range(6):
                d = r + (0.6 + 3.0 * ring) * s * m
                for dx, dy in directions:
                    norm = math.hypot(dx, dy)
                    cx = px[i] + dx / norm * (d + w / 2 * abs(dx / norm) * 1.0)
                    cy = py[i] + dy / norm * (d + h / 2 * abs(dy / norm) * 1.0)
                    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                    if box[0] < x0 or box[2] > x1 or box[1] < y0 or box[3] > y1:
                        continue
                    hits = ((symbols[:, 0] < box[2]) & (box[0] < symbols[:, 2]) & (symbols[:, 1] < box[3])
                            & (box[1] < symbols[:, 3]))
                    if hits.any() or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                                         for b in taken):
                        continue
                    chosen = (cx, cy, box, ring)
                    break
                if chosen is not None:
                    break
            if chosen is None:  # nowhere free: beside the symbol, on the right
                cx, cy = px[i] + r + w / 2, py[i]
                chosen = (cx, cy, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), 0)
            cx, cy, box, ring = chosen
            taken.append(box)
            if ring:
                ax.plot([px[i], cx], [py[i], cy], color=_INK, linewidth=0.4 * s, zorder=9.7)
            for effects in (halo, None):  # the halo is a path; the number on top stays text (searchable)
                ax.text(cx, cy, text, ha="center", va="center", fontsize=size, weight="bold", color=_INK,
                        zorder=10, path_effects=effects, **self.text)
        return taken

    # -- labels ------------------------------------------------------------
    def _labels(self, obstacles: np.ndarray, numbers: list = ()) -> None:
        """District names beside their anchor: above it if free, else below, right or left, clear of sites and names."""
        import matplotlib.patheffects as pe
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        ax, s, m = self.ax, self.s, self.m_per_pt
        halo = [pe.Stroke(linewidth=2.6 * s, foreground="white")]
        size = 9 * s
        font = FontProperties(weight="bold", size=size)
        measure = TextToPath()
        taken: list[tuple[float, float, float, float]] = []  # names placed so far
        sites = np.column_stack([obstacles[:, 0] - obstacles[:, 2], obstacles[:, 1] - obstacles[:, 2],
                                 obstacles[:, 0] + obstacles[:, 2], obstacles[:, 1] + obstacles[:, 2]])
        for geom, name, zone in zip(self.metric.geometry, self.metric["name"], self.metric["zone"]):
            p = label_point(geom, tolerance=10.0)
            if not self.box.contains(p):
                continue
            w_pt, h_pt, _ = measure.get_text_width_height_descent(name, font, ismath=False)
            w, h = (w_pt + 2 * s) * m, (max(h_pt, 1.17 * size) + 1 * s) * m  # at least the font's box
            near = sites[np.hypot(obstacles[:, 0] - p.x, obstacles[:, 1] - p.y) < 45 * s * m + w]
            blocking = taken + [tuple(b) for b in near] + list(numbers)
            candidates = []
            for dist in (3, 6, 10, 14, 19, 25, 32):
                d = dist * s * m
                candidates += [(0.0, d + h / 2), (0.0, -(d + h / 2)), (d + w / 2, 0.0), (-(d + w / 2), 0.0)]
            chosen = None
            x0, y0, x1, y1 = self.box.bounds
            for dx, dy in candidates:
                cx, cy = p.x + dx, p.y + dy
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if box[0] < x0 or box[2] > x1 or box[1] < y0 or box[3] > y1:  # never cut by the frame's edge
                    continue
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in blocking):
                    chosen = (dx, dy)
                    break
            if chosen is None:
                if self.focus is not None and zone != self.focus:
                    continue  # a name of another zone, at the frame's edge: left out rather than cut
                chosen = candidates[0]
            cx, cy = p.x + chosen[0], p.y + chosen[1]
            taken.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
            colour = _INK if self.focus is None or zone == self.focus else "#666666"
            for effects in (halo, None):  # the halo is a path; the text on top stays text (searchable)
                ax.annotate(name, (p.x, p.y), xytext=(chosen[0] / m, chosen[1] / m), textcoords="offset points",
                            ha="center", va="center_baseline", fontsize=size, weight="bold", color=colour, zorder=10,
                            path_effects=effects, **self.text)

    # -- north arrow and scale bar ----------------------------------------
    def _north_arrow(self) -> None:
        """An arrow to true north (grid north of EPSG:9213 differs by the meridian convergence)."""
        from matplotlib.patches import Polygon

        ax, s = self.ax, self.s
        centre = gpd.GeoSeries([self.box.centroid], crs=METRIC_CRS).to_crs(WGS84).iloc[0]
        # the meridian through the centre, in grid coordinates (geopandas reuses its WGS84→EPSG:9213 transformer)
        meridian = gpd.GeoSeries([shapely.Point(centre.x, lat) for lat in (centre.y, centre.y + 0.05)], crs=WGS84)
        (ax0, ay0), (ax1, ay1) = shapely.get_coordinates(meridian.to_crs(METRIC_CRS).values)
        angle = math.atan2(ax1 - ax0, ay1 - ay0)  # radians clockwise from grid north
        # position: top right, in axes coordinates; sizes in points
        fig = ax.figure
        width_pt = ax.get_position().width * fig.get_figwidth() * 72
        height_pt = ax.get_position().height * fig.get_figheight() * 72
        length = 16 * s
        cx, cy = 1 - (12 * s) / width_pt, 1 - (24 * s) / height_pt
        ux, uy = math.sin(angle), math.cos(angle)
        vx, vy = uy, -ux

        def at(along: float, across: float) -> tuple[float, float]:
            return (cx + (along * ux + across * vx) / width_pt, cy + (along * uy + across * vy) / height_pt)

        tip, tail, left, right = at(length / 2, 0), at(-length / 2, 0), at(-length / 2, -5 * s), at(-length / 2, 5 * s)
        notch = at(-length / 4, 0)
        ax.add_patch(Polygon([tip, left, notch], closed=True, transform=ax.transAxes, facecolor="white",
                             edgecolor=_INK, linewidth=0.7 * s, zorder=11))
        ax.add_patch(Polygon([tip, notch, right], closed=True, transform=ax.transAxes, facecolor=_INK,
                             edgecolor=_INK, linewidth=0.7 * s, zorder=11))
        del tail
        lx, ly = at(length / 2 + 2 * s, 0)
        ax.text(lx, ly, self.model.words["north"], transform=ax.transAxes, ha="center", va="bottom",
                fontsize=9 * s, weight="bold", color=_INK, zorder=11, parse_math=False)

    def _scale_bar(self) -> None:
        from matplotlib_scalebar.scalebar import ScaleBar

        s = self.s
        bar = ScaleBar(1, units="m", dimension="si-length", location="lower right", length_fraction=0.22, rotation="horizontal-only",
                       width_fraction=0.008, box_alpha=0.8, box_color="white", color=_INK, border_pad=0.8,
                       font_properties={"size": 7.5 * s}, scale_formatter=lambda value, unit: f"{value} {unit}")
        bar.set_zorder(11)
        self.ax.add_artist(bar)


# -- the master plan's industrial parks ---------------------------------------------------------
def _park_marker():
    """The parks' symbol as a matplotlib marker: the page's factory outline (the model's), y up."""
    from matplotlib.path import Path

    from .model import PARK_OUTLINE  # not through the page's module: that would load folium

    vertices = [(x - 10.0, 10.0 - y) for x, y in PARK_OUTLINE]
    return Path(vertices + [vertices[0]], [Path.MOVETO] + [Path.LINETO] * (len(vertices) - 1) + [Path.CLOSEPOLY])


def _draw_parks(drawing: _Map, px: np.ndarray, py: np.ndarray, size: float) -> None:
    """Draw the model's parks at ``px``/``py`` (EPSG:9213; fanned out with the sites), filled by status."""
    from .model import PARK_INK

    ax, s = drawing.ax, drawing.s
    marker = _park_marker()
    fills = [p.fill for p in drawing.model.parks.parks]
    ax.scatter(px, py, s=size ** 2, marker=marker, c="white", edgecolors="white", linewidths=2.6 * s, zorder=9)
    ax.scatter(px, py, s=size ** 2, marker=marker, c=fills, edgecolors=PARK_INK, linewidths=0.8 * s, zorder=9.5)


def _fan_out(xs: np.ndarray, ys: np.ndarray, widths: np.ndarray, max_fanned: int):
    """Spread symbols that would overlap around their common centre.

    Symbols closer than their widths form a group (single linkage: touching
    discs of each symbol's width, merged); a group of up to eight is set on a
    ring, a larger one on a sunflower spiral, and one of more than
    ``max_fanned`` is left as one pile.  Returns (x, y, centres of fanned
    groups as an (n, 2) array, piles as (x, y, member indices)); all in the
    units of ``xs``/``ys``.
    """
    def groups_of(x, y):
        """Each symbol's group: discs of the symbols' widths that touch, merged."""
        points = shapely.points(x, y)
        blobs = shapely.get_parts(shapely.union_all(shapely.buffer(points, widths * 0.55, quad_segs=4)))
        pairs = shapely.STRtree(blobs).query(points, predicate="intersects")
        found = np.empty(len(x), dtype=np.int64)
        found[pairs[0]] = pairs[1]
        return found

    group_of = groups_of(xs, ys)
    for _ in range(6):  # a fanned group may reach a neighbour: fan both out together, until none touch
        px, py = xs.astype(float).copy(), ys.astype(float).copy()
        anchors, piles = [], []
        for g in np.unique(group_of):
            members = np.flatnonzero(group_of == g)
            n = len(members)
            if n < 2:
                continue
            cx, cy = float(xs[members].mean()), float(ys[members].mean())
            step = float(widths[members].max()) * 1.15
            if n > max_fanned:
                px[members], py[members] = cx, cy
                piles.append((cx, cy, members))
                continue
            if n <= 8:
                radius = max(step, step / (2 * math.sin(math.pi / n)))
                angles = 2 * math.pi * np.arange(n) / n
                ox, oy = radius * np.sin(angles), radius * np.cos(angles)
            else:
                k = np.arange(n)
                r = 1.05 * step * np.sqrt(k + 0.5)
                ox, oy = r * np.sin(k * math.pi * (3 - math.sqrt(5))), r * np.cos(k * math.pi * (3 - math.sqrt(5)))
            px[members], py[members] = cx + ox, cy + oy
            anchors.append((cx, cy))
        touching = groups_of(px, py)
        merged = group_of.copy()
        for t in np.unique(touching):
            members = np.flatnonzero(touching == t)
            old = np.unique(group_of[members])
            if len(old) > 1:
                merged[np.isin(merged, old)] = old[0]
        piled = {int(i) for _, _, m in piles for i in m}
        if np.array_equal(merged, group_of) or any(int(i) in piled for i in np.flatnonzero(merged != group_of)):
            break
        group_of = merged
    return px, py, np.array(anchors).reshape(-1, 2), piles


def _park_handles(model: MapModel, s: float) -> list:
    """The parks' legend entries: one per status on the map."""
    from matplotlib.lines import Line2D

    from .model import PARK_INK, park_fill  # the model's, not through the page's module (folium)

    if model.parks is None or not model.parks.parks:
        return []
    return [
        Line2D([], [], linestyle="none", marker=_park_marker(), markersize=10.0 * s, markerfacecolor=park_fill(key),
               markeredgecolor=PARK_INK, markeredgewidth=0.8 * s,
               label=_wrap(model.words.format("parks_legend_item", status=words)))
        for key, words in model.parks.statuses
    ]
