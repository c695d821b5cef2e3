"""Kustomize builds: gitops.build and gitops.build_yaml."""

from __future__ import annotations

import collections.abc
import os
from typing import Any, Callable, Iterable, Mapping, Optional, Union

from gitops import _gitops
from gitops._errors import YAMLError, _raise

PathName = Union[str, "os.PathLike[str]"]


def _vars(name: str, mapping: Optional[Mapping[str, str]]) -> dict[str, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, collections.abc.Mapping):
        raise TypeError(f"{name} must be a dict of str to str, not {type(mapping).__name__!r}")
    out = {}
    for key, value in mapping.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(
                f"{name}[{key!r}] must map a str to a str, not {type(value).__name__!r}")
        out[key] = value
    return out


def _args(
    path: PathName,
    reorder: str,
    load_restrictor: str,
    artifact_root: Optional[PathName],
    managed_by_label: bool,
    managed_by: Optional[str],
    flux: Optional[Mapping[str, Any]],
    substitute: Optional[Mapping[str, str]],
    substitute_from: Optional[Iterable[Mapping[str, str]]],
    strict_substitution: bool,
    remote_resolver: Optional[Callable[[str], PathName]],
) -> tuple[Any, ...]:
    if flux is not None and not isinstance(flux, collections.abc.Mapping):
        raise TypeError(f"flux must be a Kustomization dict, not {type(flux).__name__!r}")
    if isinstance(substitute_from, (str, bytes, collections.abc.Mapping)):
        raise TypeError("substitute_from must be a list of dicts (one per ConfigMap or Secret)")
    sources = [_vars(f"substitute_from[{i}]", m) for i, m in enumerate(substitute_from or [])]
    resolver = None
    if remote_resolver is not None:
        if not callable(remote_resolver):
            raise TypeError("remote_resolver must be a callable taking a URL")

        def resolver(url: str) -> str:
            return os.fspath(remote_resolver(url))

    return (
        os.fspath(path), reorder, load_restrictor,
        None if artifact_root is None else os.fspath(artifact_root), bool(managed_by_label),
        managed_by, None if flux is None else dict(flux), _vars("substitute", substitute),
        sources, bool(strict_substitution), resolver)


def build(
    path: PathName,
    *,
    reorder: str = "legacy",
    load_restrictor: str = "LoadRestrictionsRootOnly",
    artifact_root: Optional[PathName] = None,
    managed_by_label: bool = False,
    managed_by: Optional[str] = None,
    flux: Optional[Mapping[str, Any]] = None,
    substitute: Optional[Mapping[str, str]] = None,
    substitute_from: Optional[Iterable[Mapping[str, str]]] = None,
    strict_substitution: bool = True,
    remote_resolver: Optional[Callable[[str], PathName]] = None,
) -> list[dict[str, Any]]:
    """Builds the kustomization in ``path`` as ``kubectl kustomize`` v5.5 does.

    Returns the objects in kubectl's output order. ``reorder`` is
    ``"legacy"`` (kustomize's kind order) or ``"none"`` (load order);
    ``load_restrictor`` ``"LoadRestrictionsRootOnly"`` (no file outside a
    kustomization's directory) or ``"LoadRestrictionsNone"``;
    ``artifact_root`` a directory nothing may be read from outside of,
    symlinks included. ``managed_by_label`` adds
    ``app.kubernetes.io/managed-by`` (value ``managed_by``, by default
    ``"gitops"``).

    Flux: ``flux`` is a Kustomization (kustomize.toolkit.fluxcd.io/v1) as a
    dict; ``path`` is then the artifact root its spec.path is resolved in.
    ``substitute_from`` holds the data of postBuild.substituteFrom's
    ConfigMaps and Secrets in order (later ones win), the Kustomization's
    own postBuild.substitute overrides them, ``substitute`` overrides all.
    ``strict_substitution`` fails the build on an unset variable without a
    default.

    ``remote_resolver`` serves git and http URLs in resources, components
    and bases: called with the URL, it returns the path of a local copy (a
    directory or a file). It runs on the build's thread with the GIL held;
    an exception it raises propagates from this call. Without one a remote
    URL is an UnimplementedError naming it.

    The GIL is released while the build runs. Raises NotFoundError (a
    missing kustomization or resource), PermissionDeniedError (a file
    outside the root or artifact root), InvalidArgumentError (a bad field, a
    cycle), AlreadyExistsError (an id collision), YAMLError,
    LimitExceededError (a chain deeper than 2000), UnimplementedError.
    """
    args = _args(path, reorder, load_restrictor, artifact_root, managed_by_label, managed_by,
                 flux, substitute, substitute_from, strict_substitution, remote_resolver)
    try:
        return _gitops.build(*args)
    except _gitops.Error as error:
        _raise(error, YAMLError)


def build_yaml(
    path: PathName,
    *,
    reorder: str = "legacy",
    load_restrictor: str = "LoadRestrictionsRootOnly",
    artifact_root: Optional[PathName] = None,
    managed_by_label: bool = False,
    managed_by: Optional[str] = None,
    flux: Optional[Mapping[str, Any]] = None,
    substitute: Optional[Mapping[str, str]] = None,
    substitute_from: Optional[Iterable[Mapping[str, str]]] = None,
    strict_substitution: bool = True,
    remote_resolver: Optional[Callable[[str], PathName]] = None,
) -> str:
    """As build, printed as ``kubectl kustomize`` prints it, byte for byte.

    Documents are separated by ``---``, keys sorted, go-yaml quoting.
    Arguments and errors as build.
    """
    args = _args(path, reorder, load_restrictor, artifact_root, managed_by_label, managed_by,
                 flux, substitute, substitute_from, strict_substitution, remote_resolver)
    try:
        return _gitops.build_yaml(*args)
    except _gitops.Error as error:
        _raise(error, YAMLError)
