"""Where an output goes: checked before anything is drawn, with one error that names ``path``."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .._errors import ParameterError, TnMapError

__all__ = ["output_path"]


def output_path(path: str | Path, suffixes: Iterable[str], what: str = "output") -> tuple[Path, str]:
    """``path`` and its lower-case extension, if tn-map can write ``what`` there.

    Raises :class:`~tn_map.ParameterError` (``param="path"``) for an
    extension not in ``suffixes``, and :class:`~tn_map.TnMapError`
    (``param="path"``) for a folder, or a path under a file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    allowed = tuple(suffixes)
    if suffix not in allowed:
        raise ParameterError.of(f"unsupported_{what}", str(path), param="path", suffix=suffix or "–", allowed=", ".join(allowed))
    if path.is_dir():
        raise TnMapError.of("folder", str(path), param="path")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise TnMapError.of("parent_is_file", str(path), param="path", parent=parent)
            break
    return path, suffix
