"""Write a :class:`~tn_map.report.document.Brief` as a PDF to send onwards (ReportLab).

The page follows Decree 30/2020/NĐ-CP on administrative documents, as the
Word brief does (:mod:`.docx`): A4, margins 20 mm top and bottom, 30 mm
left, 15 mm right, body 13 pt in a Times face.  Times New Roman may not be
embedded by everyone, so the text is set in Liberation Serif — metric-
compatible with it (the same widths, so the same line breaks), every
Vietnamese letter, SIL Open Font Licence, which allows embedding — from
Debian's ``fonts-liberation``, embedded as a subset.  Without that font the
brief is not written: :class:`~tn_map.TnMapError` says which package to
install (a brief in another face would not be in the Decree's form).

The map is the print map's own vector PDF page (:attr:`Picture.pdf`), laid
onto the page where the layout left room for it (pypdf): its text stays
text, searchable, and prints sharp at any size.  ReportLab's Paragraph
reads a small markup language: every text is escaped
(:func:`xml.sax.saxutils.escape`) before it reaches one, so a site named
``<b>`` or ``&amp;`` prints as written.  ReportLab's invariant mode fixes
the dates and the document id: the same brief gives the same bytes.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from .._errors import TnMapError
from .document import Brief, Bullets, Heading, Paragraph, Picture, Table
from ..i18n import tr

__all__ = ["pdf_bytes", "FONT", "FONT_BOLD", "font_files", "MARGINS_MM"]

FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"
_FILES = {FONT: "LiberationSerif-Regular.ttf", FONT_BOLD: "LiberationSerif-Bold.ttf",
          FONT_ITALIC: "LiberationSerif-Italic.ttf", FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf"}
#: Decree 30/2020/NĐ-CP, Appendix I: margins in millimetres.
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
BODY_PT = 13.0


@cache
def font_files() -> dict[str, Path]:
    """The Liberation Serif TrueType files: name → path, found among the system's fonts.

    Raises :class:`~tn_map.TnMapError` naming the missing file and Debian's
    package when one is not installed.
    """
    from matplotlib.font_manager import findSystemFonts

    found = {Path(f).name: Path(f) for f in sorted(findSystemFonts(fontext="ttf"))}
    missing = [file for file in _FILES.values() if file not in found]
    if missing:
        raise TnMapError(f"the font Liberation Serif ({missing[0]}) is not installed; a PDF brief needs it "
                         "(Debian/Ubuntu: apt install fonts-liberation)", param="path",
                         words=("font_missing", {"file": missing[0]}))
    return {name: found[file] for name, file in _FILES.items()}


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = font_files()  # found once per process; raises, naming the package, where it is missing
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, path in files.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)


def _text(value: str) -> str:
    """Plain text for a ReportLab Paragraph: markup characters escaped, line breaks kept as breaks."""
    return escape(str(value)).replace("\n", "<br/>")


def _styles() -> dict:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink = HexColor("#000000")
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=BODY_PT, leading=BODY_PT * 1.2,
                          textColor=ink, spaceAfter=6, alignment=TA_JUSTIFY)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=17, spaceAfter=6,
                                alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=BODY_PT, leading=BODY_PT * 1.2,
                             spaceBefore=12, spaceAfter=6, keepWithNext=1, alignment=TA_LEFT),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD_ITALIC, fontSize=BODY_PT, leading=BODY_PT * 1.2,
                             spaceBefore=6, spaceAfter=6, keepWithNext=1, alignment=TA_LEFT),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=11, leading=13, textColor=HexColor("#333333"),
                                alignment=TA_LEFT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=13, spaceAfter=0, alignment=TA_LEFT),
        "cell_num": ParagraphStyle("cell_num", parent=base, fontSize=11, leading=13, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=11, leading=13, spaceAfter=0,
                               alignment=TA_LEFT),
        "head_num": ParagraphStyle("head_num", parent=base, fontName=FONT_BOLD, fontSize=11, leading=13, spaceAfter=0,
                                   alignment=TA_RIGHT),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2, alignment=TA_LEFT),
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


class _MapPlace:
    """Where the layout put a vector map: page (1-based), lower-left corner and size, in points."""

    def __init__(self) -> None:
        self.page = 0
        self.x = self.y = 0.0


def _map_flowable(width: float, height: float, place: _MapPlace):
    """A flowable that takes the map's room and remembers where it was set (the map is laid on after)."""
    from reportlab.platypus import Flowable

    class _Room(Flowable):
        def wrap(self, *_):
            return width, height

        def draw(self) -> None:
            place.page = self.canv.getPageNumber()
            place.x, place.y = self.canv.absolutePosition(0, 0)

    return _Room()


def _lay_maps(pdf: bytes, maps: list[tuple[_MapPlace, bytes, float, float]]) -> bytes:
    """Lay each map's vector page onto the brief's page where its room is, scaled to the room (pypdf)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for place, data, width, height in maps:
        figure = PdfReader(io.BytesIO(data)).pages[0]
        scale = width / float(figure.mediabox.width)
        writer.pages[place.page - 1].merge_transformed_page(
            figure, Transformation().scale(scale, scale).translate(place.x, place.y))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_bytes(brief: Brief) -> bytes:
    """The brief as a PDF file's bytes: a Decree 30/2020/NĐ-CP page, fonts embedded, the map in vectors."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer
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

    left, right = MARGINS_MM["left"] * mm, MARGINS_MM["right"] * mm
    doc = _Doc(buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=MARGINS_MM["top"] * mm,
               bottomMargin=MARGINS_MM["bottom"] * mm, title=brief.title, author="tn-map", creator="tn-map",
               subject=brief.title, lang="vi-VN" if brief.lang == "vi" else "en-GB", invariant=1,
               initialFontName=FONT)  # no unembedded Helvetica anywhere
    width = doc.width

    def page(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.setFillGray(0.35)
        canvas.drawString(left, 10 * mm, footer)  # plain text: no markup is read
        canvas.setFont(FONT, BODY_PT)
        canvas.setFillGray(0)
        canvas.drawCentredString(left + width / 2, A4[1] - 13 * mm, str(canvas.getPageNumber()))  # Decree 30: top centre
        canvas.restoreState()

    story = []
    maps: list[tuple[_MapPlace, bytes, float, float]] = []
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
            place = _MapPlace()
            maps.append((place, block.pdf, w, h))
            picture = [_map_flowable(w, h, place)]
            if block.caption:
                picture.append(P(_text(block.caption), styles["small"]))
            story.append(KeepTogether(picture))
        elif isinstance(block, Table):
            story.append(_table(block, styles, width))
            story.append(Spacer(1, 6))
        elif isinstance(block, Bullets):
            story.extend(P(_text(item), styles["bullet"], bulletText="•") for item in block.items)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return _lay_maps(buffer.getvalue(), maps) if maps else buffer.getvalue()
