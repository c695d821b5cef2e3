"""Runs ../shared/conformance/ssa (server-side apply cases) through gitops' Python surface.

Each case is a schema, a root type and a sequence of apply / update /
extractApply / changeSchema operations, with the expected object and
managed fields at the end (format: ../shared/conformance/README.md, ssa/).
Managed fields compare by manager, apiVersion and FieldsV1 set (``applied``
is ignored, as upstream's own test does); objects compare with lists in
order and maps unordered.

tests/conformance/ssa/KNOWN_GAPS.md names every case that fails today with
its reason. The run fails when a case fails that is not listed, or when a
listed case passes (so the list stays exact). Exit 77 (skipped) when the
data is absent.

    PYTHONPATH=build/python python3 tests/conformance/ssa_conformance.py ../shared [case-substring]
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Optional

import gitops

HERE = os.path.dirname(os.path.abspath(__file__))
KNOWN_GAPS = os.path.join(HERE, "ssa", "KNOWN_GAPS.md")


class CaseFailure(Exception):
    pass


def normalize_key(key: str) -> str:
    """A FieldsV1 key in one spelling: k: and v: JSON re-written compactly, key fields sorted."""
    if key.startswith("k:") or key.startswith("v:"):
        return key[:2] + json.dumps(json.loads(key[2:]), sort_keys=True, separators=(",", ":"))
    return key


def fields_set(fields: Any, prefix: tuple = ()) -> set:
    """The set of paths (tuples of normalised keys) a FieldsV1 dict names."""
    out: set = set()
    if not isinstance(fields, dict):
        return out
    for key, child in fields.items():
        if key == ".":
            if prefix:
                out.add(prefix)
            continue
        path = prefix + (normalize_key(key),)
        if isinstance(child, dict) and not child:
            out.add(path)
        else:
            out |= fields_set(child, path)
    return out


def load(text: Optional[str]) -> Any:
    if text is None:
        return None
    return gitops.load_yaml_document(text)


def run_case(case: dict) -> None:
    schema = case.get("schema")
    if isinstance(schema, str) and schema.strip() == "deduced":
        schema = "deduced"
    type_name = case.get("typeName")
    ignored = case.get("ignoredFields")
    live: Any = None
    managed: list = []
    expected = case.get("expected") or {}
    expect_error = bool(expected.get("error"))
    failed_with: Optional[str] = None

    for index, op in enumerate(case.get("operations") or []):
        kind = op.get("op")
        where = f"operation {index} ({kind})"
        if kind == "changeSchema":
            schema = op.get("schema")
            if "typeName" in op:
                type_name = op["typeName"]
            continue
        version = op.get("apiVersion", "v1")
        ignored_fields = None
        if isinstance(ignored, dict) and version in ignored:
            ignored_fields = json.loads(ignored[version])
        obj = load(op.get("object")) if "object" in op else None
        try:
            if kind == "apply":
                result = gitops.merge_apply(
                    live, obj, manager=op["manager"], api_version=version, schema=schema,
                    type_name=type_name, managed=managed, force=bool(op.get("force")),
                    ignored_fields=ignored_fields)
            elif kind == "update":
                result = gitops.merge_update(
                    live, obj, manager=op["manager"], api_version=version, schema=schema,
                    type_name=type_name, managed=managed, ignored_fields=ignored_fields)
            elif kind == "extractApply":
                # merge_extract raises for a manager without an entry; upstream's
                # fixture starts such a manager from an empty set, so does this one.
                extracted: Any = {}
                if any(e.get("manager") == op["manager"] for e in managed):
                    extracted = gitops.merge_extract(
                        live, manager=op["manager"], managed=managed, schema=schema,
                        type_name=type_name)
                config = gitops.merge_values(extracted, obj, schema=schema, type_name=type_name)
                result = gitops.merge_apply(
                    live, config, manager=op["manager"], api_version=version, schema=schema,
                    type_name=type_name, managed=managed, force=True,
                    ignored_fields=ignored_fields)
            else:
                raise CaseFailure(f"{where}: unknown op")
        except gitops.ConflictError as e:
            if "conflicts" not in op:
                if expect_error:
                    failed_with = f"{where}: {e}"
                    break
                raise CaseFailure(f"{where}: unexpected conflict: {e}")
            got = sorted((c["manager"], c["path"]) for c in e.conflicts)
            want = sorted((c["manager"], c["path"]) for c in op["conflicts"])
            if got != want:
                raise CaseFailure(f"{where}: conflicts {got}, expected {want}")
            continue
        except gitops.Error as e:
            if expect_error:
                failed_with = f"{where}: {e}"
                break
            raise CaseFailure(f"{where}: {type(e).__name__}: {e}")
        if "conflicts" in op and op["conflicts"] is not None:
            raise CaseFailure(f"{where}: expected conflicts {op['conflicts']}, got none")
        live, managed = result

    if expect_error:
        if failed_with is None:
            raise CaseFailure("expected an error, the operations succeeded")
        return

    if "object" in expected:
        want = load(expected["object"])
        if want != live:
            raise CaseFailure(
                f"object:\n  got      {json.dumps(live, sort_keys=True)}\n"
                f"  expected {json.dumps(want, sort_keys=True)}")
    if "managedFields" in expected:
        want_managed = expected["managedFields"] or {}
        got = {e["manager"]: e for e in managed}
        if set(got) != set(want_managed):
            raise CaseFailure(f"managers {sorted(got)}, expected {sorted(want_managed)}")
        for name, entry in want_managed.items():
            mine = got[name]
            if "apiVersion" in entry and mine.get("apiVersion") != entry["apiVersion"]:
                raise CaseFailure(
                    f"{name}: apiVersion {mine.get('apiVersion')}, expected {entry['apiVersion']}")
            want_set = fields_set(json.loads(entry["fields"])) if entry.get("fields") else set()
            got_set = fields_set(mine.get("fieldsV1"))
            if want_set != got_set:
                raise CaseFailure(
                    f"{name}: fields\n  got      {json.dumps(mine.get('fieldsV1'), sort_keys=True)}"
                    f"\n  expected {entry.get('fields')}\n  missing  {sorted(want_set - got_set)}"
                    f"\n  extra    {sorted(got_set - want_set)}")


def read_known_gaps() -> dict:
    gaps: dict = {}
    if not os.path.exists(KNOWN_GAPS):
        return gaps
    with open(KNOWN_GAPS, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^- `([^`]+)`: (.*)$", line.rstrip("\n"))
            if m:
                gaps[m.group(1)] = m.group(2)
    return gaps


def main(argv: list) -> int:
    shared = argv[1] if len(argv) > 1 else os.environ.get("GITOPS_SHARED_DIR", "")
    only = argv[2] if len(argv) > 2 else ""
    suite = os.path.join(shared, "conformance", "ssa") if shared else ""
    if not suite or not os.path.isdir(suite):
        print(f"ssa conformance: skipped: no cases at {suite or '(GITOPS_SHARED_DIR unset)'}")
        return 77
    gaps = read_known_gaps()
    names = sorted(n for n in os.listdir(suite) if n.endswith(".yaml") and only in n)
    passed, failures = 0, {}
    for name in names:
        case_id = name[: -len(".yaml")]
        with open(os.path.join(suite, name), encoding="utf-8") as f:
            case = gitops.load_yaml_document(f.read())
        try:
            run_case(case)
            passed += 1
        except CaseFailure as e:
            failures[case_id] = str(e)
        except Exception as e:  # a harness or binding bug: report it as this case's failure
            failures[case_id] = f"{type(e).__name__}: {e}"
    for case_id, why in failures.items():
        first = why.splitlines()[0] if why else ""
        tag = "known gap" if case_id in gaps else "FAIL"
        print(f"{tag}: {case_id}: {first}")
        if case_id not in gaps or os.environ.get("SSA_VERBOSE"):
            for extra in why.splitlines()[1:]:
                print(f"    {extra}")
    print(f"ssa conformance: {passed} passed, {len(failures)} failed")
    if only:
        return 0 if not failures else 1
    unexpected = sorted(set(failures) - set(gaps))
    fixed = sorted(c for c in gaps if c not in failures and c + ".yaml" in names)
    stale = sorted(c for c in gaps if c + ".yaml" not in names)
    for c in unexpected:
        print(f"not in KNOWN_GAPS.md: {c}")
    for c in fixed:
        print(f"passes but listed in KNOWN_GAPS.md (remove it): {c}")
    for c in stale:
        print(f"KNOWN_GAPS.md names no such case: {c}")
    return 1 if unexpected or fixed or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
