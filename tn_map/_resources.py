"""Where the bundled data files are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def data_path(name: str) -> Path:
    """Path of a bundled data file such as ``"boundaries.geojson"``.

    A wheel carries the files in ``tn_map/_data``; a source checkout (or an
    editable install) has them in the repository's top-level ``data/``.
    """
    for folder in (_PACKAGE_DATA, _REPO_DATA):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"bundled data file {name!r} is missing from {_PACKAGE_DATA} and {_REPO_DATA}")
