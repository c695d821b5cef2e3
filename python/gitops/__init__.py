"""gitops: Kubernetes manifests as Python values, read and written as kustomize does.

The work is done by the C++ library (through the ``_gitops`` shims); this
module is the Pythonic surface: keyword arguments, one exception class per
error code, and ``ObjectId`` as a frozen dataclass.

Values are plain Python: ``dict`` (insertion-ordered), ``list``, ``str``,
``int``, ``float``, ``bool`` and ``None``. Tuples are accepted as lists.

Thread safety: every function may be called from any thread; reading and
writing text releases the GIL.

    >>> docs = gitops.load_yaml("kind: ConfigMap\\napiVersion: v1\\n")
    >>> gitops.dump_yaml(docs)
    'apiVersion: v1\\nkind: ConfigMap\\n'
"""

from __future__ import annotations

import collections.abc
import dataclasses
import os
from typing import Any, Iterable, NoReturn, Optional, Union

from gitops import _gitops

__all__ = [
    "AlreadyExistsError",
    "CancelledError",
    "ConflictError",
    "Error",
    "FailedPreconditionError",
    "InternalError",
    "InvalidArgumentError",
    "JSONError",
    "LimitExceededError",
    "NotFoundError",
    "ObjectId",
    "ParseError",
    "PermissionDeniedError",
    "TimeoutError",
    "UnavailableError",
    "UnimplementedError",
    "YAMLError",
    "configure_logging",
    "dump_json",
    "dump_yaml",
    "load_json",
    "load_yaml",
    "load_yaml_document",
    "merge_apply",
    "merge_extract",
    "merge_update",
    "merge_values",
]

Text = Union[str, bytes]
PathName = Union[str, "os.PathLike[str]"]


# --- Errors ------------------------------------------------------------------


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


# --- YAML and JSON -------------------------------------------------------------


def load_yaml(
    text: Text,
    file: PathName = "",
    *,
    duplicate_keys: Optional[str] = None,
    max_document_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    max_alias_nodes: Optional[int] = None,
    skip_empty_documents: Optional[bool] = None,
) -> list[Any]:
    """Reads every document of a YAML stream, as kustomize v5.5 reads it.

    Plain scalars resolve by go-yaml v3's rules (``yes`` stays a string,
    ``012`` is 10, ``1e3`` is 1000.0); anchors, aliases and ``<<`` merges are
    expanded. ``file`` (a str or path) is the name errors give. Options left as None keep the
    library's defaults: duplicate_keys ``"error"`` (or ``"last_wins"``),
    max_document_bytes 64 MiB, max_depth 1000, max_alias_nodes 1,000,000,
    skip_empty_documents True (empty and ``null`` documents are left out).

    Raises YAMLError (with .line and .column), LimitExceededError,
    InvalidArgumentError (a bad option).
    """
    try:
        return _gitops.load_yaml(
            text, os.fspath(file), duplicate_keys, max_document_bytes, max_depth, max_alias_nodes,
            skip_empty_documents)
    except _gitops.Error as error:
        _raise(error, YAMLError)


def load_yaml_document(
    text: Text,
    file: PathName = "",
    *,
    duplicate_keys: Optional[str] = None,
    max_document_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    max_alias_nodes: Optional[int] = None,
) -> Any:
    """Reads a stream that must hold exactly one document (an empty one is None).

    Options as load_yaml. Raises YAMLError (also for a second document),
    LimitExceededError, InvalidArgumentError.
    """
    try:
        return _gitops.load_yaml_document(
            text, os.fspath(file), duplicate_keys, max_document_bytes, max_depth, max_alias_nodes)
    except _gitops.Error as error:
        _raise(error, YAMLError)


def dump_yaml(docs: Iterable[Any], sort_keys: bool = True) -> str:
    """Writes documents as ``kustomize build`` prints them, separated by ``---``.

    ``docs`` is a sequence of documents (pass ``[doc]`` for one). With
    sort_keys=True (the default) keys are sorted in kustomize's order; with
    False each dict keeps its insertion order, for files meant for people.

    Raises InvalidArgumentError for a value that is not dict, list, tuple,
    str, int, float, bool or None (the message gives its JSON pointer),
    LimitExceededError for nesting deeper than 1000 (or a cycle).
    """
    if isinstance(docs, (str, bytes, collections.abc.Mapping)):
        raise TypeError(
            f"dump_yaml takes a sequence of documents, not {type(docs).__name__!r};"
            " pass [doc] for one document")
    if not isinstance(docs, (list, tuple)):
        docs = list(docs)
    try:
        return _gitops.dump_yaml(docs, sort_keys)
    except _gitops.Error as error:
        _raise(error)


def load_json(
    text: Text,
    file: PathName = "",
    *,
    duplicate_keys: Optional[str] = None,
    max_document_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
) -> Any:
    """Reads exactly one JSON value (RFC 8259, strict).

    Integers that fit in 64 bits stay int, others become float. Options left
    as None keep the library's defaults: duplicate_keys ``"last_wins"`` (as
    Go's encoding/json), max_document_bytes 64 MiB, max_depth 1000.

    Raises JSONError (with .line and .column), LimitExceededError,
    InvalidArgumentError.
    """
    try:
        return _gitops.load_json(
            text, os.fspath(file), duplicate_keys, max_document_bytes, max_depth)
    except _gitops.Error as error:
        _raise(error, JSONError)


def dump_json(value: Any, indent: int = 0) -> str:
    """Writes a value as JSON: compact on one line, or ``indent`` spaces per level.

    Keys keep the dict's order; floats print in the shortest form that reads
    back the same. No trailing newline.

    Raises InvalidArgumentError for NaN or infinity or an unsupported value,
    LimitExceededError for nesting deeper than 1000.
    """
    try:
        return _gitops.dump_json(value, indent)
    except _gitops.Error as error:
        _raise(error, JSONError)


# --- ObjectId --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, order=True)
class ObjectId:
    """The identity of a Kubernetes object, as Flux and cli-utils use it.

    Equal, hashable and ordered by (group, version, kind, namespace, name).
    The inventory id ``<namespace>_<name>_<group>_<kind>`` leaves the version
    out (Flux keeps it separately); ``""`` is the core group and the
    namespace of cluster-scoped objects.

        >>> ObjectId("apps", "v1", "Deployment", "default", "web").inventory_id()
        'default_web_apps_Deployment'
    """

    group: str = ""
    version: str = ""
    kind: str = ""
    namespace: str = ""
    name: str = ""

    def _tuple(self) -> tuple[str, str, str, str, str]:
        return (self.group, self.version, self.kind, self.namespace, self.name)

    def inventory_id(self) -> str:
        """``<namespace>_<name>_<group>_<kind>``; a ``:`` in an RBAC name is written ``__``."""
        return _gitops.inventory_id(self._tuple())

    @property
    def api_version(self) -> str:
        """``"group/version"``, or ``"version"`` for the core group."""
        return _gitops.api_version(self._tuple())

    def __str__(self) -> str:
        """A human form, e.g. ``"Deployment/default/web"`` or ``"Namespace/prod"``."""
        return _gitops.object_id_string(self._tuple())

    @classmethod
    def from_inventory_id(cls, inventory_id: str) -> "ObjectId":
        """Parses an inventory id; the version stays ``""``.

        Raises ParseError (wrong number of fields, empty name or kind).
        """
        try:
            return cls(*_gitops.from_inventory_id(inventory_id))
        except _gitops.Error as error:
            _raise(error)

    @classmethod
    def from_object(cls, manifest: Any) -> "ObjectId":
        """The id of a manifest (a dict with apiVersion, kind and metadata.name).

        Raises InvalidArgumentError naming the missing or mistyped field.
        """
        try:
            return cls(*_gitops.object_id_of(manifest))
        except _gitops.Error as error:
            _raise(error)


# --- Logging ---------------------------------------------------------------------


def configure_logging(level: str = "warn", *, json: bool = False) -> None:
    """Sets what the library logs to stderr: records below ``level`` are dropped.

    level is one of "trace", "debug", "info", "warn", "error", "off"; json
    writes one JSON object per line instead of text. Raises
    InvalidArgumentError for an unknown level.
    """
    try:
        _gitops.configure_logging(level, json)
    except _gitops.Error as error:
        _raise(error)


# --- Structured merge (server-side apply) --------------------------------------

Schema = Union[str, dict, None]
"""structured-merge-diff schema YAML (str) or that schema parsed (dict), or
``"deduced"``. ``None`` means the built-in type table, which is not built
yet, so ``None`` is the deduced schema for now (maps granular, lists
atomic)."""


def _split_managed(live: Any, config: Any, managed: Optional[list]) -> tuple[Any, Any, list, bool]:
    """Takes managedFields out of full Kubernetes objects when ``managed`` is omitted.

    Returns (live, config, managed, write_back): ``write_back`` says the
    result's ``metadata.managedFields`` is to be written.
    """
    if managed is not None:
        return live, config, list(managed), False

    def is_object(v: Any) -> bool:
        return isinstance(v, dict) and "apiVersion" in v and "kind" in v

    def without(v: Any) -> tuple[Any, list]:
        if not isinstance(v, dict) or not isinstance(v.get("metadata"), dict):
            return v, []
        if "managedFields" not in v["metadata"]:
            return v, []
        metadata = dict(v["metadata"])
        entries = metadata.pop("managedFields") or []
        return {**v, "metadata": metadata}, list(entries)

    write_back = is_object(live) or is_object(config)
    live, entries = without(live)
    config, _ = without(config)
    return live, config, entries, write_back


def _with_managed(obj: Any, managed: list, write_back: bool) -> Any:
    if write_back and isinstance(obj, dict):
        metadata = dict(obj.get("metadata") or {})
        metadata["managedFields"] = managed
        obj = {**obj, "metadata": metadata}
    return obj


def merge_apply(
    live: Any,
    config: Any,
    *,
    manager: str,
    api_version: str,
    schema: Schema = None,
    type_name: Optional[str] = None,
    managed: Optional[list] = None,
    force: bool = False,
    ignored_fields: Optional[dict] = None,
) -> tuple[Any, list]:
    """Server-side applies ``config`` to ``live`` (``None``: no object yet) for ``manager``.

    Returns ``(object, managed)``: the new object (``None`` when nothing is
    left) and the managedFields entries. ``managed`` lists the entries before
    the apply (``[]``: none); omitted, ``metadata.managedFields`` of a full
    Kubernetes object is read and written. ``ignored_fields`` is a FieldsV1
    dict of fields no manager may own.

    Raises ConflictError (with ``.conflicts``) when another manager owns a
    field the apply changes and ``force`` is false; InvalidArgumentError when
    a value does not fit the schema.
    """
    live, config, entries, write_back = _split_managed(live, config, managed)
    try:
        obj, out = _gitops.merge_apply(
            live, config, manager, api_version, schema, type_name or "", entries, force,
            ignored_fields,
        )
    except _gitops.Error as e:
        _raise(e)
    return _with_managed(obj, out, write_back), out


def merge_update(
    live: Any,
    new: Any,
    *,
    manager: str,
    api_version: str,
    schema: Schema = None,
    type_name: Optional[str] = None,
    managed: Optional[list] = None,
    ignored_fields: Optional[dict] = None,
) -> tuple[Any, list]:
    """Records ``new`` replacing ``live`` as a non-apply write by ``manager``.

    It never conflicts: the fields it changed become the manager's. Returns
    ``(object, managed)`` as ``merge_apply`` does.
    """
    live, new, entries, write_back = _split_managed(live, new, managed)
    try:
        obj, out = _gitops.merge_update(
            live, new, manager, api_version, schema, type_name or "", entries, ignored_fields
        )
    except _gitops.Error as e:
        _raise(e)
    return _with_managed(obj, out, write_back), out


def merge_extract(
    live: Any,
    *,
    manager: str,
    managed: Optional[list],
    schema: Schema = None,
    type_name: Optional[str] = None,
) -> dict:
    """The part of ``live`` that ``manager`` owns, as an applied configuration.

    ``{}`` when ``live`` is ``None``. Raises NotFoundError when the object
    exists but the manager has no managedFields entry.
    """
    if live is None:
        return {}
    live, _, entries, _ = _split_managed(live, None, managed)
    try:
        extracted = _gitops.merge_extract(live, manager, entries, schema, type_name or "")
    except _gitops.Error as e:
        _raise(e)
    return extracted if extracted is not None else {}


def merge_values(
    base: Any, overlay: Any, *, schema: Schema = None, type_name: Optional[str] = None
) -> Any:
    """``overlay`` merged into ``base`` by the schema, without ownership; nulls of the overlay stay."""
    try:
        return _gitops.merge_values(base, overlay, schema, type_name or "")
    except _gitops.Error as e:
        _raise(e)
