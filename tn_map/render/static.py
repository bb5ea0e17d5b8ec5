"""The static renderer: draws a :class:`~tn_map.render.model.MapModel` with matplotlib.

Drawn in VN-2000 / TM-3 106-30 (EPSG:9213, metres) so that shapes and the
scale bar are true; full-resolution district boundaries; the same model —
palette, texts, legend, linked space — as the interactive map.  Like
contextily's ``add_basemap(ax)``, it can draw onto a caller's axes.  Writing
the figure to a file is :func:`tn_map.export.save_image`.
"""

from __future__ import annotations

import textwrap

import geopandas as gpd
import shapely

from ..crs import METRIC_CRS
from ..geom import label_point
from ..i18n import tr
from ..style import CONTEXT_STYLE, FORMER_PROVINCE_STYLE, LINKED_SPACE_STYLE
from .model import MapModel

__all__ = ["draw_map"]


def draw_map(model: MapModel, ax=None):
    """Draw ``model`` and return the matplotlib Figure.

    ``ax``: axes to draw onto (their figure is returned); by default a new
    9 × 10 inch figure.  Text is set with ``parse_math=False``: a ``$`` in a
    name is a dollar sign, never math markup.
    """
    import matplotlib

    if ax is None:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    metric = model.districts.to_crs(METRIC_CRS)
    minx, miny, maxx, maxy = metric.total_bounds
    pad = 0.06 * max(maxx - minx, maxy - miny)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 10))
    else:
        fig = ax.figure
    text = {"parse_math": False}
    colours = {z.key: z.colour for z in model.zones}

    ax.set_facecolor("#f6f6f3")
    box = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    for space in model.linked:
        partners = space.partners.to_crs(METRIC_CRS)
        partners.plot(ax=ax, color=LINKED_SPACE_STYLE["fillColor"], alpha=0.45,
                      edgecolor=LINKED_SPACE_STYLE["color"], linewidth=0.8)
    if model.neighbours is not None:
        context = model.neighbours.to_crs(METRIC_CRS)
        if model.linked:
            context = gpd.GeoDataFrame(
                gpd.pd.concat([context] + [s.partners.to_crs(METRIC_CRS) for s in model.linked], ignore_index=True),
                crs=METRIC_CRS,
            )
        context.boundary.plot(ax=ax, color=CONTEXT_STYLE["color"], linewidth=0.6, linestyle="--")
        for geom, name in zip(context.geometry, context["name"]):
            visible = geom.intersection(box)
            if not visible.is_empty and visible.area > 0.02 * box.area:
                p = label_point(visible, tolerance=10.0)
                ax.annotate(name, (p.x, p.y), ha="center", va="center", fontsize=8, style="italic", color="#555555", **text)
    if model.new_units is not None:
        former = model.new_units.bac_kan.to_crs(METRIC_CRS)
        former.plot(ax=ax, color=FORMER_PROVINCE_STYLE["fillColor"], alpha=0.35, edgecolor=FORMER_PROVINCE_STYLE["color"],
                    linewidth=0.8, linestyle=":", hatch="///")
        visible = former.geometry.iloc[0].intersection(box)
        if not visible.is_empty:
            p = label_point(visible, tolerance=10.0)
            ax.annotate(textwrap.fill(model.new_units.bac_kan_label, 34), (p.x, p.y), ha="center", va="center",
                        fontsize=7.5, style="italic", color="#333333", zorder=6,
                        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.8}, **text)
    metric.plot(ax=ax, color=[colours[z] for z in metric["zone"]], alpha=0.75, edgecolor="white", linewidth=1.2)
    for space in model.linked:
        gpd.GeoSeries([space.outline], crs=model.districts.crs).to_crs(METRIC_CRS).boundary.plot(
            ax=ax, color=LINKED_SPACE_STYLE["color"], linewidth=2.0, linestyle=(0, (5, 3))
        )
    for geom, name in zip(metric.geometry, metric["name"]):
        p = label_point(geom, tolerance=10.0)
        # just above the anchor, which approximate site positions may share
        ax.annotate(name, (p.x, p.y), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                    fontsize=9, weight="bold", color="#1a1a1a", **text)

    symbol_colours = {s.key: s.colour for s in model.site_symbols}
    for layer in model.sites:
        located = layer.sites.located.to_crs(METRIC_CRS)
        if len(located):
            keys = located["zone"] if layer.colour_by == "zone" else located["fit"]
            ax.scatter(located.geometry.x, located.geometry.y, s=14, c=[symbol_colours.get(k, "#777777") for k in keys],
                       edgecolors="white", linewidths=0.6, zorder=5)

    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")

    handles = [Patch(facecolor=z.colour, alpha=0.75, label=f"{z.name}: {', '.join(z.districts)}") for z in model.zones]
    for space in model.linked:
        handles.append(Patch(facecolor=LINKED_SPACE_STYLE["fillColor"], alpha=0.45,
                             edgecolor=LINKED_SPACE_STYLE["color"], label=space.layer_name))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=8,
                       title=tr("legend", model.lang), title_fontsize=9, frameon=False, alignment="left")
    for item in legend.get_texts():
        item.set_parse_math(False)

    # scale bar: 10 km, bottom right
    x0, y0 = maxx + pad - 14_000, miny - pad + 4_000
    ax.plot([x0, x0 + 10_000], [y0, y0], color="#222222", linewidth=3, solid_capstyle="butt")
    ax.annotate("10 km", (x0 + 5_000, y0 + 1_000), ha="center", va="bottom", fontsize=8)

    ax.set_title(model.title, fontsize=13, weight="bold", loc="left", pad=20, **text)
    ax.text(0, 1.012, model.subtitle, transform=ax.transAxes, fontsize=8.5, color="#555555", va="bottom", **text)
    ax.text(1, -0.012, f"{model.attributions[0]}\n{model.crs_note}", transform=ax.transAxes,
            fontsize=7, color="#555555", va="top", ha="right", **text)
    return fig
