"""A static map image (PNG, SVG or PDF) for reports, drawn with matplotlib.

Drawn in VN-2000 / TM-3 106-30 (EPSG:9213, metres) so that shapes and the
scale bar are true; full-resolution district boundaries; the same palette,
plan texts and labels as the interactive map.  The same inputs give the same
bytes (no timestamps or software tags in the file).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from ..crs import METRIC_CRS
from ..errors import TnMapError
from ..geom import label_point
from ..plan import PLAN, Lang, Plan
from ..render.labels import label
from ..style import CONTEXT_STYLE, FIT_COLOURS, HIGHTECH_STYLE, ZONE_COLOURS

__all__ = ["save_image", "IMAGE_FORMATS"]

IMAGE_FORMATS = (".png", ".svg", ".pdf")


def save_image(
    districts: gpd.GeoDataFrame,
    path: str | Path,
    *,
    context: gpd.GeoDataFrame | None = None,
    sites: list[gpd.GeoDataFrame] | tuple = (),
    colour_sites_by: str = "zone",
    plan: Plan = PLAN,
    lang: Lang = "en",
    dpi: int = 150,
) -> Path:
    """Draw the zone map to ``path`` (.png, .svg or .pdf) and return the path.

    ``districts``: output of :func:`tn_map.join.join_zones`; ``context``:
    province outlines (optional); ``sites``: classified site lists (located
    rows are drawn, coloured by ``zone`` or ``fit``).
    """
    path = Path(path)
    if path.suffix.lower() not in IMAGE_FORMATS:
        raise TnMapError(f"unsupported image type {path.suffix or '(none)'}; use {', '.join(IMAGE_FORMATS)}", where=str(path))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    matplotlib.rcParams["svg.hashsalt"] = "tn-map"  # stable ids in SVG output
    metric = districts.to_crs(METRIC_CRS)
    minx, miny, maxx, maxy = metric.total_bounds
    pad = 0.06 * max(maxx - minx, maxy - miny)

    fig, ax = plt.subplots(figsize=(9, 10), dpi=dpi)
    ax.set_facecolor("#f6f6f3")
    if context is not None:
        ctx = context.to_crs(METRIC_CRS)
        partners = ctx[ctx["role"] == "hightech"]
        partners.plot(ax=ax, color=HIGHTECH_STYLE["fillColor"], alpha=0.45, edgecolor=HIGHTECH_STYLE["color"], linewidth=0.8)
        ctx[ctx["role"] != "subject"].boundary.plot(ax=ax, color=CONTEXT_STYLE["color"], linewidth=0.6, linestyle="--")
        box = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
        for geom, name in zip(ctx.geometry, ctx["name"]):
            if name == "Thái Nguyên":
                continue
            visible = geom.intersection(box)
            if not visible.is_empty and visible.area > 0.02 * box.area:
                p = label_point(visible, tolerance=10.0)
                ax.annotate(name, (p.x, p.y), ha="center", va="center", fontsize=8, style="italic", color="#555555")
    metric.plot(ax=ax, color=[ZONE_COLOURS[z] for z in metric["zone"]], alpha=0.75, edgecolor="white", linewidth=1.2)
    south = metric[metric["zone"] == "south"]
    if context is not None and len(south):
        gpd.GeoSeries([shapely.union_all(south.geometry.values)], crs=METRIC_CRS).boundary.plot(
            ax=ax, color=HIGHTECH_STYLE["color"], linewidth=2.0, linestyle=(0, (5, 3))
        )
    for geom, name in zip(metric.geometry, metric["name"]):
        p = label_point(geom, tolerance=10.0)
        # just above the anchor, which approximate site positions may share
        ax.annotate(name, (p.x, p.y), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                    fontsize=9, weight="bold", color="#1a1a1a")

    for classified in sites:
        located = classified[classified["status"] == "located"].to_crs(METRIC_CRS)
        if len(located):
            key = located["zone"] if colour_sites_by == "zone" else located["fit"]
            palette = ZONE_COLOURS if colour_sites_by == "zone" else FIT_COLOURS
            ax.scatter(located.geometry.x, located.geometry.y, s=14, c=[palette.get(k, "#777777") for k in key],
                       edgecolors="white", linewidths=0.6, zorder=5)

    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")

    handles = []
    for zone in plan.zones:
        names = ", ".join(metric.loc[metric["zone"] == zone.key, "name"])
        handles.append(Patch(facecolor=ZONE_COLOURS[zone.key], alpha=0.75, label=f"{zone.name.get(lang)}: {names}"))
    if context is not None:
        handles.append(Patch(facecolor=HIGHTECH_STYLE["fillColor"], alpha=0.45, edgecolor=HIGHTECH_STYLE["color"],
                             label=label("layer_hightech", lang)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=8, title=label("legend", lang),
              title_fontsize=9, frameon=False, alignment="left")

    # scale bar: 10 km, bottom right
    x0, y0 = maxx + pad - 14_000, miny - pad + 4_000
    ax.plot([x0, x0 + 10_000], [y0, y0], color="#222222", linewidth=3, solid_capstyle="butt")
    ax.annotate("10 km", (x0 + 5_000, y0 + 1_000), ha="center", va="bottom", fontsize=8)

    ax.set_title(label("title", lang), fontsize=13, weight="bold", loc="left", pad=20)
    ax.text(0, 1.012, f"{label('subtitle', lang, number=plan.decision.number)} · {label('pre2025_note', lang)}",
            transform=ax.transAxes, fontsize=8.5, color="#555555", va="bottom")
    ax.text(1, -0.012, f"{label('boundaries_attr', lang)}\nVN-2000 / TM-3 106-30 (EPSG:9213)", transform=ax.transAxes,
            fontsize=7, color="#555555", va="top", ha="right")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata=_metadata(path.suffix.lower()))
    except OSError as exc:
        raise TnMapError(f"cannot write the image ({exc.strerror or exc})", where=str(path)) from exc
    finally:
        plt.close(fig)
    return path


def _metadata(suffix: str) -> dict:
    """File metadata without timestamps or version strings, so equal maps are equal bytes."""
    if suffix == ".png":
        return {"Software": None}
    if suffix == ".pdf":
        return {"Creator": None, "Producer": None, "CreationDate": None}
    return {"Creator": None, "Date": None}
