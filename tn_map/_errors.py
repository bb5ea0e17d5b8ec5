"""The exceptions tn-map raises for anything a user can get wrong.

Every one is a :class:`TnMapError`, itself a :class:`ValueError`: a message
KEY (``error.<key>`` in the word catalogue ``tn_map/data/words.toml``), the
values filled into it, and its place — a file, a row, a column.  The command
line says it in the language of ``--lang``; ``str(error)`` is the English
line.  The library names its own parameters (``param="crs"``); only the
command line turns those into flags.  Text from the user's files inside a
message is data: no caller formats or evaluates it.

What is not the user's fault — a broken installed package, bundled data
missing, an internal invariant — is raised as a plain exception
(:class:`RuntimeError`, :class:`AssertionError`): the command line calls
that a bug (exit 1), not bad input (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._catalogue import say

__all__ = ["TnMapError", "InputFileError", "ParameterError", "UnknownPlaceError", "Phrase"]


@dataclass(frozen=True)
class Phrase:
    """Part of a message, itself a key and values: a value of a :class:`TnMapError` that is words too.

    A list or tuple of phrases in the values is said joined by ``"; "``.
    """

    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The phrase in ``lang`` (``error.<key>``)."""
        return say(f"error.{self.key}", lang, **_said(self.values, lang))


def _said(values: dict, lang: str) -> dict:
    """``values`` with every :class:`Phrase` (or list of them) put in words of ``lang``."""
    out = {}
    for name, value in values.items():
        if isinstance(value, Phrase):
            value = value.text(lang)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Phrase) for v in value):
            value = "; ".join(v.text(lang) for v in value)
        out[name] = value
    return out


class TnMapError(ValueError):
    """A problem with the user's input, stated with where it is.

    Parameters
    ----------
    message
        What is wrong in English, in one line (white space is folded);
        default: the words of ``words`` in English.
    where
        The file (or ``"plan"``); prefixed to the message.
    param
        The parameter of the function called that would fix it (``"crs"``,
        ``"lat"``); the command line shows it as its flag.
    words
        ``(key, values)``: the message as a key of the catalogue
        (``error.<key>``) and the values filled into it, so that it can be
        said in the user's language.
    row, column
        The row (1-based, as a spreadsheet shows it) and the column the
        problem is in, when it is in one.

    Attributes
    ----------
    key, values
        ``words`` apart (``None`` and ``{}`` without it).
    """

    def __init__(
        self,
        message: str | None = None,
        where: str | None = None,
        *,
        param: str | None = None,
        words: tuple[str, dict] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.words = words
        self.key, self.values = (words[0], dict(words[1])) if words else (None, {})
        if message is None:
            if words is None:
                raise TypeError("a TnMapError needs a message or its words")
            message = self._words_text("en")
        self.message = " ".join(str(message).split())
        self.where = where
        self.param = param
        self.row = row
        self.column = column
        super().__init__(self.describe())

    @classmethod
    def of(cls, key: str, where: str | None = None, *, param: str | None = None, in_row: int | None = None,
           in_column: str | None = None, **values: object) -> TnMapError:
        """The error whose words are ``error.<key>`` filled with ``values``, at ``where`` (``in_row``,
        ``in_column``): ``ParameterError.of("dpi_range", param="dpi", dpi=5, lo=50, hi=1200)``."""
        return cls(None, where, param=param, words=(key, values), row=in_row, column=in_column)

    def _words_text(self, lang: str) -> str:
        return say(f"error.{self.key}", lang, **_said(self.values, lang))

    def text(self, lang: str, param_name: str | None = None) -> str:
        """The one-line message in ``lang``, with its place; ``param_name`` names the parameter (default: its name).

        A message without words (a key) stays in English.
        """
        body = " ".join(self._words_text(lang).split()) if self.key else self.message
        return self._placed(body, lang, param_name)

    def describe(self, param_name: str | None = None, message: str | None = None) -> str:
        """The one-line message in English; ``param_name`` names the parameter (default: its name);
        ``message`` replaces the text."""
        return self._placed(message if message is not None else self.message, "en", param_name)

    def _placed(self, body: str, lang: str, param_name: str | None) -> str:
        """``body`` with the error's place (file, row, column) and the parameter to see, in ``lang``."""
        place = []
        if self.row is not None:
            place.append(say("error.at_row", lang, row=self.row))
        if self.column is not None:
            place.append(say("error.at_column", lang, column=self.column))
        if place:
            body = f"{', '.join(place)}: {body}"
        text = f"{self.where}: {body}" if self.where else body
        if self.param:
            text += f" ({say('error.see', lang, param=param_name or self.param)})"
        return text


class InputFileError(TnMapError):
    """A file cannot be read as what it should be, or its content is unusable."""


class ParameterError(TnMapError):
    """A parameter's value is not one tn-map can use (a language, a CRS, a column name)."""


class UnknownPlaceError(TnMapError):
    """A place name that matches no unit; ``suggestions`` holds the closest known names."""

    def __init__(self, message: str | None = None, where: str | None = None, *, suggestions: tuple[str, ...] = (),
                 param: str | None = None, words: tuple[str, dict] | None = None) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(message, where, param=param, words=words)
