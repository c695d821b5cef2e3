"""gitops.plan, gitops.diff and gitops.detect_drift: the entry shape the
conformance harnesses use, over the fixtures tests/data/cli shares (live
objects as kube-apiserver stores them, with managedFields)."""
import json
import os

import pytest

import gitops

CASE = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data", "cli",
                    "diff-drift-prune-and-masking")


def load(name):
    with open(os.path.join(CASE, name)) as f:
        return gitops.load_yaml(f.read())


def test_diff_gives_one_entry_per_object_in_apply_order_then_prune():
    entries = gitops.diff(load("desired.yaml"), load("live.yaml"),
                          inventory=load("inventory.yaml")[0])
    assert [(e["subject"], e["action"]) for e in entries] == [
        ("Namespace/app", "unchanged"),
        ("ConfigMap/app/new", "created"),
        ("ConfigMap/app/settings", "configured"),
        ("Secret/app/db", "configured"),
        ("ConfigMap/app/old", "deleted"),
    ]
    settings = entries[2]
    assert settings["id"] == "app_settings__ConfigMap"
    assert settings["changes"] == [
        {"path": "/data/color", "field": ".data.color", "before": "red", "after": "blue"}]
    assert settings["diff"].startswith("--- live/v1.ConfigMap.app.settings\n")
    assert "-  color: red\n+  color: blue\n" in settings["diff"]


def test_plan_has_stages_and_prune():
    result = gitops.plan(load("desired.yaml"), load("live.yaml"),
                         inventory=load("inventory.yaml")[0])
    assert [[e["subject"] for e in stage] for stage in result["stages"]] == [
        ["Namespace/app"], [],
        ["ConfigMap/app/new", "ConfigMap/app/settings", "Secret/app/db"]]
    assert [e["subject"] for e in result["prune"]] == ["ConfigMap/app/old"]
    assert [e["id"] for e in result["inventory"]["entries"]] == [
        "_app__Namespace", "app_db__Secret", "app_new__ConfigMap", "app_settings__ConfigMap"]


def test_no_secret_value_in_any_output():
    desired, live = load("desired.yaml"), load("live.yaml")
    out = json.dumps([gitops.diff(desired, live, inventory=load("inventory.yaml")[0]),
                      gitops.plan(desired, live), gitops.detect_drift(desired, live)])
    for canary in ("canary-old-password", "canary-new-password",
                   "Y2FuYXJ5LW9sZC1wYXNzd29yZC0weGRlYWQ=",
                   "Y2FuYXJ5LW5ldy1wYXNzd29yZC0weDVlZWQ="):
        assert canary not in out
    secret = [e for e in gitops.diff(desired, live) if e["subject"] == "Secret/app/db"][0]
    assert secret["changes"] == [{"path": "/data/password", "field": ".data.password",
                                  "before": "*** (before)", "after": "*** (after)"}]


def test_detect_drift_lists_changed_and_deleted_objects():
    desired, live = load("desired.yaml"), load("live.yaml")
    # Deleted behind our back: the settings ConfigMap is not live any more.
    live[0]["items"] = [o for o in live[0]["items"] if o["metadata"]["name"] != "settings"]
    drift = gitops.detect_drift(desired, live)
    assert [(e["subject"], e["action"]) for e in drift] == [
        ("ConfigMap/app/settings", "created"),
        ("ConfigMap/app/new", "created"),
        ("Secret/app/db", "configured"),
    ]


def test_ignore_rules_and_manager():
    desired, live = load("desired.yaml"), load("live.yaml")
    ignore = [{"paths": ["/data/color"], "selector": {"kind": "ConfigMap", "name": "settings"}}]
    entries = gitops.diff(desired, live, ignore=ignore)
    assert {e["subject"]: e["action"] for e in entries}["ConfigMap/app/settings"] == "unchanged"
    # As another manager nothing was applied before: nothing of ours to remove,
    # and the edited field is still changed back.
    entries = gitops.diff(desired, live, manager="someone-else")
    assert {e["subject"]: e["action"] for e in entries}["ConfigMap/app/settings"] == "configured"


def test_schemas_by_kind():
    schema = """
types:
- name: obj
  map:
    fields:
    - name: apiVersion
      type: {scalar: string}
    - name: kind
      type: {scalar: string}
    - name: metadata
      type: {namedType: any}
    - name: items
      type:
        list:
          elementType: {namedType: any}
          elementRelationship: associative
          keys: [name]
- name: any
  scalar: untyped
  list:
    elementType: {namedType: any}
    elementRelationship: atomic
  map:
    elementType: {namedType: any}
"""
    desired = [{"apiVersion": "example.com/v1", "kind": "Thing",
                "metadata": {"name": "t", "namespace": "a"}, "items": [{"name": "x", "v": 1}]}]
    live = [{"apiVersion": "example.com/v1", "kind": "Thing",
             "metadata": {"name": "t", "namespace": "a"},
             "items": [{"name": "x", "v": 1, "defaulted": True}]}]
    # Deduced: lists are atomic, so the defaulted field is replaced.
    assert gitops.diff(desired, live)[0]["action"] == "configured"
    typed = gitops.diff(desired, live, schemas={
        "example.com/v1/Thing": {"schema": schema, "type_name": "obj"}})
    assert typed[0]["action"] == "unchanged"


def test_bad_input_raises_named_errors():
    with pytest.raises(gitops.InvalidArgumentError, match="desired object 1"):
        gitops.plan([{"apiVersion": "v1", "metadata": {"name": "x"}}], [])
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "a"}}
    with pytest.raises(gitops.AlreadyExistsError, match="listed twice"):
        gitops.diff([cm, cm], [])
    no_ns = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
    for call in (gitops.plan, gitops.diff, gitops.detect_drift):
        with pytest.raises(gitops.InvalidArgumentError,
                           match="^ConfigMap/x namespace not specified: "):
            call([no_ns], [])
    with pytest.raises(gitops.FailedPreconditionError, match="empty"):
        gitops.plan([], [cm], inventory={"entries": [{"id": "a_x__ConfigMap", "v": "v1"}]})
    assert gitops.plan([], [cm], inventory={"entries": [{"id": "a_x__ConfigMap", "v": "v1"}]},
                       allow_empty=True)["prune"][0]["action"] == "deleted"
    bad_live = dict(cm, metadata=dict(cm["metadata"], managedFields=[
        {"manager": "m", "operation": "Apply", "fieldsType": "FieldsV1",
         "fieldsV1": {"bogus": {}}}]))
    with pytest.raises(gitops.Error, match="ConfigMap/a/x: live object: metadata.managedFields"):
        gitops.diff([cm], [bad_live])
    with pytest.raises(gitops.InvalidArgumentError, match="ignore"):
        gitops.diff([cm], [], ignore=[{"nopaths": []}])


DEFAULTS = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data", "cli",
                        "diff-server-defaults")


def load_defaults(name):
    with open(os.path.join(DEFAULTS, name)) as f:
        return gitops.load_yaml(f.read())


def test_server_defaults_in_replaced_fields_and_quantities_are_no_drift():
    desired = load_defaults("desired.yaml")
    live = load_defaults("live.yaml")[0]["items"]
    entries = {e["subject"]: e for e in gitops.diff(desired, live)}
    assert {s: e["action"] for s, e in entries.items()} == {
        "LimitRange/apps/limits": "unchanged",
        "NetworkPolicy/apps/allow-web": "unchanged",
        "RoleBinding/apps/readers": "unchanged",
        "StatefulSet/apps/db": "unchanged",
        "ValidatingWebhookConfiguration/policy": "configured",
    }
    # The scope changed by hand: the apply gives the API server's default back.
    webhook = entries["ValidatingWebhookConfiguration/policy"]
    assert [c["path"] for c in webhook["changes"]] == ["/webhooks/0/rules"]
    assert webhook["changes"][0]["before"][0]["scope"] == "Namespaced"
    assert webhook["changes"][0]["after"][0]["scope"] == "*"
    # Nothing immutable changed in the StatefulSet's templates.
    result = gitops.plan(desired, live)
    assert [e["action"] for stage in result["stages"] for e in stage
            if e["subject"] == "StatefulSet/apps/db"] == ["unchanged"]
    assert [e["subject"] for e in gitops.detect_drift(desired, live)] == [
        "ValidatingWebhookConfiguration/policy"]


def test_a_real_template_change_and_a_bad_quantity_are_still_reported():
    desired = load_defaults("desired.yaml")
    live = load_defaults("live.yaml")[0]["items"]
    sts = [d for d in desired if d["kind"] == "StatefulSet"][0]
    sts["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "2Gi"
    with pytest.raises(gitops.FailedPreconditionError,
                       match="field /spec/volumeClaimTemplates is immutable"):
        gitops.plan(desired, live)
    sts["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "1 Gi"
    with pytest.raises(gitops.InvalidArgumentError,
                       match=r"StatefulSet/apps/db: spec\.volumeClaimTemplates\[0\]\.spec\."
                             r"resources\.requests\.storage: \"1 Gi\": quantities must match"):
        gitops.diff(desired, live)
