"""Structured merge (server-side apply), diff, plan and drift: gitops.merge_*, plan, diff,
detect_drift."""

from __future__ import annotations

from typing import Any, Optional, Union

from gitops import _gitops
from gitops._errors import _raise


Schema = Union[str, dict, None]
"""The types a merge follows.

* ``None``: the built-in Kubernetes v1.32 type table (list types such as
  ``containers`` by ``name``, ``ports`` by ``containerPort`` and ``protocol``
  with its ``TCP`` default, ``tolerations`` atomic) for the object's
  ``apiVersion`` and ``kind``; the deduced schema for any other kind (a custom
  resource), as the API server treats a CRD without a schema.
* ``"deduced"``: maps granular, lists atomic.
* a str: structured-merge-diff schema YAML (``types:``); a dict: that YAML
  parsed, or an OpenAPI v3 document with ``components.schemas`` (as a cluster
  serves at /openapi/v3/apis/<group>/<version>), or a
  ``CustomResourceDefinition`` (its versions' ``openAPIV3Schema``).

Without ``type_name`` the root type is the one the schema declares for the
object's ``apiVersion`` and ``kind`` (``x-kubernetes-group-version-kind``, the
CRD's versions, the built-in kinds), else the deduced root."""


def _call(function: Any, *args: Any) -> Any:
    """Calls a shim, raising its failure as the matching gitops.Error subclass."""
    try:
        return function(*args)
    except _gitops.Error as e:
        _raise(e)


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
    obj, out = _call(_gitops.merge_apply, live, config, manager, api_version, schema,
                     type_name or "", entries, force, ignored_fields)
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
    obj, out = _call(_gitops.merge_update, live, new, manager, api_version, schema,
                     type_name or "", entries, ignored_fields)
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
    extracted = _call(_gitops.merge_extract, live, manager, entries, schema, type_name or "")
    return extracted if extracted is not None else {}


def merge_values(
    base: Any, overlay: Any, *, schema: Schema = None, type_name: Optional[str] = None
) -> Any:
    """``overlay`` merged into ``base`` by the schema, without ownership; nulls of the overlay stay."""
    return _call(_gitops.merge_values, base, overlay, schema, type_name or "")


# --- diff, plan and drift --------------------------------------------------------

Entry = dict
"""A ChangeSet entry: ``{"id": "<namespace>_<name>_<group>_<kind>", "v": version,
"subject": "Kind/namespace/name", "action": "created" | "configured" |
"unchanged" | "deleted" | "skipped", "changes": [{"path": JSON pointer,
"field": structured-merge-diff path, "before", "after"}], "diff": unified
diff text}`` (``"recreate": True`` for an immutable-field change planned as
delete + create). Secret ``data`` and ``stringData`` values are masked."""


Schemas = Union[list, dict, None]
"""Schemas of kinds for ``plan``, ``diff`` and ``detect_drift``, asked before
the built-in table (kinds neither knows are deduced, as the API server treats
a custom resource without a schema).

* a list of documents: ``CustomResourceDefinition`` dicts, OpenAPI v3
  documents (``components.schemas``; each schema with
  ``x-kubernetes-group-version-kind`` is the type of those kinds), or
  ``kind: List`` dicts of them (``kubectl get crd -o yaml``); each adds the
  kinds it declares, the first one declaring a kind wins.
* a dict ``{"<apiVersion>/<Kind>": schema}`` (``"v1/ConfigMap"`` for the core
  group, ``"kustomize.toolkit.fluxcd.io/v1/Kustomization"``), where a schema is
  such a document (typing the kind with the type it declares for it),
  structured-merge-diff schema YAML (str) or parsed (dict), or
  ``{"schema": any of these, "type_name": root type}``."""


def plan(
    desired: list,
    live: list,
    *,
    inventory: Optional[dict] = None,
    manager: str = "gitops",
    force: bool = False,
    allow_empty: bool = False,
    schemas: Schemas = None,
    ignore: Optional[list] = None,
) -> dict:
    """Plans applying ``desired`` over ``live`` as Flux's kustomize-controller would.

    Returns ``{"stages": [[entry, ...], ...], "prune": [entry, ...],
    "inventory": {"entries": [...]}}``: three stages (cluster definitions,
    class definitions, the rest) in Flux's order, and the previous
    ``inventory``'s objects that ``desired`` no longer has, in reverse order.
    ``live`` may hold ``kind: List`` documents. ``inventory`` is Flux's
    ``{"entries": [{"id", "v"}]}`` or a Kustomization with
    ``status.inventory``. ``force`` recreates objects whose immutable fields
    change (otherwise a FailedPreconditionError); ``allow_empty`` lets an
    empty ``desired`` prune everything. ``schemas``: see ``Schemas``;
    ``ignore`` lists Flux ignore rules ``{"paths": [JSON pointers],
    "selector": {group, version, kind, name, namespace, labelSelector,
    annotationSelector}}``.

    Raises InvalidArgumentError (a bad object or schema, naming it),
    AlreadyExistsError (an object listed twice), FailedPreconditionError,
    ParseError.
    """
    return _call(_gitops.plan, desired, live, inventory, manager, force, allow_empty, schemas,
                 ignore)


def diff(
    desired: list,
    live: list,
    *,
    inventory: Optional[dict] = None,
    manager: str = "gitops",
    force: bool = False,
    allow_empty: bool = False,
    schemas: Schemas = None,
    ignore: Optional[list] = None,
) -> list:
    """The ChangeSet of applying ``desired`` over ``live``: one entry per object, in
    apply order, then the pruned ones. Arguments and errors as ``plan``."""
    return _call(_gitops.diff, desired, live, inventory, manager, force, allow_empty, schemas,
                 ignore)


def detect_drift(
    desired: list,
    live: list,
    *,
    manager: str = "gitops",
    schemas: Schemas = None,
    ignore: Optional[list] = None,
) -> list:
    """The desired objects whose live state differs from what applying them would give.

    Entries are ``configured`` (a field another manager changed, or one we
    own that was removed) or ``created`` (the object was deleted). Arguments
    and errors as ``plan``.
    """
    return _call(_gitops.detect_drift, desired, live, manager, schemas, ignore)
