"""Write a :class:`~tn_map.report.brief.Brief` as a PDF to send onwards (ReportLab).

Text is set in DejaVu Sans — the TrueType font matplotlib ships, which has
every Vietnamese letter — embedded as a subset, so the PDF shows and
searches the same on any machine.  ReportLab's Paragraph reads a small
markup language: every text is escaped (:func:`xml.sax.saxutils.escape`)
before it reaches one, so a site named ``<b>`` or ``&amp;`` prints as
written.  ReportLab's invariant mode fixes the dates and the document id:
the same brief gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from .brief import Brief, Bullets, Heading, Paragraph, Picture, Table
from ..i18n import tr

__all__ = ["pdf_bytes", "FONT", "FONT_BOLD", "font_files"]

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


def font_files() -> dict[str, Path]:
    """The TrueType files used (from matplotlib's bundled fonts): name → path."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {name: folder / f"{name}.ttf" for name in (FONT, FONT_BOLD, FONT_ITALIC)}


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, path in font_files().items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _text(value: str) -> str:
    """Plain text for a ReportLab Paragraph: markup characters escaped, line breaks kept as breaks."""
    return escape(str(value)).replace("\n", "<br/>")


def _styles() -> dict:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink = HexColor("#1a1a1a")
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=13, textColor=ink, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10,
                             spaceAfter=5, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6,
                             spaceAfter=4, keepWithNext=1),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=HexColor("#555555")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell_num": ParagraphStyle("cell_num", parent=base, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        "head_num": ParagraphStyle("head_num", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0,
                                   alignment=TA_RIGHT),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2),
    }


def _table(table: Table, styles: dict, width: float):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    numeric = table.numeric or (False,) * len(table.columns)
    widths = table.widths or (1.0,) * len(table.columns)
    total = sum(widths)
    data = [[P(_text(c), styles["head_num" if numeric[j] else "head"]) for j, c in enumerate(table.columns)]]
    for row in table.rows:
        data.append([P(_text(v), styles["cell_num" if numeric[j] else "cell"]) for j, v in enumerate(row)])
    grid = T(data, colWidths=[width * w / total for w in widths], repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, HexColor("#9a9a9a")),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e9e9e4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return grid


def pdf_bytes(brief: Brief) -> bytes:
    """The brief as a PDF file's bytes (A4, fonts embedded)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepTogether, SimpleDocTemplate, Spacer
    from reportlab.platypus import Paragraph as P

    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    footer = f"{brief.title} · {tr('made_with', brief.lang)}"

    class _Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable) -> None:  # headings become PDF bookmarks
            level = getattr(flowable, "_tn_level", None)
            if level is not None:
                key = f"h{self.seq.nextf('heading')}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(flowable.getPlainText(), key, level=max(level - 1, 0) if level else 0)

    doc = _Doc(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
               bottomMargin=18 * mm, title=brief.title, author="tn-map", creator="tn-map", subject=brief.title,
               lang="vi-VN" if brief.lang == "vi" else "en-GB", invariant=1,
               initialFontName=FONT)  # no unembedded Helvetica anywhere
    width = doc.width

    def page(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(20 * mm, 10 * mm, footer)  # plain text: no markup is read
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, tr("page_of", brief.lang, page=canvas.getPageNumber()))
        canvas.restoreState()

    story = []
    for block in brief.blocks:
        if isinstance(block, Heading):
            style = styles["title"] if block.level == 0 else styles["h1"] if block.level == 1 else styles["h2"]
            heading = P(_text(block.text), style)
            heading._tn_level = block.level
            story.append(heading)
        elif isinstance(block, Paragraph):
            story.append(P(_text(block.text), styles["small" if block.small else "body"]))
        elif isinstance(block, Picture):
            w = min(block.width_mm * mm, width)
            h = w * block.height_mm / block.width_mm
            picture = [Image(io.BytesIO(block.png), width=w, height=h)]
            if block.caption:
                picture.append(P(_text(block.caption), styles["small"]))
            story.append(KeepTogether(picture))
        elif isinstance(block, Table):
            story.append(_table(block, styles, width))
            story.append(Spacer(1, 6))
        elif isinstance(block, Bullets):
            story.extend(P(_text(item), styles["bullet"], bulletText="•") for item in block.items)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()
