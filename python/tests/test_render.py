"""gitops.build and gitops.build_yaml print what kubectl kustomize prints.

The expected texts are kubectl kustomize's recorded outputs (kubectl v1.32,
kustomize v5.5.0): tests/data/render/<case>/expected.yaml and
examples/overlay/expected.yaml.
"""
import pathlib
import sys
import threading
import time

import pytest

import gitops

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "tests" / "data" / "render").iterdir() if (p / "input").is_dir())

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_yaml_prints_kubectls_recorded_output(case):
    assert gitops.build_yaml(case / "input") == (case / "expected.yaml").read_text()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_gives_the_same_objects_as_dicts(case):
    docs = gitops.build(str(case / "input"))
    assert isinstance(docs, list) and all(isinstance(d, dict) for d in docs)
    assert gitops.dump_yaml(docs) == (case / "expected.yaml").read_text()


def test_the_example_overlay():
    overlay = ROOT / "examples" / "overlay"
    assert gitops.build_yaml(overlay) == (overlay / "expected.yaml").read_text()


@pytest.fixture
def tree(tmp_path):
    def write(rel, text):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    write("base/kustomization.yaml", "resources: [web.yaml]\n")
    write("base/web.yaml", DEPLOYMENT + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n")
    write("app/kustomization.yaml",
          "resources: [../base]\nnamePrefix: p-\nconfigMapGenerator:\n- name: cfg\n  literals: [a=b]\n")
    write("outside/kustomization.yaml", "resources: [../base/web.yaml]\n")
    write("remote/kustomization.yaml",
          "resources:\n- https://git.example.com/org/repo//base?ref=v1\nnamePrefix: r-\n")
    return tmp_path


def kinds(docs):
    return [(d["kind"], d["metadata"]["name"]) for d in docs]


def test_reorder(tree):
    # kubectl kustomize app, and with --reorder=none.
    assert kinds(gitops.build(tree / "app")) == [
        ("Namespace", "demo"), ("ConfigMap", "p-cfg-4h2mbtbbt6"), ("Deployment", "p-web")]
    assert kinds(gitops.build(tree / "app", reorder="none")) == [
        ("Deployment", "p-web"), ("Namespace", "demo"), ("ConfigMap", "p-cfg-4h2mbtbbt6")]
    with pytest.raises(gitops.InvalidArgumentError, match="reorder must be"):
        gitops.build(tree / "app", reorder="alphabetical")


def test_load_restrictor_and_artifact_root(tree):
    with pytest.raises(gitops.PermissionDeniedError, match="is not in or below") as e:
        gitops.build(tree / "outside")
    assert "web.yaml" in str(e.value)
    docs = gitops.build(tree / "outside", load_restrictor="LoadRestrictionsNone")
    assert kinds(docs) == [("Namespace", "demo"), ("Deployment", "web")]
    with pytest.raises(gitops.PermissionDeniedError, match="outside the artifact root"):
        gitops.build(tree / "outside", load_restrictor="LoadRestrictionsNone",
                     artifact_root=tree / "outside")
    with pytest.raises(gitops.InvalidArgumentError, match="load_restrictor must be"):
        gitops.build(tree / "outside", load_restrictor="none")


def test_managed_by_label(tree):
    docs = gitops.build(tree / "app", managed_by_label=True)
    assert {d["metadata"]["labels"]["app.kubernetes.io/managed-by"] for d in docs} == {"gitops"}
    text = gitops.build_yaml(tree / "app", managed_by_label=True, managed_by="gitops-py")
    assert text.startswith("apiVersion: v1\nkind: Namespace\nmetadata:\n  labels:\n"
                           "    app.kubernetes.io/managed-by: gitops-py\n  name: demo\n")


def test_errors_are_gitops_errors(tree):
    with pytest.raises(gitops.NotFoundError, match="kustomization.yaml"):
        gitops.build(tree)
    (tree / "bad").mkdir()
    (tree / "bad" / "kustomization.yaml").write_text("resources: [a.yaml]\n")
    (tree / "bad" / "a.yaml").write_text("a: [\n")
    with pytest.raises(gitops.YAMLError) as e:
        gitops.build(tree / "bad")
    assert e.value.file.endswith("a.yaml") and e.value.line > 0


def test_remote_resolver(tree):
    asked = []

    def resolve(url):
        asked.append(url)
        return tree / "base"

    # kubectl kustomize of a kustomization with resources [../base] and namePrefix r-.
    assert gitops.build_yaml(tree / "remote", remote_resolver=resolve) == (
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n---\n"
        + DEPLOYMENT.replace("name: web", "name: r-web"))
    assert asked == ["https://git.example.com/org/repo//base?ref=v1"]


def test_remote_resolver_exception_propagates(tree):
    class Offline(Exception):
        pass

    def resolve(url):
        raise Offline(url)

    with pytest.raises(Offline, match="git.example.com"):
        gitops.build(tree / "remote", remote_resolver=resolve)
    with pytest.raises(TypeError):
        gitops.build(tree / "remote", remote_resolver=lambda url: 42)


def test_remote_without_resolver_names_the_url(tree):
    with pytest.raises(gitops.UnimplementedError,
                       match="https://git.example.com/org/repo//base\\?ref=v1"):
        gitops.build(tree / "remote")


def test_argument_types(tree):
    with pytest.raises(TypeError, match="flux must be a Kustomization dict"):
        gitops.build(tree / "app", flux="kind: Kustomization")
    with pytest.raises(TypeError, match="substitute"):
        gitops.build(tree / "app", substitute={"a": 1})
    with pytest.raises(TypeError, match="substitute_from must be a list"):
        gitops.build(tree / "app", substitute_from={"a": "b"})
    with pytest.raises(TypeError, match=r"substitute_from\[1\]"):
        gitops.build(tree / "app", substitute_from=[{"a": "b"}, {"c": None}])
    with pytest.raises(TypeError, match="remote_resolver must be a callable"):
        gitops.build(tree / "app", remote_resolver="https://example.com")


def test_build_releases_the_gil(tmp_path):
    # A build long enough to see: many resources. A thread that records
    # timestamps keeps running during the build only if the GIL is released.
    lines = ["resources:"]
    for i in range(5000):
        (tmp_path / f"cm{i}.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  k: v\n")
        lines.append(f"- cm{i}.yaml")
    (tmp_path / "kustomization.yaml").write_text("\n".join(lines) + "\nnamePrefix: p-\n")
    stamps, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            stamps.append(time.monotonic())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    time.sleep(0.02)
    start = time.monotonic()
    text = gitops.build_yaml(tmp_path)
    end = time.monotonic()
    stop.set()
    ticker.join()
    assert text.count("kind: ConfigMap") == 5000
    margin = 10 * sys.getswitchinterval()
    inside = [s for s in stamps if start + margin < s < end - margin]
    if end - start < 3 * margin:
        pytest.skip(f"the build took {end - start:.3f} s, too short to observe the GIL")
    assert inside, "no other thread ran during the build: the GIL was held"
