"""Errors a user can cause. Each carries one clear message and an exit code."""

from __future__ import annotations

__all__ = [
    "AmbiguousId",
    "DatabaseError",
    "NewsdeskError",
    "QueryError",
    "SkipFile",
    "UnknownId",
]


class NewsdeskError(Exception):
    """A user-facing error: ``str(err)`` is the message, ``exit_code`` the status."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class SkipFile(NewsdeskError):
    """A file that cannot become an article; the message is the reason."""

    exit_code = 1


class UnknownId(NewsdeskError):
    """No article has this id or id prefix."""

    exit_code = 2


class AmbiguousId(NewsdeskError):
    """An id prefix that matches more than one article."""

    exit_code = 2


class DatabaseError(NewsdeskError):
    """The database cannot be opened, read or written."""

    exit_code = 3


class QueryError(NewsdeskError):
    """A malformed search query."""

    exit_code = 2
