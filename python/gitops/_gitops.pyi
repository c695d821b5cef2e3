# Types of the C++ shims; the public API is gitops/__init__.py.
from typing import Any, Callable, Optional, Sequence, Union

_Text = Union[str, bytes]
_IdTuple = tuple[str, str, str, str, str]  # group, version, kind, namespace, name

class Error(Exception):
    # args: (code name, message, file, line, column), and for a merge's
    # Conflict a sixth: the list of {"manager", "path"} dicts
    args: tuple[Any, ...]

def load_yaml(
    text: _Text,
    file: str,
    duplicate_keys: Optional[str],
    max_document_bytes: Optional[int],
    max_depth: Optional[int],
    max_alias_nodes: Optional[int],
    skip_empty_documents: Optional[bool],
) -> list[Any]: ...
def load_yaml_document(
    text: _Text,
    file: str,
    duplicate_keys: Optional[str],
    max_document_bytes: Optional[int],
    max_depth: Optional[int],
    max_alias_nodes: Optional[int],
) -> Any: ...
def dump_yaml(docs: Sequence[Any], sort_keys: bool) -> str: ...
def load_json(
    text: _Text,
    file: str,
    duplicate_keys: Optional[str],
    max_document_bytes: Optional[int],
    max_depth: Optional[int],
) -> Any: ...
def dump_json(value: Any, indent: int) -> str: ...
def inventory_id(id: _IdTuple) -> str: ...
def api_version(id: _IdTuple) -> str: ...
def object_id_string(id: _IdTuple) -> str: ...
def from_inventory_id(inventory_id: str) -> _IdTuple: ...
def object_id_of(manifest: Any) -> _IdTuple: ...
def configure_logging(level: str, json: bool) -> None: ...
def merge_apply(
    live: Any,
    config: Any,
    manager: str,
    api_version: str,
    schema: Any,
    type_name: str,
    managed: Any,
    force: bool,
    ignored_fields: Any,
) -> tuple[Any, list[Any]]: ...
def merge_update(
    live: Any,
    new: Any,
    manager: str,
    api_version: str,
    schema: Any,
    type_name: str,
    managed: Any,
    ignored_fields: Any,
) -> tuple[Any, list[Any]]: ...
def merge_extract(live: Any, manager: str, managed: Any, schema: Any, type_name: str) -> Any: ...
def merge_values(base: Any, overlay: Any, schema: Any, type_name: str) -> Any: ...
def plan(
    desired: Any, live: Any, inventory: Any, manager: str, force: bool, allow_empty: bool,
    schemas: Any, ignore: Any
) -> dict: ...
def diff(
    desired: Any, live: Any, inventory: Any, manager: str, force: bool, allow_empty: bool,
    schemas: Any, ignore: Any
) -> list: ...
def detect_drift(desired: Any, live: Any, manager: str, schemas: Any, ignore: Any) -> list: ...
def fetch_git(
    repository: dict[str, Any],
    secret: Optional[dict[str, Any]],
    proxy: Optional[dict[str, Any]],
    includes: dict[str, dict[str, str]],
    timeout: float,  # seconds; <= 0: the repository's spec.timeout (default 60 s)
    progress: Optional[Callable[[dict[str, int]], None]],
    cache_dir: str,
    out_dir: str,
    mirrors: list[str],
    use_remote_head: bool,
    tarball: bool,
    cache_only: bool,
    link_local_objects: bool,
) -> dict[str, Any]: ...
def build(
    path: str,
    reorder: str,
    load_restrictor: str,
    artifact_root: Optional[str],
    managed_by_label: bool,
    managed_by: Optional[str],
    flux: Optional[dict[str, Any]],
    substitute: dict[str, str],
    substitute_from: Sequence[dict[str, str]],
    strict_substitution: bool,
    remote_resolver: Optional[Callable[[str], str]],
) -> list[Any]: ...
def build_yaml(
    path: str,
    reorder: str,
    load_restrictor: str,
    artifact_root: Optional[str],
    managed_by_label: bool,
    managed_by: Optional[str],
    flux: Optional[dict[str, Any]],
    substitute: dict[str, str],
    substitute_from: Sequence[dict[str, str]],
    strict_substitution: bool,
    remote_resolver: Optional[Callable[[str], str]],
) -> str: ...
