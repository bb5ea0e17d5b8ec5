"""One exception type for everything a user can get wrong.

The CLI prints ``str(error)`` as a single line on stderr and exits with code 2;
no traceback reaches the user.
"""

from __future__ import annotations

__all__ = ["TnMapError"]


class TnMapError(Exception):
    """A problem with the user's input, stated with where it is.

    ``where`` names the place (a file, optionally ``row``/``column``); it is
    prefixed to the message so that the one line says what and where.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = " ".join(str(message).split())
        self.where = where
        super().__init__(f"{where}: {self.message}" if where else self.message)
