"""Schemas of gitops.merge_*: the built-in table for None, OpenAPI v3 documents, CRDs.

Expected managedFields are the API server's form for these objects (list-map
items keyed with their defaulted key fields; atomic parts owned whole).
"""

import pytest

import gitops

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "apps"},
    "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                     "ports": [{"containerPort": 80}]}]},
        },
    },
}

PORTS_KEY = 'k:{"containerPort":80,"protocol":"TCP"}'


def spec_fields(managed, manager):
    entry = next(e for e in managed if e["manager"] == manager)
    return entry["fieldsV1"]["f:spec"]


def test_none_is_the_built_in_table_for_the_objects_kind():
    _, managed = gitops.merge_apply(None, DEPLOYMENT, manager="gitops", api_version="apps/v1",
                                    managed=[])
    spec = spec_fields(managed, "gitops")
    assert spec["f:selector"] == {}
    container = spec["f:template"]["f:spec"]["f:containers"]['k:{"name":"web"}']
    assert container["f:ports"] == {PORTS_KEY: {".": {}, "f:containerPort": {}}}


def test_none_over_api_server_defaults_changes_nothing():
    obj, managed = gitops.merge_apply(None, DEPLOYMENT, manager="gitops", api_version="apps/v1",
                                      managed=[])
    live = {**obj, "spec": {**obj["spec"], "revisionHistoryLimit": 10}}
    container = dict(live["spec"]["template"]["spec"]["containers"][0])
    container.update({"imagePullPolicy": "IfNotPresent",
                      "terminationMessagePath": "/dev/termination-log",
                      "ports": [{"containerPort": 80, "protocol": "TCP"}]})
    live["spec"]["template"] = {**live["spec"]["template"],
                                "spec": {"containers": [container]}}
    again, managed_again = gitops.merge_apply(live, DEPLOYMENT, manager="gitops",
                                              api_version="apps/v1", managed=managed)
    assert again == live
    assert managed_again == managed


def test_none_for_an_unknown_kind_is_deduced():
    cr = {"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"},
          "spec": {"items": [{"name": "a"}]}}
    _, managed = gitops.merge_apply(None, cr, manager="m", api_version="example.com/v1",
                                    managed=[])
    # Deduced: spec is no declared field, so the apply owns it too (".", as
    # structured-merge-diff's toFieldSet inserts keys that are not fields);
    # items is a list, atomic.
    assert managed[0]["fieldsV1"]["f:spec"] == {".": {}, "f:items": {}}


def test_tolerations_are_atomic_in_the_built_in_table():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "a", "image": "a"}],
                    "tolerations": [{"key": "x", "operator": "Exists"}]}}
    obj, managed = gitops.merge_apply(None, pod, manager="gitops", api_version="v1", managed=[])
    other = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
             "spec": {"tolerations": [{"key": "y", "operator": "Exists"}]}}
    with pytest.raises(gitops.ConflictError) as e:
        gitops.merge_apply(obj, other, manager="ops", api_version="v1", managed=managed)
    assert e.value.conflicts == [{"manager": "gitops", "path": ".spec.tolerations"}]


OPENAPI = {
    "openapi": "3.0.0",
    "components": {"schemas": {
        "com.example.v1.Widget": {
            "type": "object",
            "properties": {
                "apiVersion": {"type": "string"},
                "kind": {"type": "string"},
                "metadata": {"type": "object"},
                "spec": {"allOf": [{"$ref": "#/components/schemas/com.example.v1.WidgetSpec"}]},
            },
            "x-kubernetes-group-version-kind": [
                {"group": "example.com", "version": "v1", "kind": "Widget"}],
        },
        "com.example.v1.WidgetSpec": {
            "type": "object",
            "properties": {
                "parts": {
                    "type": "array",
                    "items": {"type": "object", "properties": {
                        "id": {"type": "string"}, "size": {"type": "integer"}}},
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["id"],
                },
                "tags": {"type": "array", "items": {"type": "string"},
                         "x-kubernetes-list-type": "set"},
            },
        },
    }},
}

WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
          "spec": {"parts": [{"id": "a", "size": 1}], "tags": ["x"]}}


def test_openapi_document_types_the_object_by_its_kind():
    obj, managed = gitops.merge_apply(None, WIDGET, manager="a", api_version="example.com/v1",
                                      schema=OPENAPI, managed=[])
    other = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
             "spec": {"parts": [{"id": "b", "size": 2}], "tags": ["y"]}}
    obj, managed = gitops.merge_apply(obj, other, manager="b", api_version="example.com/v1",
                                      schema=OPENAPI, managed=managed)
    assert obj["spec"] == {"parts": [{"id": "a", "size": 1}, {"id": "b", "size": 2}],
                           "tags": ["x", "y"]}
    assert spec_fields(managed, "b") == {
        "f:parts": {'k:{"id":"b"}': {".": {}, "f:id": {}, "f:size": {}}},
        "f:tags": {'v:"y"': {}}}


def test_openapi_document_with_an_explicit_type_name():
    merged = gitops.merge_values({"tags": ["x"]}, {"tags": ["y"]}, schema=OPENAPI,
                                 type_name="com.example.v1.WidgetSpec")
    assert merged == {"tags": ["x", "y"]}


def test_openapi_errors_name_the_schema_path():
    bad = {"components": {"schemas": {
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"}}}}
    with pytest.raises(gitops.InvalidArgumentError, match=r"components\.schemas\.A.*A -> B -> A"):
        gitops.merge_values({}, {}, schema=bad)
    unknown = {"components": {"schemas": {"T": {"type": "object", "properties": {
        "x": {"$ref": "#/components/schemas/Nope"}}}}}}
    with pytest.raises(gitops.InvalidArgumentError, match=r"components\.schemas\.T\.properties\.x"):
        gitops.merge_values({}, {}, schema=unknown)


def test_a_crd_dict_is_read_as_the_crd_schema():
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {"group": "example.com", "names": {"kind": "Widget"}, "versions": [{
            "name": "v1", "served": True, "storage": True,
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                "spec": {"type": "object", "properties": {
                    "tags": {"type": "array", "items": {"type": "string"},
                             "x-kubernetes-list-type": "set"}}}}}}}]},
    }
    obj, managed = gitops.merge_apply(None, WIDGET | {"spec": {"tags": ["x"]}}, manager="a",
                                      api_version="example.com/v1", schema=crd, managed=[])
    obj, managed = gitops.merge_apply(obj, WIDGET | {"spec": {"tags": ["y"]}}, manager="b",
                                      api_version="example.com/v1", schema=crd, managed=managed)
    assert obj["spec"]["tags"] == ["x", "y"]
    with pytest.raises(gitops.InvalidArgumentError, match=r"\.spec\.parts"):
        gitops.merge_apply(None, WIDGET, manager="a", api_version="example.com/v1", schema=crd,
                           managed=[])


# --- schemas of plan, diff and detect_drift ------------------------------------

WIDGET_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced",
             "names": {"kind": "Widget", "plural": "widgets"},
             "versions": [{"name": "v1", "served": True, "storage": True, "schema": {
                 "openAPIV3Schema": {"type": "object", "properties": {"spec": {
                     "type": "object", "properties": {"parts": {
                         "type": "array",
                         "x-kubernetes-list-type": "map",
                         "x-kubernetes-list-map-keys": ["id"],
                         "items": {"type": "object", "properties": {
                             "id": {"type": "string"}, "size": {"type": "integer"}}}}}}}}}}]},
}

DESIRED_WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget",
                  "metadata": {"name": "w", "namespace": "apps"},
                  "spec": {"parts": [{"id": "a", "size": 1}]}}

# As the API server holds it after another manager added part b.
LIVE_WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget",
               "metadata": {"name": "w", "namespace": "apps"},
               "spec": {"parts": [{"id": "a", "size": 1}, {"id": "b", "size": 2}]}}


def test_diff_without_a_schema_deduces_custom_kinds():
    entries = gitops.diff([DESIRED_WIDGET], [LIVE_WIDGET])
    assert entries[0]["action"] == "configured"
    assert "-    size: 2" in entries[0]["diff"]


@pytest.mark.parametrize("schemas", [
    [WIDGET_CRD],
    [{"apiVersion": "v1", "kind": "List", "items": [WIDGET_CRD]}],
    {"example.com/v1/Widget": WIDGET_CRD},
    {"example.com/v1/Widget": {"schema": WIDGET_CRD}},
    {"example.com/v1/Widget": {"schema": OPENAPI, "type_name": "com.example.v1.Widget"}},
    [OPENAPI],
])
def test_diff_plan_and_drift_take_crds_and_openapi_documents(schemas):
    assert gitops.diff([DESIRED_WIDGET], [LIVE_WIDGET], schemas=schemas)[0]["action"] == \
        "unchanged"
    plan = gitops.plan([DESIRED_WIDGET], [LIVE_WIDGET], schemas=schemas)
    assert [e["action"] for e in plan["stages"][2]] == ["unchanged"]
    assert gitops.detect_drift([DESIRED_WIDGET], [LIVE_WIDGET], schemas=schemas) == []
    changed = {**LIVE_WIDGET, "spec": {"parts": [{"id": "a", "size": 5}, {"id": "b", "size": 2}]}}
    drift = gitops.detect_drift([DESIRED_WIDGET], [changed], schemas=schemas)
    assert [(c["path"], c["field"], c["before"], c["after"]) for c in drift[0]["changes"]] == [
        ("/spec/parts/0/size", '.spec.parts[id="a"].size', 5, 1)]


def test_bad_schemas_raise_errors_naming_them():
    with pytest.raises(gitops.InvalidArgumentError,
                       match=r"schemas: document 1 \(ConfigMap c\): expected a "
                             r"CustomResourceDefinition"):
        gitops.diff([DESIRED_WIDGET], [], schemas=[
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}])
    broken = {**WIDGET_CRD, "spec": {**WIDGET_CRD["spec"], "versions": [{"name": "v1"}]}}
    with pytest.raises(gitops.InvalidArgumentError,
                       match=r"CustomResourceDefinition widgets\.example\.com: spec\.versions\[0\] "
                             r"\(v1\) has no schema\.openAPIV3Schema"):
        gitops.plan([DESIRED_WIDGET], [], schemas=[broken])
    with pytest.raises(gitops.InvalidArgumentError,
                       match=r"schemas\[example\.com/v1/Gadget\]: example\.com/v1 Gadget: the schema "
                             r"declares no type"):
        gitops.detect_drift([DESIRED_WIDGET], [], schemas={"example.com/v1/Gadget": WIDGET_CRD})
    with pytest.raises(gitops.InvalidArgumentError, match=r"schemas\[Widget\]: expected a key"):
        gitops.diff([DESIRED_WIDGET], [], schemas={"Widget": WIDGET_CRD})
    cyclic = {"components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}}
    with pytest.raises(gitops.InvalidArgumentError, match=r"components\.schemas\.A: \$ref cycle"):
        gitops.diff([DESIRED_WIDGET], [], schemas=[cyclic])


def _with_spec(obj, **spec):
    return {**obj, "spec": {**obj["spec"], **spec}}


def _with_container(**fields):
    template = DEPLOYMENT["spec"]["template"]
    container = {**template["spec"]["containers"][0], **fields}
    return _with_spec(DEPLOYMENT, template={**template, "spec": {"containers": [container]}})


# What the API server's server-side apply answers for these (its typed
# conversion of the applied configuration): the field's path and the kind
# the schema expects.
@pytest.mark.parametrize("obj, message", [
    (_with_spec(DEPLOYMENT, replicas="x"),
     r"\.spec\.replicas: expected numeric \(int or float\), got string"),
    (_with_spec(DEPLOYMENT, replicas=[1]),
     r"\.spec\.replicas: expected numeric \(int or float\), got list"),
    (_with_container(ports=[{"containerPort": "eighty"}]),
     r"\.ports\[containerPort=\"eighty\",protocol=\"TCP\"\]\.containerPort: "
     r"expected numeric \(int or float\), got string"),
    (_with_container(env=[{"name": "DEBUG", "value": True}]),
     r"\.env\[name=\"DEBUG\"\]\.value: expected string, got bool"),
    ({**DEPLOYMENT, "metadata": {**DEPLOYMENT["metadata"], "labels": {"tier": 1}}},
     r"\.metadata\.labels\.tier: expected string, got int"),
])
def test_the_built_in_table_refuses_values_of_the_wrong_kind(obj, message):
    with pytest.raises(gitops.InvalidArgumentError, match=message):
        gitops.merge_apply(None, obj, manager="gitops", api_version="apps/v1", managed=[])
    with pytest.raises(gitops.InvalidArgumentError, match=r"Deployment/apps/web.*" + message):
        gitops.diff([obj], [])
    with pytest.raises(gitops.InvalidArgumentError, match=r"Deployment/apps/web.*" + message):
        gitops.plan([obj], [])


def test_the_built_in_table_accepts_int_or_string_quantities_and_unknown_fields():
    obj = _with_container(
        resources={"limits": {"cpu": 1, "memory": "512Mi"}, "requests": {"cpu": 0.25}},
        readinessProbe={"httpGet": {"path": "/", "port": "http"}},
        livenessProbe={"tcpSocket": {"port": 80}},
        unknownField=[1, {"a": "b"}])
    obj = _with_spec(obj, strategy={"rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"}})
    result, _ = gitops.merge_apply(None, obj, manager="gitops", api_version="apps/v1",
                                   managed=[])
    assert result["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": "25%"}
    assert gitops.diff([obj], [])[0]["action"] == "created"
