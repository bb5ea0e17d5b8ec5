"""HTML for popups, tooltips, legend, title and the plan panel.

Every text that reaches HTML goes through :func:`html.escape` here, whether it
comes from the plan, a boundary file or a user's site list; the builders
return markup that is safe to set as ``innerHTML``.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from ..i18n import Lang, fmt_number
from ..plan import Target
from .model import MapModel, MapWords

__all__ = [
    "fmt_number",
    "district_tooltip_html",
    "district_popup_html",
    "legend_html",
    "title_html",
    "plan_panel_html",
]


def _swatch(colour: str) -> str:
    return f'<span class="tn-swatch" style="background:{escape(colour)}"></span>'


def district_tooltip_html(row: pd.Series, model: MapModel) -> str:
    """Hover text: district name and zone."""
    zone = model.zone(row["zone"])
    return f"<b>{escape(row['name'])}</b><br>{_swatch(zone.colour)}{escape(zone.name)}"


def district_popup_html(row: pd.Series, model: MapModel) -> str:
    """Click popup: district, unit type, area, zone, orientation and clusters."""
    lang, words = model.lang, model.words
    zone = model.zone(row["zone"])
    area = f"{fmt_number(row['area_km2'], lang, 1)} {words['km2']}"
    clusters = "".join(f"<li>{escape(c)}</li>" for c in zone.clusters)
    rows = [
        (words["unit_type"], escape(row["unit_type_text"])),
        (words["area"], escape(area)),
        (words["zone"], _swatch(zone.colour) + escape(zone.name)),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<div class="tn-popup"><h4>{escape(row["title"])}</h4><table>{table}</table>'
        f"<p class=\"tn-h\">{escape(words['clusters'])}</p><ul>{clusters}</ul>"
        f"<p class=\"tn-h\">{escape(words['orientation'])}</p>"
        f"<p>{escape(zone.orientation)}</p></div>"
    )


def legend_html(model: MapModel) -> str:
    """Legend: each zone's colour, name and member districts; site symbols when sites are drawn."""
    words = model.words
    items = []
    for zone in model.zones:
        names = ", ".join(escape(n) for n in zone.districts)
        items.append(
            f'<div class="tn-legend-item" data-zone="{escape(zone.key)}">{_swatch(zone.colour)}'
            f"<b>{escape(zone.name)}</b><br><small>{names}</small></div>"
        )
    if model.sites and model.sites[0].colour_by == "fit":
        dots = "".join(
            f'<div class="tn-legend-item" data-fit="{escape(s.key)}"><span class="tn-dot" style="background:{escape(s.colour)}"></span>'
            f"{escape(s.label)}</div>"
            for s in model.site_symbols
        )
        items.append(f'<p class="tn-h">{escape(words["sites_legend"])}</p>{dots}')
    if model.sites:
        items.append(
            f'<div class="tn-legend-item"><span class="tn-dot tn-dot-approx"></span>{escape(words["approximate_short"])}</div>'
        )
    return f"<h2 class=\"tn-h\">{escape(words['legend'])}</h2>" + "".join(items)


def title_html(model: MapModel) -> str:
    """Map title with the decision reference."""
    return f"<h1>{escape(model.title)}</h1><p>{escape(model.subtitle)}</p>"


def _target_line(target: Target, lang: Lang, words: MapWords) -> str:
    unit = words["per_year"] if target.unit == "%/yr" else words["of_grdp"]
    main = f"{fmt_number(target.value, lang)} {unit}"
    excl = ""
    if target.value_excl_samsung is not None:
        excl = f" ({fmt_number(target.value_excl_samsung, lang)} {unit}, {words['excl_samsung']})"
    return (
        f'<li data-target="{escape(target.key)}"><b>{escape(target.label.get(lang))}</b> '
        f"{escape(target.period)}: <span class=\"tn-num\">{escape(main)}</span>{escape(excl)}</li>"
    )


def plan_panel_html(model: MapModel, extra_html: str = "") -> str:
    """The plan panel: the scheme's goal, targets, green goal and reference.

    ``extra_html`` (already escaped) is appended inside the panel, e.g. a
    summary of the sites on the map.
    """
    lang, words, d = model.lang, model.words, model.plan.decision
    targets = "".join(_target_line(t, lang, words) for t in model.plan.targets)
    return (
        f'<div class="tn-plan"><h2 class="tn-h">{escape(words["plan_panel"])}</h2>'
        f"<p>{escape(d.goal.get(lang))}.</p><ul>{targets}</ul>"
        f"<p>{escape(d.green_goal.get(lang))}.</p>"
        f"{extra_html}"
        f'<p class="tn-ref">{escape(d.title.get(lang))} — {escape(d.issuer.get(lang))}, '
        f"{escape(words.format('subtitle', number=d.number))}. {escape(d.date_note.get(lang))}. "
        f"{escape(words['source'])}: “{escape(d.source_title)}”, {escape(d.source_author)}, "
        f"{escape(d.source_date)}.</p></div>"
    )
