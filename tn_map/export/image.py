"""Write a matplotlib figure (a static map) as PNG, SVG or PDF: the same figure, the same bytes."""

from __future__ import annotations

from pathlib import Path

from .._errors import ParameterError, TnMapError

__all__ = ["save_image", "IMAGE_FORMATS"]

IMAGE_FORMATS = (".png", ".svg", ".pdf")


def _metadata(suffix: str) -> dict:
    """File metadata without timestamps or version strings, so equal maps are equal bytes."""
    if suffix == ".png":
        return {"Software": None}
    if suffix == ".pdf":
        return {"Creator": None, "Producer": None, "CreationDate": None}
    return {"Creator": None, "Date": None}


def save_image(fig, path: str | Path, *, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path`` (.png, .svg or .pdf, by extension) and close it.

    ``dpi`` sets the resolution of a PNG (dots per inch).  No timestamps or
    software versions are written, and SVG ids are fixed, so the same figure
    gives the same bytes.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in IMAGE_FORMATS:
            raise ParameterError(f"unsupported image type {suffix or '(none)'}; use {', '.join(IMAGE_FORMATS)}",
                                 where=str(path), param="path")
        matplotlib.rcParams["svg.hashsalt"] = "tn-map"  # stable ids in SVG output
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata=_metadata(suffix))
    except OSError as exc:
        raise TnMapError(f"cannot write the image ({exc.strerror or exc})", where=str(path)) from exc
    finally:
        plt.close(fig)
    return path
