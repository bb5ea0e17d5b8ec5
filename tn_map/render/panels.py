"""HTML for popups, tooltips, legend, title and the plan panel.

Every text that reaches HTML goes through :func:`html.escape` here, whether it
comes from the plan, a boundary file or a user's site list; the builders
return markup that is safe to set as ``innerHTML``.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from folium.template import Template

from ..plan import Lang, Plan, Target
from ..style import FIT_COLOURS, ZONE_COLOURS
from .labels import label
from .page import PayloadElement

__all__ = [
    "HtmlControl",
    "Attribution",
    "fmt_number",
    "district_tooltip_html",
    "district_popup_html",
    "legend_html",
    "title_html",
    "plan_panel_html",
]


def fmt_number(value: float, lang: Lang, decimals: int | None = None) -> str:
    """Format a number the way readers of ``lang`` write it (vi: ``12,03``; en: ``12.03``).

    Thousands are grouped (vi with ``.``, en with ``,``).  Without
    ``decimals``, trailing zeros are dropped (``9.0`` → ``9``).
    """
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _swatch(zone: str) -> str:
    colour = ZONE_COLOURS.get(zone, "#999999")
    return f'<span class="tn-swatch" style="background:{colour}"></span>'


def district_tooltip_html(row: pd.Series, lang: Lang) -> str:
    """Hover text: district name and zone."""
    zone_name = row["zone_vi"] if lang == "vi" else row["zone_en"]
    return f"<b>{escape(row['name'])}</b><br>{_swatch(row['zone'])}{escape(zone_name)}"


def district_popup_html(row: pd.Series, plan: Plan, lang: Lang) -> str:
    """Click popup: district, unit type, area, zone, orientation and clusters."""
    zone = plan.zone(row["zone"])
    unit_type = plan.district(row["district_key"]).unit_type.get(lang)
    area = f"{fmt_number(row['area_km2'], lang, 1)} {label('km2', lang)}"
    clusters = "".join(f"<li>{escape(c.name.get(lang))}</li>" for c in zone.clusters)
    district = plan.district(row["district_key"])
    # English readers still get the proper Vietnamese name: "Đại Từ District".
    title = district.name_full if lang == "vi" else f"{district.name} {district.unit_type.en.title()}"
    rows = [
        (label("unit_type", lang), escape(unit_type.capitalize())),
        (label("area", lang), escape(area)),
        (label("zone", lang), _swatch(zone.key) + escape(zone.name.get(lang))),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<div class="tn-popup"><h4>{escape(title)}</h4><table>{table}</table>'
        f"<p class=\"tn-h\">{escape(label('clusters', lang))}</p><ul>{clusters}</ul>"
        f"<p class=\"tn-h\">{escape(label('orientation', lang))}</p>"
        f"<p>{escape(zone.orientation.get(lang))}</p></div>"
    )


def legend_html(districts: pd.DataFrame, plan: Plan, lang: Lang, sites_by: str | None = None) -> str:
    """Legend: each zone's colour, name and member districts (from the joined data).

    ``sites_by`` (``"zone"`` or ``"fit"``) adds a key for site markers.
    """
    items = []
    for zone in plan.zones:
        names = ", ".join(escape(n) for n in districts.loc[districts["zone"] == zone.key, "name"])
        items.append(
            f'<div class="tn-legend-item" data-zone="{escape(zone.key)}">{_swatch(zone.key)}'
            f"<b>{escape(zone.name.get(lang))}</b><br><small>{names}</small></div>"
        )
    if sites_by == "fit":
        dots = "".join(
            f'<div class="tn-legend-item" data-fit="{escape(fit)}"><span class="tn-dot" style="background:{colour}"></span>'
            f"{escape(label(key, lang))}</div>"
            for fit, colour, key in zip(FIT_COLOURS, FIT_COLOURS.values(), ("fit_priority", "fit_not_priority", "fit_unknown"))
        )
        items.append(f'<p class="tn-h">{escape(label("sites_legend", lang))}</p>{dots}')
    if sites_by is not None:
        items.append(
            f'<div class="tn-legend-item"><span class="tn-dot tn-dot-approx"></span>{escape(label("approximate_short", lang))}</div>'
        )
    return f"<p class=\"tn-h\">{escape(label('legend', lang))}</p>" + "".join(items)


def title_html(plan: Plan, lang: Lang) -> str:
    """Map title with the decision reference."""
    return (
        f"<h1>{escape(label('title', lang))}</h1>"
        f"<p>{escape(label('subtitle', lang, number=plan.decision.number))} · "
        f"{escape(label('pre2025_note', lang))}</p>"
    )


def _target_line(target: Target, lang: Lang) -> str:
    unit = label("per_year", lang) if target.unit == "%/yr" else label("of_grdp", lang)
    main = f"{fmt_number(target.value, lang)} {unit}"
    excl = ""
    if target.value_excl_samsung is not None:
        excl = f" ({fmt_number(target.value_excl_samsung, lang)} {unit}, {label('excl_samsung', lang)})"
    return (
        f'<li data-target="{escape(target.key)}"><b>{escape(target.label.get(lang))}</b> '
        f"{escape(target.period)}: <span class=\"tn-num\">{escape(main)}</span>{escape(excl)}</li>"
    )


def plan_panel_html(plan: Plan, lang: Lang, extra_html: str = "") -> str:
    """Collapsible panel: the scheme's goal, targets, green goal and reference.

    ``extra_html`` (already escaped) is appended inside the panel, e.g. a
    summary of the sites on the map.
    """
    d = plan.decision
    targets = "".join(_target_line(t, lang) for t in plan.targets)
    return (
        f'<details class="tn-plan" open><summary>{escape(label("plan_panel", lang))}</summary>'
        f"<p>{escape(d.goal.get(lang))}.</p><ul>{targets}</ul>"
        f"<p>{escape(d.green_goal.get(lang))}.</p>"
        f"{extra_html}"
        f'<p class="tn-ref">{escape(d.title.get(lang))} — {escape(d.issuer.get(lang))}, '
        f"{escape(label('subtitle', lang, number=d.number))}. {escape(d.date_note.get(lang))}. "
        f"{escape(label('source', lang))}: “{escape(d.source_title)}”, {escape(d.source_author)}, "
        f"{escape(d.source_date)}.</p></details>"
    )


class HtmlControl(PayloadElement):
    """A Leaflet control holding fixed HTML (already escaped by the caller).

    Placed with Leaflet's own control positions so panels stack instead of
    overlapping; clicks and scrolls inside do not move the map.  The HTML
    joins the page after templating (:mod:`tn_map.render.page`).
    """

    _payload_fields = ("html",)

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
            div.innerHTML = {{ this.refs.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "topright", css_class: str = "tn-panel") -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class


class Attribution(PayloadElement):
    """Adds a source credit (plain text, escaped) to the map's attribution control."""

    _payload_fields = ("html",)

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.refs.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = escape(text)
