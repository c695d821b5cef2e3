"""examples/python/inventory.py runs and prints what kubectl kustomize prints.

examples/manifests/expected.yaml is kubectl kustomize's output for web.yaml
and config.yaml.
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "examples" / "manifests"


def test_inventory_example_prints_ids_and_the_kustomize_stream():
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "inventory.py"),
         "web.yaml", "config.yaml"],
        cwd=MANIFESTS, capture_output=True, text=True, env=os.environ, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (MANIFESTS / "expected.yaml").read_text()
    assert "# demo_web_apps_Deployment  (apps/v1)" in run.stderr.splitlines()
