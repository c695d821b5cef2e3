"""Sources: gitops.fetch_git, what Flux's source-controller does for a GitRepository."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Mapping, Optional, Sequence

from gitops import _gitops
from gitops._errors import _raise


@dataclasses.dataclass(frozen=True)
class GitSignature:
    """A person and time in a commit: ``time`` in seconds since the epoch,
    ``offset_minutes`` east of UTC."""

    name: str
    email: str
    time: int
    offset_minutes: int


@dataclasses.dataclass(frozen=True)
class GitCommit:
    """The commit an artifact was made from.

    ``signature`` / ``signed_data`` (and ``tag_signature`` / ``tag_signed_data``
    for an annotated tag) are filled when the GitRepository sets ``spec.verify``:
    the raw signature, not checked against any key yet.
    """

    sha: str
    author: GitSignature
    committer: GitSignature
    message: str
    time: int
    signature: str = ""
    signed_data: str = ""
    annotated_tag: bool = False
    tag_signature: str = ""
    tag_signed_data: str = ""


@dataclasses.dataclass(frozen=True)
class Artifact:
    """An immutable artifact tree: its folder, ``sha256:<hex>`` digest, Flux's
    revision string, the commit, the URL that served it, and the ``.tar.gz``
    path when one was asked for (else "").

    From ``fetch_git(..., cache_only=True)`` no tree exists: ``path`` and
    ``digest`` are None (the revision, commit and url are filled)."""

    path: Optional[str]
    digest: Optional[str]
    revision: str
    commit: GitCommit
    url: str
    tarball: str = ""


@dataclasses.dataclass(frozen=True)
class FetchProgress:
    """How far a download has got (objects received of total, bytes)."""

    total_objects: int
    received_objects: int
    indexed_objects: int
    received_bytes: int


def _artifact(d: dict, cache_only: bool) -> Artifact:
    c = dict(d["commit"])
    c["author"] = GitSignature(**c["author"])
    c["committer"] = GitSignature(**c["committer"])
    return Artifact(path=None if cache_only else d["path"],
                    digest=None if cache_only else d["digest"], revision=d["revision"],
                    commit=GitCommit(**c), url=d["url"], tarball=d["tarball"])


def fetch_git(
    url: Optional[str] = None,
    *,
    repository: Optional[Mapping[str, Any]] = None,
    branch: Optional[str] = None,
    tag: Optional[str] = None,
    semver: Optional[str] = None,
    name: Optional[str] = None,
    commit: Optional[str] = None,
    secret: Optional[Mapping[str, Any]] = None,
    ignore: Optional[str] = None,
    include: Optional[Mapping[str, Artifact]] = None,
    sparse_checkout: Optional[Sequence[str]] = None,
    recurse_submodules: bool = False,
    mirrors: Optional[Sequence[str]] = None,
    timeout: Optional[float] = None,
    proxy: Optional[Mapping[str, Any]] = None,
    progress: Optional[Callable[[FetchProgress], None]] = None,
    cache_dir: Optional[str] = None,
    out_dir: Optional[str] = None,
    cache_only: bool = False,
    link_local_objects: bool = True,
    tarball: bool = False,
    use_remote_head: bool = False,
) -> Artifact:
    """Fetches a Git repository as Flux's source-controller does and returns its Artifact.

    Either ``url`` with the ref arguments (precedence commit > name > semver >
    tag > branch; none: branch ``master``), or ``repository``, a Flux
    GitRepository object as a dict (its ref, ignore, include, sparseCheckout,
    recurseSubmodules, timeout and ``gitops/mirrors`` annotation are used;
    ``ignore``, ``sparse_checkout`` and ``recurse_submodules`` go with
    ``url`` only and are a TypeError with ``repository``, whose spec says
    them).
    ``secret`` holds the Secret's keys (``username``, ``password``,
    ``bearerToken``, ``ca.crt``, ``tls.crt``/``tls.key``, ``identity``,
    ``known_hosts``) as decoded strings, or is a whole Secret object;
    ``proxy`` likewise (``address``, ``username``, ``password``).
    ``include`` maps GitRepository names to their Artifacts. ``mirrors`` are
    tried in order when the URL cannot be reached. ``progress`` is called
    with a FetchProgress as objects arrive. ``timeout`` (seconds, > 0)
    limits each network operation; None: 60.0 unless the repository says
    otherwise (its ``spec.timeout``, Flux's default being 60 s).
    ``tarball`` also writes the tree as a ``.tar.gz`` (``Artifact.tarball``).
    ``use_remote_head``: with no ref given, the remote's HEAD branch instead
    of ``master`` (Flux's default). ``cache_dir`` defaults to
    ``$XDG_CACHE_HOME/gitops/git`` and ``out_dir`` to a folder per repository
    URL and settings under ``artifacts`` beside it (``keep`` counts every tree
    of ``out_dir``: repositories sharing one collect each other's artifacts).

    ``cache_only`` fetches the objects into the cache and writes no tree
    (nothing in ``out_dir``): the Artifact's ``path`` and ``digest`` are then
    None. For a local repository (``file://``, a path) the source's pack
    files and loose objects are first hard-linked into the cache, as ``git
    clone --local`` does; ``link_local_objects=False`` takes every object
    through libgit2's local transport instead.

    KeyboardInterrupt (or an exception from ``progress``) cancels the fetch
    and is raised. Raises NotFoundError (repository, ref, commit),
    UnavailableError (no URL reachable), PermissionDeniedError
    (authentication, TLS), TimeoutError, InvalidArgumentError.
    """
    refs = {"branch": branch, "tag": tag, "semver": semver, "name": name, "commit": commit}
    if repository is None:
        if url is None:
            raise TypeError("fetch_git() needs url or repository")
        spec: dict[str, Any] = {"interval": "1m", "url": url}
        ref = {k: v for k, v in refs.items() if v is not None}
        if ref:
            spec["ref"] = ref
        if ignore is not None:
            spec["ignore"] = ignore
        if sparse_checkout:
            spec["sparseCheckout"] = list(sparse_checkout)
        if recurse_submodules:
            spec["recurseSubmodules"] = True
        if include:
            spec["include"] = [{"repository": {"name": n}, "toPath": n} for n in include]
        repository = {
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": {"name": "fetch-git"},
            "spec": spec,
        }
    elif url is not None or any(v is not None for v in refs.values()):
        raise TypeError("fetch_git() takes url and ref arguments or repository, not both")
    elif ignore is not None or sparse_checkout is not None or recurse_submodules:
        raise TypeError("fetch_git() takes ignore, sparse_checkout and recurse_submodules with "
                        "url, not with repository (set the repository's spec.ignore, "
                        "spec.sparseCheckout, spec.recurseSubmodules)")
    if timeout is not None and not 0.001 <= timeout < 1e9:
        raise ValueError(f"fetch_git() timeout must be finite and at least 0.001 seconds, "
                         f"not {timeout!r}")

    callback = None
    if progress is not None:
        def callback(d: dict) -> None:
            progress(FetchProgress(**d))

    for n, a in (include or {}).items():
        if a.path is None or a.digest is None:
            raise ValueError(f"include {n!r}: the Artifact has no tree (fetched with cache_only)")
    includes = {n: {"path": a.path, "digest": a.digest} for n, a in (include or {}).items()}
    try:
        result = _gitops.fetch_git(dict(repository), None if secret is None else dict(secret),
                                   None if proxy is None else dict(proxy), includes,
                                   0.0 if timeout is None else float(timeout), callback,
                                   cache_dir or "", out_dir or "", list(mirrors or []),
                                   bool(use_remote_head), bool(tarball), bool(cache_only),
                                   bool(link_local_objects))
    except _gitops.Error as error:
        _raise(error)
    return _artifact(result, bool(cache_only))
