#!/usr/bin/env python3
"""Differential check of the YAML writer against kubectl kustomize on random scalars.

usage: scalar_fuzz.py GITOPS [SEEDS]

For each seed (1..SEEDS, default 40) it writes one ConfigMap as JSON whose
300 data values and 150 annotation keys and values are random strings over
the characters and words that decide go-yaml's scalar styles (YAML 1.1
booleans and nulls, numbers in every base, timestamps, indicators, ': ' and
' #', document markers, line breaks, tabs, NEL, LS, BOM, non-ASCII, long
lines), builds it with `kubectl kustomize` and with `gitops build`, and
requires the same bytes. Annotation keys hold no digits: with digit runs
next to other characters yaml.v2's natural key order is not transitive, and
kustomize then prints a different order from run to run (its map iteration
order is random), so no single output is the expected one. A seed whose
input kustomize itself cannot build (it emits a `---` line it then fails to
read back) is counted and left out; gitops must still build it.

Exits 77 (ctest's skip code here) when kubectl is not on PATH.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

WORDS = list("abcXYZ019 -_.:#'\"\\/@`!%&*?|>{}[],~=+\t\n") + [
    "é", "ü", "\u2028", "日", "0x", "1e3", "yes", "No", "on", "null", "~", "true", ".inf",
    "-.Inf", "0o7", "0b1", "1_000", "12:30", "2001-12-14", "<<", "---", "...", "  ", " \n",
    "\r", "\ufeff", "\u0085", "-", "- ", "? ", ": ", " #", "0", "-1", "+1", "1.5", "0.", ".5",
    "1e", "0xG", "=", "Y", "n", "N", "y", "off", "OFF", "True", "NULL", "Null", "~x"]
KEY_WORDS = [w for w in WORDS
             if not any(c.isdigit() or c in "\n\t\r\u0085\u2028\ufeff" for c in w)]


def random_text(rng, words):
    n = rng.choice([0, 1, 1, 2, 3, 4, 6, 10, 20, 40, 90, 150])
    return "".join(rng.choice(words) for _ in range(n))


def config_map(seed):
    rng = random.Random(seed)
    data = {"k%03d" % i: random_text(rng, WORDS) for i in range(300)}
    annotations = {"k" + random_text(rng, KEY_WORDS): random_text(rng, WORDS)
                   for _ in range(150)}
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "fuzz", "annotations": annotations}, "data": data}


def main():
    gitops = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    if shutil.which("kubectl") is None:
        print("SKIPPED: kubectl is not on PATH; nothing to compare the writer with")
        return 77
    same, refused, failures = 0, 0, []
    with tempfile.TemporaryDirectory(prefix="gitops-scalar-fuzz") as tmp:
        for seed in range(1, seeds + 1):
            with open(os.path.join(tmp, "cm.json"), "w", encoding="utf-8") as f:
                json.dump(config_map(seed), f)
            with open(os.path.join(tmp, "kustomization.yaml"), "w", encoding="utf-8") as f:
                f.write("resources:\n- cm.json\n")
            ours = subprocess.run([gitops, "build", tmp], capture_output=True)
            if ours.returncode != 0:
                failures.append("seed %d: gitops build failed: %s" % (seed, ours.stderr.decode()))
                continue
            want = subprocess.run(["kubectl", "kustomize", tmp], capture_output=True)
            if want.returncode != 0:
                refused += 1
                continue
            if ours.stdout == want.stdout:
                same += 1
                continue
            a = want.stdout.decode().splitlines()
            b = ours.stdout.decode().splitlines()
            line = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            failures.append("seed %d: first difference at line %d:\n  kubectl: %r\n  gitops:  %r"
                            % (seed, line + 1, a[line] if line < len(a) else "<end>",
                               b[line] if line < len(b) else "<end>"))
    print("%d seeds: %d byte-identical, %d that kubectl kustomize cannot build, %d different"
          % (seeds, same, refused, len(failures)))
    for f in failures:
        print(f)
    return 1 if failures or same == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
