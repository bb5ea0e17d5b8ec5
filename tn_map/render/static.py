"""The static renderer: draws a :class:`~tn_map.render.model.MapModel` with matplotlib, for print.

Drawn in VN-2000 / TM-3 106-30 (EPSG:9213, metres) so that shapes and the
scale bar are true; full-resolution district boundaries; the same model —
palette, texts, legend, linked space — as the interactive map.

:func:`draw_map` lays out a whole page (A4 or A3, portrait or landscape):
title, the map with a north arrow and a scale bar, a legend that keys the
zones and every site symbol, and a source line naming the Decision, the
boundary source and the CRS.  Sizes are in real points on the paper.  Site
symbols differ by shape and outline as well as colour, carry a white halo
so they stand out on any zone fill, and sites that share a position are
fanned out around it.  Like contextily's ``add_basemap(ax)``, it can also
draw onto a caller's axes.  Writing the figure is
:func:`tn_map.export.save_image`.

Every text is set with ``parse_math=False``: a ``$`` in a name is a dollar
sign, never math markup.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from .._errors import ParameterError
from ..crs import METRIC_CRS, WGS84
from ..geom import label_point
from ..i18n import tr
from ..style import FIT_MARKERS, SITE_MARKERS, CONTEXT_STYLE, FORMER_PROVINCE_STYLE, LINKED_SPACE_STYLE, OUTSIDE_ZONING_COLOUR
from .model import MapModel

__all__ = ["draw_map", "page_size", "Page", "PAPERS"]

#: Paper sizes in millimetres (portrait: width, height).
PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

#: Sites at one position fanned out around it at most; more are drawn as one pile with their count.
MAX_FANNED = 24

_MM = 1 / 25.4
_INK = "#1a1a1a"
_GREY = "#555555"
_BACKGROUND = "#f6f6f3"
_ZONE_ALPHA = 0.75


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
        raise ParameterError(f"unknown paper size {paper!r}; use one of {', '.join(PAPERS)}", param="paper")
    w, h = PAPERS[key]
    if landscape:
        w, h = h, w
    return Page(key, bool(landscape), w * _MM, h * _MM)


def draw_map(
    model: MapModel,
    ax=None,
    *,
    paper: str | Page = "A4",
    landscape: bool = False,
    focus: str | None = None,
    title: bool = True,
):
    """Draw ``model`` and return the matplotlib Figure.

    Without ``ax``: a new page of ``paper`` (``"A4"``/``"A3"``), portrait
    unless ``landscape``, with title, map, legend and source line; the
    figure's size is exactly the paper's, and
    :func:`tn_map.export.save_image` keeps it so.  With ``ax``: the map,
    north arrow, scale bar, legend and source line are drawn onto those axes
    (their figure is returned).  ``focus``: a zone key to frame (other zones
    are drawn pale).  ``title=False`` leaves out the title, subtitle and
    source line (for a figure inside a document that states them as text).
    """
    from matplotlib.figure import Figure

    if focus is not None and focus not in {z.key for z in model.zones}:
        raise ParameterError(f"unknown zone {focus!r}; use one of {', '.join(z.key for z in model.zones)}",
                             param="zone")
    page = page_size(paper, landscape)
    if ax is None:
        fig = Figure(figsize=(page.width_in, page.height_in))
        fig.tn_map_page = page  # save_image writes the page as it is (no tight cropping)
        _draw_page(fig, model, page, focus, title)
    else:
        fig = ax.figure
        _Map(model, ax, page.scale, focus).draw()
        legend = _legend_handles(model, ax, page.scale)
        leg = ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=7.5 * page.scale,
                        frameon=False, alignment="left", ncols=2)
        _plain(leg)
        ax.text(1, -0.012, _source_line(model), transform=ax.transAxes, fontsize=6.5 * page.scale, color=_GREY,
                va="top", ha="right", parse_math=False, wrap=True)
    return fig


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


def _source_line(model: MapModel) -> str:
    d = model.plan.decision
    return tr("source_line", model.lang, number=d.number, issuer=d.issuer.get(model.lang),
              boundaries=model.attributions[0], crs=model.crs_note)


def _draw_page(fig, model: MapModel, page: Page, focus: str | None, titled: bool) -> None:
    s = page.scale
    W, H = page.width_in / _MM, page.height_in / _MM  # mm
    margin = page.margin_mm
    title_h = 20.0 * s if titled else 0.0
    source_h = 9.0 * s if titled else 0.0
    text = {"parse_math": False}

    if titled:
        # wrapped at the page's edge when too long; measured once here, since matplotlib's wrapping
        # measures every word-by-word prefix of the line
        title_size = 14 * s
        long = _text_width_pt(model.title, title_size, "bold") > (W - margin) * 72 / 25.4
        fig.text(margin / W, 1 - margin / H, model.title, fontsize=title_size, weight="bold", va="top", ha="left",
                 color=_INK, wrap=long, **text)
        fig.text(margin / W, 1 - (margin + 8.5 * s) / H, model.subtitle, fontsize=8.5 * s, va="top", ha="left",
                 color=_GREY, **text)
    if page.landscape:
        legend_w = 78.0 * s
        map_box = (margin / W, (margin + source_h) / H, (W - 2 * margin - legend_w - 6) / W,
                   (H - 2 * margin - title_h - source_h) / H)
        legend_anchor = ((W - margin - legend_w) / W, 1 - (margin + title_h) / H)
    else:
        legend_h = 62.0 * s
        map_box = (margin / W, (margin + source_h + legend_h) / H, (W - 2 * margin) / W,
                   (H - 2 * margin - title_h - source_h - legend_h) / H)
        legend_anchor = (margin / W, (margin + source_h + legend_h - 3) / H)
    ax = fig.add_axes(map_box)
    _Map(model, ax, s, focus).draw()

    zone_handles, site_handles, site_title = _legend_parts(model, ax, s)
    zone_legend = fig.legend(handles=zone_handles, loc="upper left", bbox_to_anchor=legend_anchor, fontsize=7.5 * s,
                             title=tr("legend", model.lang), title_fontsize=8.5 * s, frameon=False,
                             alignment="left", handlelength=2.2, handleheight=1.4, labelspacing=0.7, borderaxespad=0)
    _plain(zone_legend)
    if site_handles:
        if page.landscape:  # below the zone legend, measured as it will be drawn
            fig.draw_without_rendering()
            box = zone_legend.get_window_extent().transformed(fig.transFigure.inverted())
            anchor = (legend_anchor[0], box.y0 - 6 * s / H)
        else:
            anchor = (0.5 + 2 / W, legend_anchor[1])
        site_legend = fig.legend(handles=site_handles, loc="upper left", bbox_to_anchor=anchor, fontsize=7.5 * s,
                                 title=site_title, title_fontsize=8.5 * s, frameon=False, alignment="left",
                                 handlelength=2.2, labelspacing=0.7, borderaxespad=0)
        _plain(site_legend)
    if not titled:
        return
    width_chars = int((W - 2 * margin) / (6.5 * s * 0.352778 * 0.55))
    fig.text(margin / W, margin / H, textwrap.fill(_source_line(model), width_chars), fontsize=6.5 * s, va="bottom",
             ha="left", color=_GREY, linespacing=1.3, **text)


def _text_width_pt(text: str, size: float, weight: str = "normal") -> float:
    """Width of one line of ``text`` set in the default font at ``size`` points, in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _, _ = text_to_path.get_text_width_height_descent(text, FontProperties(size=size, weight=weight),
                                                               ismath=False)
    return width


def _wrap(text: str, width: int = 46) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def _legend_parts(model: MapModel, ax, s: float):
    """(zone handles, site handles, site legend title): everything the map shows, keyed."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lw = 0.8 * s
    zones = [Patch(facecolor=z.colour, alpha=_ZONE_ALPHA, edgecolor="white",
                   label=f"{z.name}\n{_wrap(', '.join(z.districts))}") for z in model.zones]
    for space in model.linked:
        zones.append(Patch(facecolor=LINKED_SPACE_STYLE["fillColor"], alpha=0.6, edgecolor=LINKED_SPACE_STYLE["color"],
                           linewidth=lw, label=_wrap(space.outline_label)))
    if model.new_units is not None:
        zones.append(Patch(facecolor=FORMER_PROVINCE_STYLE["fillColor"], alpha=0.5, hatch="///",
                           edgecolor=FORMER_PROVINCE_STYLE["color"], linestyle=":", linewidth=lw,
                           label=_wrap(model.new_units.bac_kan_layer_name)))
    if model.neighbours is not None:
        zones.append(Line2D([], [], color=CONTEXT_STYLE["color"], linestyle="--", linewidth=0.6 * s,
                            label=tr("layer_neighbours", model.lang)))
    sites = []
    title = ""
    drawn = getattr(ax, "_tn_sites", None)
    if model.sites and drawn is not None:
        by_fit = model.sites[0].colour_by == "fit"
        title = tr("sites_legend" if by_fit else "sites_by_zone", model.lang)
        markers = FIT_MARKERS if by_fit else SITE_MARKERS
        size = drawn.size
        for symbol in model.site_symbols:
            if symbol.key not in drawn.keys:
                continue
            sites.append(_marker_handle(markers[symbol.key], symbol.colour, size, s, label=_wrap(symbol.label, 40)))
        if drawn.outside:
            sites.append(_marker_handle(markers[""], OUTSIDE_ZONING_COLOUR, size, s,
                                        label=tr("site_outside_zoning", model.lang)))
        if drawn.exact and drawn.approximate:
            sites.append(_marker_handle("o", "#bbbbbb", size, s, label=_wrap(tr("site_exact", model.lang), 40)))
        if drawn.approximate:
            sites.append(_marker_handle("o", "#777777", size, s, hollow=True,
                                        label=_wrap(tr("site_approximate", model.lang), 40)))
        if drawn.crowded:
            sites.append(Line2D([], [], linestyle="none", marker="s", markersize=size * 0.9, markerfacecolor="white",
                                markeredgecolor=_INK, markeredgewidth=0.5 * s,
                                label=_wrap(tr("site_count", model.lang), 40)))
        if drawn.fanned:
            sites.append(Line2D([], [], linestyle="none", marker="o", markersize=2.2 * s, markerfacecolor=_INK,
                                markeredgecolor="white", markeredgewidth=0.4 * s,
                                label=_wrap(tr("site_fanned", model.lang), 40)))
    parks = _park_handles(model, s)
    return zones, sites + parks, title or (model.parks.legend_title if parks else "")


def _legend_handles(model: MapModel, ax, s: float):
    zones, sites, _ = _legend_parts(model, ax, s)
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
    keys: frozenset = frozenset()  # the symbol keys drawn
    crowded: bool = False  # some positions hold more sites than can be fanned out: their count is shown


class _Map:
    """Draws the map frame of a model onto axes: areas, labels, sites, north arrow and scale bar."""

    def __init__(self, model: MapModel, ax, scale: float, focus: str | None) -> None:
        self.model, self.ax, self.s, self.focus = model, ax, scale, focus
        self.metric = model.districts.to_crs(METRIC_CRS)
        self.text = {"parse_math": False}

    def draw(self) -> None:
        ax = self.ax
        framed = self.metric if self.focus is None else self.metric[self.metric["zone"] == self.focus]
        minx, miny, maxx, maxy = framed.total_bounds
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
        anchors = np.vstack([self._sites(), _draw_parks(self)])
        self._labels(anchors)
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

    # -- areas -------------------------------------------------------------
    def _context(self) -> None:
        ax, model, s = self.ax, self.model, self.s
        partners = [space.partners.to_crs(METRIC_CRS) for space in model.linked]  # each projected once
        for frame in partners:
            _add_polygons(ax, frame.geometry, facecolor=LINKED_SPACE_STYLE["fillColor"], alpha=0.45,
                          edgecolor=LINKED_SPACE_STYLE["color"], linewidth=0.8 * s)
        if model.neighbours is not None:
            context = model.neighbours.to_crs(METRIC_CRS)
            if partners:
                context = gpd.GeoDataFrame(gpd.pd.concat([context] + partners, ignore_index=True), crs=METRIC_CRS)
            _add_lines(ax, context.geometry, color=CONTEXT_STYLE["color"], linewidth=0.6 * s, linestyle="--")
            for geom, name in zip(context.geometry, context["name"]):
                visible = geom.intersection(self.box)
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
        alphas = [0.25 if p else _ZONE_ALPHA for p in pale]
        _add_polygons(ax, self.metric.geometry, facecolor=faces, alpha=alphas, edgecolor="white", linewidth=1.2 * s)
        for space in model.linked:
            outline = gpd.GeoSeries([space.outline], crs=model.districts.crs).to_crs(METRIC_CRS)
            _add_lines(ax, outline, color=LINKED_SPACE_STYLE["color"], linewidth=2.0 * s, linestyle=(0, (5, 3)))

    # -- sites -------------------------------------------------------------
    def _sites(self) -> np.ndarray:
        """Draw every site layer; return where symbols are, as (x, y, radius in metres), for the labels."""
        ax, model, s = self.ax, self.model, self.s
        size = 7.0 * s  # marker diameter, points
        drawn = _SitesDrawn(size=size)
        ax._tn_sites = drawn if model.sites else None
        if not model.sites:
            return np.empty((0, 3))
        by_fit = model.sites[0].colour_by == "fit"
        markers = FIT_MARKERS if by_fit else SITE_MARKERS
        colours = {sym.key: sym.colour for sym in model.site_symbols}
        frames = []
        for layer in model.sites:
            located = layer.sites.located
            if len(located):
                frames.append(located.to_crs(METRIC_CRS))
        if not frames:
            return np.empty((0, 3))
        sites = gpd.GeoDataFrame(gpd.pd.concat(frames, ignore_index=True), crs=METRIC_CRS)
        xs, ys = sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy()
        zone_first = [str(z).split("; ")[0] for z in sites["zone"]]
        keys = list(sites["fit"]) if by_fit else zone_first
        keys = [k if k in markers and zone_first[i] else "" for i, k in enumerate(keys)]
        approx = (sites["location_precision"].astype(str) != "exact").to_numpy()
        drawn.exact = bool((~approx).any())
        drawn.approximate = bool(approx.any())
        drawn.outside = any(k == "" for k in keys)
        drawn.keys = frozenset(keys)

        # fan out sites closer than a symbol's width: group on a grid of that size
        cell = size * 1.05 * self.m_per_pt
        ij = np.column_stack([np.floor(xs / cell), np.floor(ys / cell)]).astype(np.int64)
        _, group_of, counts = np.unique(ij, axis=0, return_inverse=True, return_counts=True)
        group_of = group_of.ravel()
        px, py = xs.copy(), ys.copy()
        step = size * 1.15 * self.m_per_pt  # centre-to-centre distance of fanned symbols
        anchors_x, anchors_y, crowds = [], [], []
        order = np.argsort(group_of, kind="stable")  # members of each group, in input order
        bounds = np.concatenate([[0], np.cumsum(counts)])
        for g in np.flatnonzero(counts > 1):
            members = order[bounds[g]:bounds[g + 1]]
            cx, cy = float(xs[members].mean()), float(ys[members].mean())
            n = len(members)
            if n > MAX_FANNED:  # too many to fan out legibly: one pile, with its count
                px[members], py[members] = cx, cy
                crowds.append((cx, cy, n))
                continue
            if n <= 8:
                radius = max(step, step / (2 * math.sin(math.pi / n)))
                angles = 2 * math.pi * np.arange(n) / n
                ox, oy = radius * np.sin(angles), radius * np.cos(angles)
            else:  # a sunflower: rings that fill without overlap
                k = np.arange(n)
                r = 1.05 * step * np.sqrt(k + 0.5)
                ox, oy = r * np.sin(k * math.pi * (3 - math.sqrt(5))), r * np.cos(k * math.pi * (3 - math.sqrt(5)))
                radius = float(r.max())
            px[members], py[members] = cx + ox, cy + oy
            anchors_x.append(cx)
            anchors_y.append(cy)
        drawn.fanned = bool(anchors_x)
        drawn.crowded = bool(crowds)

        halo = (size + 2.6 * s) ** 2
        for marker in dict.fromkeys(markers.values()):
            chosen = np.array([markers[k] == marker for k in keys], dtype=bool)
            if not chosen.any():
                continue
            area = (size * _SHAPE_SCALE.get(marker, 1.0)) ** 2
            face = np.array([colours.get(k, OUTSIDE_ZONING_COLOUR) for k in keys], dtype=object)
            ax.scatter(px[chosen], py[chosen], s=halo * _SHAPE_SCALE.get(marker, 1.0) ** 2, marker=marker,
                       c="white", linewidths=0, zorder=7)
            solid = chosen & ~approx
            if solid.any():
                ax.scatter(px[solid], py[solid], s=area, marker=marker, c=list(face[solid]), edgecolors=_INK,
                           linewidths=0.7 * s, zorder=8)
            hollow = chosen & approx
            if hollow.any():
                ax.scatter(px[hollow], py[hollow], s=area * 0.82, marker=marker, c="white",
                           edgecolors=list(face[hollow]), linewidths=1.6 * s, zorder=8)
        for cx, cy, n in crowds:
            ax.annotate(str(n), (cx, cy), xytext=(size * 0.6, size * 0.6), textcoords="offset points", ha="left",
                        va="bottom", fontsize=7 * s, weight="bold", color=_INK, zorder=10,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": _INK, "lw": 0.5 * s}, **self.text)
        reach = (size / 2 + 1.3 * s) * self.m_per_pt
        obstacles = np.column_stack([px, py, np.full(len(px), reach)])
        if anchors_x:
            ax.scatter(anchors_x, anchors_y, s=(2.2 * s) ** 2, c=_INK, edgecolors="white", linewidths=0.4 * s, zorder=9)
        return obstacles

    # -- labels ------------------------------------------------------------
    def _labels(self, obstacles: np.ndarray) -> None:
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
            w, h = (w_pt + 2 * s) * m, (h_pt + 2 * s) * m
            near = sites[np.hypot(obstacles[:, 0] - p.x, obstacles[:, 1] - p.y) < 45 * s * m + w]
            blocking = taken + [tuple(b) for b in near]
            candidates = []
            for dist in (3, 6, 10, 14, 19, 25, 32):
                d = dist * s * m
                candidates += [(0.0, d + h / 2), (0.0, -(d + h / 2)), (d + w / 2, 0.0), (-(d + w / 2), 0.0)]
            chosen = candidates[0]
            for dx, dy in candidates:
                cx, cy = p.x + dx, p.y + dy
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in blocking):
                    chosen = (dx, dy)
                    break
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
        ax.text(lx, ly, tr("north", self.model.lang), transform=ax.transAxes, ha="center", va="bottom",
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
    """The parks' symbol as a matplotlib marker: the page's factory outline (:mod:`.parks`), y up."""
    from matplotlib.path import Path

    from .parks import PARK_OUTLINE

    vertices = [(x - 10.0, 10.0 - y) for x, y in PARK_OUTLINE]
    return Path(vertices + [vertices[0]], [Path.MOVETO] + [Path.LINETO] * (len(vertices) - 1) + [Path.CLOSEPOLY])


def _draw_parks(drawing: _Map) -> np.ndarray:
    """Draw the model's parks (one symbol each, filled by status; overlapping ones set in a row).

    Returns where the symbols are, as (x, y, radius in metres), for the labels to keep clear of.
    """
    from .parks import PARK_INK, fan_offsets, park_fill

    parks = drawing.model.parks
    if parks is None or not parks.parks:
        return np.empty((0, 3))
    ax, s, m = drawing.ax, drawing.s, drawing.m_per_pt
    size = 10.0 * s  # symbol width, points
    points = gpd.GeoSeries(gpd.points_from_xy([p.lon for p in parks.parks], [p.lat for p in parks.parks]),
                           crs=WGS84).to_crs(METRIC_CRS)
    xs, ys = points.x.to_numpy(), points.y.to_numpy()
    offsets = fan_offsets(list(zip(xs, ys)), step=(size + 2 * s) * m, down=-1.0)
    px = xs + np.array([o[0] for o in offsets])
    py = ys + np.array([o[1] for o in offsets])
    marker = _park_marker()
    fills = [park_fill(p.status) for p in parks.parks]
    ax.scatter(px, py, s=size ** 2, marker=marker, c="white", edgecolors="white", linewidths=2.6 * s, zorder=9)
    ax.scatter(px, py, s=size ** 2, marker=marker, c=fills, edgecolors=PARK_INK, linewidths=0.8 * s, zorder=9.5)
    return np.column_stack([px, py, np.full(len(px), (size / 2 + 1.3 * s) * m)])


def _park_handles(model: MapModel, s: float) -> list:
    """The parks' legend entries: one per status on the map."""
    from matplotlib.lines import Line2D

    from .parks import PARK_INK, park_fill

    if model.parks is None or not model.parks.parks:
        return []
    return [
        Line2D([], [], linestyle="none", marker=_park_marker(), markersize=10.0 * s, markerfacecolor=park_fill(key),
               markeredgecolor=PARK_INK, markeredgewidth=0.8 * s,
               label=_wrap(tr("parks_legend_item", model.lang, status=words)))
        for key, words in model.parks.statuses
    ]
