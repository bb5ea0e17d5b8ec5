"""Vietnamese place-name handling: NFC for display, a folded key for matching.

Names arrive from official GIS files, spreadsheets typed on many keyboards and
English reports, so the same district can be written ``Phổ Yên``,
``TP. Phổ Yên``, ``Thị xã Phổ Yên`` (its status before 2022), ``Pho Yen City``
or in decomposed Unicode.  :func:`name_key` folds all of these to one key
(``"pho yen"``); :func:`nfc` is what we display.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["nfc", "fold", "name_key", "ascii_name"]

# Administrative prefixes and suffixes, written folded (no diacritics, lower
# case).  Longest first so that "thanh pho" wins over a bare "tp".
_PREFIXES = (
    "thanh pho",
    "thi xa",
    "thi tran",
    "huyen",
    "quan",
    "tinh",
    "tp",
    "tx",
    "tt",
    "h",
    "q",
)
_SUFFIXES = ("city", "district", "town", "province", "township")

_PREFIX_RE = re.compile(r"^(?:%s)(?:\s+|$)" % "|".join(re.escape(p) for p in _PREFIXES))
_SUFFIX_RE = re.compile(r"\s+(?:%s)$" % "|".join(_SUFFIXES))
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding white space removed.

    This is the form tn-map stores and displays: composed Vietnamese letters
    (``ổ`` as one code point), so that equal names compare equal byte for byte.
    """
    return unicodedata.normalize("NFC", str(text)).strip()


def fold(text: str) -> str:
    """Strip diacritics and case: ``"Đồng Hỷ"`` → ``"dong hy"``.

    ``đ``/``Đ`` is a letter of its own in Unicode (it does not decompose), so it
    is mapped to ``d`` explicitly.  Punctuation becomes a single space.
    """
    return _fold(str(text))


@lru_cache(maxsize=4096)  # the same few hundred names (units, headers, sectors) are folded over and over
def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose: the same result, without the per-character walk
        stripped = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        stripped = stripped.replace("đ", "d").replace("Đ", "D").casefold()
    return _NON_WORD.sub(" ", stripped).strip()


def name_key(text: str) -> str:
    """Matching key for an administrative name.

    Folds diacritics and case (:func:`fold`), then drops one leading unit-type
    prefix (``TP.``, ``Thành phố``, ``Huyện``, ``Thị xã``, ``Quận``, …) and one
    trailing English unit word (``City``, ``District``, ``Town``).

    >>> name_key("TP. Phổ Yên") == name_key("Pho Yen City") == "pho yen"
    True
    """
    key = fold(text)
    stripped = _PREFIX_RE.sub("", key, count=1)
    # A name that *is* only a prefix word (e.g. a commune literally called
    # "Quan") keeps its letters.
    key = stripped or key
    stripped = _SUFFIX_RE.sub("", key)
    return stripped or key


def ascii_name(text: str) -> str:
    """ASCII transliteration that keeps case and spacing: ``"Phổ Yên"`` → ``"Pho Yen"``."""
    decomposed = unicodedata.normalize("NFD", str(text))
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("đ", "d").replace("Đ", "D")
