"""The typed document a brief is: blocks in reading order, which :mod:`.docx` and :mod:`.pdf` lay out.

:mod:`.brief` builds a :class:`Brief` from the pipeline's typed objects; the
writers import these types from here, never from :mod:`.brief`, so that no
import runs in a circle (brief → writers → brief).  This module imports
neither.  Every text is plain text: writers insert it as such, never as
markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Union

from ..i18n import Lang

__all__ = ["Heading", "Paragraph", "Picture", "Table", "Bullets", "Block", "Brief"]


@dataclass(frozen=True)
class Heading:
    """A heading: ``level`` 0 is the document title, 1 a section, 2 a subsection."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; ``small`` for notes and captions."""

    text: str
    small: bool = False


@dataclass(frozen=True, eq=False)
class Picture:
    """A figure shown ``width_mm`` × ``height_mm``, with its caption; drawn when a writer asks for it.

    ``draw`` makes the picture (a :class:`~tn_map.render.static.StaticMap`
    or a matplotlib Figure, its size the picture's); :attr:`png`
    is it at ``dpi`` (300: print quality, for Word), :attr:`pdf` as a vector
    page (for the PDF, whose map text stays text).
    """

    draw: Callable[[], Any] = field(repr=False)
    width_mm: float
    height_mm: float
    caption: str = ""
    alt: str = ""
    dpi: int = 300

    @cached_property
    def png(self) -> bytes:
        """The figure as PNG at :attr:`dpi`."""
        return self._bytes("png")

    @cached_property
    def pdf(self) -> bytes:
        """The figure as a one-page vector PDF of its size (fonts embedded as TrueType)."""
        return self._bytes("pdf")

    def _bytes(self, fmt: str) -> bytes:
        from ..export.image import image_bytes

        return image_bytes(self.draw(), fmt, dpi=self.dpi)


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells; ``numeric`` columns are right-aligned; ``widths`` are relative."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] = ()
    key: str = ""  # what the table is: "zones", "districts", "targets", "site_summary", "sites"


@dataclass(frozen=True)
class Bullets:
    """A bullet list of plain-text items."""

    items: tuple[str, ...]


Block = Union[Heading, Paragraph, Picture, Table, Bullets]


@dataclass(frozen=True)
class Brief:
    """A brief in one language: its ``title`` and ``blocks`` in reading order; ``zone`` if narrowed to one."""

    lang: Lang
    title: str
    blocks: tuple[Block, ...]
    zone: str | None = None

    def tables(self, key: str) -> list[Table]:
        """The tables whose ``key`` is ``key``."""
        return [b for b in self.blocks if isinstance(b, Table) and b.key == key]
