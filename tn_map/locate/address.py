"""Read Vietnamese administrative names and addresses: type prefixes, folded keys, parts.

:func:`tn_map.names.name_key` is made for district names: it does not know
the commune-level prefixes ``Xã`` and ``Phường``, and it drops ``Quận``/``Q``
(which would turn ``Quan Triều`` into ``Triều``).  Commune names need more
care, because a type word and a name can share letters once diacritics are
gone: ``Phường Tiến`` would be ward *Tiến*, but ``Phượng Tiến`` is a commune
whose name starts with *Phượng*.  So a prefix written with its diacritics
(``Phường``, ``Xã``, ``Thị trấn``) or as an abbreviation (``P.``, ``TT``,
``TP``) is taken as a prefix, while one written without diacritics
(``phuong``, ``xa``) gives two readings — with and without the prefix — and
the caller keeps whichever names a real unit.

Keys are :func:`tn_map.names.fold`-ed and have no spaces (``"daiphuc"``),
like the keys of the ``vietnamadminunits`` package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from ..names import fold, nfc

__all__ = ["Kind", "Reading", "unit_key", "written_form", "read_name", "address_parts", "split_at_prefixes"]

#: What an explicit type word says a name is.
Kind = Literal["commune", "district", "province"]

# Type words as written (lower case, NFC) → canonical folded type.
_ACCENTED = {
    "thị trấn": "thi tran",
    "thành phố": "thanh pho",
    "thị xã": "thi xa",
    "phường": "phuong",
    "huyện": "huyen",
    "tỉnh": "tinh",
    "xã": "xa",
}
_ABBREVIATED = {"tt": "thi tran", "tp": "thanh pho", "tx": "thi xa", "p": "phuong", "x": "xa", "h": "huyen"}
# Written without diacritics these are also the first syllable of real names.
_BARE = {"thi tran": "thi tran", "thanh pho": "thanh pho", "thi xa": "thi xa", "phuong": "phuong", "huyen": "huyen", "tinh": "tinh", "xa": "xa"}

_KIND: dict[str, Kind] = {
    "xa": "commune",
    "phuong": "commune",
    "thi tran": "commune",
    "huyen": "district",
    "thanh pho": "district",
    "thi xa": "district",
    "tinh": "province",
}
# Trailing English unit words (folded) → canonical type; None: strip, but no type.
_SUFFIXES: dict[str, str | None] = {
    "commune": "xa",
    "ward": "phuong",
    "township": "thi tran",
    "district": "huyen",
    "city": "thanh pho",
    "town": None,
    "province": "tinh",
}


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_RE = re.compile(
    r"^(?:(?P<accented>%s)|(?P<abbr>%s)|(?P<bare>%s))(?:\s*\.\s*|\s+)(?P<rest>\S.*)$"
    % (_alternation(_ACCENTED), _alternation(_ABBREVIATED), _alternation(_BARE)),
    re.DOTALL,
)
_SUFFIX_RE = re.compile(r"^(?P<rest>.+?)\s+(?P<suffix>%s)$" % _alternation(_SUFFIXES))
# A type word inside a part, preceded by white space: where an address
# written without commas may be cut.
_INNER_PREFIX_RE = re.compile(
    r"(?<=\s)(?=(?:%s)\s|(?:tt|tp|tx)[\s.]|[pxh]\.)" % _alternation(_ACCENTED)
)


@dataclass(frozen=True)
class Reading:
    """One way to read a name.

    Attributes
    ----------
    key : str
        Folded name without type word and without spaces: ``"daiphuc"``.
    type_key : str or None
        Folded type word if one was given: ``"xa"``, ``"phuong"``,
        ``"thi tran"``, ``"huyen"``, ``"thanh pho"``, ``"thi xa"``, ``"tinh"``.
    kind : {"commune", "district", "province"} or None
        What the type word says the name is.
    written : str
        The name as written, lower case, NFC, single-spaced, without type
        word: ``"văn lăng"``.  Tells apart names that fold alike (Văn Lang,
        Văn Lăng) when the diacritics were given.
    """

    key: str
    type_key: str | None
    kind: Kind | None
    written: str = ""


def written_form(name: str) -> str:
    """Lower-case NFC name, single-spaced: what :attr:`Reading.written` is compared with."""
    return " ".join(nfc(name).lower().split())


def unit_key(name: str) -> str:
    """Matching key of a bare unit name (no type word): folded, without spaces.

    >>> unit_key("Đại Phúc") == unit_key("dai  phuc") == "daiphuc"
    True
    """
    return fold(name).replace(" ", "")


def _strip_suffix(folded: str) -> tuple[str, str | None, bool]:
    """``"pho yen city"`` → ``("pho yen", "thanh pho", True)``."""
    found = _SUFFIX_RE.match(folded)
    if not found:
        return folded, None, False
    return found.group("rest"), _SUFFIXES[found.group("suffix")], True


def _reading(name: str, type_key: str | None) -> Reading | None:
    """Reading of ``name`` (lower case NFC, type word already split off)."""
    folded = fold(name)
    rest, suffix_type, stripped = _strip_suffix(folded)
    type_key = type_key or suffix_type
    key = rest.replace(" ", "")
    if not key:
        return None
    written = written_form(name)
    if stripped:  # drop the English unit word from the written form too
        written = " ".join(written.split()[:-1])
    return Reading(key=key, type_key=type_key, kind=_KIND.get(type_key) if type_key else None, written=written)


# "(cũ)", "cũ", "(old)", "(former)" after a name: the unit as it was (before 2025); the name is the same.
_FORMER_RE = re.compile(r"\s*(?:[\(\[]\s*(?:cũ|trước sáp nhập|old|former)\s*[\)\]]|\s+cũ)\s*$")
# "T." and "T " before a province name: tỉnh ("…, T. Thái Nguyên").
_PROVINCE_ABBR_RE = re.compile(r"^t\s*\.\s*(?=\S)")


def without_former(text: str) -> str:
    """``"TP. Thái Nguyên (cũ)"`` → ``"TP. Thái Nguyên"``: the mark of a former unit dropped."""
    return _FORMER_RE.sub("", nfc(text))


def read_name(text: str) -> tuple[Reading, ...]:
    """The readings of one name, its type word (if any) split off.

    Parameters
    ----------
    text : str
        One name, e.g. ``"Xã Đại Phúc"``, ``"TP. Thái Nguyên"``,
        ``"xa dai phuc"``, ``"Pho Yen City"``.

    Returns
    -------
    tuple of Reading
        Usually one.  A type word written without diacritics (``xa``,
        ``phuong``, ``huyen``…) gives two: with the prefix split off first,
        then the whole text as a name (``"phuong tien"`` may be Xã Phượng
        Tiến).  Empty if nothing but punctuation was given.
    """
    lowered = without_former(nfc(text).lower().strip(" \t\r\n,;:-")).strip(" \t\r\n.,;:-")
    lowered = _PROVINCE_ABBR_RE.sub("tỉnh ", lowered)
    found = _PREFIX_RE.match(lowered)
    readings: list[Reading | None] = []
    if found:
        if found.group("accented"):
            type_key = _ACCENTED[found.group("accented")]
        elif found.group("abbr"):
            type_key = _ABBREVIATED[found.group("abbr")]
        else:
            type_key = _BARE[found.group("bare")]
        readings.append(_reading(found.group("rest"), type_key))
        if found.group("bare"):
            readings.append(_reading(lowered, None))
    else:
        readings.append(_reading(lowered, None))
    out: list[Reading] = []
    for reading in readings:
        if reading is not None and reading not in out:
            out.append(reading)
    return tuple(out)


def address_parts(text: str) -> list[str]:
    """The comma-separated parts of an address, NFC, blanks dropped, in written order.

    ``"Thôn 5, xã Yên Lạc , huyện Phú Lương,"`` → ``["Thôn 5", "xã Yên Lạc", "huyện Phú Lương"]``.
    """
    return [part.strip() for part in nfc(text).split(",") if part.strip()]


def split_at_prefixes(part: str) -> list[str]:
    """Cut one address part before each type word it contains after its start.

    For addresses written without commas: ``"xã Tân Cương TP Thái Nguyên"`` →
    ``["xã Tân Cương", "TP Thái Nguyên"]``.  Only type words written with
    diacritics or as abbreviations cut (``xa``/``phuong`` without diacritics
    are also syllables of names, as in ``Tràng Xá``).
    """
    text = nfc(part)
    lowered = text.lower()
    if len(lowered) != len(text):  # lower() changed lengths: cut the lowered text itself
        text = lowered
    cuts = [m.start() for m in _INNER_PREFIX_RE.finditer(lowered)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
