#!/usr/bin/env python3
"""Usage: git_bench_repo.py COMMITS FILES > stream

Writes a `git fast-import` stream of the source benchmarks' repository on
refs/heads/master: one commit adding FILES small ConfigMap files in 200
folders, then COMMITS - 1 commits each changing one file. Deterministic
(fixed committer and times), so every run measures the same repository.
"""
import sys

commits, files = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout


def data(s):
    b = s.encode()
    out.write(f"data {len(b)}\n")
    out.write(s)
    out.write("\n")


for c in range(commits):
    out.write("commit refs/heads/master\n")
    out.write(f"committer T <t@example.com> {1700000000 + c} +0000\n")
    data(f"commit {c}")
    if c == 0:
        for i in range(files):
            out.write(f"M 100644 inline dir{i % 200}/file{i}.yaml\n")
            data(f"kind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  v: \"{i}\"\n")
    else:
        i = (c * 7919) % files
        out.write(f"M 100644 inline dir{i % 200}/file{i}.yaml\n")
        data(f"kind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  v: \"{i}-{c}\"\n")
