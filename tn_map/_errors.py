"""The exceptions tn-map raises for anything a user can get wrong.

Every one is a :class:`TnMapError`, itself a :class:`ValueError`, with one
line of text saying what is wrong and where (a file, a row, a column).  The
library names its own parameters (``param="crs"``); only the command line
turns those into flags.  Text from the user's files inside a message is
data: no caller formats or evaluates it.
"""

from __future__ import annotations

__all__ = ["TnMapError", "InputFileError", "ParameterError", "UnknownPlaceError"]


class TnMapError(ValueError):
    """A problem with the user's input, stated with where it is.

    Parameters
    ----------
    message
        What is wrong, in one line (white space is folded).
    where
        The place: a file, optionally with ``row``/``column``; prefixed to
        the message.
    param
        The parameter of the function called that would fix it (``"crs"``,
        ``"lat"``); the command line shows it as its flag.
    words
        ``(key, values)`` of the same message in :mod:`tn_map.i18n`
        (``error.<key>``), so that the command line can say it in the
        user's language.
    """

    def __init__(
        self,
        message: str,
        where: str | None = None,
        *,
        param: str | None = None,
        words: tuple[str, dict] | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())
        self.where = where
        self.param = param
        self.words = words
        super().__init__(self.describe())

    def describe(self, param_name: str | None = None, message: str | None = None) -> str:
        """The one-line message; ``param_name`` names the parameter (default: its name);
        ``message`` replaces the text (e.g. the same message in another language)."""
        text = message if message is not None else self.message
        text = f"{self.where}: {text}" if self.where else text
        if self.param:
            text += f" (see {param_name or self.param})"
        return text


class InputFileError(TnMapError):
    """A file cannot be read as what it should be, or its content is unusable."""


class ParameterError(TnMapError):
    """A parameter's value is not one tn-map can use (a language, a CRS, a column name)."""


class UnknownPlaceError(TnMapError):
    """A place name that matches no unit; ``suggestions`` holds the closest known names."""

    def __init__(self, message: str, where: str | None = None, *, suggestions: tuple[str, ...] = (), param: str | None = None) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(message, where, param=param)
