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
from typing import Any, Iterable, Optional, Union

from gitops import _gitops

__all__ = [
    "AlreadyExistsError",
    "Artifact",
    "CancelledError",
    "ConflictError",
    "Error",
    "FailedPreconditionError",
    "FetchProgress",
    "GitCommit",
    "GitSignature",
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
    "build",
    "build_yaml",
    "configure_logging",
    "detect_drift",
    "diff",
    "dump_json",
    "dump_yaml",
    "fetch_git",
    "load_json",
    "load_yaml",
    "load_yaml_document",
    "merge_apply",
    "merge_extract",
    "merge_update",
    "merge_values",
    "plan",
]

Text = Union[str, bytes]
PathName = Union[str, "os.PathLike[str]"]


from gitops._errors import (  # noqa: E402 - after the type aliases the modules use
    AlreadyExistsError,
    CancelledError,
    ConflictError,
    Error,
    FailedPreconditionError,
    InternalError,
    InvalidArgumentError,
    JSONError,
    LimitExceededError,
    NotFoundError,
    ParseError,
    PermissionDeniedError,
    TimeoutError,
    UnavailableError,
    UnimplementedError,
    YAMLError,
    _raise,
)
from gitops._plan import (  # noqa: E402
    detect_drift,
    diff,
    merge_apply,
    merge_extract,
    merge_update,
    merge_values,
    plan,
)
from gitops._source import (  # noqa: E402
    Artifact,
    FetchProgress,
    GitCommit,
    GitSignature,
    fetch_git,
)
from gitops._render import build, build_yaml  # noqa: E402


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
