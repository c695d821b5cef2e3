"""The gitops.Error hierarchy: one class per error code of the C++ library."""

from __future__ import annotations

from typing import NoReturn

from gitops import _gitops



class Error(Exception):
    """A gitops error: the code of the C++ Status, its message and location.

    ``str(error)`` is ``"file:line:column: message"`` with the parts that are
    known, as the C++ ``Status::ToString()`` prints it.
    """

    #: The code's name as the C++ library gives it, e.g. ``"ParseError"``.
    code: str = "Unknown"

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message, file, line, column)
        #: The message without the location prefix.
        self.message = message
        #: The name the caller gave the text (``file=``); ``""`` if none.
        self.file = file
        #: Line and column, counting from 1; 0 when unknown.
        self.line = line
        self.column = column

    def __str__(self) -> str:
        prefix = ""
        if self.file:
            prefix += f"{self.file}:"
        if self.line > 0:
            prefix += f"{self.line}:"
            if self.column > 0:
                prefix += f"{self.column}:"
        return f"{prefix} {self.message}" if prefix else self.message


class InvalidArgumentError(Error):
    """The caller's input is wrong: a bad field, option or value."""

    code = "InvalidArgument"


class ParseError(Error):
    """Text could not be read; ``line`` and ``column`` say where."""

    code = "ParseError"


class YAMLError(ParseError):
    """YAML that could not be read (syntax, duplicate key, invalid UTF-8, bad tag)."""


class JSONError(ParseError):
    """JSON that could not be read (syntax, invalid UTF-8, lone surrogate, trailing data)."""


class NotFoundError(Error):
    """A file, object, key or ref does not exist."""

    code = "NotFound"


class AlreadyExistsError(Error):
    """Something to be created is already there."""

    code = "AlreadyExists"


class ConflictError(Error):
    """Another owner holds it (field managers, a lock).

    From a merge, ``conflicts`` lists each conflicting field as
    ``{"manager": ..., "path": ...}``, the path in structured-merge-diff's
    string form (``.spec.containers[name="web"].image``).
    """

    code = "Conflict"

    def __init__(self, message: str, file: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message, file, line, column)
        self.conflicts: list[dict[str, str]] = []


class FailedPreconditionError(Error):
    """The system is not in a state that allows the call."""

    code = "FailedPrecondition"


class LimitExceededError(Error):
    """A configured bound (size, depth, alias expansion, count) was hit."""

    code = "LimitExceeded"


class PermissionDeniedError(Error):
    """Authentication or authorisation failed, or a path escapes its root."""

    code = "PermissionDenied"


class UnavailableError(Error):
    """A peer could not be reached; retrying may help."""

    code = "Unavailable"


class TimeoutError(Error):  # noqa: A001 - the code's name, as asyncio.TimeoutError
    """A deadline passed."""

    code = "Timeout"


class CancelledError(Error):
    """The caller cancelled."""

    code = "Cancelled"


class UnimplementedError(Error):
    """A feature gitops does not provide (the message says which)."""

    code = "Unimplemented"


class InternalError(Error):
    """A bug in gitops."""

    code = "Internal"


_ERRORS_BY_CODE = {
    cls.code: cls
    for cls in (
        InvalidArgumentError,
        ParseError,
        NotFoundError,
        AlreadyExistsError,
        ConflictError,
        FailedPreconditionError,
        LimitExceededError,
        PermissionDeniedError,
        UnavailableError,
        TimeoutError,
        CancelledError,
        UnimplementedError,
        InternalError,
    )
}


def _raise(error: _gitops.Error, parse_error: type[ParseError] = ParseError) -> NoReturn:
    """Raises the gitops.Error subclass for the internal error's code."""
    code, message, file, line, column = error.args[:5]
    if code == "Conflict" and len(error.args) > 5:
        conflict = ConflictError(message, file, line, column)
        conflict.conflicts = list(error.args[5])
        raise conflict from None
    cls = parse_error if code == "ParseError" else _ERRORS_BY_CODE.get(code)
    if cls is None:
        # A code newer than this module: keep it rather than hide it.
        raised = Error(message, file, line, column)
        raised.code = code
        raise raised from None
    raise cls(message, file, line, column) from None



# Shown as gitops.YAMLError (not gitops._errors.YAMLError) in tracebacks and reprs.
for _cls in (Error, YAMLError, JSONError, *_ERRORS_BY_CODE.values()):
    _cls.__module__ = "gitops"
del _cls
