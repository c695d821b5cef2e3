"""gitops.ObjectId: identities and Flux / cli-utils inventory ids.

Inventory ids are cli-utils' ObjMetadata.String(): `<namespace>_<name>_<group>_<kind>`,
with a `:` in an RBAC name written as `__`.
"""
import pytest

import gitops

RBAC = "rbac.authorization.k8s.io"


@pytest.mark.parametrize("object_id, inventory_id", [
    (gitops.ObjectId("apps", "v1", "Deployment", "default", "web"), "default_web_apps_Deployment"),
    (gitops.ObjectId("", "v1", "Service", "default", "web"), "default_web__Service"),
    (gitops.ObjectId("", "v1", "Namespace", "", "prod"), "_prod__Namespace"),
    (gitops.ObjectId(RBAC, "v1", "ClusterRole", "", "system:auth"),
     "_system__auth_rbac.authorization.k8s.io_ClusterRole"),
    (gitops.ObjectId(RBAC, "v1", "RoleBinding", "kube-system", "system:controller:x"),
     "kube-system_system__controller__x_rbac.authorization.k8s.io_RoleBinding"),
])
def test_inventory_id_both_ways(object_id, inventory_id):
    assert object_id.inventory_id() == inventory_id
    parsed = gitops.ObjectId.from_inventory_id(inventory_id)
    assert parsed == gitops.ObjectId(object_id.group, "", object_id.kind, object_id.namespace,
                                     object_id.name)
    assert parsed.version == ""


@pytest.mark.parametrize("bad", ["", "a_b", "default_web_apps", "default__apps_Deployment",
                                 "default_web_apps_"])
def test_malformed_inventory_id_is_a_parse_error(bad):
    with pytest.raises(gitops.ParseError) as info:
        gitops.ObjectId.from_inventory_id(bad)
    assert not isinstance(info.value, (gitops.YAMLError, gitops.JSONError))


def test_from_object_reads_the_manifest():
    manifest = gitops.load_yaml_document(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n")
    assert gitops.ObjectId.from_object(manifest) == gitops.ObjectId(
        "apps", "v1", "Deployment", "prod", "web")
    core = gitops.ObjectId.from_object(
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod"}})
    assert (core.group, core.version, core.namespace) == ("", "v1", "")
    assert core.api_version == "v1"
    assert str(core) == "Namespace/prod"


@pytest.mark.parametrize("manifest", [
    {"kind": "Deployment", "metadata": {"name": "web"}},
    {"apiVersion": "apps/v1", "metadata": {"name": "web"}},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {}},
    {"apiVersion": "apps/v1", "kind": 7, "metadata": {"name": "web"}},
    [],
])
def test_from_object_names_what_is_missing(manifest):
    with pytest.raises(gitops.InvalidArgumentError):
        gitops.ObjectId.from_object(manifest)


def test_value_semantics():
    a = gitops.ObjectId("apps", "v1", "Deployment", "default", "web")
    b = gitops.ObjectId(group="apps", version="v1", kind="Deployment", namespace="default",
                        name="web")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != gitops.ObjectId("apps", "v2", "Deployment", "default", "web")
    assert repr(a) == ("ObjectId(group='apps', version='v1', kind='Deployment', "
                       "namespace='default', name='web')")
    assert str(a) == "Deployment/default/web"
    assert a.api_version == "apps/v1"
    assert sorted([b, gitops.ObjectId("", "v1", "Service", "default", "web")])[0].group == ""
    with pytest.raises(Exception):
        a.name = "other"
