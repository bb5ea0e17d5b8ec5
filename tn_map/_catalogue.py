"""The catalogue of words, ``tn_map/data/words.toml``, read once on first use.

The lowest layer of words: :mod:`tn_map._errors` says its messages with it and
:mod:`tn_map.i18n` builds its :class:`~tn_map.i18n.Text` table from it, so
neither imports the other's way round.  A translator edits the data file, not
Python.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["entries", "say"]


@cache
def entries() -> dict[str, dict[str, str]]:
    """Every entry: ``key -> {"vi": ..., "en": ...}`` (parsed once per process)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(files(__package__).joinpath("data", "words.toml").read_text(encoding="utf-8"))


def say(key: str, lang: str, **values: object) -> str:
    """The words of ``key`` in ``lang`` (``"vi"``, else English) with ``{placeholders}`` filled from ``values``.

    Values are inserted as they are (they may be the user's text; nothing in them is interpreted).
    """
    text = entries()[key]["vi" if lang == "vi" else "en"]
    return text.format(**values) if values else text
