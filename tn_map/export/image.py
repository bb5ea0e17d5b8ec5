"""Write a matplotlib figure (a static map) as PNG, SVG or PDF: the same figure, the same bytes.

A page drawn by :func:`tn_map.render.draw_map` (a
:class:`~tn_map.render.static.StaticMap` with its ``page``) keeps its paper
size exactly (PDF and SVG in points, PNG in pixels at ``dpi``); any other
figure is cropped to what is drawn.  Like contextily, nothing here changes
what the caller made: the figure is neither closed nor resized (its dpi and
canvas are put back after a page's PNG).  PDF fonts are embedded as TrueType (searchable,
crisp at any zoom; not Type 3) and SVG text stays ``<text>``, so labels can
be edited in Inkscape or Illustrator.
"""

from __future__ import annotations

import io
from pathlib import Path

from .._errors import ParameterError, TnMapError
from .paths import output_path

__all__ = ["save_image", "image_bytes", "IMAGE_FORMATS", "DPI_RANGE", "check_dpi"]

IMAGE_FORMATS = (".png", ".svg", ".pdf")
#: Resolutions a PNG may be written at (dots per inch), inclusive.
DPI_RANGE = (50, 1200)

# Fonts as fonts: TrueType in PDF (not Type 3), live <text> in SVG; ids stable.
_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none", "svg.hashsalt": "tn-map"}


def _metadata(fmt: str) -> dict:
    """File metadata without timestamps or version strings, so equal maps are equal bytes."""
    if fmt == "png":
        return {"Software": None}
    if fmt == "pdf":
        return {"Creator": None, "Producer": None, "CreationDate": None}
    return {"Creator": None, "Date": None}


def check_dpi(dpi: object) -> int:
    """``dpi`` as an int if within :data:`DPI_RANGE`; otherwise :class:`~tn_map.ParameterError` naming ``dpi``."""
    lo, hi = DPI_RANGE
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi != dpi or not lo <= dpi <= hi:
        raise ParameterError.of("dpi_range", param="dpi", dpi=dpi, lo=lo, hi=hi)
    return int(round(dpi))


def _check_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise ParameterError.of("unsupported_image", str(path), param="path", suffix=suffix or "–", allowed=", ".join(IMAGE_FORMATS))
    return suffix[1:]


def _figure_and_page(drawing):
    """(figure, page or ``None``) of a :class:`~tn_map.render.static.StaticMap` or of a plain Figure."""
    from ..render.static import StaticMap

    if isinstance(drawing, StaticMap):
        return drawing.figure, drawing.page
    return drawing, None


def _write(drawing, target, fmt: str, dpi: int) -> None:
    import matplotlib

    fig, page = _figure_and_page(drawing)
    with matplotlib.rc_context(_RC):
        if fmt == "png" and page is not None:
            _write_page_png(fig, target, dpi)
            return
        fig.savefig(target, format=fmt, dpi=dpi, bbox_inches=None if page is not None else "tight",
                    metadata=_metadata(fmt))


# A page's PNG: text unhinted, as in the PDF and SVG (glyphs at their true shapes and spacing rather
# than snapped to a screen's pixel grid; FreeType's bytecode hinter was a third of the drawing time);
# zlib level 3: a third faster to write than level 6, and with RGB (below) the file is about the size of
# matplotlib's RGBA at level 6 (an A4 page at 150 dpi: 325 KB against 316 KB).
_PAGE_PNG_RC = {"text.hinting": "no_hinting"}
_PAGE_PNG_COMPRESS_LEVEL = 3


def _write_page_png(fig, target, dpi: int) -> None:
    """A page as PNG: rendered once by Agg at ``dpi``, stored as RGB when every pixel is opaque.

    A page has an opaque background, so the alpha channel is all 255: RGB
    holds the same pixels in three bytes instead of four (a smaller file,
    less to compress).  Written as matplotlib writes a PNG otherwise: the
    resolution in the pHYs chunk, no text chunks.
    """
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, PngImagePlugin

    canvas, dpi_before = fig.canvas, fig.dpi
    try:
        agg = FigureCanvasAgg(fig)  # as savefig does: a canvas for this write, then the figure's own again
        fig.dpi = dpi
        with matplotlib.rc_context(_PAGE_PNG_RC):
            rgba, size = agg.print_to_buffer()
    finally:
        fig.dpi = dpi_before
        fig.set_canvas(canvas)
    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1)
    if np.frombuffer(rgba, dtype=np.uint8)[3::4].min() == 255:
        image = image.convert("RGB")
    image.save(target, format="png", dpi=(dpi, dpi), pnginfo=PngImagePlugin.PngInfo(),
               compress_level=_PAGE_PNG_COMPRESS_LEVEL)


def image_bytes(fig, fmt: str = "png", *, dpi: int = 150) -> bytes:
    """A map or figure as PNG, SVG or PDF bytes, written as :func:`save_image` writes files.

    Parameters
    ----------
    fig : StaticMap or matplotlib.figure.Figure
        What :func:`tn_map.render.draw_map` returned (a page keeps its paper
        size), or any Figure (cropped to what is drawn).
    fmt : {"png", "svg", "pdf"}
        The file type, without dot.
    dpi : int
        Dots per inch of a PNG (50–1200).

    Returns
    -------
    bytes
        The file's bytes; the figure is left as it was (open, same size).
    """
    fmt = _check_format(Path(f"image.{fmt}"))
    buffer = io.BytesIO()
    _write(fig, buffer, fmt, check_dpi(dpi))
    return buffer.getvalue()


def save_image(fig, path: str | Path, *, dpi: int = 150) -> Path:
    """Write a map or figure to ``path`` (.png, .svg or .pdf, by extension).

    Parameters
    ----------
    fig : StaticMap or matplotlib.figure.Figure
        A :class:`~tn_map.render.static.StaticMap` from
        :func:`tn_map.draw_static_map` (map in EPSG:9213 metres; a page is
        written at exactly its paper size in millimetres) or any matplotlib
        Figure (cropped to what is drawn).  The figure is the caller's: it
        is neither closed nor resized (close a pyplot figure yourself).
    path : str or Path
        The file; its extension chooses the format.
    dpi : int
        Resolution of a PNG in dots per inch, 50–1200 (a page's PNG is its
        paper size × ``dpi`` pixels).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    tn_map.ParameterError
        Naming ``path`` or ``dpi`` for an unsupported extension or resolution.
    tn_map.TnMapError
        Naming ``path`` when the file cannot be written.

    Notes
    -----
    No timestamps or software versions are written, and SVG ids are fixed,
    so the same figure gives the same bytes.
    """
    try:
        path, suffix = output_path(path, IMAGE_FORMATS, "image")
        fmt = suffix[1:]
        resolution = check_dpi(dpi)
        data = image_bytes(fig, fmt, dpi=resolution)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise TnMapError.of("cannot_write_image", str(path), param="path", error=exc.strerror or exc) from exc
    return path
