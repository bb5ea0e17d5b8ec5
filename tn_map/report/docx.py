"""Write a :class:`~tn_map.report.document.Brief` as a Word document an office can edit.

The page follows Decree 30/2020/NĐ-CP on administrative documents: A4,
margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman,
body 13 pt (Word substitutes a metric-compatible font where it is missing);
the page number at the top centre.  Real headings (Word's Title and Heading styles, so the navigation pane and
a table of contents work), the map as a picture, and real tables with a
header row that repeats on every page.  Every text is set as the text of a
run — plain data, never a field, a template or markup.  The document's
dates are fixed and the package is written without clocks
(:func:`tn_map.export.cells.deterministic_zip`), so the same brief gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from ..export.cells import deterministic_zip
from .document import Brief, Bullets, Heading, Paragraph, Picture, Table
from ..i18n import tr

__all__ = ["docx_bytes", "MARGINS_MM", "PAGE_MM", "FONT", "BODY_PT"]

_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# XML 1.0 cannot hold C0 controls other than tab, line feed and carriage return.
_XML_ILLEGAL = dict.fromkeys(i for i in range(32) if i not in (9, 10, 13))


def _clean(text: str) -> str:
    return str(text).translate(_XML_ILLEGAL)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _table(document, table: Table, width_mm: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = table.widths or (1.0,) * len(table.columns)
    total = sum(widths)
    numeric = table.numeric or (False,) * len(table.columns)
    grid.autofit = False
    for j, w in enumerate(widths):
        grid.columns[j].width = Mm(width_mm * w / total)  # the grid, which LibreOffice reads
        for cell in grid.columns[j].cells:  # and each cell, which Word reads
            cell.width = Mm(width_mm * w / total)
    for i, values in enumerate((table.columns, *table.rows)):
        for j, value in enumerate(values):
            paragraph = grid.cell(i, j).paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(_clean(value))
            run.font.size = Pt(TABLE_PT)
            if i == 0:
                run.bold = True
            if numeric[j]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(grid.rows[0])
    document.add_paragraph()


#: Decree 30/2020/NĐ-CP, Appendix I: A4, margins (mm) top 20–25, bottom 20–25, left 30–35, right 15–20.
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
#: Times New Roman 13–14 pt for the body; tables and notes a little smaller.
FONT = "Times New Roman"
BODY_PT, TABLE_PT, SMALL_PT, TITLE_PT = 13.0, 11.0, 11.0, 14.0


def _font(style_or_run, size: float | None = None, *, bold: bool | None = None) -> None:
    """Set Times New Roman for every script (the template's theme fonts removed) and ``size`` points."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    r_fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attr), FONT)


def _page_number(section) -> None:
    """The page number at the top centre of every page (a PAGE field: ours, never the user's text)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(run, BODY_PT)


def docx_bytes(brief: Brief) -> bytes:
    """The brief as a .docx file's bytes: a Decree 30/2020/NĐ-CP page, the map a 300 dpi picture."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(10)
    text_width = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    styles = document.styles
    _font(styles["Normal"], BODY_PT)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.0
    _font(styles["Title"], TITLE_PT, bold=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.space_after = Pt(6)
    styles["Title"].element.get_or_add_pPr()  # the template's bottom border stays off a Decree 30 title
    for p_bdr in styles["Title"].element.pPr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
        styles["Title"].element.pPr.remove(p_bdr)
    for level, size in ((1, BODY_PT), (2, BODY_PT)):
        heading = styles[f"Heading {level}"]
        _font(heading, size, bold=True)
        heading.font.italic = level == 2
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        heading.paragraph_format.space_after = Pt(6)
    for name in ("Caption", "List Bullet"):
        if name in styles:
            _font(styles[name], SMALL_PT if name == "Caption" else BODY_PT, bold=False)
    _page_number(section)

    for block in brief.blocks:
        if isinstance(block, Heading):
            document.add_heading(_clean(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(_clean(block.text))
            if block.small:
                run.font.size = Pt(SMALL_PT)
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif isinstance(block, Picture):
            width = min(block.width_mm, text_width)  # 300 dpi at this width: the figure is drawn at it
            document.add_picture(io.BytesIO(block.png), width=Mm(width))
            shape = document.inline_shapes[-1]
            shape._inline.docPr.set("descr", _clean(block.alt or block.caption))
            if block.caption:
                caption = document.add_paragraph(style="Caption") if "Caption" in styles else document.add_paragraph()
                run = caption.add_run(_clean(block.caption))
                run.font.size = Pt(SMALL_PT)
        elif isinstance(block, Table):
            _table(document, block, text_width)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(_clean(item), style="List Bullet")

    footer = section.footer.paragraphs[0]
    _font(footer.add_run(_clean(f"{brief.title} · {tr('made_with', brief.lang)}")), 9)

    props = document.core_properties
    props.title = _clean(brief.title)
    props.author = "tn-map"
    props.last_modified_by = "tn-map"
    props.language = "vi-VN" if brief.lang == "vi" else "en-GB"
    props.created = props.modified = _FIXED_DATE
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())
