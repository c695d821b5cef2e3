"""gitops.build / build_yaml with a Flux Kustomization: examples/fleet built
as kustomize-controller builds it, against the kubectl kustomize + envsubst
recording in examples/fleet/expected/ (made without gitops, record.sh)."""

import pathlib

import pytest

import gitops

FLEET = pathlib.Path(__file__).resolve().parents[2] / "examples" / "fleet"


def kustomization(cluster, name):
    return gitops.load_yaml_document((FLEET / "clusters" / cluster / f"{name}.yaml").read_text())


@pytest.mark.parametrize("cluster", ["staging", "production"])
@pytest.mark.parametrize("name", ["infrastructure", "apps"])
def test_fleet_kustomization_builds_as_the_controller_does(cluster, name):
    out = gitops.build_yaml(str(FLEET), flux=kustomization(cluster, name))
    assert out == (FLEET / "expected" / f"{cluster}-{name}.yaml").read_text()


def test_substitute_overrides_the_kustomizations_own_variables():
    objs = gitops.build(str(FLEET), flux=kustomization("staging", "apps"),
                        substitute={"region": "ap-south-1"})
    config = next(o for o in objs if o["kind"] == "ConfigMap" and "REGION" in o.get("data", {}))
    assert config["data"]["REGION"] == "ap-south-1"
    assert config["data"]["CLUSTER"] == "staging"


def test_substitute_from_is_overridden_by_postbuild_substitute():
    # substituteFrom values lose to the Kustomization's own postBuild.substitute.
    objs = gitops.build(str(FLEET), flux=kustomization("staging", "apps"),
                        substitute_from=[{"region": "from-configmap", "extra": "x"}])
    config = next(o for o in objs if o["kind"] == "ConfigMap" and "REGION" in o.get("data", {}))
    assert config["data"]["REGION"] == "eu-west-1"


def test_strict_substitution_names_the_unset_variable():
    ks = kustomization("staging", "apps")
    del ks["spec"]["postBuild"]["substitute"]["domain"]
    with pytest.raises(gitops.Error) as info:
        gitops.build(str(FLEET), flux=ks)
    assert "domain" in str(info.value)
    # Not strict: the unset variable becomes the empty string.
    objs = gitops.build(str(FLEET), flux=ks, strict_substitution=False)
    ingress = next(o for o in objs if o["kind"] == "Ingress")
    assert ingress["spec"]["rules"][0]["host"] == "web."
