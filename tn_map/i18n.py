"""Every word tn-map shows around the plan, in Vietnamese and English: one table.

The table is data, ``tn_map/data/words.toml`` (one ``[key]`` with ``vi`` and
``en`` each): a translator edits it without touching Python.

Data carries keys (zone ``"south"``, fit ``"priority"``, reason
``"outside_province"``); the edges — the page, the image, the exports and
the command line — turn keys into words with :func:`tr`.  Plan content
(zone names, clusters, targets) is not here: it is a fact of the Decision
and lives, with its citation, in :mod:`tn_map.plan`.

Values filled into a text (``{name}``) are inserted as they are: the
templates are ours, the values may be the user's, and nothing in a value
is interpreted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from ._catalogue import entries
from ._errors import ParameterError

__all__ = ["Lang", "LANGS", "Text", "Notice", "WORDS", "LANGUAGE_NAMES", "BASEMAP_NAMES", "tr", "reason_text", "reason_kind", "check_lang", "fmt_number"]

Lang = Literal["vi", "en"]
#: Languages tn-map speaks; Vietnamese first (the scheme's language).
LANGS: tuple[Lang, ...] = ("vi", "en")


def check_lang(lang: str) -> Lang:
    """``lang`` if tn-map speaks it; otherwise :class:`~tn_map.ParameterError` naming ``lang``."""
    if lang not in LANGS:
        raise ParameterError.of("unknown_lang", param="lang", lang=lang, langs=", ".join(LANGS))
    return lang  # type: ignore[return-value]


@dataclass(frozen=True)
class Text:
    """A text in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``"vi"`` or ``"en"``); raises :class:`~tn_map.ParameterError` otherwise."""
        return self.vi if check_lang(lang) == "vi" else self.en


@dataclass(frozen=True)
class Notice:
    """Something tn-map assumed or changed while reading, as a key and its values.

    ``text(lang)`` gives the words (``notice.<key>`` in :data:`WORDS`).
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Notice:
        """A notice with named values: ``Notice.of("reprojected", crs="EPSG:9213")``."""
        return cls(key, tuple(values.items()))

    def text(self, lang: str) -> str:
        """The notice in words, in ``lang``."""
        return tr(f"notice.{self.key}", lang, **dict(self.values))


#: Each language's name in that language: the switch button is named by the language it switches to.
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}



class _Words(Mapping):
    """The catalogue ``tn_map/data/words.toml`` as ``key -> Text``, read on first use.

    A translator edits that file, not Python.  It is parsed once, lazily, so
    importing tn-map costs nothing for it.
    """

    _table: dict[str, Text] | None = None

    def _load(self) -> dict[str, Text]:
        if self._table is None:
            type(self)._table = {key: Text(**entry) for key, entry in entries().items()}
        return self._table

    def __getitem__(self, key: str) -> Text:
        return self._load()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._load()

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


#: Every word: ``key -> Text(vi, en)``, from ``tn_map/data/words.toml`` (edit the words there).
WORDS: Mapping[str, Text] = _Words()


class _Basemaps(Mapping):
    """The catalogue's ``basemap.<xyzservices name>`` entries, by xyzservices name."""

    _PREFIX = "basemap."

    def __getitem__(self, name: str) -> Text:
        return WORDS[self._PREFIX + name]

    def __iter__(self) -> Iterator[str]:
        return (key[len(self._PREFIX):] for key in WORDS if key.startswith(self._PREFIX))

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: Readable names of the basemaps the layer control offers (others show their xyzservices name).
BASEMAP_NAMES: Mapping[str, Text] = _Basemaps()


def fmt_number(value: float | None, lang: str, decimals: int | None = None) -> str:
    """A number the way readers of ``lang`` write it, by Babel's CLDR data.

    Parameters
    ----------
    value
        The number (any unit; the caller writes the unit).
    lang
        ``"vi"`` (locale vi_VN: ``2.255,0``, ``12,03``) or ``"en"`` (``2,255.0``, ``12.03``).
    decimals
        Digits after the decimal mark, always shown; without it, up to two,
        trailing zeros dropped (``9.0`` → ``9``).

    Returns
    -------
    str
        The number in words of ``lang``; ``–`` for a value that is not a finite number.
    """
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "–"
    from babel.numbers import format_decimal  # 25 ms to import: only when a number is written

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") if decimals is not None else "#,##0.##"
    return format_decimal(value, pattern, locale=_LOCALES[check_lang(lang)], decimal_quantization=True)


#: Babel's locale of each language.
_LOCALES = {"vi": "vi_VN", "en": "en"}


def fmt_area(value: float | None, lang: str) -> str:
    """An area in hectares, one decimal (``12,5`` / ``12.5``); ``None`` — no area known — is ``–``, and 0 is ``0,0``.

    The one rule for every output (terminal summary, brief, map panel): pass
    :attr:`tn_map.join.ZoneSummary.area`, which is ``None`` when no site of
    the zone has an area.
    """
    return fmt_number(value, lang, 1)


def fmt_share(priority: int, known: int, lang: str) -> str:
    """A priority-fit share as a whole percentage (``67 %``) from exact counts; ``–`` when no sector is known."""
    return f"{fmt_number(100 * priority / known, lang, 0)} %" if known else "–"


def tr(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def reason_text(reason: str, lang: str, column: str = "", value: str = "") -> str:
    """Words for one rejected row: its reason key with the column and cell it is about.

    A row ``outside_province`` whose ``value`` is today's province it lies in
    says so (``"outside the province, in Phú Thọ province"``).
    """
    if reason == "outside_province" and value:
        reason = "outside_province_in"
    return tr(f"reason.{reason}", lang, column=column, value=value)


def reason_kind(reason: str, lang: str) -> str:
    """Words for a reason key without its details (for counts by reason)."""
    key = f"reason_kind.{reason}"
    return tr(key if key in WORDS else f"reason.{reason}", lang)
