"""Write a :class:`~tn_map.report.brief.Brief` as a Word document an office can edit.

Real headings (Word's Title and Heading styles, so the navigation pane and
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
from .brief import Brief, Bullets, Heading, Paragraph, Picture, Table
from ..i18n import tr

__all__ = ["docx_bytes"]

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
            run = paragraph.add_run(_clean(value))
            run.font.size = Pt(9)
            if i == 0:
                run.bold = True
            if numeric[j]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(grid.rows[0])
    document.add_paragraph()


def docx_bytes(brief: Brief) -> bytes:
    """The brief as a .docx file's bytes."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    text_width = 170.0
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)

    for block in brief.blocks:
        if isinstance(block, Heading):
            document.add_heading(_clean(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(_clean(block.text))
            if block.small:
                run.font.size = Pt(8.5)
        elif isinstance(block, Picture):
            width = min(block.width_mm, text_width)
            document.add_picture(io.BytesIO(block.png), width=Mm(width))
            shape = document.inline_shapes[-1]
            shape._inline.docPr.set("descr", _clean(block.alt or block.caption))
            if block.caption:
                caption = document.add_paragraph(style="Caption") if "Caption" in styles else document.add_paragraph()
                run = caption.add_run(_clean(block.caption))
                run.font.size = Pt(8)
        elif isinstance(block, Table):
            _table(document, block, text_width)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(_clean(item), style="List Bullet")

    footer = section.footer.paragraphs[0]
    footer.add_run(_clean(f"{brief.title} · {tr('made_with', brief.lang)}")).font.size = Pt(8)

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
